/**
 * Bookings made, changed and cancelled at the desk (a phone call or a guest
 * at the counter booking a later date), and the late-arrival guarantee added
 * or released on the phone. Pure: the caller passes the branch's business
 * date, the branch-local clock and new ids.
 *
 * - A stay is given as arrival and departure dates; nights = the days
 *   between them, 1..MAX_BOOKING_NIGHTS (the reservation schema's limit).
 *   The arrival may not be before the branch's business date.
 * - The channel is recorded ('phone' or 'walk-in') so the booking points at
 *   check-out follow the channel rules of ./points like any other booking.
 * - Only an expected booking can be changed, cancelled or guaranteed: a
 *   checked-in stay belongs to the stay changes, not to the booking.
 * - Cancelling: inside the free window (./guarantee isFreeCancellation) it
 *   costs nothing and releases a held guarantee; later it counts as a no-show
 *   at the night audit (rules file), which posts the −300/night penalty or
 *   forfeits the guarantee. `cancellationTerms` says which, before the clerk
 *   confirms; the audit decides it again from the same functions.
 * - A guarantee holds its points with the hold line of ./guarantee, once per
 *   booking (ledger ids are deterministic and lines immutable): released at
 *   the desk, it cannot be added again to the same booking.
 */
import { addDays, daysBetween, isIsoDate } from './dates';
import { checkGuarantee, freeHoldUntil, guaranteeHoldLine, guaranteeReleaseLine, isFreeCancellation, noShowOutcome, clockMinutes, formatClock } from './guarantee';
import type { GuaranteeCheck } from './guarantee';
import type { Channel, EpochMs, IsoDate, Reservation, RoomType, Tier } from './model';
import { ROOM_TYPES } from './model';
import { isMobile, normalizePhone } from './phone';
import type { EarnLine } from './points';
import { DEFAULT_RULES, type ClockTime, type Rules } from './rules';

export const MAX_BOOKING_NIGHTS = 90;
/** How far ahead the desk takes a booking (a year). */
export const MAX_ADVANCE_DAYS = 365;
export const DESK_CHANNELS = ['phone', 'walk-in'] as const satisfies readonly Channel[];
export type DeskChannel = (typeof DESK_CHANNELS)[number];

/** Why a booking form is refused, field by field (each pair has its text in src/i18n). */
export type BookingError =
  | { field: 'guestName'; code: 'required' | 'tooLong' }
  | { field: 'guestPhone'; code: 'required' | 'invalid' }
  | { field: 'rateFen'; code: 'invalid' | 'range' }
  | { field: 'channel' | 'roomType' | 'expectedArrival'; code: 'invalid' }
  | { field: 'arrivalDate'; code: 'required' | 'invalid' | 'past' | 'tooFar' }
  | { field: 'departureDate'; code: 'required' | 'invalid' | 'beforeArrival' | 'tooLong' | 'unchanged' };
export type BookingField = BookingError['field'];

