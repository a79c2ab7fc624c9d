/**
 * A member's past stays, chain-wide, laid out backwards from the last one so
 * they never overlap. Stays at this branch become checked-out reservations;
 * stays at other branches only show in the member's counters and ledger.
 */
import type { Channel, Member, Reservation, RoomType, Tier } from '../domain/model';
import { hhmm, isoOf, localMs, MINUTE_MS, ymdOf } from './calendar';
import { isMemberRateChannel, MEMBER_RATE_FEN, OTHER_BRANCH_IDS, ROOM_TYPE_WEIGHTS, channelRateFen } from './context';
import type { DemoContext } from './context';
import { weightedTable } from './prng';
import type { Rng } from './prng';

export interface StayPlan {
  reservationId: string;
  branchId: string;
  local: boolean;
  channel: Channel;
  memberRate: boolean;
  roomType: RoomType;
  rateFen: number;
  arrivalDay: number;
  nights: number;
  extensionNights: number;
  extensionAdvanceOwnChannel: boolean;
  expectedArrivalMinute: number;
  bookedAt: number;
  checkedInAt: number;
  checkedOutAt: number;
  roomNo: string;
}

export interface StayProfile {
  memberId: string;
  tier: Tier;
  joinDay: number;
  joinedAt: number;
  lapsed: boolean;
  homeLocal: boolean;
  homeBranchId: string;
  corporate: boolean;
  roomType: RoomType | 'any';
  smoking: boolean;
}

const CHANNELS_PRIVATE = weightedTable<Channel>([
  ['app', 32], ['web', 15], ['wap', 5], ['sms', 3], ['phone', 10], ['ota', 9], ['group-buy', 3], ['walk-in', 5],
]);
const CHANNELS_CORPORATE = weightedTable<Channel>([
  ['corporate', 35], ['app', 25], ['web', 12], ['phone', 10], ['ota', 5], ['walk-in', 3],
]);
const NIGHTS = weightedTable<number>([[1, 55], [2, 28], [3, 12], [4, 5]]);

/** Stays per twelve months a member of each tier aims at (before lapsing). */
function targetStays(rng: Rng, tier: Tier): number {
  switch (tier) {
    case 'registered': return 0;
    case 'silver': return rng.int(1, 4) + (rng.chance(0.3) ? rng.int(0, 5) : 0);
    case 'gold': return rng.int(10, 22);
    case 'platinum': return rng.int(30, 50);
  }
}

/** Past stays in ascending order; empty for a member who never stayed. */
export function planStays(rng: Rng, ctx: DemoContext, p: StayProfile): StayPlan[] {
  const target = targetStays(rng, p.tier);
  if (target === 0) return [];
  const { today } = ctx;
  const avgGap = Math.max(1, Math.round(365 / target - 1.7));
  let last: number;
  if (p.lapsed) last = today - rng.int(181, 420);
  else last = today - rng.int(0, Math.min(2 * avgGap, 150));
  // Stays start the day after joining at the earliest.
  const earliest = p.joinDay + 1;
  if (last < earliest + 1) last = rng.int(earliest + 1, today);
  // A stay can only have ended today if its checkout time has already passed.
  if (last === today && ctx.nowMinute < 7 * 60 + 30) last = today - 1;
  const windowStart = today - 365;
  const stays: StayPlan[] = [];
  let cursor = last;
  while (stays.length < 120) {
    let total = rng.weighted(NIGHTS);
    if (cursor - total < earliest) total = cursor - earliest;
    if (total < 1) break;
    const arrival = cursor - total;
    stays.push(makeStay(rng, ctx, p, arrival, total));
    if (arrival < windowStart) break; // one stay before the window is enough for lastStayDate
    cursor = arrival - rng.int(1, Math.max(1, 2 * avgGap - 1));
  }
  return stays.reverse();
}

