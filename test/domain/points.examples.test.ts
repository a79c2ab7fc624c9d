/**
 * Worked examples of the points rules, one row per rule and per interaction.
 * Each row's title is what a clerk would say; the numbers are worked by hand
 * from /work/shared/domain/7days-member-rules.md and src/domain/rules.ts.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES as R } from '../../src/domain/rules';
import type { NoteCode, RuleCode } from '../../src/domain/rules';
import {
  computeStayEarnings, isNewMemberBonusEligible, suggestionAdoptedLine, tierFor, DAY_MS,
} from '../../src/domain/points';
import type { StayInput } from '../../src/domain/points';
import { balance, heldPoints, voucherLine, vouchersEarned, voucherSchedule } from '../../src/domain/ledger';
import type { PaidStay } from '../../src/domain/ledger';
import { checkRedemption, redeem, redemptionLine } from '../../src/domain/redemption';
import {
  checkGuarantee, guaranteeForfeitLine, guaranteeHoldLine, guaranteeReleaseLine, isFreeCancellation, noShowOutcome,
} from '../../src/domain/guarantee';
import type { Tier } from '../../src/domain/model';

const base: StayInput = {
  reservationId: 'R1', memberId: 'M1', branchId: 'B1', channel: 'app', memberRate: true,
  nights: 2, extensionNights: 0, extensionAdvanceOwnChannel: false, rateFen: 19_900,
  bookedForOther: false, tier: 'silver', newMemberEligible: false,
};

interface EarnRow {
  title: string;
  input: Partial<StayInput>;
  lines: Partial<Record<RuleCode, number>>;
  notes: NoteCode[];
}

const earnRows: EarnRow[] = [
  { title: 'ordinary member, 2 nights at ¥199 booked on the web: 398 stay + 77 booking',
    input: { channel: 'web' }, lines: { stay: 398, 'booking.ordinary': 77 }, notes: [] },
  { title: 'ordinary member via SMS earns the +77 once per booking, not per night',
    input: { channel: 'sms', nights: 5 }, lines: { stay: 995, 'booking.ordinary': 77 }, notes: [] },
  { title: 'gold (premium) member via the app: extra 1× fee per night instead of +77',
    input: { tier: 'gold' }, lines: { stay: 398, 'booking.premium': 398 }, notes: [] },
  { title: 'platinum member via WAP, 3 nights at ¥159',
    input: { tier: 'platinum', channel: 'wap', nights: 3, rateFen: 15_900 }, lines: { stay: 477, 'booking.premium': 477 }, notes: [] },
  { title: 'OTA booking at a non-member rate earns nothing',
    input: { channel: 'ota', memberRate: false }, lines: {}, notes: ['rate.non-member', 'channel.not-own'] },
  { title: 'walk-in at member rate: stay points, no booking bonus',
    input: { channel: 'walk-in', nights: 1, rateFen: 15_900 }, lines: { stay: 159 }, notes: ['channel.not-own'] },
  { title: 'phone call centre is not an own channel (Assumption): no booking bonus',
    input: { channel: 'phone' }, lines: { stay: 398 }, notes: ['channel.not-own'] },
  { title: 'premium member walk-in: no premium booking extra',
    input: { tier: 'gold', channel: 'walk-in' }, lines: { stay: 398 }, notes: ['channel.not-own'] },
  { title: 'booked on the app but not at member rate: booking bonus only',
    input: { memberRate: false }, lines: { 'booking.ordinary': 77 }, notes: ['rate.non-member'] },
  { title: 'non-member guest earns nothing',
    input: { memberId: '' }, lines: {}, notes: ['no-member'] },
  { title: 'booking for someone else halves the total: (398 + 77) / 2 = 237',
    input: { bookedForOther: true }, lines: { stay: 398, 'booking.ordinary': 77, 'booking-for-other': -238 }, notes: [] },
  { title: 'new member 1.5× on stay points only: 398 → +199, booking 77 not multiplied',
    input: { newMemberEligible: true }, lines: { stay: 398, 'new-member': 199, 'booking.ordinary': 77 }, notes: [] },
  { title: 'new member 1.5× rounds down: 1 night ¥199 → floor(298.5) − 199 = 99',
    input: { newMemberEligible: true, nights: 1 }, lines: { stay: 199, 'new-member': 99, 'booking.ordinary': 77 }, notes: [] },
  { title: 'new member no longer eligible (4th stay or 91st day): no bonus',
    input: { newMemberEligible: false }, lines: { stay: 398, 'booking.ordinary': 77 }, notes: [] },
  { title: 'new member booking for someone else: (199 + 99 + 77) / 2 = 187',
    input: { newMemberEligible: true, nights: 1, bookedForOther: true },
    lines: { stay: 199, 'new-member': 99, 'booking.ordinary': 77, 'booking-for-other': -188 }, notes: [] },
  { title: 'extension booked in advance via the app earns stay points and counts as a 2nd booking',
    input: { extensionNights: 1, extensionAdvanceOwnChannel: true }, lines: { stay: 597, 'booking.ordinary': 154 }, notes: ['extension.earns'] },
  { title: 'extension added at the desk earns nothing',
    input: { extensionNights: 2 }, lines: { stay: 398, 'booking.ordinary': 77 }, notes: ['extension.no-points'] },
  { title: 'walk-in whose extension was booked in advance on the app: +77 for the extension booking only',
    input: { channel: 'walk-in', extensionNights: 1, extensionAdvanceOwnChannel: true },
    lines: { stay: 597, 'booking.ordinary': 77 }, notes: ['extension.earns', 'channel.not-own'] },
  { title: 'premium member with an advance app extension: extra 1× on all 3 nights',
    input: { tier: 'gold', extensionNights: 1, extensionAdvanceOwnChannel: true },
    lines: { stay: 597, 'booking.premium': 597 }, notes: ['extension.earns'] },
  { title: 'a premium member booking for someone else through the app, with a 2-night extension booked at the desk',
    input: { tier: 'gold', bookedForOther: true, extensionNights: 2 },
    lines: { stay: 398, 'booking.premium': 398, 'booking-for-other': -398 }, notes: ['extension.no-points'] },
  { title: 'odd total rounds down: 1 night ¥198.99 → 198 + 77 = 275, for someone else 137',
    input: { nights: 1, rateFen: 19_899, bookedForOther: true },
    lines: { stay: 198, 'booking.ordinary': 77, 'booking-for-other': -138 }, notes: [] },
  { title: 'fen are dropped per night: 2 nights at ¥199.99 → 2 × 199',
    input: { rateFen: 19_999 }, lines: { stay: 398, 'booking.ordinary': 77 }, notes: [] },
  // Early departure (issue #10): points for the nights stayed only; they use up the original booking first.
  { title: 'early departure: 3 nights booked on the web, 1 stayed: stay points for 1 night, the booking still +77',
    input: { channel: 'web', nights: 3, nightsStayed: 1 }, lines: { stay: 199, 'booking.ordinary': 77 }, notes: ['early-departure'] },
  { title: 'early departure of a gold member: the premium extra follows the nights stayed',
    input: { tier: 'gold', nights: 3, nightsStayed: 2 }, lines: { stay: 398, 'booking.premium': 398 }, notes: ['early-departure'] },
  { title: 'early departure into an advance extension: 2 + 2 booked, 3 stayed: the 1 extension night stayed earns, and its booking',
    input: { extensionNights: 2, extensionAdvanceOwnChannel: true, nightsStayed: 3 }, lines: { stay: 597, 'booking.ordinary': 154 }, notes: ['early-departure', 'extension.earns'] },
  { title: 'leaving before an advance extension begins: its booking earns nothing',
    input: { extensionNights: 2, extensionAdvanceOwnChannel: true, nightsStayed: 2 }, lines: { stay: 398, 'booking.ordinary': 77 }, notes: ['early-departure'] },
  { title: 'leaving early from a desk extension: only the extension nights stayed are named',
    input: { nights: 1, extensionNights: 3, nightsStayed: 3 }, lines: { stay: 199, 'booking.ordinary': 77 }, notes: ['early-departure', 'extension.no-points'] },
];

describe('computeStayEarnings: worked examples', () => {
  it.each(earnRows)('$title', ({ input, lines, notes }) => {
    const result = computeStayEarnings({ ...base, ...input }, R);
    const got = Object.fromEntries(result.lines.map((l) => [l.rule, l.points]));
    expect(got).toEqual(lines);
    expect(result.notes.map((n) => n.rule)).toEqual(notes);
    expect(result.total).toBe(Object.values(lines).reduce((a, b) => a + b, 0));
    for (const line of result.lines) expect(line.id).toBe(`${base.reservationId}:${line.rule}`);
  });

  it('explains desk extension nights with their count', () => {
    const { notes } = computeStayEarnings({ ...base, extensionNights: 2 }, R);
    expect(notes).toEqual([{ rule: 'extension.no-points', params: { nights: 2 } }]);
  });

  it('posting the same checkout from two tablets counts once', () => {
    const { lines, total } = computeStayEarnings(base, R);
    const again = computeStayEarnings(base, R).lines;
    expect(balance([...lines, ...again])).toBe(total);
  });

  it.each([
    ['nights 0', { nights: 0 }], ['fractional nights', { nights: 1.5 }], ['negative extension', { extensionNights: -1 }],
    ['negative rate', { rateFen: -1 }], ['empty reservation id', { reservationId: '' }],
  ])('refuses impossible input: %s', (_t, input) => {
    expect(() => computeStayEarnings({ ...base, ...input }, R)).toThrow(RangeError);
  });
});

const JOINED = Date.UTC(2025, 0, 1, 4);
describe('isNewMemberBonusEligible (first 3 stays within 90 days)', () => {
  it.each([
    { title: 'first stay on the joining day', before: 0, at: JOINED + 3_600_000, ok: true },
    { title: '3rd stay on day 30', before: 2, at: JOINED + 29 * DAY_MS, ok: true },
    { title: '4th stay gets no bonus', before: 3, at: JOINED + 10 * DAY_MS, ok: false },
    { title: 'last moment of day 90', before: 0, at: JOINED + 90 * DAY_MS - 1, ok: true },
    { title: '91st day gets no bonus', before: 0, at: JOINED + 90 * DAY_MS, ok: false },
    { title: 'checkout before joining is not a new-member stay', before: 0, at: JOINED - 1, ok: false },
  ])('$title', ({ before, at, ok }) => {
    expect(isNewMemberBonusEligible(JOINED, before, at, R)).toBe(ok);
  });
});

const T0 = Date.UTC(2025, 2, 1, 4);
const s = (id: string, day: number, paidNights: number, ms = 0): PaidStay => ({
  reservationId: id, checkoutAt: T0 + day * DAY_MS + ms, paidNights,
});
describe('7 nights get 1: vouchersEarned', () => {
  it.each([
    { title: 'exactly 7 nights in one stay: 1 voucher', stays: [s('A', 0, 7)], id: 'A', n: 1 },
    { title: '6 nights: no voucher', stays: [s('A', 0, 6)], id: 'A', n: 0 },
    { title: '3 + 4 nights within 90 days: voucher on the second checkout', stays: [s('A', 0, 3), s('B', 40, 4)], id: 'B', n: 1 },
    { title: '6 + 1 at the last moment of the window: voucher', stays: [s('A', 0, 6), s('B', 90, 1, -1)], id: 'B', n: 1 },
    { title: '6 + 1 exactly 90 days later: the 6 have left the window', stays: [s('A', 0, 6), s('B', 90, 1)], id: 'B', n: 0 },
    { title: '14 nights in one stay: 2 vouchers', stays: [s('A', 0, 14)], id: 'A', n: 2 },
    { title: 'nights used by a voucher do not count again', stays: [s('A', 0, 7), s('B', 10, 6)], id: 'B', n: 0 },
    { title: 'left-over nights carry: 5 + 5 (voucher, 3 left) + 4', stays: [s('A', 0, 5), s('B', 5, 5), s('C', 9, 4)], id: 'C', n: 1 },
    { title: 'a later stay does not change an earlier checkout', stays: [s('A', 0, 3), s('B', 1, 4), s('C', 2, 7)], id: 'B', n: 1 },
  ])('$title', ({ stays, id, n }) => {
    expect(vouchersEarned(stays, id, R)).toBe(n);
    expect(vouchersEarned([...stays].reverse(), id, R)).toBe(n);
  });

  it('is carried by a 0-point earn line with the voucher count', () => {
    expect(voucherLine('B', 1, R)).toEqual({
      id: 'B:voucher.7nights', rule: 'voucher.7nights', kind: 'earn', points: 0,
      params: { vouchers: 1, paidNights: 7, windowDays: 90 },
    });
    expect(voucherLine('B', 0, R)).toBeNull();
  });

  it('counts a reservation posted twice once', () => {
    expect(voucherSchedule([s('A', 0, 4), s('A', 0, 4)], R).size).toBe(0);
  });
});

describe('redemptions', () => {
  it('refuses milk when short by 1 point', () => {
    expect(checkRedemption(199, 'milk', 1, R)).toEqual({ ok: false, error: 'insufficient', cost: 200, shortBy: 1 });
    const r = redeem(199, 'X1', 'milk', 1, R);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.note).toEqual({ rule: 'redeem.insufficient', params: { item: 'milk', cost: 200, shortBy: 1 } });
  });

  it('allows milk with exactly 200 points', () => {
    expect(checkRedemption(200, 'milk', 1, R)).toEqual({ ok: true, cost: 200 });
  });

  it('late checkout 3 hours costs 1500 points', () => {
    expect(checkRedemption(1500, 'lateCheckout', 3, R)).toEqual({ ok: true, cost: 1500 });
    expect(redemptionLine('X2', 'lateCheckout', 3, R)).toEqual({
      id: 'X2:redeem.lateCheckout', rule: 'redeem.lateCheckout', kind: 'redeem', points: -1500,
      params: { item: 'lateCheckout', quantity: 3, unitPoints: 500, cost: 1500, points: -1500 },
    });
  });

  it.each([
    ['late checkout 5 hours (max 4)', 'lateCheckout', 5], ['two milks', 'milk', 2], ['zero', 'freeNight', 0],
    ['fraction', 'lateCheckout', 1.5], ['negative', 'memberCard', -1],
  ] as const)('refuses a bad quantity: %s', (_t, item, quantity) => {
    expect(checkRedemption(1_000_000, item, quantity, R)).toEqual({ ok: false, error: 'quantity' });
    expect(() => redemptionLine('X', item, quantity, R)).toThrow(RangeError);
  });

  it('a free night costs 2000 and a member card 100', () => {
    expect(checkRedemption(5000, 'freeNight', 1, R)).toEqual({ ok: true, cost: 2000 });
    expect(checkRedemption(100, 'memberCard', 1, R)).toEqual({ ok: true, cost: 100 });
  });
});

describe('late-arrival guarantee', () => {
  const earned = { id: 'R0:stay', kind: 'earn' as const, points: 3000 };

  it('hold takes points out of the spendable balance; arrival releases them', () => {
    const check = checkGuarantee(3000, 'silver', 2, R);
    expect(check).toEqual({ ok: true, points: 1000, holdUntil: '20:00' });
    const hold = guaranteeHoldLine('R9', 1000, '20:00', R);
    expect(balance([earned, hold])).toBe(2000);
    expect(heldPoints([earned, hold])).toBe(1000);
    expect(balance([earned, hold, hold])).toBe(2000); // posted twice, counted once
    const release = guaranteeReleaseLine('R9', 1000);
    expect(balance([earned, hold, release])).toBe(3000);
    expect(heldPoints([earned, hold, release])).toBe(0);
  });

  it('a no-show forfeits the held points instead of the −300 penalty', () => {
    const hold = guaranteeHoldLine('R9', 1000, '20:00', R);
    const outcome = noShowOutcome(
      { reservationId: 'R9', nights: 2, guaranteePoints: 1000, bookedOnArrivalDay: false, bookedAtLocal: '09:00' }, R);
    expect(outcome.lines).toEqual([guaranteeForfeitLine('R9', 1000)]);
    expect(balance([earned, hold, ...outcome.lines])).toBe(2000);
    expect(heldPoints([earned, hold, ...outcome.lines])).toBe(0);
  });

  it.each([
    { title: 'ordinary: 5 hours reach 23:00', tier: 'silver', hours: 5, ok: true },
    { title: 'ordinary: 6 hours would pass 23:00', tier: 'registered', hours: 6, ok: false },
    { title: 'premium: 4 hours reach 23:00', tier: 'gold', hours: 4, ok: true },
    { title: 'premium: 5 hours would pass 23:00', tier: 'platinum', hours: 5, ok: false },
  ])('$title', ({ tier, hours, ok }) => {
    expect(checkGuarantee(10_000, tier as Tier, hours, R).ok).toBe(ok);
  });

  it('refuses a guarantee past the balance or of no hours', () => {
    expect(checkGuarantee(999, 'silver', 2, R)).toEqual({ ok: false, error: 'insufficient', points: 1000, shortBy: 1 });
    expect(checkGuarantee(5000, 'silver', 0, R)).toEqual({ ok: false, error: 'quantity' });
  });
});

describe('no-show and cancellation', () => {
  const ns = { reservationId: 'R5', nights: 2, guaranteePoints: 0, bookedOnArrivalDay: false, bookedAtLocal: '10:00' };
  it('costs 300 points per booked room-night', () => {
    expect(noShowOutcome(ns, R).lines.map((l) => [l.id, l.kind, l.points])).toEqual([['R5:no-show', 'penalty', -600]]);
  });
  it('same-day booking made after 18:00 carries no penalty', () => {
    const out = noShowOutcome({ ...ns, bookedOnArrivalDay: true, bookedAtLocal: '18:30' }, R);
    expect(out).toEqual({ lines: [], notes: [{ rule: 'no-show.same-day-exempt', params: { after: '18:00' } }] });
  });
  it('same-day booking made at 17:59 is penalised', () => {
    expect(noShowOutcome({ ...ns, bookedOnArrivalDay: true, bookedAtLocal: '17:59' }, R).lines).toHaveLength(1);
  });
  it.each([
    { title: 'ordinary cancels at 17:59 on arrival day: free', tier: 'silver', date: '2025-03-01', time: '17:59', free: true },
    { title: 'ordinary cancels at 18:00: not free', tier: 'silver', date: '2025-03-01', time: '18:00', free: false },
    { title: 'premium cancels at 18:30: free', tier: 'gold', date: '2025-03-01', time: '18:30', free: true },
    { title: 'premium cancels at 19:00: not free', tier: 'gold', date: '2025-03-01', time: '19:00', free: false },
    { title: 'cancel the evening before: free', tier: 'silver', date: '2025-02-28', time: '23:30', free: true },
    { title: 'cancel the day after arrival: not free', tier: 'gold', date: '2025-03-02', time: '08:00', free: false },
  ])('$title', ({ tier, date, time, free }) => {
    expect(isFreeCancellation(tier as Tier, '2025-03-01', date, time, R)).toBe(free);
  });
});

describe('suggestion adopted and tiers', () => {
  it('an adopted suggestion earns 50 points, once', () => {
    const line = suggestionAdoptedLine('F7', R);
    expect(line).toEqual({ id: 'F7:suggestion', rule: 'suggestion', kind: 'earn', points: 50, params: { points: 50 } });
    expect(balance([line, suggestionAdoptedLine('F7', R)])).toBe(50);
  });

  it.each([
    { title: 'registered, never stayed', stays: 0, nights: 0, current: 'registered', tier: 'registered' },
    { title: 'registered after one stay becomes silver', stays: 1, nights: 1, current: 'registered', tier: 'silver' },
    { title: 'gold at 10 stays', stays: 10, nights: 10, current: 'silver', tier: 'gold' },
    { title: 'gold at 15 nights', stays: 3, nights: 15, current: 'silver', tier: 'gold' },
    { title: 'platinum at 30 stays', stays: 30, nights: 30, current: 'gold', tier: 'platinum' },
    { title: 'platinum at 45 nights', stays: 9, nights: 45, current: 'gold', tier: 'platinum' },
    { title: 'gold with no recent stays falls back to silver, never registered', stays: 0, nights: 0, current: 'gold', tier: 'silver' },
  ])('$title', ({ stays, nights, current, tier }) => {
    expect(tierFor(stays, nights, current as Tier, R)).toBe(tier);
  });
});
