import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  auditAvailability, businessDateOf, dayPhase, doorModeByClock, localNowOf, openingBusinessDate, tallyArrivals,
  type DoorHours, type LocalNow,
} from '../../src/domain/business-day';
import { addDays } from '../../src/domain/dates';
import { auditNoShows, auditReport, markNoShows } from '../../src/domain/night-audit';
import { RESERVATION_STATUSES, type Member, type Reservation } from '../../src/domain/model';
import { DEFAULT_RULES } from '../../src/domain/rules';
import { member, reservation, sh, TZ } from './night-fixtures';

const HOURS = DEFAULT_RULES.door;
const B = '2026-11-23';
const NEXT = '2026-11-24';

/** "now" in Shanghai from a wall-clock date and time, through the real time-zone conversion. */
const at = (date: string, time: string): LocalNow => localNowOf(sh(date, time), TZ);

describe('the business day at controlled instants (Asia/Shanghai), rules 23:00 / 06:00', () => {
  // [clock date, clock time, open business date] → phase, audit may run, late, door by the clock, a new branch opens on
  const table: [string, string, string, string, boolean, boolean, boolean, string][] = [
    // The audit of 11-23 has not run yet.
    [NEXT, '02:00', B, 'audit', true, false, true, B],
    [NEXT, '05:59', B, 'audit', true, false, true, B],
    [NEXT, '06:00', B, 'overdue', true, true, false, NEXT],
    [NEXT, '09:00', B, 'overdue', true, true, false, NEXT],
    [B, '09:00', B, 'day', false, false, false, B],
    [B, '17:00', B, 'day', false, false, false, B],
    [B, '23:30', B, 'audit', true, false, true, B],
    // The audit of 11-23 ran at 23:10: the clock is still on 11-23, the business date is 11-24.
    [B, '23:30', NEXT, 'day', false, false, true, B],
    [NEXT, '02:00', NEXT, 'day', false, false, true, B],
    [NEXT, '09:00', NEXT, 'day', false, false, false, NEXT],
    [NEXT, '17:00', NEXT, 'day', false, false, false, NEXT],
  ];
  it.each(table)('%s %s, business date %s: %s, audit %s (late %s), door %s, opening %s',
    (date, time, business, phase, may, late, door, opening) => {
      const now = at(date, time);
      expect(now).toEqual({ date, time });
      expect(dayPhase(now, business, HOURS)).toBe(phase);
      const open = auditAvailability(now, business, HOURS);
      expect(open.ok).toBe(may);
      if (open.ok) expect(open.late).toBe(late);
      else expect(open).toEqual({ ok: false, reason: 'before-cutoff', opensOn: business, opensAt: '23:00' });
      expect(doorModeByClock(now, HOURS)).toBe(door);
      expect(openingBusinessDate(now, HOURS)).toBe(opening);
    });

  it('a cut-off after midnight puts the window on the next calendar day', () => {
    const late: DoorHours = { cutoff: '00:30', morningEnd: '06:00' };
    expect(dayPhase(at(B, '23:30'), B, late)).toBe('day');
    expect(dayPhase(at(NEXT, '00:29'), B, late)).toBe('day');
    expect(dayPhase(at(NEXT, '00:30'), B, late)).toBe('audit');
    expect(dayPhase(at(NEXT, '06:00'), B, late)).toBe('overdue');
    expect(auditAvailability(at(B, '23:30'), B, late)).toEqual({ ok: false, reason: 'before-cutoff', opensOn: NEXT, opensAt: '00:30' });
    expect(openingBusinessDate(at(NEXT, '00:10'), late)).toBe(B);
  });

  it('bad input gets a clear reason', () => {
    expect(() => dayPhase({ date: '2026-02-30', time: '10:00' }, B, HOURS)).toThrow('Invalid local date ["2026-02-30"]');
    expect(() => dayPhase({ date: B, time: '7pm' }, B, HOURS)).toThrow('Invalid clock time ["7pm"]');
    expect(() => dayPhase(at(B, '10:00'), '23/11/2026', HOURS)).toThrow('Invalid business date ["23/11/2026"]');
    expect(() => dayPhase(at(B, '10:00'), B, { cutoff: '25:00', morningEnd: '06:00' })).toThrow(RangeError);
    expect(() => businessDateOf(B, ['nope'])).toThrow('Invalid closed business date ["nope"]');
    expect(() => tallyArrivals([], '')).toThrow('Invalid business date [""]');
  });
});

describe('the business date comes from the audit records', () => {
  it('is the day after the newest closed day, never earlier than the branch document', () => {
    expect(businessDateOf(B, [])).toBe(B);
    expect(businessDateOf(B, ['2026-11-21', B, '2026-11-22'])).toBe(NEXT);
    expect(businessDateOf(NEXT, ['2026-11-22'])).toBe(NEXT);
  });

  it('property: at least the document and every closed day + 1, and one of them', () => {
    const day = fc.integer({ min: 0, max: 800 }).map((n) => addDays('2025-01-01', n));
    fc.assert(fc.property(day, fc.array(day, { maxLength: 8 }), (doc, closed) => {
      const open = businessDateOf(doc, closed);
      expect(open >= doc).toBe(true);
      for (const d of closed) expect(open > d).toBe(true);
      expect([doc, ...closed.map((d) => addDays(d, 1))]).toContain(open);
    }), { seed: 20261207, numRuns: 300 });
  });
});