function makeStay(rng: Rng, ctx: DemoContext, p: StayProfile, arrivalDay: number, total: number): StayPlan {
  const local = rng.chance(p.homeLocal ? 0.09 : 0.012);
  const branchId = local
    ? ctx.branchId
    : !p.homeLocal && rng.chance(0.4) ? p.homeBranchId : rng.pick(OTHER_BRANCH_IDS);
  const channel = rng.weighted(p.corporate ? CHANNELS_CORPORATE : CHANNELS_PRIVATE);
  const memberRate = isMemberRateChannel(channel);
  const roomType = p.roomType !== 'any' && rng.chance(0.8) ? p.roomType : rng.weighted(ROOM_TYPE_WEIGHTS);
  let rateFen = memberRate ? MEMBER_RATE_FEN[roomType] : channelRateFen(roomType, channel);
  if (!local) rateFen += 100 * rng.int(-30, 25); // other cities, other prices; still whole yuan
  const extension = total >= 2 && rng.chance(0.05);
  const extensionNights = extension ? 1 : 0;
  const extensionAdvanceOwnChannel = extension && rng.chance(0.5);
  const expectedArrivalMinute = 30 * rng.int(24, 46);
  const inMinute = Math.min(23 * 60 + 30, Math.max(11 * 60, expectedArrivalMinute + rng.int(-45, 40)));
  const checkedInAt = localMs(arrivalDay, inMinute);
  let bookedAt: number;
  if (channel === 'walk-in') bookedAt = checkedInAt - 10 * MINUTE_MS;
  else {
    const lead = rng.chance(0.3) ? 0 : rng.int(1, 21);
    bookedAt = lead === 0
      ? localMs(arrivalDay, rng.int(8 * 60, Math.max(8 * 60, inMinute - 30)))
      : localMs(arrivalDay - lead, rng.int(8 * 60, 23 * 60));
    bookedAt = Math.max(bookedAt, p.joinedAt + 30 * MINUTE_MS);
  }
  const departure = arrivalDay + total;
  const latestOut = departure === ctx.today ? Math.min(12 * 60, ctx.nowMinute - 5) : 12 * 60;
  const checkedOutAt = localMs(departure, rng.int(7 * 60, latestOut));
  let roomNo = '';
  if (local) {
    const fits = ctx.rooms.filter((r) => r.type === roomType && (p.smoking || !r.smoking));
    roomNo = rng.pick(fits.length > 0 ? fits : ctx.rooms).roomNo;
  }
  return {
    reservationId: `R${ymdOf(arrivalDay)}-${p.memberId}`,
    branchId,
    local,
    channel,
    memberRate,
    roomType,
    rateFen,
    arrivalDay,
    nights: total - extensionNights,
    extensionNights,
    extensionAdvanceOwnChannel,
    expectedArrivalMinute,
    bookedAt,
    checkedInAt,
    checkedOutAt,
    roomNo,
  };
}

/** The checked-out reservation document of a stay at this branch. */
export function pastReservation(stay: StayPlan, member: Member): Reservation {
  return {
    id: stay.reservationId,
    branchId: stay.branchId,
    memberId: member.id,
    guestName: member.name,
    guestPhone: member.phone,
    guestIdNumber: member.idNumber,
    bookedForOther: false,
    channel: stay.channel,
    memberRate: stay.memberRate,
    bookedAt: stay.bookedAt,
    arrivalDate: isoOf(stay.arrivalDay),
    nights: stay.nights,
    extensionNights: stay.extensionNights,
    extensionAdvanceOwnChannel: stay.extensionAdvanceOwnChannel,
    roomType: stay.roomType,
    rateFen: stay.rateFen,
    expectedArrival: hhmm(stay.expectedArrivalMinute),
    guaranteePoints: 0,
    status: 'checked-out',
    roomNo: stay.roomNo,
    checkedInAt: stay.checkedInAt,
    checkInStaffId: 'system',
    checkInDeviceId: 'legacy',
    checkedOutAt: stay.checkedOutAt,
    cancelledAt: 0,
    note: '',
    updatedAt: stay.checkedOutAt,
  };
}

/** Departure day of a stay (arrival + booked + extension nights). */
export function departureDay(stay: StayPlan): number {
  return stay.arrivalDay + stay.nights + stay.extensionNights;
}