export interface StayDates {
  arrivalDate: string;
  departureDate: string;
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Checks arrival/departure against the business date; the nights when valid. */
export function checkStayDates(dates: StayDates, businessDate: IsoDate): { nights: number; errors: BookingError[] } {
  const errors: BookingError[] = [];
  const { arrivalDate, departureDate } = dates;
  const arrivalOk = isIsoDate(arrivalDate);
  if (arrivalDate === '') errors.push({ field: 'arrivalDate', code: 'required' });
  else if (!arrivalOk) errors.push({ field: 'arrivalDate', code: 'invalid' });
  else if (arrivalDate < businessDate) errors.push({ field: 'arrivalDate', code: 'past' });
  else if (daysBetween(businessDate, arrivalDate) > MAX_ADVANCE_DAYS) errors.push({ field: 'arrivalDate', code: 'tooFar' });
  if (departureDate === '') errors.push({ field: 'departureDate', code: 'required' });
  else if (!isIsoDate(departureDate)) errors.push({ field: 'departureDate', code: 'invalid' });
  else if (arrivalOk) {
    const nights = daysBetween(arrivalDate, departureDate);
    if (nights < 1) errors.push({ field: 'departureDate', code: 'beforeArrival' });
    else if (nights > MAX_BOOKING_NIGHTS) errors.push({ field: 'departureDate', code: 'tooLong' });
    else if (errors.length === 0) return { nights, errors };
  }
  return { nights: 0, errors };
}

/** The departure date of a booking (original nights plus any extension). */
export function departureOf(r: Pick<Reservation, 'arrivalDate' | 'nights' | 'extensionNights'>): IsoDate {
  return addDays(r.arrivalDate, r.nights + r.extensionNights);
}

export interface BookingInput extends StayDates {
  id: string;
  branchId: string;
  businessDate: IsoDate;
  /** '' for a guest who is not a member. */
  memberId: string;
  guestName: string;
  guestPhone: string;
  channel: DeskChannel;
  roomType: RoomType;
  rateFen: number;
  expectedArrival: string;
  note?: string;
  now: EpochMs;
}

export type BookingPlan = { ok: true; reservation: Reservation } | { ok: false; errors: BookingError[] };

/**
 * A new future (or today's) booking taken at the desk, status 'expected'.
 * The name and the rate have the walk-in's bounds (rules.walkIn: the same
 * guest and the same room-night fee, booked a day earlier).
 */
export function planBooking(input: BookingInput, rules: Pick<Rules, 'walkIn'> = DEFAULT_RULES): BookingPlan {
  if (input.id === '' || input.branchId === '') {
    throw new RangeError(`Invalid booking ids [${JSON.stringify({ id: input.id, branchId: input.branchId })}]: must be non-empty.`);
  }
  const guestName = input.guestName.trim();
  // The one phone rule of every form (./phone.ts): normalised, then judged, and stored normalised.
  const guestPhone = normalizePhone(input.guestPhone);
  const expectedArrival = input.expectedArrival.trim();
  const errors: BookingError[] = [];
  if (guestName === '') errors.push({ field: 'guestName', code: 'required' });
  else if ([...guestName].length > rules.walkIn.guestNameMaxChars) errors.push({ field: 'guestName', code: 'tooLong' });
  if (guestPhone === '') errors.push({ field: 'guestPhone', code: 'required' });
  else if (!isMobile(guestPhone)) errors.push({ field: 'guestPhone', code: 'invalid' });
  if (!(DESK_CHANNELS as readonly string[]).includes(input.channel)) errors.push({ field: 'channel', code: 'invalid' });
  if (!(ROOM_TYPES as readonly string[]).includes(input.roomType)) errors.push({ field: 'roomType', code: 'invalid' });
  if (!Number.isSafeInteger(input.rateFen) || input.rateFen <= 0) errors.push({ field: 'rateFen', code: 'invalid' });
  else if (input.rateFen < rules.walkIn.minRateFen || input.rateFen > rules.walkIn.maxRateFen) errors.push({ field: 'rateFen', code: 'range' });
  if (!HHMM.test(expectedArrival)) errors.push({ field: 'expectedArrival', code: 'invalid' });
  const stay = checkStayDates(input, input.businessDate);
  errors.push(...stay.errors);
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    reservation: {
      id: input.id, branchId: input.branchId, memberId: input.memberId, guestName, guestPhone, guestIdNumber: '',
      bookedForOther: false, channel: input.channel, memberRate: input.memberId !== '', bookedAt: input.now,
      arrivalDate: input.arrivalDate, nights: stay.nights, extensionNights: 0, extensionAdvanceOwnChannel: false,
      roomType: input.roomType, rateFen: input.rateFen, expectedArrival, guaranteePoints: 0, status: 'expected',
      roomNo: '', checkedInAt: 0, checkInStaffId: '', checkInDeviceId: '', checkedOutAt: 0, cancelledAt: 0,
      note: input.note ?? '', updatedAt: input.now,
    },
  };
}

