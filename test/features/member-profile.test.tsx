import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { FrontDeskDatabase } from '../../src/data/database';
import { LEDGER_PAGE, MemberProfile } from '../../src/features/members/member-profile';
import { MemberSearch } from '../../src/features/members/member-search';
import { createStaff } from '../../src/data/commands/staff';
import { mergeMembers } from '../../src/data';
import { saveChainBranches } from '../../src/data/chain-branches';
import { testCtx, testDb } from '../support/db';
import { BRANCH_ID, BUSINESS_DATE, NOW, entry, member, smallBranch, validId } from '../support/fixtures';
import { renderWithDb } from '../support/render';

let db: FrontDeskDatabase;
afterEach(async () => { await db?.close(); });

const LINES = 45;

/** 王芳 with a migrated opening balance and 44 adjustments of +1..+44 points, one a day. */
function longHistory() {
  const data = smallBranch();
  data.ledger.push(entry({ id: 'wang-0', memberId: 'M000000003', points: 1000, createdAt: NOW - 100 * 86_400_000, businessDate: '2026-08-01' }));
  for (let i = 1; i < LINES; i += 1) {
    data.ledger.push(entry({ id: `wang-${i}`, memberId: 'M000000003', points: i, createdAt: NOW - (100 - i) * 86_400_000, params: { points: i } }));
  }
  return data;
}

const ledgerItems = () => within(screen.getByRole('region', { name: '积分明细' })).queryAllByRole('listitem');

describe('member profile: the whole points history, with the running balance', () => {
  it('shows the newest page first, then every earlier line on request, each with the balance after it', async () => {
    db = await testDb(longHistory());
    renderWithDb(<MemberProfile memberId="M000000003" today={BUSINESS_DATE} />, db);
    const total = 1000 + (LINES - 1) * LINES / 2;
    expect(total).toBe(1990);
    expect(await screen.findByTestId('balance')).toHaveTextContent('1,990');
    await screen.findByText(`共 ${LINES} 条，显示最新 ${LEDGER_PAGE} 条`);
    expect(ledgerItems()).toHaveLength(LEDGER_PAGE);
    // The newest line ends at the balance in the header.
    expect(within(ledgerItems()[0]!).getByTestId('balance-after')).toHaveTextContent('余 1,990');

    const more = () => screen.queryByRole('button', { name: /显示更早的/ });
    while (more()) await userEvent.click(more()!);
    expect(ledgerItems()).toHaveLength(LINES);
    // The oldest line is the opening balance, and its balance after is itself.
    const oldest = ledgerItems()[LINES - 1]!;
    expect(oldest).toHaveTextContent('+1000');
    expect(within(oldest).getByTestId('balance-after')).toHaveTextContent('余 1,000');
    expect(within(ledgerItems()[LINES - 2]!).getByTestId('balance-after')).toHaveTextContent('余 1,001');
  });
});

describe('member profile: 最近入住 agrees with the ledger', () => {
  /** 王芳's stay at wh-jianghan, known from the stay points its ledger line paid; the profile's stays list. */
  async function stayAtWuhan(before?: (db: FrontDeskDatabase) => Promise<void>): Promise<HTMLElement> {
    const data = smallBranch();
    data.ledger.push(entry({
      id: 'R-WH:stay', memberId: 'M000000003', points: 199, kind: 'earn', rule: 'stay', branchId: 'wh-jianghan', reservationId: 'R-WH',
      businessDate: '2026-11-20', params: { nights: 1, yuan: 199, pointsPerYuan: 1, points: 199 },
    }));
    db = await testDb(data);
    await before?.(db);
    renderWithDb(<MemberProfile memberId="M000000003" today={BUSINESS_DATE} />, db);
    return screen.findByRole('region', { name: '最近入住' });
  }

  it('lists a stay at another branch that the ledger paid stay points for, instead of "暂无入住记录"', async () => {
    const stays = await stayAtWuhan();
    await within(stays).findByText(/其他门店（wh-jianghan）/);
    expect(stays).toHaveTextContent('2026-11-19 · 1晚');
    expect(stays).not.toHaveTextContent('暂无入住记录');
  });

  it("names the other branch from the chain's branch list the tablet keeps (a clerk saw wh-jianghan)", async () => {
    const stays = await stayAtWuhan((d) => saveChainBranches(d, [{ id: 'wh-jianghan', name: '武汉江汉路店', nameEn: 'Wuhan Jianghan Road', city: '武汉' }], NOW));
    await within(stays).findByText(/其他门店（武汉江汉路店）/);
    expect(stays).not.toHaveTextContent('wh-jianghan');
  });
});

