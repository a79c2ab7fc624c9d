import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cancellationTerms, checkStayDates, departureOf, MAX_BOOKING_NIGHTS, planBooking, planBookingChange, planCancellation,
  planGuaranteeAdd, planGuaranteeRelease, type BookingInput,
} from '../../src/domain/booking';
import { addDays } from '../../src/domain/dates';
import { auditNoShows } from '../../src/domain/night-audit';
import type { Member, Reservation, Tier } from '../../src/domain/model';
import { TIERS } from '../../src/domain/model';
import { DEFAULT_RULES } from '../../src/domain/rules';
import { BUSINESS_DATE, member, NOW, reservation } from '../support/fixtures';

const rules = DEFAULT_RULES;

function input(over: Partial<BookingInput> = {}): BookingInput {
  return {
    id: 'D-1', branchId: 'gz-test', businessDate: BUSINESS_DATE, memberId: 'M000000001', guestName: ' 张伟 ', guestPhone: '13812345678',
    channel: 'phone', roomType: 'king', rateFen: 19_800, expectedArrival: '20:00', arrivalDate: '2026-11-25', departureDate: '2026-11-27', now: NOW, ...over,
  };
}

const expected = (over: Partial<Reservation> = {}) =>
  reservation({ id: 'D-1', guestName: '张伟', memberId: 'M000000001', arrivalDate: '2026-11-25', nights: 2, ...over });

describe('planBooking', () => {
  it('makes an expected phone booking with the nights between the dates and the channel recorded', () => {
    const plan = planBooking(input());
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.reservation).toMatchObject({ status: 'expected', nights: 2, channel: 'phone', memberRate: true, guestName: '张伟', bookedAt: NOW, arrivalDate: '2026-11-25' });
    expect(departureOf(plan.reservation)).toBe('2026-11-27');
  });

  it.each([
    ['a date in the past', { arrivalDate: '2026-11-22', departureDate: '2026-11-24' }, { field: 'arrivalDate', code: 'past' }],
    ['departure before arrival', { departureDate: '2026-11-24' }, { field: 'departureDate', code: 'beforeArrival' }],
    ['0 nights', { departureDate: '2026-11-25' }, { field: 'departureDate', code: 'beforeArrival' }],
    ['400 nights', { departureDate: addDays('2026-11-25', 400) }, { field: 'departureDate', code: 'tooLong' }],
    ['no arrival date', { arrivalDate: '' }, { field: 'arrivalDate', code: 'required' }],
    ['an impossible date', { arrivalDate: '2026-02-30' }, { field: 'arrivalDate', code: 'invalid' }],
    ['a bad phone', { guestPhone: '12345' }, { field: 'guestPhone', code: 'invalid' }],
    ['a bad arrival time', { expectedArrival: '25:00' }, { field: 'expectedArrival', code: 'invalid' }],
    ['a zero rate', { rateFen: 0 }, { field: 'rateFen', code: 'invalid' }],
    // Issue #11: the walk-in's bounds (rules.walkIn) hold for a booking too.
    ['a 200-character name', { guestName: '林'.repeat(200) }, { field: 'guestName', code: 'tooLong' }],
    ['a 33-character name', { guestName: 'a'.repeat(33) }, { field: 'guestName', code: 'tooLong' }],
    ['a rate of ¥99,999,999', { rateFen: 9_999_999_900 }, { field: 'rateFen', code: 'range' }],
    ['a rate of ¥0.50', { rateFen: 50 }, { field: 'rateFen', code: 'range' }],
  ])('refuses %s with a reason', (_name, over, error) => {
    const plan = planBooking(input(over as Partial<BookingInput>));
    expect(plan.ok).toBe(false);
    if (!plan.ok) expect(plan.errors).toContainEqual(error);
  });

  it('property: accepts exactly arrivals from the business date on and stays of 1..90 nights', () => {
    fc.assert(fc.property(fc.integer({ min: -30, max: 400 }), fc.integer({ min: -5, max: 120 }), (ahead, nights) => {
      const arrivalDate = addDays(BUSINESS_DATE, ahead);
      const r = checkStayDates({ arrivalDate, departureDate: addDays(arrivalDate, nights) }, BUSINESS_DATE);
      const valid = ahead >= 0 && ahead <= 365 && nights >= 1 && nights <= MAX_BOOKING_NIGHTS;
      expect(r.errors.length === 0).toBe(valid);
      expect(r.nights).toBe(valid ? nights : 0);
    }));
  });
});

