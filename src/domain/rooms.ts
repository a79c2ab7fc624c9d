/**
 * Room assignment at check-in: which clean vacant rooms to offer first, and
 * whether a chosen room can take a reservation.
 */
import type { Preferences, Reservation, Room, RoomType } from './model';

export const DEFAULT_SUGGESTION_LIMIT = 5;

/**
 * Score weights. A smoking room for a non-smoker outweighs every other term
 * together, so a non-smoker is only ever offered a smoking room after all
 * non-smoking rooms. The floor term is at most MAX_FLOOR_SCORE, below QUIET,
 * so floor direction only orders rooms that tie on the discrete preferences.
 */
const SMOKING_FOR_NON_SMOKER = -10_000;
const SMOKING_FOR_SMOKER = 1_000;
const QUIET = 500;
const MAX_FLOOR_SCORE = 199;

export interface RoomWant {
  roomType: RoomType;
  prefs: Preferences;
}

/** Higher is a better fit for the guest's preferences. */
export function scoreRoom(room: Room, prefs: Preferences): number {
  let score = 0;
  if (room.smoking) score += prefs.smoking ? SMOKING_FOR_SMOKER : SMOKING_FOR_NON_SMOKER;
  if (prefs.quiet && room.quiet) score += QUIET;
  const floor = Math.min(Math.max(Math.trunc(room.floor), 0), MAX_FLOOR_SCORE);
  if (prefs.floor === 'high') score += floor;
  else if (prefs.floor === 'low') score += MAX_FLOOR_SCORE - floor;
  return score;
}

/** Numeric-aware room number order ("98" before "102"), plain order otherwise. */
export function compareRoomNo(a: string, b: string): number {
  const numeric = /^\d+$/;
  if (numeric.test(a) && numeric.test(b) && a.length !== b.length) {
    const na = a.replace(/^0+/, '');
    const nb = b.replace(/^0+/, '');
    if (na.length !== nb.length) return na.length - nb.length;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Clean vacant rooms of the wanted type, best fit first; ties are broken by
 * room number so two desks offer the same order.
 */
export function suggestRooms(
  rooms: readonly Room[],
  want: RoomWant,
  limit: number = DEFAULT_SUGGESTION_LIMIT,
): Room[] {
  if (!Number.isInteger(limit) || limit < 0) {
    throw new RangeError(`Invalid suggestion limit [${JSON.stringify(limit)}]: must be a non-negative integer.`);
  }
  return rooms
    .filter((r) => r.status === 'vacant-clean' && r.type === want.roomType)
    .map((room) => ({ room, score: scoreRoom(room, want.prefs) }))
    .sort((a, b) => b.score - a.score || compareRoomNo(a.room.roomNo, b.room.roomNo))
    .slice(0, limit)
    .map((s) => s.room);
}

export type RoomCheckInError = 'notVacant' | 'dirty' | 'outOfOrder' | 'wrongType';

export interface RoomCheckInOptions {
  /** Accept a room of another type than booked (e.g. a free upgrade). */
  allowOtherType?: boolean;
}

/** Null when the room can take the reservation now, else why not. */
export function validateRoomForCheckIn(
  room: Room,
  reservation: Pick<Reservation, 'roomType'>,
  opts: RoomCheckInOptions = {},
): RoomCheckInError | null {
  switch (room.status) {
    case 'out-of-order':
      return 'outOfOrder';
    case 'vacant-dirty':
      return 'dirty';
    case 'occupied':
      return 'notVacant';
    case 'vacant-clean':
      break;
  }
  if (room.type !== reservation.roomType && opts.allowOtherType !== true) return 'wrongType';
  return null;
}
