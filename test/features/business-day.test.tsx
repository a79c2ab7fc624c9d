/**
 * The business day at controlled clocks: the demo branch as a tablet would
 * generate it at 02:00, 09:00 and 23:30 Shanghai time, the banner, the
 * arrival tiles and the audit report side by side. They must show one
 * business date that fits the clock and the same tally; at 02:00 the audit
 * of the previous day runs, and its report agrees with the tiles after it.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, render, screen, within } from '@testing-library/react';
import { useDoorModeAtCutoff } from '../../src/app/door-mode';
import { useSession } from '../../src/session/store';
import type { FrontDeskDatabase } from '../../src/data/database';
import { DEMO_SEED, demoBusinessDate } from '../../src/app/demo-config';
import { generateDemoBranch } from '../../src/demo/generate';
import { tallyArrivals, type DayTally } from '../../src/domain/business-day';
import type { Reservation } from '../../src/domain/model';
import { branchOnce } from '../../src/data/queries';
import { createStaff } from '../../src/data/commands/staff';
import { nightAuditReport, runNightAudit } from '../../src/data/commands/audit';
import { ArrivalsScreen } from '../../src/features/arrivals/arrivals-screen';
import { AuditReportView } from '../../src/features/audit/audit-report-view';
import { DayBanner } from '../../src/features/business-day/day-banner';
import { testCtx, testDb } from '../support/db';
import { renderWithDb } from '../support/render';

let db: FrontDeskDatabase;
afterEach(async () => { await db?.close(); });

const sh = (date: string, time: string): number => Date.parse(`${date}T${time}:00+08:00`);

async function openDesk(now: number) {
  const demo = generateDemoBranch({ seed: DEMO_SEED, businessDate: demoBusinessDate(now), now, memberCount: 80 });
  db = await testDb(demo);
  const branch = (await branchOnce(db))!;
  const ctx = testCtx({ now: () => now });
  renderWithDb(
    <>
      <DayBanner branch={branch} />
      <ArrivalsScreen businessDate={branch.businessDate} onCheckIn={() => undefined} onOpenMember={() => undefined} onWalkIn={() => undefined} />
      <AuditReportView businessDate={branch.businessDate} />
    </>,
    db, { ctx },
  );
  return { branch, demo };
}

/** The banner, the tiles and the report, each read from the screen. */
async function expectAgree(t: DayTally) {
  const banner = screen.getByRole('region', { name: '营业日' });
  await within(banner).findByText(new RegExp(`合计 ${t.total} · 待到 ${t.expected} · 已到 ${t.arrived} · 未到 ${t.noShow} · 已取消 ${t.cancelled}`));
  const tiles = screen.getByRole('group', { name: '按状态筛选' });
  for (const name of [`${t.total} 全部`, `${t.expected} 待到`, `${t.arrived} 已到`, `${t.noShow} 未到`, `${t.cancelled} 已取消`]) {
    expect(await within(tiles).findByRole('button', { name })).toBeInTheDocument();
  }
  const report = await screen.findByTestId('report-tally');
  for (const chip of [`预抵合计 ${t.total}`, `待到 ${t.expected}`, `已到 ${t.arrived}`, `未到 ${t.noShow}`, `已取消 ${t.cancelled}`]) {
    expect(within(report).getByText(chip)).toBeInTheDocument();
  }
  expect(screen.getByRole('heading', { level: 3, name: new RegExp(`未到与罚分 · 未到笔数 ${t.noShow + t.expected} ·`) })).toBeInTheDocument();
}

