import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { FrontDeskDatabase } from '../../src/data/database';
import { balanceOnce, ledgerOnce } from '../../src/data/queries';
import { CheckOutDialog } from '../../src/features/checkout/checkout-dialog';
import { InHouseScreen } from '../../src/features/checkout/inhouse-screen';
import { testDb } from '../support/db';
import { BUSINESS_DATE, NOW, reservation, room, smallBranch, smallBranchLiDueOut } from '../support/fixtures';
import { renderWithDb } from '../support/render';
import { snapshot } from './helpers';

let db: FrontDeskDatabase;
afterEach(async () => { await db?.close(); });

const STAY = '入住积分：2晚 × 每晚房费199元 × 每元1分 = 398分';
const BOOKING = '官方渠道预订积分：1笔预订 × 每笔77分 = 77分';

async function openCheckOut(reservationId = 'R-LI', title = '退房：301 李娜') {
  const onClose = vi.fn();
  renderWithDb(<CheckOutDialog reservationId={reservationId} onClose={onClose} />, db);
  const dialog = await screen.findByRole('dialog', { name: title });
  return { dialog, onClose };
}

/** The explained lines in the dialog: [explanation, points]. */
function lines(dialog: HTMLElement): [string, string][] {
  return within(dialog).getAllByRole('listitem').map((li) => [
    li.querySelector('.explain')?.textContent ?? '', li.querySelector('strong')?.textContent ?? '',
  ]);
}

describe('in-house list', () => {
  it('lists 李娜 in 301 with arrival and departure, and hands the reservation to check-out', async () => {
    db = await testDb();
    const onCheckOut = vi.fn();
    renderWithDb(<InHouseScreen businessDate={BUSINESS_DATE} onCheckOut={onCheckOut} />, db);
    const button = await screen.findByRole('button', { name: '为 301 房 李娜 办理退房' });
    const row = button.closest('tr') as HTMLElement;
    expect(within(row).getAllByRole('cell').map((c) => c.textContent)).toEqual(['301', '李娜', '2026-11-22', '2026-11-24', '退房']);
    expect(within(row).queryByText('今日离店')).not.toBeInTheDocument();
    // Guests not in house are not listed.
    expect(screen.queryByText('张伟')).not.toBeInTheDocument();
    expect(screen.getByRole('heading', { name: /在住客人/ })).toHaveTextContent('1');
    await userEvent.click(button);
    expect(onCheckOut).toHaveBeenCalledWith('R-LI');
    expect((await db.reservations.findOne('R-LI').exec())?.status).toBe('checked-in');
  });

  it('puts the guests due out today first and marks them', async () => {
    const data = smallBranch();
    data.rooms.push(room('502', { status: 'occupied', reservationId: 'R-DUE' }));
    data.reservations.push(reservation({
      id: 'R-DUE', guestName: '孙丽', arrivalDate: '2026-11-22', nights: 1, status: 'checked-in', roomNo: '502', checkedInAt: NOW - 86_400_000,
    }));
    db = await testDb(data);
    renderWithDb(<InHouseScreen businessDate={BUSINESS_DATE} onCheckOut={vi.fn()} />, db);
    await screen.findByText('孙丽');
    const [, first, second] = screen.getAllByRole('row');
    expect(first).toHaveTextContent('孙丽');
    expect(within(first as HTMLElement).getByText('今日离店')).toBeInTheDocument();
    expect(second).toHaveTextContent('李娜');
    expect(within(second as HTMLElement).queryByText('今日离店')).not.toBeInTheDocument();
  });
});