describe('member profile: hints say why', () => {
  it('names the birthday\'s day and explains a churn risk by the last stay and the stays per year', async () => {
    const data = smallBranch();
    const wang = data.members.find((m) => m.id === 'M000000003')!;
    Object.assign(wang, { birthday: '11-28', lastStayDate: '2026-01-10', cardLost: false });
    const stay = (id: string, businessDate: string) => entry({
      id: `${id}:stay`, memberId: 'M000000003', points: 199, kind: 'earn', rule: 'stay', reservationId: id, businessDate,
      createdAt: Date.parse(`${businessDate}T12:00:00+08:00`), params: { nights: 1, yuan: 199, pointsPerYuan: 1, points: 199 },
    });
    data.ledger.push(stay('R-A', '2025-03-01'), stay('R-B', '2025-06-01'), stay('R-C', '2026-01-10'));
    db = await testDb(data);
    renderWithDb(<MemberProfile memberId="M000000003" today={BUSINESS_DATE} />, db);
    // 2026-11-23 is a Monday: the birthday is on Saturday, in 5 days.
    expect(await screen.findByText(/本周生日/)).toHaveTextContent('本周生日 · 11月28日（周六），还有 5 天');
    await vi.waitFor(() => expect(screen.getByText(/流失预警/)).toHaveTextContent(
      '流失预警 · 最后入住 2026-01-10，已 317 天；近 12 个月入住 1 次，此前 12 个月 2 次'));
  });
});

describe('member profile: a record merged into another (issue #14)', () => {
  const PERSON = validId('44010619880808123');
  async function mergedPair(points: number) {
    const data = smallBranch();
    data.members.push(
      member({ id: 'M000000077', name: '孙悦', cardNo: '770000000077', idNumber: PERSON, joinedAt: NOW - 800 * 86_400_000 }),
      member({ id: 'M770000000099', name: '孙悦', cardNo: '770000000099', idNumber: PERSON, joinedAt: NOW - 86_400_000 }),
    );
    if (points > 0) data.ledger.push(entry({ id: 'd1', memberId: 'M770000000099', points }));
    db = await testDb(data);
    await createStaff(db, { id: 'S-boss', branchId: BRANCH_ID, name: '陈经理', role: 'manager', pin: '2580' }, null, 1000);
    const res = await mergeMembers(db, { keepId: 'M000000077', mergeId: 'M770000000099' }, testCtx({ staffId: 'S-boss', now: () => NOW }));
    expect(res).toMatchObject({ ok: true });
  }

  it('says which member it was merged into, and opens that member', async () => {
    await mergedPair(77);
    const open = vi.fn();
    renderWithDb(<MemberProfile memberId="M770000000099" today={BUSINESS_DATE} onOpenMember={open} />, db);
    const note = await screen.findByTestId('merged-into');
    expect(note).toHaveTextContent('这条会员记录已与同一人的另一条记录合并，积分已转入会员 M000000077。');
    await userEvent.click(within(note).getByRole('button', { name: '打开会员 M000000077' }));
    expect(open).toHaveBeenCalledWith('M000000077');
  });

  it('marks a merge that moved no points too, and never the kept record', async () => {
    await mergedPair(0);
    const { unmount } = renderWithDb(<MemberProfile memberId="M770000000099" today={BUSINESS_DATE} />, db);
    expect(await screen.findByTestId('merged-into')).toHaveTextContent('M000000077');
    unmount();
    renderWithDb(<MemberProfile memberId="M000000077" today={BUSINESS_DATE} />, db);
    await screen.findByTestId('balance');
    expect(screen.queryByTestId('merged-into')).toBeNull();
  });

  it('the search list marks the merged record with the member it went into, and not the kept one', async () => {
    await mergedPair(77);
    renderWithDb(<MemberSearch onOpen={vi.fn()} selectedId={null} />, db);
    await userEvent.type(screen.getByRole('searchbox', { name: '查找会员' }), '孙悦');
    const results = screen.getByRole('list', { name: '查找结果' });
    const merged = await within(results).findByRole('button', { name: /M770000000099/ });
    expect(merged).toHaveTextContent('已合并至 M000000077');
    expect(within(results).getByRole('button', { name: /M000000077 ·/ })).not.toHaveTextContent('已合并');
  });
});
