/**
 * Changes to a stay in house: an extension (续住), an early departure and a
 * room move (换房). Pure: the caller passes the branch's business date, the
 * clock and who acts.
 *
 * - Extension: the clerk gives the new departure date. It must be a valid
 *   date after the current departure, and the whole stay at most
 *   MAX_BOOKING_NIGHTS. The extension is either booked at the desk (earns
 *   nothing: rules file) or recorded as booked in advance through an own
 *   channel (earns like a booking: ./points). A reservation carries one
 *   extension kind, so a second extension of the other kind is refused with
 *   its reason rather than silently changing how the first one earns.
 * - Early departure: the nights stayed are the business days from arrival to
 *   the business date of the check-out, at least 1 (a guest who leaves on
 *   the day of arrival pays the night), at most the nights booked. Fewer than
 *   booked is an early departure: the booking is kept as it was, the stay
 *   records `nightsStayed`, and the points follow the nights stayed.
 * - Room move: the stay (one reservation) moves to a vacant clean room,
 *   with a reason; the old room is left to be cleaned. The move is recorded
 *   on the reservation (`roomMoves`).
 */
import { MAX_BOOKING_NIGHTS } from './booking';
import { addDays, daysBetween, isIsoDate } from './dates';
import type { EpochMs, IsoDate, Reservation, Room } from './model';
import { MAX_REASON_CHARS, occupy, vacate } from './room-status';
import { validateRoomForCheckIn, type RoomCheckInError } from './rooms';

/** The departure date as booked (original nights plus any extension). */
export function bookedDeparture(r: Pick<Reservation, 'arrivalDate' | 'nights' | 'extensionNights'>): IsoDate {
  return addDays(r.arrivalDate, r.nights + r.extensionNights);
}

export interface NightsStayed {
  booked: number;
  stayed: number;
  /** Leaving before the booked departure. */
  early: boolean;
}

/** How many nights a guest checking out on `businessDate` has stayed. */
export function nightsStayedBy(r: Pick<Reservation, 'arrivalDate' | 'nights' | 'extensionNights'>, businessDate: IsoDate): NightsStayed {
  const booked = r.nights + r.extensionNights;
  const days = daysBetween(r.arrivalDate, businessDate);
  const stayed = Math.min(booked, Math.max(1, days));
  return { booked, stayed, early: stayed < booked };
}

export type ExtensionError = 'notInHouse' | 'required' | 'invalid' | 'notLater' | 'tooLong' | 'mixedKind';

export interface ExtensionInput {
  departureDate: string;
  /** Booked in advance through an own channel (app, web…), rather than asked for at the desk. */
  advanceOwnChannel: boolean;
}

export type ExtensionPlan =
  | { ok: true; reservation: Reservation; addedNights: number }
  | { ok: false; error: ExtensionError };

/** Check an extension's input against the stay; the extra nights when fine. */
export function checkExtension(r: Reservation, input: ExtensionInput): { ok: true; addedNights: number } | { ok: false; error: ExtensionError } {
  if (r.status !== 'checked-in') return { ok: false, error: 'notInHouse' };
  const date = input.departureDate.trim();
  if (date === '') return { ok: false, error: 'required' };
  if (!isIsoDate(date)) return { ok: false, error: 'invalid' };
  const added = daysBetween(bookedDeparture(r), date);
  if (added < 1) return { ok: false, error: 'notLater' };
  if (r.nights + r.extensionNights + added > MAX_BOOKING_NIGHTS) return { ok: false, error: 'tooLong' };
  if (r.extensionNights > 0 && r.extensionAdvanceOwnChannel !== input.advanceOwnChannel) return { ok: false, error: 'mixedKind' };
  return { ok: true, addedNights: added };
}

export function planExtension(r: Reservation, input: ExtensionInput, now: EpochMs): ExtensionPlan {
  const c = checkExtension(r, input);
  if (!c.ok) return c;
  return {
    ok: true,
    addedNights: c.addedNights,
    reservation: {
      ...r,
      extensionNights: r.extensionNights + c.addedNights,
      extensionAdvanceOwnChannel: input.advanceOwnChannel,
      updatedAt: Math.max(now, r.updatedAt + 1),
    },
  };
}

export type MoveError =
  | 'notInHouse'
  | 'sameRoom'
  | 'roomMismatch'
  | 'reasonRequired'
  | 'reasonTooLong'
  | 'tooManyMoves'
  | RoomCheckInError;

export const MAX_ROOM_MOVES = 50;

export interface MoveInput {
  reservation: Reservation;
  from: Room;
  to: Room;
  reason: string;
  allowOtherType: boolean;
  staffId: string;
  now: EpochMs;
}

export type MovePlan =
  | { ok: true; reservation: Reservation; from: Room; to: Room }
  | { ok: false; errors: MoveError[] };

/** The reason alone (the form checks it as the clerk types). */
export function checkMoveReason(reason: string): MoveError | null {
  const r = reason.trim();
  if (r === '') return 'reasonRequired';
  if ([...r].length > MAX_REASON_CHARS) return 'reasonTooLong';
  return null;
}

export function planRoomMove(input: MoveInput): MovePlan {
  const { reservation: r, from, to, now } = input;
  const errors: MoveError[] = [];
  if (r.status !== 'checked-in') errors.push('notInHouse');
  else if (from.roomNo !== r.roomNo || from.reservationId !== r.id) errors.push('roomMismatch');
  if (to.id === from.id) errors.push('sameRoom');
  else {
    const roomError = validateRoomForCheckIn(to, r, { allowOtherType: input.allowOtherType });
    if (roomError !== null) errors.push(roomError);
  }
  const reasonError = checkMoveReason(input.reason);
  if (reasonError !== null) errors.push(reasonError);
  const moves = r.roomMoves ?? [];
  if (moves.length >= MAX_ROOM_MOVES) errors.push('tooManyMoves');
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    reservation: {
      ...r,
      roomNo: to.roomNo,
      roomMoves: [...moves, { fromRoomNo: from.roomNo, toRoomNo: to.roomNo, reason: input.reason.trim(), at: now, staffId: input.staffId }],
      updatedAt: Math.max(now, r.updatedAt + 1),
    },
    from: vacate(from, now),
    to: occupy(to, r.id, now),
  };
}
