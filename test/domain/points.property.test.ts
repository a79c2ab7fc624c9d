/**
 * Properties of the points engine, checked with fast-check.
 *
 * Seeded so a run is reproducible. Regression seeds: none so far. When a
 * property fails, fast-check prints `{ seed, path }`: add it below as
 * `fc.assert(prop, { seed, path })` in a dedicated `it` so it is replayed.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CHANNELS, TIERS } from '../../src/domain/model';
import { DEFAULT_RULES as R, REDEMPTION_ITEMS } from '../../src/domain/rules';
import { computeStayEarnings, DAY_MS } from '../../src/domain/points';
import type { StayInput } from '../../src/domain/points';
import { balance, heldPoints, voucherSchedule } from '../../src/domain/ledger';
import type { PaidStay } from '../../src/domain/ledger';
import { checkRedemption } from '../../src/domain/redemption';
import { guaranteeHoldLine, guaranteeReleaseLine, guaranteeForfeitLine } from '../../src/domain/guarantee';

fc.configureGlobal({ seed: 7_077_777, numRuns: 300 });

const stayInput: fc.Arbitrary<StayInput> = fc.record({
  reservationId: fc.stringMatching(/^R[0-9A-Z]{1,8}$/),
  memberId: fc.oneof({ weight: 9, arbitrary: fc.constant('M1') }, { weight: 1, arbitrary: fc.constant('') }),
  branchId: fc.constant('B1'),
  channel: fc.constantFrom(...CHANNELS),
  memberRate: fc.boolean(),
  nights: fc.integer({ min: 1, max: 60 }),
  extensionNights: fc.integer({ min: 0, max: 30 }),
  extensionAdvanceOwnChannel: fc.boolean(),
  rateFen: fc.integer({ min: 0, max: 500_000 }),
  bookedForOther: fc.boolean(),
  tier: fc.constantFrom(...TIERS),
  newMemberEligible: fc.boolean(),
});

const entry = fc.record({
  id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g'), // few ids, so duplicates are common
  points: fc.integer({ min: -5000, max: 5000 }),
});
const entries = fc.array(entry, { maxLength: 20 });
const withPermutation = <T>(arb: fc.Arbitrary<T[]>): fc.Arbitrary<[T[], T[]]> =>
  arb.chain((xs) => fc.tuple(fc.constant(xs), fc.shuffledSubarray(xs, { minLength: xs.length, maxLength: xs.length })));

const total = (input: StayInput): number => computeStayEarnings(input, R).total;

describe('ledger properties', () => {
  it('the balance does not depend on entry order', () => {
    fc.assert(fc.property(withPermutation(entries), ([xs, ys]) => balance(xs) === balance(ys)));
  });

  it('a duplicate entry changes nothing', () => {
    fc.assert(fc.property(entries.filter((xs) => xs.length > 0), fc.nat(), (xs, i) => {
      const dup = xs[i % xs.length];
      if (dup === undefined) return true;
      return balance([...xs, dup]) === balance(xs) && balance([dup, ...xs]) === balance(xs);
    }));
  });

  it('a stay posted twice (two tablets) counts once', () => {
    fc.assert(fc.property(stayInput, (input) => {
      const a = computeStayEarnings(input, R).lines;
      const b = computeStayEarnings(input, R).lines;
      return balance([...a, ...b]) === balance(a);
    }));
  });

  it('balance + held is unchanged by a hold, and restored by a release', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 1, max: 5 }), fc.boolean(),
      (start, hours, arrived) => {
        const earned = { id: 'R0:stay', kind: 'earn' as const, points: start };
        const held = hours * R.guarantee.pointsPerHour;
        const hold = guaranteeHoldLine('R1', held, '20:00', R);
        const after = [earned, hold];
        expect(balance(after) + heldPoints(after)).toBe(start);
        const close = arrived ? guaranteeReleaseLine('R1', held) : guaranteeForfeitLine('R1', held);
        const closed = [earned, hold, close];
        expect(heldPoints(closed)).toBe(0);
        expect(balance(closed)).toBe(arrived ? start : start - held);
      }));
  });
});

describe('earning properties', () => {
  it('earnings never decrease with more nights', () => {
    fc.assert(fc.property(stayInput, fc.integer({ min: 1, max: 30 }), (input, more) =>
      total({ ...input, nights: input.nights + more }) >= total(input)));
  });

  it('earnings never decrease with more extension nights', () => {
    fc.assert(fc.property(stayInput, fc.integer({ min: 1, max: 30 }), (input, more) =>
      total({ ...input, extensionNights: input.extensionNights + more }) >= total(input)));
  });

  it('earnings never decrease with a higher rate', () => {
    fc.assert(fc.property(stayInput, fc.integer({ min: 1, max: 100_000 }), (input, more) =>
      total({ ...input, rateFen: input.rateFen + more }) >= total(input)));
  });

  it('is deterministic, with unique ids under the reservation, integer points and a matching total', () => {
    fc.assert(fc.property(stayInput, (input) => {
      const a = computeStayEarnings(input, R);
      expect(computeStayEarnings({ ...input }, R)).toEqual(a);
      const ids = a.lines.map((l) => l.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const line of a.lines) {
        expect(line.id.startsWith(`${input.reservationId}:`)).toBe(true);
        expect(Number.isSafeInteger(line.points)).toBe(true);
        expect(line.points).not.toBe(0);
      }
      expect(a.total).toBe(a.lines.reduce((sum, l) => sum + l.points, 0));
      expect(a.total).toBeGreaterThanOrEqual(0);
    }));
  });

  it('booking for someone else gives exactly floor(half) of the same stay booked for oneself', () => {
    fc.assert(fc.property(stayInput, (input) =>
      total({ ...input, bookedForOther: true }) === Math.floor(total({ ...input, bookedForOther: false }) / 2)));
  });
});

describe('redemption properties', () => {
  it('a redemption is never allowed past the balance', () => {
    fc.assert(fc.property(
      fc.integer({ min: -10_000, max: 20_000 }), fc.constantFrom(...REDEMPTION_ITEMS), fc.integer({ min: -2, max: 6 }),
      (bal, item, quantity) => {
        const check = checkRedemption(bal, item, quantity, R);
        if (check.ok) {
          expect(Number.isSafeInteger(check.cost)).toBe(true);
          expect(check.cost).toBeGreaterThan(0);
          expect(check.cost).toBeLessThanOrEqual(bal);
          expect(bal - check.cost).toBeGreaterThanOrEqual(0);
        } else if (check.error === 'insufficient') {
          expect(check.shortBy).toBeGreaterThan(0);
          expect(check.cost - check.shortBy).toBe(bal);
        }
      }));
  });
});

describe('voucher properties', () => {
  const paidStays = fc.uniqueArray(
    fc.record({
      reservationId: fc.stringMatching(/^R[0-9]{1,4}$/),
      checkoutAt: fc.integer({ min: 0, max: 400 }).map((d) => Date.UTC(2025, 0, 1) + d * DAY_MS),
      paidNights: fc.integer({ min: 0, max: 10 }),
    }),
    { selector: (s: PaidStay) => s.reservationId, maxLength: 25 },
  );

  it('the schedule does not depend on the order of the stays', () => {
    fc.assert(fc.property(withPermutation(paidStays), ([xs, ys]) => {
      expect([...voucherSchedule(ys, R)].sort()).toEqual([...voucherSchedule(xs, R)].sort());
    }));
  });

  it('never issues more vouchers than 7-night blocks, nor uses nights twice', () => {
    fc.assert(fc.property(paidStays, (xs) => {
      const issued = [...voucherSchedule(xs, R).values()].reduce((a, b) => a + b, 0);
      const nights = xs.reduce((a, x) => a + x.paidNights, 0);
      return issued <= Math.floor(nights / R.voucher.paidNights);
    }));
  });

  it('all paid nights within one 90-day window give exactly floor(n / 7) vouchers', () => {
    fc.assert(fc.property(paidStays, (xs) => {
      const inWindow = xs.map((x) => ({ ...x, checkoutAt: Date.UTC(2025, 0, 1) + (x.checkoutAt % (89 * DAY_MS)) }));
      const issued = [...voucherSchedule(inWindow, R).values()].reduce((a, b) => a + b, 0);
      return issued === Math.floor(inWindow.reduce((a, x) => a + x.paidNights, 0) / R.voucher.paidNights);
    }));
  });
});
