import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { FrontDeskDatabase } from '../../src/data/database';
import { ArrivalsScreen } from '../../src/features/arrivals/arrivals-screen';
import { testDb } from '../support/db';
import { BUSINESS_DATE, NOW, reservation, smallBranch } from '../support/fixtures';
import { renderWithDb } from '../support/render';

let db: FrontDeskDatabase;
afterEach(async () => { await db?.close(); });

/** The small branch plus one guest already checked in today and one cancellation for today. */
function busierDay() {
  const data = smallBranch();
  data.reservations.push(
    reservation({ id: 'R-SUN', guestName: '孙丽', channel: 'phone', expectedArrival: '12:00', status: 'checked-in', roomNo: '302', checkedInAt: NOW - 3_600_000 }),
    reservation({ id: 'R-CXL', guestName: '周杰', channel: 'web', expectedArrival: '19:00', status: 'cancelled', cancelledAt: NOW - 7_200_000 }),
  );
  return data;
}

function renderArrivals(handlers: Partial<{ onCheckIn: (id: string) => void; onOpenMember: (id: string) => void; onWalkIn: () => void }> = {}) {
  const props = { onCheckIn: vi.fn(), onOpenMember: vi.fn(), onWalkIn: vi.fn(), ...handlers };
  renderWithDb(<ArrivalsScreen businessDate={BUSINESS_DATE} {...props} />, db);
  return props;
}

/** The body rows of the arrivals table, by guest name. */
function rowOf(name: string): HTMLElement {
  const row = screen.getAllByRole('row').find((r) => within(r).queryByText(name) !== null);
  if (!row) throw new Error(`No arrivals row for ${name}`);
  return row;
}

function guestNames(): string[] {
  const [, ...body] = screen.getAllByRole('row'); // first row is the header
  return body.map((r) => within(r).getAllByRole('cell')[1]?.textContent ?? '');
}

