/**
 * Check-in, check-out and walk-in as pure plans: given the current documents
 * and the time, return the documents to write. The caller writes them (both
 * in one go) and records the returned event; nothing here touches storage.
 */
import { DEFAULT_TIME_ZONE, localTimeOf } from './dates';
import { validateIdNumber } from './id-number';
import { isMobile, normalizePhone } from './phone';
import type { IdNumberError } from './id-number';
import type { Channel, EpochMs, IsoDate, Reservation, Room, RoomType } from './model';
import { validateRoomForCheckIn } from './rooms';
import { occupy, vacate } from './room-status';
import { DEFAULT_RULES, type Rules } from './rules';
import type { RoomCheckInError } from './rooms';

export type ReservationStateError = 'notToday' | 'alreadyCheckedIn' | 'alreadyCheckedOut' | 'noShow' | 'cancelled';

export type CheckInError =
  | { field: 'reservation'; code: ReservationStateError }
  | { field: 'room'; code: RoomCheckInError | 'required' }
  | { field: 'idNumber'; code: IdNumberError };

export interface CheckInInput {
  reservation: Reservation;
  /** The branch's open business date. */
  businessDate: IsoDate;
  /** The chosen room, or null when none is chosen yet. */
  room: Room | null;
  idNumberRaw: string;
  /** Today's calendar date, to refuse a birth date in the future. */
  today: IsoDate;
  /** Accept a room of another type than booked (an upgrade). */
  allowOtherType?: boolean;
}

export type CheckInValidation = { ok: true; idNumber: string } | { ok: false; errors: CheckInError[] };

const STATUS_ERRORS: Record<Exclude<Reservation['status'], 'expected'>, ReservationStateError> = {
  'checked-in': 'alreadyCheckedIn',
  'checked-out': 'alreadyCheckedOut',
  'no-show': 'noShow',
  cancelled: 'cancelled',
};

/** Every reason the check-in cannot go ahead (reservation, room, ID), or the normalised ID. */
export function validateCheckIn(input: CheckInInput): CheckInValidation {
  const { reservation, businessDate, room, idNumberRaw, today } = input;
  const errors: CheckInError[] = [];

  if (reservation.status !== 'expected') {
    errors.push({ field: 'reservation', code: STATUS_ERRORS[reservation.status] });
  } else if (reservation.arrivalDate !== businessDate) {
    errors.push({ field: 'reservation', code: 'notToday' });
  }

  if (room === null) {
    errors.push({ field: 'room', code: 'required' });
  } else {
    const roomError = validateRoomForCheckIn(room, reservation, { allowOtherType: input.allowOtherType === true });
    if (roomError !== null) errors.push({ field: 'room', code: roomError });
  }

  const id = validateIdNumber(idNumberRaw, today);
  if (!id.ok) errors.push({ field: 'idNumber', code: id.error });

  if (errors.length > 0 || !id.ok) return { ok: false, errors };
  return { ok: true, idNumber: id.value };
}

/** Who did it, where and when: for the caller's activity log. */
export interface DeskEvent {
  kind: 'check-in' | 'check-out';
  reservationId: string;
  roomNo: string;
  at: EpochMs;
  staffId: string;
  deviceId: string;
}

export interface CheckInPlanInput extends CheckInInput {
  now: EpochMs;
  staffId: string;
  deviceId: string;
}

export type CheckInPlan =
  | { ok: true; reservation: Reservation; room: Room; event: DeskEvent }
  | { ok: false; errors: CheckInError[] };

export function planCheckIn(input: CheckInPlanInput): CheckInPlan {
  const v = validateCheckIn(input);
  if (!v.ok) return v;
  const { reservation, room, now, staffId, deviceId } = input;
  if (room === null) return { ok: false, errors: [{ field: 'room', code: 'required' }] }; // already refused above
  if (room.branchId !== reservation.branchId) {
    throw new RangeError(
      `Invalid room [${JSON.stringify(room.id)}] for reservation [${JSON.stringify(reservation.id)}]: different branch.`,
    );
  }
  return {
    ok: true,
    reservation: {
      ...reservation,
      status: 'checked-in',
      roomNo: room.roomNo,
      guestIdNumber: v.idNumber,
      checkedInAt: now,
      checkInStaffId: staffId,
      checkInDeviceId: deviceId,
      updatedAt: now,
    },
    room: occupy(room, reservation.id, now),
    event: { kind: 'check-in', reservationId: reservation.id, roomNo: room.roomNo, at: now, staffId, deviceId },
  };
}

export type CheckOutError = 'notCheckedIn' | 'roomMismatch';

export type CheckOutPlan =
  | { ok: true; reservation: Reservation; room: Room }
  | { ok: false; error: CheckOutError };

/**
 * Close a stay: the reservation is checked out and the room left to be
 * cleaned. `nightsStayed` (./stay-change nightsStayedBy) is recorded when the
 * guest leaves before the booked departure; the booking itself is kept.
 */
