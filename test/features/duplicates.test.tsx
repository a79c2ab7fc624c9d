/**
 * The sync review's 同一人的两条会员记录: a guest enrolled offline and the
 * chain's record of the same person (same ID number) are shown as a pair;
 * 合并 moves the balance by new lines and the pair leaves the list.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { FrontDeskDatabase } from '../../src/data/database';
import { createStaff } from '../../src/data/commands/staff';
import { balanceOnce } from '../../src/data/queries';
import { ReviewScreen } from '../../src/features/review/review-screen';
import { testCtx, testDb } from '../support/db';
import { BRANCH_ID, NOW, entry, member, smallBranch, validId } from '../support/fixtures';
import { renderWithDb } from '../support/render';

let db: FrontDeskDatabase;
afterEach(async () => { await db?.close(); });

const PERSON = validId('44010619880808123');

describe('sync review: two records of one person', () => {
  it('shows the pair with the older record kept, merges on 合并, and the pair is gone', async () => {
    const data = smallBranch();
    data.members.push(
      member({ id: 'M000000077', name: '孙悦', cardNo: '770000000077', idNumber: PERSON, joinedAt: NOW - 800 * 86_400_000 }),
      member({ id: 'M770000000099', name: '孙悦', cardNo: '770000000099', idNumber: PERSON, joinedAt: NOW - 86_400_000 }),
    );
    data.ledger.push(entry({ id: 'c1', memberId: 'M000000077', points: 1000 }), entry({ id: 'd1', memberId: 'M770000000099', points: 77 }));
    db = await testDb(data);
    await createStaff(db, { id: 'S-boss', branchId: BRANCH_ID, name: '陈经理', role: 'manager', pin: '2580' }, null, 1000);
    renderWithDb(<ReviewScreen />, db, { ctx: testCtx({ staffId: 'S-boss', deviceId: 'tab-boss', now: () => NOW }) });

    const card = await screen.findByRole('article', { name: `身份证号 440106********${PERSON.slice(-4)}` });
    expect(within(card).getByText(/^保留：孙悦 · M000000077/)).toBeInTheDocument();
    expect(within(card).getByText(/^并入：孙悦 · M770000000099/)).toBeInTheDocument();
    await userEvent.click(within(card).getByRole('button', { name: '合并' }));
    expect(await screen.findByRole('status')).toHaveTextContent('已合并：M770000000099 的 77 分转入 M000000077。');
    expect(await screen.findByText('没有身份证号相同的会员记录。')).toBeInTheDocument();
    expect(await balanceOnce(db, 'M000000077')).toBe(1077);
    expect(await balanceOnce(db, 'M770000000099')).toBe(0);
  });
});
