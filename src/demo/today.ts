/**
 * The business date at the desk: guests in house from previous days, about
 * forty arrivals for today (some already checked in, a few cancelled, some
 * with a points guarantee for a late arrival), and the room board.
 */
import { checkGuarantee, clockMinutes, freeHoldUntil, guaranteeHoldLine } from '../domain/guarantee';
import type { Channel, LedgerEntry, Reservation, Room, RoomType } from '../domain/model';
import { DEFAULT_RULES, isOwnChannel } from '../domain/rules';
import { hhmm, isoOf, localMs, MINUTE_MS, ymdOf } from './calendar';
import { ROOM_TYPE_WEIGHTS } from './context';
import type { DemoContext } from './context';
import { DESK_NOTES, guestOf, MemberPicker, randomGuest, rateFor, STREAM_TODAY } from './guests';
import type { Guest } from './guests';
import { canDebit, ledgerLine } from './ledger';
import type { MemberRecord } from './members';
import { Rng, subSeed, weightedTable } from './prng';
import { RoomBoard } from './room-board';

export interface TodayResult {
  reservations: Reservation[];
  rooms: Room[];
  holds: LedgerEntry[];
}

const IN_HOUSE_CHANNELS = weightedTable<Channel>([
  ['app', 30], ['web', 12], ['phone', 10], ['wap', 4], ['sms', 2], ['ota', 12], ['group-buy', 4], ['corporate', 8], ['walk-in', 5],
]);
const ARRIVAL_CHANNELS = weightedTable<Channel>([
  ['app', 30], ['web', 14], ['wap', 5], ['sms', 3], ['phone', 10], ['ota', 14], ['group-buy', 6], ['corporate', 6], ['walk-in', 2],
]);
const NIGHTS_TODAY = weightedTable<number>([[1, 60], [2, 30], [3, 10]]);
const MAX_GUARANTEES = 5;

interface Party {
  rec: MemberRecord | undefined;
  guest: Guest;
  bookedForOther: boolean;
  channel: Channel;
}

