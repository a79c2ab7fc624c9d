import { afterEach, describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { FrontDeskDatabase } from '../../src/data/database';
import { balanceOnce, ledgerOnce } from '../../src/data/queries';
import { RedeemPanel } from '../../src/features/redeem/redeem-panel';
import { MemberProfile } from '../../src/features/members/member-profile';
import { testDb } from '../support/db';
import { BUSINESS_DATE } from '../support/fixtures';
import { renderWithDb } from '../support/render';

let db: FrontDeskDatabase;
afterEach(async () => { await db?.close(); });

describe('redeem at the desk', () => {
  it('redeems a toiletry kit and the new balance shows at once', async () => {
    db = await testDb();
    renderWithDb(<MemberProfile memberId="M000000001" today={BUSINESS_DATE} actions={<RedeemPanel memberId="M000000001" />} />, db);
    expect(await screen.findByTestId('balance')).toHaveTextContent('2,600');
    await userEvent.click(screen.getByRole('button', { name: /旅行套装/ }));
    expect(await screen.findByRole('status')).toHaveTextContent('已兑换旅行套装，扣 400 分，余额 2200 分。');
    expect(await screen.findByTestId('balance')).toHaveTextContent('2,200');
    expect(await balanceOnce(db, 'M000000001')).toBe(2200);
  });

  it('refuses a redemption that would overdraw, with the shortfall, and writes nothing', async () => {
    db = await testDb();
    renderWithDb(<RedeemPanel memberId="M000000002" />, db);
    await userEvent.click(screen.getByRole('button', { name: /睡前牛奶/ }));
    expect(await screen.findByRole('alert')).toHaveTextContent('积分不足，不能兑换睡前牛奶：需要 200 分，还差 50 分。未扣分。');
    expect(await ledgerOnce(db, 'M000000002')).toHaveLength(1);
  });

  it('refuses late checkout beyond the maximum hours and keeps what was typed', async () => {
    db = await testDb();
    renderWithDb(<RedeemPanel memberId="M000000001" />, db);
    const hours = screen.getByRole('textbox', { name: '小时' });
    await userEvent.clear(hours);
    await userEvent.type(hours, '9');
    await userEvent.click(screen.getByRole('button', { name: /延迟退房/ }));
    expect(await screen.findByRole('alert')).toHaveTextContent('延迟退房请输入1到4小时。');
    expect(hours).toHaveValue('9');
    expect(await balanceOnce(db, 'M000000001')).toBe(2600);
  });
});
