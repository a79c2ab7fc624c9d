import { describe, expect, it } from 'vitest';
import { balance, heldPoints } from '../../src/domain/ledger';
import type { LedgerEntry, Member, Reservation } from '../../src/domain/model';
import {
  auditNoShows, canRunAudit, markNoShows, nextBusinessDate, noShowLedgerEntries,
} from '../../src/domain/night-audit';
import type { AuditInput, NoShowItem } from '../../src/domain/night-audit';
import { DEFAULT_RULES as R } from '../../src/domain/rules';
import { DATE, member, reservation, sh } from './night-fixtures';

const ORDINARY = member({ id: 'M1', tier: 'silver' });
const PREMIUM = member({ id: 'M2', name: '李娜', tier: 'gold' });
const MEMBERS = new Map<string, Member>([[ORDINARY.id, ORDINARY], [PREMIUM.id, PREMIUM]]);

function audit(reservations: Reservation[], over: Partial<AuditInput> = {}): NoShowItem[] {
  return auditNoShows({ reservations, members: MEMBERS, businessDate: DATE, ...over }, R);
}

function only(reservations: Reservation[], over: Partial<AuditInput> = {}): NoShowItem {
  const items = audit(reservations, over);
  expect(items).toHaveLength(1);
  return items[0] as NoShowItem;
}

/** 'penalty:-300', 'forfeit:0', or 'exempt:<reason>'. */
function summary(item: NoShowItem): string {
  return item.outcome.kind === 'exempt' ? `exempt:${item.outcome.reason}` : `${item.outcome.kind}:${item.points}`;
}

describe('no-show penalty', () => {
  it('costs 300 points per booked room-night, in one line with a deterministic id', () => {
    const item = only([reservation({ id: 'R-3N', nights: 3 })]);
    expect(item.cause).toBe('not-arrived');
    expect(item.outcome.lines).toEqual([{
      id: 'R-3N:no-show', rule: 'no-show', kind: 'penalty', points: -900,
      params: { nights: 3, perNight: 300, deducted: 900, points: -900 },
    }]);
    expect(summary(only([reservation({ nights: 1 })]))).toBe('penalty:-300');
  });

  it('exempts a same-day booking made at or after 18:00 (17:59 / 18:00 / 18:01)', () => {
    const booked = (time: string) => summary(only([reservation({ bookedAt: sh(DATE, time) })]));
    expect(booked('17:59')).toBe('penalty:-300');
    expect(booked('18:00')).toBe('exempt:same-day-after-18');
    expect(booked('18:01')).toBe('exempt:same-day-after-18');
    expect(booked('23:00')).toBe('exempt:same-day-after-18');
    // A booking made after 18:00 the day BEFORE is not a same-day booking.
    expect(summary(only([reservation({ bookedAt: sh('2026-11-23', '18:30') })]))).toBe('penalty:-300');
  });

  it('reads the booking time in the branch time zone passed in', () => {
    const r = reservation({ bookedAt: sh(DATE, '18:30') }); // 17:30 in Bangkok (UTC+7)
    expect(summary(only([r]))).toBe('exempt:same-day-after-18');
    expect(summary(only([r], { timeZone: 'Asia/Bangkok' }))).toBe('penalty:-300');
  });

  it('forfeits a held guarantee INSTEAD of the penalty, however many nights', () => {
    for (const nights of [1, 4]) {
      const item = only([reservation({ id: 'R-G', nights, guaranteePoints: 1500 })]);
      expect(summary(item)).toBe('forfeit:0');
      expect(item.forfeited).toBe(1500);
      expect(item.outcome.lines.map((l) => l.id)).toEqual(['R-G:guarantee.forfeit']);
      expect(item.outcome.lines.some((l) => l.kind === 'penalty')).toBe(false);
    }
  });

  it('forfeits a guarantee even on a same-day booking made after 18:00', () => {
    const item = only([reservation({ guaranteePoints: 500, bookedAt: sh(DATE, '18:30') })]);
    expect(summary(item)).toBe('forfeit:0');
  });

  it('closes the held points with the forfeit line: hold then forfeit leaves them spent, nothing more', () => {
    const hold: LedgerEntry = entry({ id: 'R-G:guarantee.hold', kind: 'hold', rule: 'guarantee.hold', points: -1000 });
    const item = only([reservation({ id: 'R-G', guaranteePoints: 1000 })]);
    const posted = noShowLedgerEntries([item], { businessDate: DATE, createdAt: 1, deviceId: 'tab-1', staffId: 'S1' });
    expect(heldPoints([hold])).toBe(1000);
    expect(heldPoints([hold, ...posted])).toBe(0);
    expect(balance([entry({ id: 'opening', points: 3000 }), hold, ...posted])).toBe(2000);
  });
});

