/**
 * The points engine: what one checked-out stay earns. Pure; every number
 * comes from the rules table (./rules), time and ids are passed in.
 *
 * API
 * - `computeStayEarnings(input, rules)` → `{ lines, notes, total }`: the
 *   ledger lines a checkout posts (ids `${reservationId}:${rule}`, so posting
 *   the same checkout from two tablets yields the same ids and the ledger
 *   counts it once), explanatory notes for what earned nothing, and the sum.
 * - `isNewMemberBonusEligible(joinedAt, staysSinceJoinBeforeThis, checkoutAt, rules)`.
 * - `tierFor(stays12m, nights12m, currentTier, rules)`.
 * - `suggestionAdoptedLine(feedbackId, rules)`.
 * Ledger helpers (balance, held points, vouchers) are in ./ledger, the
 * late-arrival guarantee and no-show in ./guarantee, redemptions in
 * ./redemption.
 *
 * How a stay earns (lines in this order, zero-point lines omitted):
 * 1. 'stay': member price only; 1 point per whole CNY of the room-night fee
 *    (fee rounded down to whole yuan per night) per earning night. Earning
 *    nights = booked nights + extension nights, the latter only when the
 *    extension was booked in advance through an own channel. A guest who
 *    leaves early (`nightsStayed` below the booked total) earns for the
 *    nights stayed only: they use up the original booking's nights first,
 *    then the extension's (note 'early-departure').
 * 2. 'new-member': floor(stay × 3/2) − stay, when the caller says the stay is
 *    eligible (see isNewMemberBonusEligible). Stay points only.
 * 3. Booking points. Decision: an extension booked in advance through an own
 *    channel is a booking of its own. So the original booking counts when
 *    its channel is own, the extension counts when it was booked in advance
 *    via an own channel, and
 *    - 'booking.ordinary' (non-premium tiers): +77 per counted booking;
 *    - 'booking.premium' (gold/platinum, INSTEAD of +77): an extra 1× the
 *      room-night fee per room-night of the counted bookings.
 *    Booking points do not need the member rate (the rate only gates stay points).
 * 4. 'booking-for-other' (kind 'adjust', negative): when booked for someone
 *    else, the stay's total (1–3) becomes floor(total / 2).
 */
import type { EpochMs, LedgerKind, Tier, Channel } from './model';
import { fen, wholeYuan } from './units';
import { isOwnChannel, isPremium } from './rules';
import type { NoteCode, Rules, RuleCode } from './rules';

export type LineParams = Record<string, number | string | boolean>;

/** A ledger line before the caller adds member, branch, device, staff and time. */
export interface EarnLine {
  id: string;
  rule: RuleCode;
  kind: LedgerKind;
  points: number;
  params: LineParams;
}

/** Why something earned nothing (or was refused); rendered from `note.<rule>`. */
export interface EarnNote {
  rule: NoteCode;
  params: LineParams;
}

export interface StayInput {
  reservationId: string;
  memberId: string; // '' for a non-member: earns nothing
  branchId: string;
  channel: Channel;
  memberRate: boolean;
  nights: number;
  extensionNights: number;
  extensionAdvanceOwnChannel: boolean;
  rateFen: number;
  bookedForOther: boolean;
  tier: Tier;
  newMemberEligible: boolean;
  /** Nights actually stayed, when the guest left before the booked departure (1..nights + extensionNights). */
  nightsStayed?: number;
}

export interface StayEarnings {
  lines: EarnLine[];
  notes: EarnNote[];
  total: number;
}

export const DAY_MS = 86_400_000;

export function lineId(ownerId: string, rule: RuleCode): string {
  return `${ownerId}:${rule}`;
}

function assertCount(value: number, name: string, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`Invalid ${name} [${JSON.stringify(value)}]: must be an integer >= ${min}.`);
  }
}

function validate(input: StayInput): void {
  if (input.reservationId === '') throw new RangeError('Invalid reservationId: must not be empty.');
  assertCount(input.nights, 'nights', 1);
  assertCount(input.extensionNights, 'extensionNights', 0);
  assertCount(input.rateFen, 'rateFen', 0);
  if (input.nightsStayed !== undefined) {
    assertCount(input.nightsStayed, 'nightsStayed', 1);
    if (input.nightsStayed > input.nights + input.extensionNights) {
      throw new RangeError(`Invalid nightsStayed [${input.nightsStayed}]: more than the ${input.nights + input.extensionNights} nights booked.`);
    }
  }
}

/**
 * The stay's points. Throws a RangeError for impossible input (nights < 1,
 * negative or fractional counts or fee, empty reservation id).
 */
