/**
 * Late-arrival guarantee (积分担保延迟入住), no-show and free cancellation.
 * Times are branch-local `HH:MM` strings; the caller converts instants.
 *
 * - The free hold ends at 18:00 (ordinary) / 19:00 (premium) on the arrival
 *   day; each 500 guaranteed points hold the room one more hour; a guarantee
 *   running past 23:00 is refused (Assumption, rules file).
 * - Guaranteed points are held, not spent (Assumption): a 'hold' line
 *   (negative) takes them out of the spendable balance; on arrival a
 *   'release' line (positive, same amount) returns them; on a no-show a
 *   'forfeit' line (0 points) records that they are lost, INSTEAD of the
 *   −300 per night penalty. Ids `${reservationId}:guarantee.hold|release|forfeit`.
 * - No-show without a guarantee: −300 points per booked room-night (kind
 *   'penalty'; the balance may go negative), except for a booking made on
 *   the arrival day at or after 18:00 (Decision: "after 18:00" includes 18:00).
 * - Free cancellation: any time before the arrival day, or on the arrival
 *   day strictly before 18:00 / 19:00 (Decision: at 18:00 the window is closed).
 */
import type { IsoDate, Tier } from './model';
import { isPremium } from './rules';
import type { ClockTime, Rules } from './rules';
import { lineId } from './points';
import type { EarnLine, EarnNote } from './points';