export type BookingStateError = 'checkedIn' | 'checkedOut' | 'cancelled' | 'noShow';
const STATE_ERRORS: Record<Exclude<Reservation['status'], 'expected'>, BookingStateError> = {
  'checked-in': 'checkedIn', 'checked-out': 'checkedOut', cancelled: 'cancelled', 'no-show': 'noShow',
};

/** Why a booking can no longer be changed at the desk, or null when it can. */
export function bookingStateError(r: Pick<Reservation, 'status'>): BookingStateError | null {
  return r.status === 'expected' ? null : STATE_ERRORS[r.status];
}

export interface BookingChange extends StayDates {
  roomType: RoomType;
}

export type ChangePlan =
  | { ok: true; reservation: Reservation }
  | { ok: false; state: BookingStateError }
  | { ok: false; errors: BookingError[] };

/** New dates or room type for an expected booking (the booking keeps its id, channel and guarantee). */
export function planBookingChange(r: Reservation, change: BookingChange, businessDate: IsoDate, now: EpochMs): ChangePlan {
  const state = bookingStateError(r);
  if (state !== null) return { ok: false, state };
  const errors: BookingError[] = [];
  if (!(ROOM_TYPES as readonly string[]).includes(change.roomType)) errors.push({ field: 'roomType', code: 'invalid' });
  const stay = checkStayDates(change, businessDate);
  errors.push(...stay.errors);
  if (errors.length === 0 && change.arrivalDate === r.arrivalDate && stay.nights === r.nights + r.extensionNights && change.roomType === r.roomType) {
    errors.push({ field: 'departureDate', code: 'unchanged' });
  }
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    reservation: { ...r, arrivalDate: change.arrivalDate, nights: stay.nights, extensionNights: 0, roomType: change.roomType, updatedAt: now },
  };
}

/** The branch-local date and time of an instant. */
export interface LocalMoment {
  date: IsoDate;
  time: ClockTime;
}

export type CancellationTerms =
  | { ok: false; state: BookingStateError }
  | {
    ok: true;
    /** Free of charge: nothing posted at the audit. */
    free: boolean;
    /** The end of the free window on the arrival day (the tier's free hold). */
    freeUntil: ClockTime;
    /** Points the audit will deduct (−300 per night), 0 when none. */
    penalty: number;
    /** Guarantee points that will be forfeited (they are already held), 0 when none. */
    forfeit: number;
    /** Guarantee points released now (a free cancellation of a guaranteed booking). */
    release: number;
    /** Why a late cancellation costs nothing ('no-member', 'same-day-after-18'), or ''. */
    exempt: '' | 'no-member' | 'same-day-after-18';
  };

/**
 * What cancelling `r` at `at` costs, as the night audit will count it
 * (./night-audit resolves a cancelled booking with the same functions).
 * `tier` is null for a booking without a member.
 */
export function cancellationTerms(r: Reservation, tier: Tier | null, at: LocalMoment, bookedAt: LocalMoment, rules: Rules): CancellationTerms {
  const state = bookingStateError(r);
  if (state !== null) return { ok: false, state };
  const freeUntil = freeHoldUntil(tier ?? 'registered', rules);
  const base = { ok: true as const, freeUntil, penalty: 0, forfeit: 0, release: 0 };
  if (tier === null) return { ...base, free: true, exempt: 'no-member' };
  if (isFreeCancellation(tier, r.arrivalDate, at.date, at.time, rules)) {
    return { ...base, free: true, release: r.guaranteePoints, exempt: '' };
  }
  const { lines } = noShowOutcome({
    reservationId: r.id, nights: r.nights, guaranteePoints: r.guaranteePoints,
    bookedOnArrivalDay: bookedAt.date === r.arrivalDate, bookedAtLocal: bookedAt.time,
  }, rules);
  const line = lines[0];
  if (line === undefined) return { ...base, free: true, exempt: 'same-day-after-18' };
  if (line.kind === 'forfeit') return { ...base, free: false, forfeit: r.guaranteePoints, exempt: '' };
  return { ...base, free: false, penalty: -line.points, exempt: '' };
}