export function computeStayEarnings(input: StayInput, rules: Rules): StayEarnings {
  validate(input);
  const lines: EarnLine[] = [];
  const notes: EarnNote[] = [];
  const id = input.reservationId;

  if (input.memberId === '') {
    notes.push({ rule: 'no-member', params: {} });
    return { lines, notes, total: 0 };
  }

  const yuan = wholeYuan(fen(input.rateFen));
  const booked = input.nights + input.extensionNights;
  const stayed = input.nightsStayed ?? booked;
  // Nights stayed use up the original booking first, then the extension.
  const originalNights = Math.min(stayed, input.nights);
  const extensionStayed = Math.min(input.extensionNights, stayed - originalNights);
  if (stayed < booked) notes.push({ rule: 'early-departure', params: { booked, stayed } });
  const extensionEarns = extensionStayed > 0 && input.extensionAdvanceOwnChannel;
  const earningNights = originalNights + (extensionEarns ? extensionStayed : 0);
  if (extensionStayed > 0) {
    notes.push(extensionEarns
      ? { rule: 'extension.earns', params: { nights: extensionStayed } }
      : { rule: 'extension.no-points', params: { nights: extensionStayed } });
  }

  // 1. Stay points.
  let stay = 0;
  if (input.memberRate) {
    stay = earningNights * yuan * rules.pointsPerYuan;
    lines.push({
      id: lineId(id, 'stay'),
      rule: 'stay',
      kind: 'earn',
      points: stay,
      params: { nights: earningNights, yuan, pointsPerYuan: rules.pointsPerYuan, points: stay },
    });
  } else {
    notes.push({ rule: 'rate.non-member', params: { nights: earningNights } });
  }

  // 2. New-member bonus on stay points only.
  let bonus = 0;
  if (input.newMemberEligible && stay > 0) {
    const { multiplierNumerator: num, multiplierDenominator: den } = rules.newMember;
    bonus = Math.floor((stay * num) / den) - stay;
    lines.push({
      id: lineId(id, 'new-member'),
      rule: 'new-member',
      kind: 'earn',
      points: bonus,
      params: { stayPoints: stay, multiplier: String(num / den), points: bonus },
    });
  }

  // 3. Booking points: the original booking and an advance own-channel extension.
  const originalCounts = isOwnChannel(input.channel, rules);
  const bookings = (originalCounts ? 1 : 0) + (extensionEarns ? 1 : 0);
  const bookedNights = (originalCounts ? originalNights : 0) + (extensionEarns ? extensionStayed : 0);
  if (!originalCounts) notes.push({ rule: 'channel.not-own', params: { channel: input.channel } });
  let booking = 0;
  if (isPremium(input.tier, rules)) {
    const multiplier = rules.premiumBookingExtraPerNight;
    booking = bookedNights * yuan * rules.pointsPerYuan * multiplier;
    lines.push({
      id: lineId(id, 'booking.premium'),
      rule: 'booking.premium',
      kind: 'earn',
      points: booking,
      params: { nights: bookedNights, yuan, multiplier, points: booking },
    });
  } else {
    const perBooking = rules.ordinaryBookingBonus;
    booking = bookings * perBooking;
    lines.push({
      id: lineId(id, 'booking.ordinary'),
      rule: 'booking.ordinary',
      kind: 'earn',
      points: booking,
      params: { bookings, perBooking, points: booking },
    });
  }

  // 4. Booking for someone else: the whole stay total is divided, rounded down.
  const before = stay + bonus + booking;
  if (input.bookedForOther) {
    const after = Math.floor(before / rules.bookingForOtherDivisor);
    const deducted = before - after;
    lines.push({
      id: lineId(id, 'booking-for-other'),
      rule: 'booking-for-other',
      kind: 'adjust',
      points: -deducted,
      params: { before, after, divisor: rules.bookingForOtherDivisor, deducted, points: -deducted },
    });
  }

  const kept = lines.filter((line) => line.points !== 0);
  return { lines: kept, notes, total: kept.reduce((sum, line) => sum + line.points, 0) };
}

/**
 * New-member 1.5× (Assumption: first 3 stays within 90 days of joining).
 * Eligible when fewer than `firstStays` stays have been completed since
 * joining and the checkout is less than `withinDays` × 24 h after joining:
 * joining at t counts days [t, t + 90 d), so the 91st day is out. Plain
 * epoch-ms arithmetic, no calendar or time zone.
 */
export function isNewMemberBonusEligible(
  joinedAt: EpochMs,
  staysSinceJoinBeforeThis: number,
  checkoutAt: EpochMs,
  rules: Rules,
): boolean {
  const elapsed = checkoutAt - joinedAt;
  return (
    staysSinceJoinBeforeThis >= 0 &&
    staysSinceJoinBeforeThis < rules.newMember.firstStays &&
    elapsed >= 0 &&
    elapsed < rules.newMember.withinDays * DAY_MS
  );
}

/**
 * Card tier from the stays and room-nights of the last 12 months
 * (Assumption: thresholds in the rules table; "or", either count is enough).
 * Registered becomes silver after one stay; a member who has ever been
 * silver or above never drops below silver. Gold and platinum follow the
 * rolling counts (Assumption: no grace period; a downgrade is immediate).
 */
export function tierFor(stays12m: number, nights12m: number, currentTier: Tier, rules: Rules): Tier {
  const { gold, platinum } = rules.tierThresholds;
  if (stays12m >= platinum.stays || nights12m >= platinum.nights) return 'platinum';
  if (stays12m >= gold.stays || nights12m >= gold.nights) return 'gold';
  if (stays12m >= 1 || nights12m >= 1 || currentTier !== 'registered') return 'silver';
  return 'registered';
}

/** An adopted suggestion: +50 points, id `${feedbackId}:suggestion`. */
export function suggestionAdoptedLine(feedbackId: string, rules: Rules): EarnLine {
  const points = rules.suggestionAdoptedPoints;
  return { id: lineId(feedbackId, 'suggestion'), rule: 'suggestion', kind: 'earn', points, params: { points } };
}