describe('the business day at controlled clocks (Asia/Shanghai)', () => {
  it('02:00: still yesterday\'s business day, in the audit window; banner, tiles and report agree, before and after the audit', async () => {
    const now = sh('2026-11-24', '02:00');
    const { branch, demo } = await openDesk(now);
    expect(branch.businessDate).toBe('2026-11-23');
    const banner = screen.getByRole('region', { name: '营业日' });
    expect(banner).toHaveAttribute('data-phase', 'audit');
    expect(banner).toHaveTextContent('营业日 2026-11-23');
    const before = tallyArrivals(demo.reservations, '2026-11-23');
    // A night's arrivals: most are in, a few (late, guaranteed) still expected, none judged yet.
    expect(before.arrived).toBeGreaterThan(before.expected);
    expect(before.expected).toBeGreaterThan(0);
    expect(before.noShow).toBe(0);
    await expectAgree(before);

    // The audit runs at 02:00 (it is inside the window) and closes 11-23.
    await createStaff(db, { id: 'S-night', branchId: branch.id, name: '李建国', role: 'night-auditor', pin: '1357' }, null, 1);
    const res = await runNightAudit(db, testCtx({ staffId: 'S-night', now: () => now }));
    expect(res.ok).toBe(true);
    expect((await branchOnce(db))?.businessDate).toBe('2026-11-24');
    const after = tallyArrivals((await db.reservations.find().exec()).map((d) => d.toJSON() as Reservation), '2026-11-23');
    expect(after).toEqual({ ...before, expected: 0, noShow: before.expected });
    const report = await nightAuditReport(db, '2026-11-23');
    expect(report.tally).toEqual(after);
    expect(report.noShows.count).toBe(after.noShow);
    expect(report.noShows.rows).toHaveLength(after.noShow + after.cancelled);
  });

  it('09:00: today\'s business day, before the cut-off; nobody is a no-show yet', async () => {
    const { branch, demo } = await openDesk(sh('2026-11-23', '09:00'));
    expect(branch.businessDate).toBe('2026-11-23');
    expect(screen.getByRole('region', { name: '营业日' })).toHaveAttribute('data-phase', 'day');
    const t = tallyArrivals(demo.reservations, '2026-11-23');
    expect(t.expected).toBeGreaterThan(t.arrived);
    await expectAgree(t);
  });

  it('23:30: today\'s business day, in the audit window', async () => {
    const { branch, demo } = await openDesk(sh('2026-11-23', '23:30'));
    expect(branch.businessDate).toBe('2026-11-23');
    expect(screen.getByRole('region', { name: '营业日' })).toHaveAttribute('data-phase', 'audit');
    await expectAgree(tallyArrivals(demo.reservations, '2026-11-23'));
  });
});

function DoorClock({ now }: { now: () => number }) {
  useDoorModeAtCutoff('Asia/Shanghai', now);
  return null;
}

describe('door mode by the clock', () => {
  afterEach(() => { act(() => { useSession.getState().signOut(); useSession.getState().setTab('arrivals'); }); });

  it.each([
    ['02:00', '2026-11-24', 'door'], ['05:59', '2026-11-24', 'door'], ['06:00', '2026-11-24', 'audit'],
    ['09:00', '2026-11-23', 'audit'], ['17:00', '2026-11-23', 'audit'], ['23:30', '2026-11-23', 'door'],
  ])('a night auditor signing in at %s (%s) lands on %s', (time, date, tab) => {
    const now = sh(date, time);
    render(<DoorClock now={() => now} />);
    act(() => { useSession.getState().signIn({ id: 'S-night', name: '李建国', role: 'night-auditor' }); });
    expect(useSession.getState().tab).toBe(tab);
  });

  it('a night auditor who left the door is not sent back by the first check after a jump past the cut-off', () => {
    vi.useFakeTimers();
    try {
      let now = sh('2026-11-23', '22:00');
      render(<DoorClock now={() => now} />);
      act(() => { useSession.getState().signIn({ id: 'S-desk', name: '王小燕', role: 'front-desk' }); });
      // The tablet sleeps through the cut-off: no check runs between 22:00 and 23:30.
      now = sh('2026-11-23', '23:30');
      act(() => { useSession.getState().signIn({ id: 'S-night', name: '李建国', role: 'night-auditor' }); });
      expect(useSession.getState().tab).toBe('door');
      act(() => { useSession.getState().setTab('audit'); }); // left door mode with the PIN
      act(() => { vi.advanceTimersByTime(30_000); });
      expect(useSession.getState().tab).toBe('audit');
    } finally {
      vi.useRealTimers();
    }
  });

  it('at the cut-off a night auditor already signed in is switched to the door, once', () => {
    vi.useFakeTimers();
    try {
      let now = sh('2026-11-23', '22:59');
      render(<DoorClock now={() => now} />);
      act(() => { useSession.getState().signIn({ id: 'S-night', name: '李建国', role: 'night-auditor' }); });
      expect(useSession.getState().tab).toBe('audit');
      now = sh('2026-11-23', '23:00');
      act(() => { vi.advanceTimersByTime(30_000); });
      expect(useSession.getState().tab).toBe('door');
      act(() => { useSession.getState().setTab('arrivals'); });
      now = sh('2026-11-23', '23:01');
      act(() => { vi.advanceTimersByTime(30_000); });
      expect(useSession.getState().tab).toBe('arrivals');
    } finally {
      vi.useRealTimers();
    }
  });

  it('a front-desk clerk is never switched to the door', () => {
    const now = sh('2026-11-23', '23:30');
    render(<DoorClock now={() => now} />);
    act(() => { useSession.getState().signIn({ id: 'S-desk', name: '王小燕', role: 'front-desk' }); });
    expect(useSession.getState().tab).toBe('arrivals');
  });
});
