import { afterEach, describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { FrontDeskDatabase } from '../../src/data/database';
import { makeBooking } from '../../src/data/commands/booking';
import { balanceOnce } from '../../src/data/queries';
import { BookingsScreen } from '../../src/features/bookings/bookings-screen';
import { testCtx, testDb } from '../support/db';
import { BUSINESS_DATE } from '../support/fixtures';
import { renderWithDb } from '../support/render';
import { snapshot } from './helpers';

let db: FrontDeskDatabase;
afterEach(async () => { await db?.close(); });

/** 18:30 in Shanghai on the fixtures' business date: an ordinary member's free window has closed. */
const AT_1830 = Date.UTC(2026, 10, 23, 10, 30);

describe('bookings at the desk', () => {
  it('refuses a departure before the arrival with a reason, keeps what was typed and writes nothing; then saves it', async () => {
    db = await testDb();
    const user = userEvent.setup();
    renderWithDb(<BookingsScreen businessDate={BUSINESS_DATE} />, db);
    await user.click(await screen.findByRole('button', { name: '新预订' }));
    const dialog = await screen.findByRole('dialog', { name: '新预订（电话 / 到店）' });
    await user.type(within(dialog).getByLabelText('客人姓名'), '刘洋');
    await user.type(within(dialog).getByLabelText('手机号'), '13500001234');
    const arrival = within(dialog).getByLabelText('到店日期');
    const departure = within(dialog).getByLabelText('离店日期');
    await user.clear(arrival);
    await user.type(arrival, '2026-11-26');
    await user.clear(departure);
    await user.type(departure, '2026-11-25');
    const before = await snapshot(db);
    await user.click(within(dialog).getByRole('button', { name: '保存预订' }));
    expect(await within(dialog).findByText('离店日期必须晚于到店日期（至少 1 晚）。')).toBeTruthy();
    expect(await snapshot(db)).toEqual(before);
    expect((within(dialog).getByLabelText('客人姓名') as HTMLInputElement).value).toBe('刘洋');

    await user.clear(departure);
    await user.type(departure, '2026-11-28');
    await user.click(within(dialog).getByRole('button', { name: '保存预订' }));
    expect(await screen.findByText('预订已保存：刘洋，2026-11-26 入住 2 晚。')).toBeTruthy();
    expect(await screen.findByText('刘洋')).toBeTruthy();
  });

  it('refuses a 200-character name, ¥99,999,999 and ¥0.005 with messages naming the bounds, keeps the typing and writes nothing (issue #11)', async () => {
    db = await testDb();
    const user = userEvent.setup();
    renderWithDb(<BookingsScreen businessDate={BUSINESS_DATE} />, db);
    await user.click(await screen.findByRole('button', { name: '新预订' }));
    const dialog = await screen.findByRole('dialog', { name: '新预订（电话 / 到店）' });
    const name = within(dialog).getByLabelText('客人姓名');
    const rate = within(dialog).getByLabelText('房价（元/晚）');
    await user.click(name);
    await user.paste('林'.repeat(200));
    await user.type(within(dialog).getByLabelText('手机号'), '13500001234');
    await user.clear(rate);
    await user.type(rate, '99999999');
    const before = await snapshot(db);
    await user.click(within(dialog).getByRole('button', { name: '保存预订' }));
    expect(await within(dialog).findByText('客人姓名最多 32 个字。')).toBeTruthy();
    expect(within(dialog).getByText('房价应为每晚 1–2000 元。')).toBeTruthy();
    expect(name).toHaveValue('林'.repeat(200));
    expect(rate).toHaveValue('99999999');

    await user.clear(rate);
    await user.type(rate, '0.005');
    await user.click(within(dialog).getByRole('button', { name: '保存预订' }));
    expect(await within(dialog).findByText('房价请填写金额（元），最多两位小数，例如 198 或 198.50。')).toBeTruthy();
    expect(await snapshot(db)).toEqual(before);
  });

  it('tells the clerk what a late cancellation costs before confirming, and refuses a guarantee past 23:00', async () => {
    db = await testDb();
    const user = userEvent.setup();
    const ctx = testCtx({ now: () => AT_1830 });
    // 李娜 (silver) booked today for two nights, by phone, earlier in the day.
    const made = await makeBooking(db, { memberId: 'M000000002', guestName: '李娜', guestPhone: '13987655678', channel: 'phone', roomType: 'king', rateFen: 19_800, expectedArrival: '21:00', arrivalDate: BUSINESS_DATE, departureDate: '2026-11-25' }, testCtx());
    expect(made.ok).toBe(true);
    renderWithDb(<BookingsScreen businessDate={BUSINESS_DATE} />, db, { ctx });
    const row = (await screen.findByText('139****5678')).closest('tr')!;

    await user.click(within(row).getByRole('button', { name: '担保' }));
    const g = await screen.findByRole('dialog', { name: '积分担保 · 李娜' });
    const hours = within(g).getByLabelText('担保小时数');
    await user.clear(hours);
    await user.type(hours, '6');
    const before = await snapshot(db);
    await user.click(within(g).getByRole('button', { name: '冻结积分担保' }));
    expect(await within(g).findByText('担保最晚到 23:00：最多 5 小时（6 小时会到 24:00）。')).toBeTruthy();
    expect(await snapshot(db)).toEqual(before);
    await user.click(within(g).getByRole('button', { name: '取消' }));

    await user.click(within(row).getByRole('button', { name: '取消预订' }));
    const c = await screen.findByRole('dialog', { name: '取消预订 · 李娜' });
    expect(await within(c).findByText('已过免费取消时间（18:00）。取消后按未到店处理：夜审时扣 600 积分（每晚 300 分）。')).toBeTruthy();
    await user.click(within(c).getByRole('button', { name: '确认取消' }));
    expect(await screen.findByText('预订已取消。')).toBeTruthy();
    expect(screen.queryByText('139****5678')).toBeNull();
    expect(await balanceOnce(db, 'M000000002')).toBe(150);
  });
});