describe('cancellations', () => {
  const cancelled = (time: string, m: Member, date = DATE) =>
    summary(only([reservation({ memberId: m.id, status: 'cancelled', cancelledAt: sh(date, time) })]));

  it('ordinary member: free until 18:00 on the arrival day (17:59 / 18:00 / 18:01)', () => {
    expect(cancelled('17:59', ORDINARY)).toBe('exempt:cancelled-in-free-window');
    expect(cancelled('18:00', ORDINARY)).toBe('penalty:-300');
    expect(cancelled('18:01', ORDINARY)).toBe('penalty:-300');
  });

  it('premium member: free until 19:00 (18:59 / 19:00 / 19:01)', () => {
    expect(cancelled('18:00', PREMIUM)).toBe('exempt:cancelled-in-free-window');
    expect(cancelled('18:59', PREMIUM)).toBe('exempt:cancelled-in-free-window');
    expect(cancelled('19:00', PREMIUM)).toBe('penalty:-300');
    expect(cancelled('19:01', PREMIUM)).toBe('penalty:-300');
  });

  it('any time before the arrival day is free', () => {
    expect(cancelled('23:59', ORDINARY, '2026-11-23')).toBe('exempt:cancelled-in-free-window');
  });

  it('a late cancellation is a no-show: penalty per night, guarantee forfeited, same-day exemption kept', () => {
    const late = { status: 'cancelled' as const, cancelledAt: sh(DATE, '20:00') };
    const penalty = only([reservation({ ...late, nights: 2 })]);
    expect(penalty.cause).toBe('cancelled');
    expect(summary(penalty)).toBe('penalty:-600');
    expect(summary(only([reservation({ ...late, guaranteePoints: 500 })]))).toBe('forfeit:0');
    expect(summary(only([reservation({ ...late, bookedAt: sh(DATE, '18:10') })]))).toBe('exempt:same-day-after-18');
  });

  it('does not penalise a cancellation whose time is missing', () => {
    expect(summary(only([reservation({ status: 'cancelled', cancelledAt: 0 })]))).toBe('exempt:cancel-time-unknown');
  });
});

describe('which reservations the audit looks at', () => {
  it('only the business date\'s arrivals that did not check in; non-members lose no points', () => {
    const items = audit([
      reservation({ id: 'in', status: 'checked-in', roomNo: '301' }),
      reservation({ id: 'out', status: 'checked-out', roomNo: '302' }),
      reservation({ id: 'tomorrow', arrivalDate: '2026-11-25' }),
      reservation({ id: 'walk', memberId: '' }),
      reservation({ id: 'gone', memberId: 'M-unknown' }),
      reservation({ id: 'b-late' }),
      reservation({ id: 'a-marked', status: 'no-show' }),
    ]);
    expect(items.map((i) => [i.reservation.id, summary(i)])).toEqual([
      ['a-marked', 'penalty:-300'],
      ['b-late', 'penalty:-300'],
      ['gone', 'exempt:no-member'],
      ['walk', 'exempt:no-member'],
    ]);
  });
});

