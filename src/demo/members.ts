/**
 * Member i of a demo branch, computed from (seed, i) alone: its profile, its
 * checked-out reservations at this branch and its itemised ledger. Nothing
 * depends on other members, so members can be streamed in chunks.
 */
import type { Diet, FloorPref, LedgerEntry, Member, Pillow, Reservation, RoomType, Tier } from '../domain/model';
import { dayFromParts, isLeapYear, isoOf, localMs, monthDayOf, yearOf } from './calendar';
import { OTHER_BRANCH_IDS } from './context';
import type { DemoContext } from './context';
import { cardNoFor, makeIdNumber, makeMobile, MAX_MEMBERS, memberIdFor, memberIndexOf } from './identity';
import { balanceOf, historyLedger } from './ledger';
import { COMPANIES, randomName } from './names';
import { Rng, subSeed, weightedTable } from './prng';
import { departureDay, pastReservation, planStays } from './stays';
import type { StayPlan } from './stays';

export const STREAM_MEMBER = 1;

const TIERS = weightedTable<Tier>([['registered', 40], ['silver', 35], ['gold', 18], ['platinum', 7]]);
const PREF_ROOM = weightedTable<RoomType | 'any'>([
  ['any', 40], ['business-king', 22], ['king', 20], ['economy-twin', 12], ['family', 6],
]);
const FLOORS = weightedTable<FloorPref>([['any', 60], ['high', 30], ['low', 10]]);
const PILLOWS = weightedTable<Pillow>([['buckwheat', 42], ['any', 33], ['soft', 15], ['firm', 10]]);
const DIETS = weightedTable<Diet>([['none', 78], ['no-spicy', 10], ['vegetarian', 8], ['halal', 4]]);
const LAPSE_RATE: Readonly<Record<Tier, number>> = { registered: 0, silver: 0.25, gold: 0.15, platinum: 0.08 };

/** Every 700th member (from the 12th) has reported the card lost. */
export function isCardLostIndex(index: number): boolean {
  return index % 700 === 11;
}

export interface MemberRecord {
  index: number;
  member: Member;
  /** Checked-out reservations at this branch, oldest first. */
  reservations: Reservation[];
  /** Itemised ledger history, time-ordered. */
  ledger: LedgerEntry[];
  /** Every past stay, chain-wide (this branch's are also in `reservations`), oldest first. */
  stays: readonly StayPlan[];
  balance: number;
}

function birthDayFor(rng: Rng, ctx: DemoContext): number {
  const maxYear = Math.min(2004, yearOf(ctx.today) - 18);
  if (rng.chance(0.03)) {
    // Birthday in the coming week.
    const md = monthDayOf(ctx.today + rng.int(1, 7));
    let year = rng.int(1960, maxYear);
    const [mm, dd] = md.split('-').map(Number) as [number, number];
    if (mm === 2 && dd === 29) while (!isLeapYear(year)) year--;
    return dayFromParts(year, mm, dd);
  }
  return rng.int(dayFromParts(1960, 1, 1), dayFromParts(maxYear, 12, 31));
}