const clock = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const hours = fc.record({ cutoff: clock, morningEnd: clock });
const localNow = fc.tuple(fc.integer({ min: -3, max: 4 }), clock).map(([d, time]) => ({ date: addDays(B, d), time }));

describe('properties of the day phase', () => {
  it('the audit may run exactly outside the day phase; inside the window the door is in door mode by the clock', () => {
    fc.assert(fc.property(localNow, hours, (now, h) => {
      const phase = dayPhase(now, B, h);
      expect(auditAvailability(now, B, h).ok).toBe(phase !== 'day');
      if (phase === 'audit') expect(doorModeByClock(now, h)).toBe(true);
    }), { seed: 7, numRuns: 2000 });
  });

  it('the phase only moves forward as the clock does: day, then audit, then overdue', () => {
    const order = { day: 0, audit: 1, overdue: 2 } as const;
    fc.assert(fc.property(localNow, localNow, hours, (a, b, h) => {
      const [early, late] = `${a.date} ${a.time}` <= `${b.date} ${b.time}` ? [a, b] : [b, a];
      expect(order[dayPhase(early, B, h)]).toBeLessThanOrEqual(order[dayPhase(late, B, h)]);
    }), { seed: 11, numRuns: 2000 });
  });

  it('a branch opened at any moment starts on today or yesterday, and is never already overdue', () => {
    fc.assert(fc.property(localNow, hours, (now, h) => {
      const open = openingBusinessDate(now, h);
      expect([now.date, addDays(now.date, -1)]).toContain(open);
      expect(dayPhase(now, open, h)).not.toBe('overdue');
    }), { seed: 13, numRuns: 2000 });
  });
});

const status = fc.constantFrom(...RESERVATION_STATUSES);
const day = fc.constantFrom('2026-11-22', B, NEXT);

describe('one tally for the banner, the tiles and the audit report', () => {
  it('counts every arrival of the date once, in exactly one word', () => {
    fc.assert(fc.property(fc.array(fc.record({ arrivalDate: day, status }), { maxLength: 40 }), (list) => {
      const t = tallyArrivals(list, B);
      const ours = list.filter((r) => r.arrivalDate === B);
      expect(t.total).toBe(ours.length);
      expect(t.expected + t.arrived + t.noShow + t.cancelled).toBe(t.total);
      expect(t.arrived).toBe(t.checkedIn + t.checkedOut);
      expect(t.noShow).toBe(ours.filter((r) => r.status === 'no-show').length);
      expect(tallyArrivals([...list].reverse(), B)).toEqual(t);
    }), { seed: 17, numRuns: 500 });
  });

  it('the audit report agrees with the tally before and after the audit: rows = not arrived + cancelled', () => {
    const arb = fc.array(fc.record({
      status, guarantee: fc.boolean(), member: fc.boolean(), lateCancel: fc.boolean(), date: day,
    }), { maxLength: 30 });
    fc.assert(fc.property(arb, (specs) => {
      const members = new Map<string, Member>();
      const reservations: Reservation[] = specs.map((s, k) => {
        const memberId = s.member ? `M${k}` : '';
        if (s.member) members.set(memberId, member({ id: memberId }));
        return reservation({
          id: `R${String(k).padStart(3, '0')}`, memberId, arrivalDate: s.date, status: s.status,
          guaranteePoints: s.guarantee ? 500 : 0,
          cancelledAt: s.status === 'cancelled' ? sh(s.date, s.lateCancel ? '20:00' : '09:00') : 0,
        });
      });
      const check = (rs: readonly Reservation[]) => {
        const items = auditNoShows({ reservations: rs, members, businessDate: B, timeZone: TZ }, DEFAULT_RULES);
        const report = auditReport({ businessDate: B, reservations: rs, noShows: items, ledger: [], doorEvents: [], exceptionsPending: 0 });
        const t = tallyArrivals(rs, B);
        expect(report.tally).toEqual(t);
        expect(report.arrivals.total).toBe(t.total);
        expect(report.checkIns).toBe(t.arrived);
        expect(report.noShows.count).toBe(t.noShow + t.expected);
        expect(report.noShows.rows).toHaveLength(t.noShow + t.expected + t.cancelled);
        expect(report.noShows.charged).toBeLessThanOrEqual(report.noShows.rows.length);
        return items;
      };
      const items = check(reservations);
      // The audit marks the not-arrived as no-shows: afterwards nothing is expected, and the no-shows are the rows not arrived.
      const marked = new Map(markNoShows(items, 1).map((r) => [r.id, r]));
      const after = reservations.map((r) => marked.get(r.id) ?? r);
      check(after);
      const t = tallyArrivals(after, B);
      expect(t.expected).toBe(0);
      expect(t.noShow).toBe(items.filter((i) => i.cause === 'not-arrived').length);
    }), { seed: 19, numRuns: 300 });
  });
});
