import { afterEach, describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { FrontDeskDatabase } from '../../src/data/database';
import { LEDGER_PAGE, MemberProfile } from '../../src/features/members/member-profile';
import { testDb } from '../support/db';
import { BUSINESS_DATE, NOW, entry, smallBranch } from '../support/fixtures';
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