describe('planBookingChange', () => {
  it('moves the dates and room type of an expected booking, keeping id, channel and guarantee', () => {
    const r = expected({ guaranteePoints: 500, channel: 'app' });
    const plan = planBookingChange(r, { arrivalDate: '2026-11-26', departureDate: '2026-11-29', roomType: 'family' }, BUSINESS_DATE, NOW + 1);
    expect(plan).toMatchObject({ ok: true, reservation: { id: 'D-1', channel: 'app', guaranteePoints: 500, arrivalDate: '2026-11-26', nights: 3, roomType: 'family', updatedAt: NOW + 1 } });
  });

  it('refuses a checked-in stay, a past date and no change at all', () => {
    expect(planBookingChange(expected({ status: 'checked-in' }), { arrivalDate: '2026-11-26', departureDate: '2026-11-27', roomType: 'king' }, BUSINESS_DATE, NOW))
      .toEqual({ ok: false, state: 'checkedIn' });
    expect(planBookingChange(expected(), { arrivalDate: '2026-11-20', departureDate: '2026-11-27', roomType: 'king' }, BUSINESS_DATE, NOW))
      .toEqual({ ok: false, errors: [{ field: 'arrivalDate', code: 'past' }] });
    expect(planBookingChange(expected(), { arrivalDate: '2026-11-25', departureDate: '2026-11-27', roomType: 'king' }, BUSINESS_DATE, NOW))
      .toEqual({ ok: false, errors: [{ field: 'departureDate', code: 'unchanged' }] });
  });
});

