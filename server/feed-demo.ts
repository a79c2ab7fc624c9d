/**
 * What the demo head office books, changes and cancels: pure, seeded by the
 * document id or the instant, so the same pass writes the same documents and
 * a restart does not double anything. The documents follow the feed contract
 * (README "The reservations feed"): full reservation documents, `_id`
 * `hq:<booking ref>`, status 'expected' on arrival from the feed.
 */
import { addDays } from '../src/domain/dates';
import type { Channel, EpochMs, IsoDate, Member, Reservation, RoomType } from '../src/domain/model';
import { ROOM_TYPES } from '../src/domain/model';
import { channelRateFen, isMemberRateChannel, MEMBER_RATE_FEN } from '../src/demo/context';
import { makeMobile } from '../src/demo/identity';
import { randomName } from '../src/demo/names';
import { Rng } from '../src/demo/prng';

/** Feed ids: never made by a tablet (desk bookings are `D-…`, walk-ins `W-…`). */
export const FEED_ID_PREFIX = 'hq:';
/** The demo feed's own documents. */
export const DEMO_FEED_PREFIX = `${FEED_ID_PREFIX}demo-`;

/** Channels that come through head office, weighted roughly as a chain's bookings do. */
const FEED_CHANNELS: readonly Channel[] = ['app', 'app', 'app', 'web', 'wap', 'ota', 'ota', 'sms', 'corporate'];
const ARRIVAL_TIMES = ['14:00', '16:00', '17:30', '18:00', '19:00', '20:00', '21:30', '22:00'];

/** A stable 32-bit seed from a string (FNV-1a). */
export function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export interface FeedBookingInput {
  id: string;
  branchId: string;
  arrivalDate: IsoDate;
  /** A member who booked through the app or web, or null for an OTA or anonymous guest. */
  member: Pick<Member, 'id' | 'name' | 'phone'> | null;
  bookedAt: EpochMs;
}

/** A new booking as head office sends it. */
export function feedBooking(input: FeedBookingInput): Reservation {
  const rng = new Rng(seedOf(input.id));
  let channel = rng.pick(FEED_CHANNELS);
  if (input.member === null) channel = 'ota';
  const roomType: RoomType = rng.pick(ROOM_TYPES);
  const guest = input.member ?? { id: '', name: randomName(rng, rng.chance(0.55) ? 'M' : 'F').name, phone: makeMobile(rng) };
  const memberRate = input.member !== null && isMemberRateChannel(channel);
  return {
    id: input.id, branchId: input.branchId, memberId: guest.id, guestName: guest.name, guestPhone: guest.phone, guestIdNumber: '',
    bookedForOther: false, channel, memberRate, bookedAt: input.bookedAt, arrivalDate: input.arrivalDate,
    nights: rng.chance(0.7) ? 1 : rng.int(2, 4), extensionNights: 0, extensionAdvanceOwnChannel: false, roomType,
    rateFen: memberRate ? MEMBER_RATE_FEN[roomType] : channelRateFen(roomType, channel), expectedArrival: rng.pick(ARRIVAL_TIMES),
    guaranteePoints: 0, status: 'expected', roomNo: '', checkedInAt: 0, checkInStaffId: '', checkInDeviceId: '',
    checkedOutAt: 0, cancelledAt: 0, note: '', updatedAt: input.bookedAt,
  };
}

/** A change from head office: one day later, a night more or another room type. */
export function feedChange(r: Reservation, now: EpochMs, rng: Rng): Reservation {
  const kind = rng.int(0, 2);
  if (kind === 0) return { ...r, arrivalDate: addDays(r.arrivalDate, 1), updatedAt: now };
  if (kind === 1 && r.nights < 90) return { ...r, nights: r.nights + 1, updatedAt: now };
  const others = ROOM_TYPES.filter((t) => t !== r.roomType);
  return { ...r, roomType: rng.pick(others), updatedAt: now };
}

/** A cancellation from head office: the same document, status 'cancelled', the instant the guest cancelled. */
export function feedCancellation(r: Reservation, now: EpochMs): Reservation {
  return { ...r, status: 'cancelled', cancelledAt: now, updatedAt: now };
}

/** The ids the demo feed keeps on the books for a date (so every day the demo runs has arrivals). */
export function standingIds(date: IsoDate, perDay: number): string[] {
  return Array.from({ length: perDay }, (_, i) => `${DEMO_FEED_PREFIX}${date}-${String(i).padStart(2, '0')}`);
}