export function memberRecordAt(seed: number, index: number, ctx: DemoContext): MemberRecord {
  if (!Number.isSafeInteger(index) || index < 0 || index >= MAX_MEMBERS) {
    throw new RangeError(`Invalid member index [${index}]: must be an integer in [0, ${MAX_MEMBERS}).`);
  }
  const rng = new Rng(subSeed(seed, STREAM_MEMBER, index));
  const { today } = ctx;
  const id = memberIdFor(index);
  const gender = rng.chance(0.56) ? 'M' : 'F';
  const { name, initials } = randomName(rng, gender);
  const birthDay = birthDayFor(rng, ctx);
  const idNumber = makeIdNumber(rng, gender, birthDay);
  const phone = makeMobile(rng, index);
  let tier = rng.weighted(TIERS);
  const isNew = (tier === 'registered' || tier === 'silver') && rng.chance(0.15);
  const joinDay = isNew ? today - rng.int(3, 89) : today - rng.int(90, 6 * 365);
  const joinedAt = localMs(joinDay, rng.int(9 * 60, 21 * 60));
  const corporate = rng.chance(0.1) ? rng.pick(COMPANIES) : '';
  const homeLocal = rng.chance(0.35);
  const homeBranchId = homeLocal ? ctx.branchId : rng.pick(OTHER_BRANCH_IDS);
  const prefs = {
    roomType: corporate !== '' && rng.chance(0.5) ? 'business-king' as const : rng.weighted(PREF_ROOM),
    floor: rng.weighted(FLOORS),
    pillow: rng.weighted(PILLOWS),
    smoking: rng.chance(gender === 'M' ? 0.18 : 0.03),
    diet: rng.weighted(DIETS),
    quiet: rng.chance(0.25),
  };
  const lapsed = !isNew && rng.chance(LAPSE_RATE[tier]);
  const stays = planStays(rng, ctx, {
    memberId: id, tier, joinDay, joinedAt, lapsed, homeLocal, homeBranchId,
    corporate: corporate !== '', roomType: prefs.roomType, smoking: prefs.smoking,
  });
  // Silver means "has stayed"; a silver member whose join left no room for a stay stays registered.
  if (tier === 'silver' && stays.length === 0) tier = 'registered';

  let stays12m = 0;
  let nights12m = 0;
  let lastDeparture = -1;
  for (const s of stays) {
    const dep = departureDay(s);
    if (s.arrivalDay >= today - 365) {
      stays12m++;
      nights12m += s.nights + s.extensionNights;
    }
    lastDeparture = Math.max(lastDeparture, dep);
  }
  const ledger = historyLedger(rng, ctx, { memberId: id, tier, joinDay, joinedAt, homeBranchId, stays });

  const tags: string[] = [];
  if (corporate !== '' || prefs.roomType === 'business-king' || rng.chance(0.12)) tags.push('商务');
  if (stays12m >= 8) tags.push('常客');
  if (tier === 'platinum' || (tier === 'gold' && rng.chance(0.3))) tags.push('VIP');
  if (rng.chance(0.04)) tags.push('投诉敏感');
  if (corporate !== '' || rng.chance(0.08)) tags.push('需要发票');

  let updatedAt = joinedAt;
  for (const s of stays) updatedAt = Math.max(updatedAt, s.checkedOutAt);
  for (const l of ledger) updatedAt = Math.max(updatedAt, l.createdAt);

  const member: Member = {
    id,
    name,
    nameInitials: initials,
    phone,
    phoneLast4: phone.slice(-4),
    idNumber,
    cardNo: cardNoFor(seed, index),
    cardLost: isCardLostIndex(index),
    gender,
    birthday: monthDayOf(birthDay),
    tier,
    joinedAt,
    joinFeeFen: rng.chance(0.15) ? 0 : 7700,
    corporate,
    prefs,
    tags,
    lastStayDate: lastDeparture < 0 ? '' : isoOf(lastDeparture),
    stays12m,
    nights12m,
    homeBranchId,
    updatedAt: Math.min(updatedAt, ctx.now),
  };
  const reservations = stays.filter((s) => s.local).map((s) => pastReservation(s, member));
  return { index, member, reservations, ledger, stays, balance: balanceOf(ledger) };
}

/** Member i alone. */
export function memberAt(seed: number, index: number, ctx: DemoContext): Member {
  return memberRecordAt(seed, index, ctx).member;
}

function indexOrThrow(member: Member): number {
  const index = memberIndexOf(member.id);
  if (index < 0) throw new RangeError(`Member id [${member.id}] was not made by the demo generator.`);
  return index;
}

/** The itemised history ledger of a generated member (not today's holds or suggestion points). */
export function ledgerForMember(seed: number, member: Member, ctx: DemoContext): LedgerEntry[] {
  return memberRecordAt(seed, indexOrThrow(member), ctx).ledger;
}

/** The checked-out reservations at this branch of a generated member. */
export function pastStaysForMember(seed: number, member: Member, ctx: DemoContext): Reservation[] {
  return memberRecordAt(seed, indexOrThrow(member), ctx).reservations;
}