export function planCheckOut(reservation: Reservation, room: Room, now: EpochMs, nightsStayed?: number): CheckOutPlan {
  if (reservation.status !== 'checked-in') return { ok: false, error: 'notCheckedIn' };
  if (room.roomNo !== reservation.roomNo || room.branchId !== reservation.branchId || room.reservationId !== reservation.id) {
    return { ok: false, error: 'roomMismatch' };
  }
  return {
    ok: true,
    reservation: {
      ...reservation, status: 'checked-out', checkedOutAt: now, updatedAt: now,
      ...(nightsStayed !== undefined ? { nightsStayed } : {}),
    },
    room: vacate(room, now),
  };
}

export interface WalkInInput {
  /** New reservation id, made by the caller. */
  id: string;
  branchId: string;
  businessDate: IsoDate;
  /** '' for a guest who is not (yet) a member. */
  memberId: string;
  guestName: string;
  guestPhone: string;
  roomType: RoomType;
  nights: number;
  /** Room-night fee in fen. */
  rateFen: number;
  /** Defaults to true for a member, false otherwise. */
  memberRate?: boolean;
  note?: string;
  now: EpochMs;
  /** The branch's time zone, for the expected arrival time (now). */
  timeZone?: string;
}

export type WalkInField = 'guestName' | 'guestPhone' | 'nights' | 'rateFen';
/** 'tooLong': a name past `rules.walkIn.guestNameMaxChars`; 'invalid' for a number: outside its range in the rules. */
export type WalkInError =
  | { field: 'guestName'; code: 'required' | 'tooLong' }
  | { field: 'guestPhone'; code: 'invalid' }
  | { field: 'nights' | 'rateFen'; code: 'invalid' };

export type WalkInFields = Pick<WalkInInput, 'guestName' | 'guestPhone' | 'nights' | 'rateFen'>;

/**
 * Every field of a walk-in against the bounds the business believes
 * (`rules.walkIn`): the form calls it as the clerk types, the plan before
 * anything is written, so the two can never disagree.
 */
export function validateWalkIn(input: WalkInFields, rules: Rules = DEFAULT_RULES): WalkInError[] {
  const limits = rules.walkIn;
  const errors: WalkInError[] = [];
  const guestName = input.guestName.trim();
  const guestPhone = normalizePhone(input.guestPhone);
  if (guestName === '') errors.push({ field: 'guestName', code: 'required' });
  // Characters, not UTF-16 units: a rare hanzi outside the BMP counts once.
  else if ([...guestName].length > limits.guestNameMaxChars) errors.push({ field: 'guestName', code: 'tooLong' });
  if (guestPhone !== '' && !isMobile(guestPhone)) errors.push({ field: 'guestPhone', code: 'invalid' });
  if (!Number.isSafeInteger(input.nights) || input.nights < 1 || input.nights > limits.maxNights) {
    errors.push({ field: 'nights', code: 'invalid' });
  }
  if (!Number.isSafeInteger(input.rateFen) || input.rateFen < limits.minRateFen || input.rateFen > limits.maxRateFen) {
    errors.push({ field: 'rateFen', code: 'invalid' });
  }
  return errors;
}

export type WalkInPlan = { ok: true; reservation: Reservation } | { ok: false; errors: WalkInError[] };

const WALK_IN: Channel = 'walk-in';

/**
 * A reservation for a guest standing at the desk: arriving today, expected
 * now, status 'expected' so it goes through the normal check-in next.
 */
export function planWalkIn(input: WalkInInput, rules: Rules = DEFAULT_RULES): WalkInPlan {
  if (input.id === '' || input.branchId === '') {
    throw new RangeError(`Invalid walk-in ids [${JSON.stringify({ id: input.id, branchId: input.branchId })}]: must be non-empty.`);
  }
  const errors = validateWalkIn(input, rules);
  if (errors.length > 0) return { ok: false, errors };
  const guestName = input.guestName.trim();
  const guestPhone = normalizePhone(input.guestPhone);

  return {
    ok: true,
    reservation: {
      id: input.id,
      branchId: input.branchId,
      memberId: input.memberId,
      guestName,
      guestPhone,
      guestIdNumber: '',
      bookedForOther: false,
      channel: WALK_IN,
      memberRate: input.memberRate ?? input.memberId !== '',
      bookedAt: input.now,
      arrivalDate: input.businessDate,
      nights: input.nights,
      extensionNights: 0,
      extensionAdvanceOwnChannel: false,
      roomType: input.roomType,
      rateFen: input.rateFen,
      expectedArrival: localTimeOf(input.now, input.timeZone ?? DEFAULT_TIME_ZONE),
      guaranteePoints: 0,
      status: 'expected',
      roomNo: '',
      checkedInAt: 0,
      checkInStaffId: '',
      checkInDeviceId: '',
      checkedOutAt: 0,
      cancelledAt: 0,
      note: input.note ?? '',
      updatedAt: input.now,
    },
  };
}