describe('running the audit twice, or on two tablets', () => {
  const day = [
    reservation({ id: 'R1', nights: 2 }),
    reservation({ id: 'R2', memberId: 'M2', guaranteePoints: 1000 }),
    reservation({ id: 'R3', status: 'cancelled', cancelledAt: sh(DATE, '18:30') }),
    reservation({ id: 'R4', bookedAt: sh(DATE, '18:00') }),
  ];

  it('yields the same lines with the same ids, also after the first run marked the no-shows', () => {
    const first = audit(day);
    const marked = markNoShows(first, 99);
    expect(marked.map((r) => [r.id, r.status, r.updatedAt])).toEqual([['R1', 'no-show', 99], ['R2', 'no-show', 99], ['R4', 'no-show', 99]]);
    const afterMarking = day.map((r) => marked.find((m) => m.id === r.id) ?? r);
    const second = audit([...afterMarking].reverse());
    expect(second.map((i) => i.outcome.lines)).toEqual(first.map((i) => i.outcome.lines));
    expect(first.flatMap((i) => i.outcome.lines.map((l) => l.id))).toEqual(['R1:no-show', 'R2:guarantee.forfeit', 'R3:no-show']);
  });

  it('so the ledger counts each penalty once', () => {
    const items = audit(day);
    const tabletA = noShowLedgerEntries(items, { businessDate: DATE, createdAt: 1, deviceId: 'tab-A', staffId: 'S-night' });
    const tabletB = noShowLedgerEntries(audit(day), { businessDate: DATE, createdAt: 2, deviceId: 'tab-B', staffId: 'S-mgr' });
    const m1 = (xs: LedgerEntry[]) => xs.filter((e) => e.memberId === 'M1');
    expect(balance(m1(tabletA))).toBe(-900);
    expect(balance([...m1(tabletA), ...m1(tabletB)])).toBe(-900);
    expect(tabletA[0]).toMatchObject({ id: 'R1:no-show', memberId: 'M1', reservationId: 'R1', deviceId: 'tab-A', staffId: 'S-night', businessDate: DATE });
  });
});

describe('when the audit may run', () => {
  it('only from the 23:00 cut-off on the business date, or on a later date', () => {
    expect(canRunAudit({ date: DATE, time: '22:59' }, DATE)).toBe(false);
    expect(canRunAudit({ date: DATE, time: '23:00' }, DATE)).toBe(true);
    expect(canRunAudit({ date: DATE, time: '23:01' }, DATE)).toBe(true);
    expect(canRunAudit({ date: '2026-11-25', time: '00:30' }, DATE)).toBe(true);
    expect(canRunAudit({ date: '2026-11-23', time: '23:59' }, DATE)).toBe(false);
    expect(canRunAudit({ date: DATE, time: '22:30' }, DATE, '22:30')).toBe(true);
    expect(() => canRunAudit({ date: DATE, time: '7pm' }, DATE)).toThrow(RangeError);
  });

  it('auditNoShows refuses to run before the cut-off when told the time', () => {
    const r = [reservation()];
    expect(() => audit(r, { localNow: { date: DATE, time: '22:59' } })).toThrow(RangeError);
    expect(audit(r, { localNow: { date: DATE, time: '23:00' } })).toHaveLength(1);
    expect(audit(r, { localNow: { date: DATE, time: '22:00' }, cutoff: '22:00' })).toHaveLength(1);
  });

  it('rolls the business date to the next calendar day', () => {
    expect(nextBusinessDate(DATE)).toBe('2026-11-25');
    expect(nextBusinessDate('2026-12-31')).toBe('2027-01-01');
    expect(nextBusinessDate('2028-02-28')).toBe('2028-02-29');
  });
});

function entry(over: Partial<LedgerEntry> & Pick<LedgerEntry, 'id' | 'points'>): LedgerEntry {
  return {
    memberId: 'M1', branchId: 'B', kind: 'adjust', rule: 'adjust.migration', params: {}, reservationId: '',
    businessDate: DATE, createdAt: 0, deviceId: 'd', staffId: 's', ...over,
  };
}