export type CancelPlan =
  | { ok: false; state: BookingStateError }
  | { ok: true; reservation: Reservation; lines: EarnLine[]; terms: Extract<CancellationTerms, { ok: true }> };

/** The cancelled booking, and the release line of a guarantee a free cancellation gives back. */
export function planCancellation(r: Reservation, terms: CancellationTerms, now: EpochMs): CancelPlan {
  if (!terms.ok) return terms;
  const release = terms.release > 0 ? [guaranteeReleaseLine(r.id, terms.release)] : [];
  return {
    ok: true,
    terms,
    lines: release,
    // A released guarantee is no longer held; a forfeit-to-be stays on the booking for the audit.
    reservation: { ...r, status: 'cancelled', cancelledAt: now, guaranteePoints: release.length > 0 ? 0 : r.guaranteePoints, updatedAt: now },
  };
}

export type GuaranteeError =
  | { error: 'state'; state: BookingStateError }
  | { error: 'noMember' }
  | { error: 'already'; points: number }
  | { error: 'releasedBefore' }
  | { error: 'arrivalPast' }
  | { error: 'notHeld' }
  | Exclude<GuaranteeCheck, { ok: true }>;

export type GuaranteePlan =
  | { ok: true; reservation: Reservation; line: EarnLine; holdUntil: ClockTime }
  | { ok: false; error: GuaranteeError };

export interface GuaranteeAddInput {
  reservation: Reservation;
  tier: Tier;
  /** The member's spendable balance (held points already taken out). */
  spendable: number;
  hours: number;
  businessDate: IsoDate;
  /** A release line for this booking already exists (ids are once per booking). */
  releasedBefore: boolean;
  now: EpochMs;
}

/** Hold points for a late arrival: the hold line and the booking with its guarantee. */
export function planGuaranteeAdd(input: GuaranteeAddInput, rules: Rules): GuaranteePlan {
  const r = input.reservation;
  const state = bookingStateError(r);
  if (state !== null) return { ok: false, error: { error: 'state', state } };
  if (r.memberId === '') return { ok: false, error: { error: 'noMember' } };
  if (r.arrivalDate < input.businessDate) return { ok: false, error: { error: 'arrivalPast' } };
  if (r.guaranteePoints > 0) return { ok: false, error: { error: 'already', points: r.guaranteePoints } };
  if (input.releasedBefore) return { ok: false, error: { error: 'releasedBefore' } };
  const check = checkGuarantee(input.spendable, input.tier, input.hours, rules);
  if (!check.ok) return { ok: false, error: check };
  return {
    ok: true,
    holdUntil: check.holdUntil,
    line: guaranteeHoldLine(r.id, check.points, check.holdUntil, rules),
    reservation: { ...r, guaranteePoints: check.points, updatedAt: input.now },
  };
}

/** Give a guarantee back before arrival: the release line, the booking without a guarantee. */
export function planGuaranteeRelease(r: Reservation, now: EpochMs): GuaranteePlan {
  const state = bookingStateError(r);
  if (state !== null) return { ok: false, error: { error: 'state', state } };
  if (r.guaranteePoints <= 0) return { ok: false, error: { error: 'notHeld' } };
  return {
    ok: true,
    holdUntil: '',
    line: guaranteeReleaseLine(r.id, r.guaranteePoints),
    reservation: { ...r, guaranteePoints: 0, updatedAt: now },
  };
}

/** Until when a booking's room is held on its arrival day (the free hold plus guaranteed hours). */
export function heldUntil(r: Pick<Reservation, 'guaranteePoints'>, tier: Tier, rules: Rules): ClockTime {
  const free = clockMinutes(freeHoldUntil(tier, rules));
  const hours = Math.floor(r.guaranteePoints / rules.guarantee.pointsPerHour);
  return formatClock(free + hours * 60);
}