describe('cancellationTerms', () => {
  const booked = { date: '2026-11-20', time: '10:00' };

  it('is free the day before, and on the arrival day before 18:00 (ordinary) / 19:00 (premium)', () => {
    const r = expected();
    expect(cancellationTerms(r, 'silver', { date: '2026-11-24', time: '23:59' }, booked, rules)).toMatchObject({ ok: true, free: true, penalty: 0 });
    expect(cancellationTerms(r, 'silver', { date: '2026-11-25', time: '17:59' }, booked, rules)).toMatchObject({ free: true, freeUntil: '18:00' });
    expect(cancellationTerms(r, 'silver', { date: '2026-11-25', time: '18:00' }, booked, rules)).toMatchObject({ free: false, penalty: 600 });
    expect(cancellationTerms(r, 'gold', { date: '2026-11-25', time: '18:30' }, booked, rules)).toMatchObject({ free: true, freeUntil: '19:00' });
  });

  it('forfeits a guarantee instead of the penalty after the window, and releases it inside', () => {
    const r = expected({ guaranteePoints: 1000 });
    expect(cancellationTerms(r, 'silver', { date: '2026-11-25', time: '20:00' }, booked, rules)).toMatchObject({ free: false, penalty: 0, forfeit: 1000, release: 0 });
    const terms = cancellationTerms(r, 'silver', { date: '2026-11-24', time: '09:00' }, booked, rules);
    expect(terms).toMatchObject({ free: true, release: 1000 });
    const plan = planCancellation(r, terms, NOW);
    expect(plan).toMatchObject({ ok: true, reservation: { status: 'cancelled', cancelledAt: NOW, guaranteePoints: 0 } });
    if (plan.ok) expect(plan.lines).toEqual([expect.objectContaining({ id: 'D-1:guarantee.release', kind: 'release', points: 1000 })]);
  });

  it('refuses to cancel a checked-in stay', () => {
    expect(cancellationTerms(expected({ status: 'checked-in' }), 'gold', booked, booked, rules)).toEqual({ ok: false, state: 'checkedIn' });
  });

  it('property: the clerk is told what the night audit will post for the cancelled booking', () => {
    const minutes = fc.integer({ min: 0, max: 24 * 60 - 1 }).map((m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);
    fc.assert(fc.property(
      fc.constantFrom<Tier>(...TIERS), fc.integer({ min: -2, max: 0 }), minutes, fc.integer({ min: 1, max: 5 }), fc.constantFrom(0, 500, 1500),
      fc.integer({ min: -3, max: 0 }), minutes,
      (tier, cancelDay, cancelTime, nights, guaranteePoints, bookedDay, bookedTime) => {
        const arrivalDate = '2026-11-25';
        // Instants in Shanghai (UTC+8) of the local date/time pairs.
        const at = (date: string, time: string) => Date.parse(`${date}T${time}:00+08:00`);
        const bookedAt = { date: addDays(arrivalDate, bookedDay), time: bookedTime };
        const cancel = { date: addDays(arrivalDate, cancelDay), time: cancelTime };
        const r = expected({ arrivalDate, nights, guaranteePoints, bookedAt: at(bookedAt.date, bookedAt.time) });
        const terms = cancellationTerms(r, tier, cancel, bookedAt, rules);
        if (!terms.ok) throw new Error('expected terms');
        const plan = planCancellation(r, terms, at(cancel.date, cancel.time));
        if (!plan.ok) throw new Error('expected a plan');
        const m: Member = member({ id: 'M000000001', name: '张伟', cardNo: '770000000001', tier });
        const [item] = auditNoShows({ reservations: [plan.reservation], members: new Map([[m.id, m]]), businessDate: arrivalDate }, rules);
        if (!item) throw new Error('the audit skipped the cancellation');
        expect(item.points + terms.penalty).toBe(0);
        expect(item.forfeited).toBe(terms.forfeit);
        expect(item.outcome.kind === 'exempt').toBe(terms.free);
      },
    ));
  });
});

describe('guarantee at the desk', () => {
  const add = (over: Partial<Parameters<typeof planGuaranteeAdd>[0]> = {}) =>
    planGuaranteeAdd({ reservation: expected(), tier: 'silver', spendable: 2000, hours: 2, businessDate: BUSINESS_DATE, releasedBefore: false, now: NOW, ...over }, rules);

  it('holds 500 points an hour from the free hold, shown with the time it holds to', () => {
    expect(add()).toMatchObject({ ok: true, holdUntil: '20:00', line: { id: 'D-1:guarantee.hold', kind: 'hold', points: -1000 }, reservation: { guaranteePoints: 1000 } });
  });

  it('refuses a guarantee past 23:00, without the points, twice, or after a release', () => {
    expect(add({ hours: 6 })).toMatchObject({ ok: false, error: { error: 'past-latest', maxHours: 5, latest: '23:00' } });
    expect(add({ tier: 'gold', hours: 5 })).toMatchObject({ ok: false, error: { error: 'past-latest', maxHours: 4 } });
    expect(add({ spendable: 900 })).toMatchObject({ ok: false, error: { error: 'insufficient', shortBy: 100 } });
    expect(add({ reservation: expected({ guaranteePoints: 500 }) })).toMatchObject({ ok: false, error: { error: 'already' } });
    expect(add({ releasedBefore: true })).toMatchObject({ ok: false, error: { error: 'releasedBefore' } });
    expect(add({ reservation: expected({ memberId: '' }) })).toMatchObject({ ok: false, error: { error: 'noMember' } });
    expect(add({ reservation: expected({ status: 'checked-in' }) })).toMatchObject({ ok: false, error: { error: 'state', state: 'checkedIn' } });
  });

  it('releases the held points back before arrival', () => {
    expect(planGuaranteeRelease(expected({ guaranteePoints: 1500 }), NOW)).toMatchObject({ ok: true, line: { id: 'D-1:guarantee.release', points: 1500 }, reservation: { guaranteePoints: 0 } });
    expect(planGuaranteeRelease(expected(), NOW)).toMatchObject({ ok: false, error: { error: 'notHeld' } });
  });

  it('property: a granted guarantee never runs past 23:00 and holds exactly 500 points an hour', () => {
    fc.assert(fc.property(fc.constantFrom<Tier>(...TIERS), fc.integer({ min: -2, max: 10 }), fc.integer({ min: 0, max: 10_000 }), (tier, hours, spendable) => {
      const plan = add({ tier, hours, spendable });
      if (!plan.ok) return;
      expect(plan.holdUntil <= '23:00').toBe(true);
      expect(-plan.line.points).toBe(hours * 500);
      expect(plan.reservation.guaranteePoints).toBe(hours * 500);
      expect(hours * 500).toBeLessThanOrEqual(spendable);
    }));
  });
});
