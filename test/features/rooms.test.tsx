/**
 * The room board (房态) and the stay changes (续住, 换房) as a clerk uses them,
 * and the check-out preview of an early departure.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { FrontDeskDatabase } from '../../src/data/database';
import { RoomBoard } from '../../src/features/rooms/room-board';
import { ExtendDialog } from '../../src/features/stay/extend-dialog';
import { MoveDialog } from '../../src/features/stay/move-dialog';
import { CheckOutDialog } from '../../src/features/checkout/checkout-dialog';
import { testDb } from '../support/db';
import { BRANCH_ID, smallBranch } from '../support/fixtures';
import { renderWithDb } from '../support/render';
import { snapshot } from './helpers';

let db: FrontDeskDatabase;
afterEach(async () => { await db?.close(); });

const tile = (no: string) => document.querySelector(`[data-room="${no}"]`) as HTMLElement;

describe('room board', () => {
  it('shows every room by floor with its state, type and guest, and filters by state', async () => {
    db = await testDb();
    renderWithDb(<RoomBoard />, db);
    expect(await screen.findByRole('heading', { name: /房态/ })).toHaveTextContent('显示 7 / 7 间');
    expect(screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent)).toEqual(['3 楼', '8 楼']);
    expect(within(tile('301')).getByText('在住')).toBeInTheDocument();
    expect(within(tile('301')).getByText('李娜')).toBeInTheDocument();
    expect(within(tile('802')).getByText('空脏')).toBeInTheDocument();
    expect(within(tile('303')).getByText('经济房')).toBeInTheDocument();
    await userEvent.selectOptions(screen.getByLabelText('房态'), 'vacant-dirty');
    expect(screen.getByRole('heading', { name: /房态/ })).toHaveTextContent('显示 1 / 7 间');
    expect(tile('301')).toBeNull();
  });

  it('filters by floor, alone and together with the state filter', async () => {
    db = await testDb();
    renderWithDb(<RoomBoard />, db);
    const heading = await screen.findByRole('heading', { name: /房态/ });
    const floorSelect = screen.getByLabelText('楼层');
    expect(within(floorSelect).getAllByRole('option').map((o) => o.textContent)).toEqual(['全部', '3 楼', '8 楼']);
    await userEvent.selectOptions(floorSelect, '8');
    expect(heading).toHaveTextContent('显示 2 / 7 间');
    expect(screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent)).toEqual(['8 楼']);
    expect(tile('301')).toBeNull();
    expect(tile('802')).not.toBeNull();
    await userEvent.selectOptions(screen.getByLabelText('房态'), 'occupied');
    expect(heading).toHaveTextContent('显示 0 / 7 间');
    expect(screen.getByText('没有符合条件的房间。')).toBeInTheDocument();
    await userEvent.selectOptions(floorSelect, 'all');
    expect(heading).not.toHaveTextContent('显示 0 / 7 间');
    expect(tile('301')).not.toBeNull();
  });

  it('marks several rooms clean at once', async () => {
    const data = smallBranch();
    data.rooms = data.rooms.map((r) => (r.roomNo === '302' ? { ...r, status: 'vacant-dirty' as const } : r));
    db = await testDb(data);
    renderWithDb(<RoomBoard />, db);
    await userEvent.click(await screen.findByRole('checkbox', { name: '选择 302 房' }));
    await userEvent.click(screen.getByRole('checkbox', { name: '选择 802 房' }));
    await userEvent.click(screen.getByRole('button', { name: '标记已打扫（2 间）' }));
    expect(await screen.findByRole('status')).toHaveTextContent('302、802 已标记为空净，可以入住。');
    await vi.waitFor(() => expect(within(tile('802')).getByText('空净')).toBeInTheDocument());
    expect((await db.rooms.findOne(`${BRANCH_ID}:302`).exec())?.status).toBe('vacant-clean');
  });

  it('takes a room out of order only with a reason (kept when refused), and back in order', async () => {
    db = await testDb();
    renderWithDb(<RoomBoard />, db);
    await userEvent.click(await screen.findByRole('button', { name: '308 房停用' }));
    const dialog = await screen.findByRole('dialog', { name: '308 房停用（维修）' });
    const before = await snapshot(db);
    await userEvent.type(within(dialog).getByLabelText('停用原因'), '   ');
    await userEvent.click(within(dialog).getByRole('button', { name: '确认停用' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('请填写停用原因。');
    expect(within(dialog).getByLabelText('停用原因')).toHaveValue('   ');
    expect(await snapshot(db)).toEqual(before);
    await userEvent.clear(within(dialog).getByLabelText('停用原因'));
    await userEvent.type(within(dialog).getByLabelText('停用原因'), '空调漏水');
    await userEvent.click(within(dialog).getByRole('button', { name: '确认停用' }));
    await vi.waitFor(() => expect(within(tile('308')).getByText('停用')).toBeInTheDocument());
    expect(within(tile('308')).getByText('空调漏水')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: '308 房恢复可售' }));
    await vi.waitFor(() => expect(within(tile('308')).getByText('空净')).toBeInTheDocument());
  });
});

describe('stay changes', () => {
  it('extends a stay: refuses a date not after the departure and 400 nights, keeps what was typed, then extends', async () => {
    db = await testDb();
    renderWithDb(<ExtendDialog reservationId="R-LI" onClose={vi.fn()} />, db);
    const dialog = await screen.findByRole('dialog', { name: '续住：301 李娜' });
    expect(dialog).toHaveTextContent('入住 2026-11-22，原定离店 2026-11-24（共 2 晚）');
    const date = within(dialog).getByLabelText('新的离店日期');
    const before = await snapshot(db);
    await userEvent.type(date, '2026-11-24');
    expect(within(dialog).getByRole('alert')).toHaveTextContent('新的离店日期必须晚于原定离店日期 2026-11-24。');
    await userEvent.clear(date);
    await userEvent.type(date, '2027-12-29');
    expect(within(dialog).getByRole('alert')).toHaveTextContent('整个入住最多 90 晚。');
    await userEvent.click(within(dialog).getByRole('button', { name: '确认续住' }));
    expect(date).toHaveValue('2027-12-29');
    expect(await snapshot(db)).toEqual(before);
    await userEvent.clear(date);
    await userEvent.type(date, '2026-11-26');
    expect(dialog).toHaveTextContent('续住 2 晚');
    await userEvent.click(within(dialog).getByRole('radio', { name: /已通过官方渠道/ }));
    await userEvent.click(within(dialog).getByRole('button', { name: '确认续住' }));
    expect(await within(dialog).findByRole('status')).toHaveTextContent('已续住 2 晚，新的离店日期 2026-11-26。');
    expect((await db.reservations.findOne('R-LI').exec())?.toJSON()).toMatchObject({ extensionNights: 2, extensionAdvanceOwnChannel: true });
  });

  it('moves the guest to a clean room with a reason; the reason is required', async () => {
    db = await testDb();
    renderWithDb(<MoveDialog reservationId="R-LI" onClose={vi.fn()} />, db);
    const dialog = await screen.findByRole('dialog', { name: '换房：301 李娜' });
    const options = within(within(dialog).getByLabelText('换到')).getAllByRole('option').map((o) => o.textContent);
    expect(options).toEqual(['请选择房间', '302 · 大床房', '305 · 大床房', '308 · 大床房', '801 · 大床房']);
    await userEvent.selectOptions(within(dialog).getByLabelText('换到'), `${BRANCH_ID}:308`);
    const before = await snapshot(db);
    await userEvent.click(within(dialog).getByRole('button', { name: '确认换房' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('请填写换房原因。');
    expect(await snapshot(db)).toEqual(before);
    await userEvent.type(within(dialog).getByLabelText('换房原因'), '空调噪音');
    await userEvent.click(within(dialog).getByRole('button', { name: '确认换房' }));
    expect(await within(dialog).findByRole('status')).toHaveTextContent('已从 301 房换到 308 房，原房间待打扫。');
    expect((await db.reservations.findOne('R-LI').exec())?.toJSON()).toMatchObject({ roomNo: '308', status: 'checked-in' });
    expect((await db.rooms.findOne(`${BRANCH_ID}:301`).exec())?.status).toBe('vacant-dirty');
  });

  it('check-out before the booked departure says it posts points for the nights stayed only', async () => {
    db = await testDb(); // 李娜: 2 nights from 2026-11-22, leaving on 2026-11-23
    renderWithDb(<CheckOutDialog reservationId="R-LI" onClose={vi.fn()} />, db);
    const dialog = await screen.findByRole('dialog', { name: '退房：301 李娜' });
    expect(await within(dialog).findByText('提前退房：预订2晚，实住1晚，只按实住的晚数累计积分（原预订保留备查）')).toBeInTheDocument();
    expect(within(dialog).getByText('合计 276 分')).toBeInTheDocument();
  });
});