describe('check-out of 李娜 (silver, booked on the web, 2 nights at ¥199)', () => {
  it('shows what will be posted, each line explained, and the total, before anything is written', async () => {
    db = await testDb(smallBranchLiDueOut());
    const before = await snapshot(db);
    const { dialog } = await openCheckOut();
    expect(within(dialog).getByRole('heading', { name: '本次入住将获得' })).toBeInTheDocument();
    expect(lines(dialog)).toEqual([[STAY, '+398'], [BOOKING, '+77']]);
    expect(within(dialog).getByText('合计 475 分')).toBeInTheDocument();
    expect(within(dialog).queryByText('已入账')).not.toBeInTheDocument();
    expect(await snapshot(db)).toEqual(before);
  });

  it('posts the lines on confirmation: 已入账, ledger lines in the db, room 301 vacant-dirty', async () => {
    db = await testDb(smallBranchLiDueOut());
    const { dialog } = await openCheckOut();
    await userEvent.click(within(dialog).getByRole('button', { name: '确认退房并入账' }));

    expect(await within(dialog).findByRole('heading', { name: '已入账' })).toBeInTheDocument();
    expect(within(dialog).getByRole('status')).toHaveTextContent('301 房已退房，房间待打扫。');
    expect(lines(dialog)).toEqual([[STAY, '+398'], [BOOKING, '+77']]);
    expect(within(dialog).queryByRole('button', { name: '确认退房并入账' })).not.toBeInTheDocument();

    const posted = (await ledgerOnce(db, 'M000000002')).filter((l) => l.reservationId === 'R-LI');
    expect(posted.map((l) => [l.id, l.rule, l.points]).sort()).toEqual([
      ['R-LI:booking.ordinary', 'booking.ordinary', 77],
      ['R-LI:stay', 'stay', 398],
    ]);
    expect(posted.every((l) => l.businessDate === BUSINESS_DATE && l.createdAt === NOW && l.staffId === 'desk-test')).toBe(true);
    expect(await balanceOnce(db, 'M000000002')).toBe(150 + 475);
    expect((await db.rooms.findOne('gz-test:301').exec())?.toJSON()).toMatchObject({ status: 'vacant-dirty', reservationId: '' });
    expect((await db.reservations.findOne('R-LI').exec())?.toJSON()).toMatchObject({ status: 'checked-out', checkedOutAt: NOW });
    expect((await db.members.findOne('M000000002').exec())?.toJSON()).toMatchObject({ stays12m: 4, nights12m: 6, lastStayDate: BUSINESS_DATE });
    expect(await db.journal.count().exec()).toBe(0);
  });

  it('never posts twice: a double click, then a second dialog for the same stay, leave one set of points', async () => {
    db = await testDb(smallBranchLiDueOut());
    const first = await openCheckOut();
    await userEvent.dblClick(within(first.dialog).getByRole('button', { name: '确认退房并入账' }));
    await within(first.dialog).findByRole('heading', { name: '已入账' });
    expect(within(first.dialog).queryByRole('alert')).not.toBeInTheDocument();
    expect(await balanceOnce(db, 'M000000002')).toBe(625);
    const after = await snapshot(db);

    // A second dialog opened for the same stay says it is no longer in house and offers nothing to confirm.
    renderWithDb(<CheckOutDialog reservationId="R-LI" onClose={vi.fn()} />, db);
    await vi.waitFor(() => expect(screen.getAllByRole('dialog', { name: '退房：301 李娜' })).toHaveLength(2));
    const again = screen.getAllByRole('dialog', { name: '退房：301 李娜' })[1] as HTMLElement;
    expect(await within(again).findByRole('alert')).toHaveTextContent('该预订不在住。');
    expect(within(again).queryByRole('button', { name: '确认退房并入账' })).not.toBeInTheDocument();
    expect(within(again).queryByRole('heading', { name: '已入账' })).not.toBeInTheDocument();

    expect(await balanceOnce(db, 'M000000002')).toBe(625);
    expect((await ledgerOnce(db, 'M000000002')).filter((l) => l.reservationId === 'R-LI')).toHaveLength(2);
    expect(await snapshot(db)).toEqual(after);
  });
});

describe('check-out of a guest who earns nothing', () => {
  it('explains why a non-member OTA stay earns no points, and posts no ledger line', async () => {
    const data = smallBranch();
    data.rooms.push(room('502', { status: 'occupied', reservationId: 'R-OTA2' }));
    data.reservations.push(reservation({
      id: 'R-OTA2', guestName: '赵强', channel: 'ota', memberRate: false, arrivalDate: '2026-11-22', status: 'checked-in', roomNo: '502',
      checkedInAt: NOW - 86_400_000,
    }));
    db = await testDb(data);
    const ledgerBefore = await db.ledger.count().exec();
    const { dialog } = await openCheckOut('R-OTA2', '退房：502 赵强');
    expect(within(dialog).getByText('本次入住不产生积分。')).toBeInTheDocument();
    expect(within(dialog).getByText('非会员入住，不累计积分')).toBeInTheDocument();
    expect(within(dialog).getByText('合计 0 分')).toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole('button', { name: '确认退房并入账' }));
    expect(await within(dialog).findByRole('status')).toHaveTextContent('502 房已退房，房间待打扫。');
    expect(await db.ledger.count().exec()).toBe(ledgerBefore);
    expect((await db.rooms.findOne('gz-test:502').exec())?.status).toBe('vacant-dirty');
    expect((await db.reservations.findOne('R-OTA2').exec())?.status).toBe('checked-out');
  });
});