export function buildToday(seed: number, ctx: DemoContext, records: readonly MemberRecord[]): TodayResult {
  const rng = new Rng(subSeed(seed, STREAM_TODAY, 0));
  const board = new RoomBoard(ctx, records, rng);
  const picker = new MemberPicker(records, rng);
  const { today } = ctx;
  const reservations: Reservation[] = [];
  const holds: LedgerEntry[] = [];
  let guestSeq = 0;

  const party = (wanted: Channel, arrivalDay: number): Party => {
    const arrivalIso = isoOf(arrivalDay);
    let channel = wanted;
    const memberless = (channel === 'ota' || channel === 'group-buy') && rng.chance(0.45);
    let rec: MemberRecord | undefined;
    if (!memberless) {
      const accept = (r: MemberRecord): boolean => !r.member.cardLost
        && (r.member.lastStayDate === '' || r.member.lastStayDate < arrivalIso)
        && r.member.joinedAt < localMs(arrivalDay - 1, 0)
        && (channel !== 'corporate' || r.member.corporate !== '')
        && (r.member.homeBranchId === ctx.branchId || rng.chance(0.35));
      rec = picker.pick(accept);
      if (!rec && channel === 'corporate') {
        channel = 'app';
        rec = picker.pick(accept);
      }
    }
    if (!rec) {
      if (channel !== 'ota' && channel !== 'group-buy') channel = 'ota';
      return { rec: undefined, guest: randomGuest(rng, ctx), bookedForOther: false, channel };
    }
    const bookedForOther = isOwnChannel(channel, DEFAULT_RULES) && rng.chance(0.1);
    return { rec, guest: bookedForOther ? randomGuest(rng, ctx) : guestOf(rec.member), bookedForOther, channel };
  };

  const reservation = (p: Party, arrivalDay: number, nights: number, type: RoomType, expMin: number, bookedAt: number): Reservation => {
    const id = `R${ymdOf(arrivalDay)}-${p.rec ? p.rec.member.id : `N${String(++guestSeq).padStart(3, '0')}`}`;
    return {
      id, branchId: ctx.branchId, memberId: p.rec?.member.id ?? '', guestName: p.guest.name, guestPhone: p.guest.phone,
      guestIdNumber: '', bookedForOther: p.bookedForOther, channel: p.channel,
      memberRate: p.channel !== 'ota' && p.channel !== 'group-buy', bookedAt, arrivalDate: isoOf(arrivalDay), nights,
      extensionNights: 0, extensionAdvanceOwnChannel: false, roomType: type, rateFen: rateFor(type, p.channel),
      expectedArrival: hhmm(expMin), guaranteePoints: 0, status: 'expected', roomNo: '', checkedInAt: 0, checkInStaffId: '', checkInDeviceId: '',
      checkedOutAt: 0, cancelledAt: 0, note: rng.chance(0.2) ? rng.pick(DESK_NOTES) : '', updatedAt: bookedAt,
    };
  };

  const checkIn = (r: Reservation, p: Party, at: number, days: readonly number[], anyType: boolean): boolean => {
    const room = board.choose(rng, r.roomType, days, p.rec?.member.prefs, anyType);
    if (!room) return false;
    r.roomType = room.type;
    r.rateFen = rateFor(room.type, r.channel);
    r.status = 'checked-in';
    r.roomNo = room.roomNo;
    r.checkedInAt = at;
    r.checkInStaffId = 'system';
    r.checkInDeviceId = 'demo';
    r.guestIdNumber = p.guest.idNumber;
    r.updatedAt = at;
    board.occupy(room.roomNo, r);
    return true;
  };

  const typeFor = (p: Party): RoomType => {
    const pref = p.rec?.member.prefs.roomType ?? 'any';
    return pref !== 'any' && rng.chance(0.8) ? pref : rng.weighted(ROOM_TYPE_WEIGHTS);
  };

  const notBefore = (p: Party, at: number): number => Math.max(at, (p.rec?.member.joinedAt ?? 0) + 30 * MINUTE_MS);

  // Guests in house from previous days; every one of them departs today or later.
  const inHouse = rng.int(14, 16);
  for (let k = 0; k < inHouse; k++) {
    const daysAgo = rng.int(1, 3);
    const arrivalDay = today - daysAgo;
    // After noon, guests due out today have left; in the morning a few are still here.
    const total = daysAgo + rng.int(ctx.nowMinute >= 12 * 60 ? 1 : 0, 2);
    const ext = total >= 2 && rng.chance(0.2) ? 1 : 0;
    const p = party(rng.weighted(IN_HOUSE_CHANNELS), arrivalDay);
    const expMin = 30 * rng.int(26, 44);
    const checkedInAt = localMs(arrivalDay, expMin + rng.int(-30, 30));
    let bookedAt: number;
    if (p.channel === 'walk-in') bookedAt = checkedInAt - 8 * MINUTE_MS;
    else if (rng.chance(0.3)) bookedAt = localMs(arrivalDay, rng.int(8 * 60, expMin - 60));
    else bookedAt = notBefore(p, localMs(arrivalDay - rng.int(1, 14), rng.int(8 * 60, 22 * 60)));
    const r = reservation(p, arrivalDay, total - ext, typeFor(p), expMin, bookedAt);
    r.extensionNights = ext;
    r.extensionAdvanceOwnChannel = ext > 0 && rng.chance(0.6);
    const days: number[] = [];
    for (let d = arrivalDay; d < today; d++) days.push(d);
    if (checkIn(r, p, checkedInAt, days, true)) reservations.push(r);
  }

  // A late arrival guaranteed with points, past the tier's free hold and no later than the rules allow.
  const guarantee = (r: Reservation, rec: MemberRecord): boolean => {
    const { tier } = rec.member;
    const holdEnd = clockMinutes(freeHoldUntil(tier, DEFAULT_RULES));
    const halfHours = Math.floor((clockMinutes(DEFAULT_RULES.guarantee.latest) - holdEnd) / 30);
    if (halfHours < 1) return false;
    const expMin = holdEnd + 30 * rng.int(1, halfHours);
    const hours = Math.ceil((expMin - holdEnd) / 60);
    const bookedAt = ctx.nowMinute >= 8 * 60 + 30
      ? localMs(today, rng.int(8 * 60, Math.min(17 * 60, ctx.nowMinute - 1)))
      : localMs(today - 1, rng.int(10 * 60, 22 * 60));
    const check = checkGuarantee(rec.balance, tier, hours, DEFAULT_RULES);
    if (!check.ok || !canDebit(rec.ledger, bookedAt, check.points)) return false;
    Object.assign(r, { expectedArrival: hhmm(expMin), bookedAt, updatedAt: bookedAt, guaranteePoints: check.points });
    r.note = `积分担保延迟入住，保留至${check.holdUntil}`;
    holds.push(ledgerLine(guaranteeHoldLine(r.id, check.points, check.holdUntil, DEFAULT_RULES), {
      memberId: rec.member.id, branchId: ctx.branchId, reservationId: r.id, createdAt: bookedAt,
    }));
    return true;
  };

  // Today's arrivals.
  const arrivals: { r: Reservation; p: Party }[] = [];
  const count = rng.int(38, 42);
  const cancelAt = new Set(rng.shuffle([...Array(count).keys()]).slice(0, 3));
  for (let k = 0; k < count; k++) {
    let wanted = rng.weighted(ARRIVAL_CHANNELS);
    if (wanted === 'walk-in' && ctx.nowMinute < 12 * 60 + 30) wanted = 'phone';
    const p = party(wanted, today);
    const expMin = 30 * rng.int(24, 47);
    let bookedAt = localMs(today - rng.int(1, 20), rng.int(8 * 60, 23 * 60));
    const sameDayLatest = Math.min(expMin - 30, ctx.nowMinute - 1);
    if (rng.chance(0.25) && sameDayLatest >= 7 * 60) bookedAt = localMs(today, rng.int(7 * 60, sameDayLatest));
    const r = reservation(p, today, rng.weighted(NIGHTS_TODAY), typeFor(p), expMin, notBefore(p, bookedAt));
    if (p.channel === 'walk-in') {
      const at = Math.max(localMs(today, 12 * 60), ctx.now - rng.int(5, 150) * MINUTE_MS);
      const slot = Math.min(47, Math.floor((at - localMs(today, 0)) / (30 * MINUTE_MS)));
      Object.assign(r, { bookedAt: at - 5 * MINUTE_MS, updatedAt: at - 5 * MINUTE_MS, expectedArrival: hhmm(slot * 30) });
      if (checkIn(r, p, at, [], true)) arrivals.push({ r, p });
      continue;
    }
    if (cancelAt.has(k) && ctx.now - r.bookedAt > 2 * MINUTE_MS) {
      r.status = 'cancelled';
      r.cancelledAt = r.bookedAt + MINUTE_MS + Math.floor(rng.next() * (ctx.now - r.bookedAt - MINUTE_MS));
      r.updatedAt = r.cancelledAt;
    } else if (p.rec && holds.length < MAX_GUARANTEES && rng.chance(0.3) && guarantee(r, p.rec)) {
      // Guaranteed late arrival: stays expected.
    } else if (expMin <= ctx.nowMinute - 10 && rng.chance(0.85)) {
      const at = Math.min(ctx.now - MINUTE_MS, Math.max(r.bookedAt + 5 * MINUTE_MS, localMs(today, expMin + rng.int(-40, 30))));
      if (at > r.bookedAt) checkIn(r, p, at, [], false);
    }
    arrivals.push({ r, p });
  }

  const waiting = arrivals.filter(({ r }) => r.status === 'expected' && r.guaranteePoints === 0);
  // At least one late-arrival guarantee tonight, and (after 08:00) a couple of early check-ins.
  if (holds.length === 0) {
    for (const { r, p } of waiting) if (p.rec && guarantee(r, p.rec)) break;
  }
  if (ctx.nowMinute >= 8 * 60 && !arrivals.some(({ r }) => r.status === 'checked-in')) {
    let early = 0;
    for (const { r, p } of waiting) {
      if (early >= 2 || r.guaranteePoints > 0 || ctx.now - r.bookedAt < 10 * MINUTE_MS) continue;
      const at = Math.max(r.bookedAt + MINUTE_MS, ctx.now - rng.int(5, 60) * MINUTE_MS);
      if (checkIn(r, p, at, [], false)) early++;
    }
  }
  for (const { r } of arrivals) reservations.push(r);
  return { reservations, rooms: board.rooms(rng), holds };
}