const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes after midnight of an `HH:MM` time; throws on anything else. */
export function clockMinutes(time: ClockTime): number {
  const m = CLOCK.exec(time);
  if (!m) throw new RangeError(`Invalid clock time [${JSON.stringify(time)}]: expected HH:MM.`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** `HH:MM` for minutes after midnight; 24:00 and later are written as such (never wrapped). */
export function formatClock(minutes: number): ClockTime {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** When the free hold ends (and free cancellation closes) for a tier. */
export function freeHoldUntil(tier: Tier, rules: Rules): ClockTime {
  return isPremium(tier, rules) ? rules.freeCancelUntil.premium : rules.freeCancelUntil.ordinary;
}

/** Whole hours a number of points guarantees (each 500 points = 1 hour, rounded down). */
export function guaranteeHours(points: number, rules: Rules): number {
  if (!Number.isSafeInteger(points) || points < 0) return 0;
  return Math.floor(points / rules.guarantee.pointsPerHour);
}

/** The latest number of guarantee hours a tier may buy without running past 23:00. */
export function maxGuaranteeHours(tier: Tier, rules: Rules): number {
  const free = clockMinutes(freeHoldUntil(tier, rules));
  return Math.max(0, Math.floor((clockMinutes(rules.guarantee.latest) - free) / 60));
}

export type GuaranteeCheck =
  | { ok: true; points: number; holdUntil: ClockTime }
  | { ok: false; error: 'quantity' }
  | { ok: false; error: 'past-latest'; maxHours: number; holdUntil: ClockTime; latest: ClockTime }
  | { ok: false; error: 'insufficient'; points: number; shortBy: number };

/**
 * May a member with this spendable balance guarantee `hours` extra hours?
 * Hours must be a positive integer; the hold may end at 23:00 but not later;
 * the points must be in the spendable balance.
 */
export function checkGuarantee(spendable: number, tier: Tier, hours: number, rules: Rules): GuaranteeCheck {
  if (!Number.isSafeInteger(hours) || hours < 1) return { ok: false, error: 'quantity' };
  const until = clockMinutes(freeHoldUntil(tier, rules)) + hours * 60;
  const holdUntil = formatClock(until);
  if (until > clockMinutes(rules.guarantee.latest)) {
    return {
      ok: false, error: 'past-latest', maxHours: maxGuaranteeHours(tier, rules), holdUntil, latest: rules.guarantee.latest,
    };
  }
  const points = hours * rules.guarantee.pointsPerHour;
  if (!(points <= spendable)) return { ok: false, error: 'insufficient', points, shortBy: points - spendable };
  return { ok: true, points, holdUntil };
}

/** Note explaining a refused guarantee, for the clerk. */
export function guaranteeNote(check: Exclude<GuaranteeCheck, { ok: true }>): EarnNote {
  switch (check.error) {
    case 'quantity':
      return { rule: 'guarantee.quantity', params: {} };
    case 'past-latest':
      return { rule: 'guarantee.past-latest', params: { maxHours: check.maxHours, until: check.holdUntil, latest: check.latest } };
    case 'insufficient':
      return { rule: 'guarantee.insufficient', params: { points: check.points, shortBy: check.shortBy } };
  }
}

function assertHeld(points: number): void {
  if (!Number.isSafeInteger(points) || points <= 0) {
    throw new RangeError(`Invalid guarantee points [${JSON.stringify(points)}]: must be a positive integer.`);
  }
}

/** Hold `points` (positive) for the reservation: a negative 'hold' line. */
export function guaranteeHoldLine(reservationId: string, points: number, holdUntil: ClockTime, rules: Rules): EarnLine {
  assertHeld(points);
  return {
    id: lineId(reservationId, 'guarantee.hold'),
    rule: 'guarantee.hold',
    kind: 'hold',
    points: -points,
    params: { held: points, until: holdUntil, perHour: rules.guarantee.pointsPerHour, points: -points },
  };
}

/** The guest arrived: the held points come back. */
export function guaranteeReleaseLine(reservationId: string, points: number): EarnLine {
  assertHeld(points);
  return {
    id: lineId(reservationId, 'guarantee.release'),
    rule: 'guarantee.release',
    kind: 'release',
    points,
    params: { released: points, points },
  };
}

/** The guest did not arrive: the held points are lost (the hold line already took them). */
export function guaranteeForfeitLine(reservationId: string, points: number): EarnLine {
  assertHeld(points);
  return {
    id: lineId(reservationId, 'guarantee.forfeit'),
    rule: 'guarantee.forfeit',
    kind: 'forfeit',
    points: 0,
    params: { forfeited: points, points: 0 },
  };
}

export interface NoShowInput {
  reservationId: string;
  nights: number; // booked room-nights of the original booking
  guaranteePoints: number; // points on hold for this reservation, 0 when none
  bookedOnArrivalDay: boolean;
  bookedAtLocal: ClockTime; // branch-local time the booking was made
}

/** What a no-show costs: the forfeit of a guarantee, the −300/night penalty, or nothing. */
export function noShowOutcome(input: NoShowInput, rules: Rules): { lines: EarnLine[]; notes: EarnNote[] } {
  if (input.guaranteePoints > 0) {
    return { lines: [guaranteeForfeitLine(input.reservationId, input.guaranteePoints)], notes: [] };
  }
  const exemptFrom = rules.noShow.sameDayBookingExemptAfter;
  if (input.bookedOnArrivalDay && clockMinutes(input.bookedAtLocal) >= clockMinutes(exemptFrom)) {
    return { lines: [], notes: [{ rule: 'no-show.same-day-exempt', params: { after: exemptFrom } }] };
  }
  if (!Number.isSafeInteger(input.nights) || input.nights < 1) {
    throw new RangeError(`Invalid nights [${JSON.stringify(input.nights)}]: must be an integer >= 1.`);
  }
  const perNight = rules.noShow.penaltyPerNight;
  const deducted = input.nights * perNight;
  return {
    lines: [{
      id: lineId(input.reservationId, 'no-show'),
      rule: 'no-show',
      kind: 'penalty',
      points: -deducted,
      params: { nights: input.nights, perNight, deducted, points: -deducted },
    }],
    notes: [],
  };
}

/** Is a cancellation made at `cancelDate cancelTime` free of charge? */
export function isFreeCancellation(
  tier: Tier,
  arrivalDate: IsoDate,
  cancelDate: IsoDate,
  cancelTime: ClockTime,
  rules: Rules,
): boolean {
  if (cancelDate < arrivalDate) return true;
  if (cancelDate > arrivalDate) return false;
  return clockMinutes(cancelTime) < clockMinutes(freeHoldUntil(tier, rules));
}