describe('arrivals list for the business date', () => {
  it('shows the day\'s tally at the top (all, expected, arrived, no-show, cancelled), and the guaranteed count', async () => {
    db = await testDb(busierDay());
    renderArrivals();
    const counts = screen.getByRole('group', { name: '按状态筛选' });
    expect(await within(counts).findByRole('button', { name: '4 全部' })).toHaveAttribute('aria-pressed', 'true');
    expect(within(counts).getByRole('button', { name: '2 待到' })).toHaveAttribute('aria-pressed', 'false');
    expect(within(counts).getByRole('button', { name: '1 已到' })).toBeInTheDocument();
    expect(within(counts).getByRole('button', { name: '0 未到' })).toBeInTheDocument();
    expect(within(counts).getByRole('button', { name: '1 已取消' })).toBeInTheDocument();
    // Only 张伟's reservation carries a points guarantee.
    expect(within(counts).getByText('积分担保').parentElement).toHaveTextContent('1 积分担保');
    // 李娜 arrived yesterday: not on today's list.
    expect(screen.queryByText('李娜')).not.toBeInTheDocument();
  });

  it('shows each arrival in expected-time order with tier, channel, guarantee and preferences; an OTA guest as non-member', async () => {
    db = await testDb();
    renderArrivals();
    await screen.findByText('赵强');
    expect(guestNames()).toEqual(['张伟', '赵强']);

    const zhang = rowOf('张伟');
    expect(within(zhang).getByText('20:00')).toBeInTheDocument();
    // The member (tier, preferences) is read after the reservations.
    expect(await within(zhang).findByText('金卡')).toBeInTheDocument();
    expect(within(zhang).getByText('APP')).toBeInTheDocument();
    expect(within(zhang).getByText('担保 500 分')).toBeInTheDocument();
    for (const chip of ['大床房', '高楼层', '荞麦枕', '无烟', '安静']) expect(within(zhang).getByText(chip)).toBeInTheDocument();
    expect(within(zhang).getByText(/大床房 · 2晚/)).toBeInTheDocument();
    expect(within(zhang).getByText('¥199.00', { exact: false })).toBeInTheDocument();
    expect(within(zhang).getByText('待到')).toBeInTheDocument();

    const ota = rowOf('赵强');
    expect(within(ota).getByText('非会员')).toBeInTheDocument();
    expect(within(ota).getByText('第三方')).toBeInTheDocument();
    expect(within(ota).queryByText(/担保/)).not.toBeInTheDocument();
    expect(within(ota).queryByText(/金卡|银卡|普通卡|白金卡/)).not.toBeInTheDocument();
    // A non-member's name is plain text, not a link to a profile.
    expect(within(ota).queryByRole('button', { name: '赵强' })).not.toBeInTheDocument();
  });

  it('filters by status with the count buttons, and says so when nothing matches', async () => {
    db = await testDb(busierDay());
    renderArrivals();
    await screen.findByText('孙丽');
    const counts = screen.getByRole('group', { name: '按状态筛选' });

    await userEvent.click(within(counts).getByRole('button', { name: '1 已到' }));
    expect(within(counts).getByRole('button', { name: '1 已到' })).toHaveAttribute('aria-pressed', 'true');
    expect(within(counts).getByRole('button', { name: '4 全部' })).toHaveAttribute('aria-pressed', 'false');
    expect(guestNames()).toEqual(['孙丽']);
    // A guest already in is not offered a check-in.
    expect(within(rowOf('孙丽')).queryByRole('button', { name: /办理入住/ })).not.toBeInTheDocument();

    await userEvent.click(within(counts).getByRole('button', { name: '2 待到' }));
    expect(guestNames()).toEqual(['张伟', '赵强']);

    await userEvent.click(within(counts).getByRole('button', { name: '1 已取消' }));
    expect(guestNames()).toEqual(['周杰']);

    await userEvent.click(within(counts).getByRole('button', { name: '0 未到' }));
    expect(guestNames()).toEqual([]);
    expect(screen.getByText('没有符合条件的预订。')).toBeInTheDocument();

    await userEvent.click(within(counts).getByRole('button', { name: '4 全部' }));
    expect(guestNames()).toEqual(['孙丽', '周杰', '张伟', '赵强']);
    expect(screen.queryByText('没有符合条件的预订。')).not.toBeInTheDocument();
  });

  it('the check-in button hands the reservation id to the caller; the guest name opens the member', async () => {
    db = await testDb();
    const props = renderArrivals();
    await userEvent.click(await screen.findByRole('button', { name: '为 张伟 办理入住' }));
    expect(props.onCheckIn).toHaveBeenCalledTimes(1);
    expect(props.onCheckIn).toHaveBeenCalledWith('R-ZHANG');

    await userEvent.click(screen.getByRole('button', { name: '为 赵强 办理入住' }));
    expect(props.onCheckIn).toHaveBeenLastCalledWith('R-OTA');

    await userEvent.click(await screen.findByRole('button', { name: '张伟' }));
    expect(props.onOpenMember).toHaveBeenCalledWith('M000000001');

    await userEvent.click(screen.getByRole('button', { name: '散客入住' }));
    expect(props.onWalkIn).toHaveBeenCalledTimes(1);
    // The list only reports the choice: nothing is written by it.
    expect((await db.reservations.findOne('R-ZHANG').exec())?.status).toBe('expected');
  });

  it('follows the database live: a check-in elsewhere moves the counts', async () => {
    db = await testDb();
    renderArrivals();
    const counts = screen.getByRole('group', { name: '按状态筛选' });
    await within(counts).findByRole('button', { name: '2 待到' });
    await db.reservations.findOne('R-OTA').update({ $set: { status: 'checked-in', roomNo: '302' } });
    expect(await within(counts).findByRole('button', { name: '1 待到' })).toBeInTheDocument();
    expect(within(counts).getByRole('button', { name: '1 已到' })).toBeInTheDocument();
    expect(within(rowOf('赵强')).getByText('已入住')).toBeInTheDocument();
  });
});
