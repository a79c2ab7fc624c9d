/**
 * Ledger lines for demo history. Values follow the rules digest exactly and
 * simply: stay = whole yuan x eligible nights at member price (x1.5 rounded
 * down for a new member's first three stays within 90 days of joining);
 * booking.ordinary = 77 per own-channel booking; booking.premium = whole
 * yuan x eligible nights for gold and platinum. Older history is one
 * 'adjust.migration' line. Redemptions are only made when the balance at that
 * moment covers them, so no running balance is ever negative.
 */
import type { EpochMs, LedgerEntry, LedgerKind, Tier } from '../domain/model';
import { isoOfMs, localMs, MINUTE_MS, ymdOf } from './calendar';
import { OWN_CHANNELS } from './context';
import type { DemoContext } from './context';
import { weightedTable } from './prng';
import type { Rng } from './prng';
import type { StayPlan } from './stays';

export const SYSTEM_STAFF_ID = 'system';
export const DEMO_DEVICE_ID = 'demo';
export const LEGACY_DEVICE_ID = 'legacy';
export const ORDINARY_BOOKING_POINTS = 77;
export const SUGGESTION_POINTS = 50;
export const NEW_MEMBER_MULTIPLIER = 1.5;
export const MIGRATION_REASON = 'balance migrated from the legacy system';

/** Redemption catalogue (兑换礼品): rule code and points. */
export const REDEMPTIONS = {
  'room-night': { rule: 'redeem.room-night', points: 2000 },
  'late-checkout': { rule: 'redeem.late-checkout', points: 500 },
  'toiletry-kit': { rule: 'redeem.toiletry-kit', points: 400 },
  milk: { rule: 'redeem.milk', points: 200 },
  card: { rule: 'redeem.card', points: 100 },
} as const;
export type RedemptionItem = keyof typeof REDEMPTIONS;

const AT_DESK = weightedTable<RedemptionItem>([['milk', 5], ['toiletry-kit', 3], ['late-checkout', 2]]);
const ELSEWHERE = weightedTable<RedemptionItem>([['room-night', 3], ['milk', 1], ['card', 1]]);

export interface LineFields {
  id: string;
  memberId: string;
  branchId: string;
  kind: LedgerKind;
  rule: string;
  points: number;
  params: Record<string, number | string | boolean>;
  reservationId: string;
  createdAt: EpochMs;
  deviceId?: string;
}

export function ledgerLine(f: LineFields): LedgerEntry {
  return {
    id: f.id,
    memberId: f.memberId,
    branchId: f.branchId,
    kind: f.kind,
    rule: f.rule,
    points: f.points,
    params: f.params,
    reservationId: f.reservationId,
    businessDate: isoOfMs(f.createdAt),
    createdAt: f.createdAt,
    deviceId: f.deviceId ?? DEMO_DEVICE_ID,
    staffId: SYSTEM_STAFF_ID,
  };
}

export function isPremium(tier: Tier): boolean {
  return tier === 'gold' || tier === 'platinum';
}

/** Nights that earn: booked nights, plus an extension booked in advance on an own channel. */
export function eligibleNights(stay: StayPlan): number {
  return stay.nights + (stay.extensionAdvanceOwnChannel ? stay.extensionNights : 0);
}

function byTime(a: LedgerEntry, b: LedgerEntry): number {
  return a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function sortLedger(lines: LedgerEntry[]): LedgerEntry[] {
  return lines.sort(byTime);
}

/**
 * Whether `points` can be taken at `at` without the running balance ever
 * going below zero. `lines` must be time-ordered (as `sortLedger` leaves them).
 */
export function canDebit(lines: readonly LedgerEntry[], at: EpochMs, points: number): boolean {
  let running = 0;
  let debited = false;
  for (const line of lines) {
    if (!debited && line.createdAt > at) {
      running -= points;
      debited = true;
      if (running < 0) return false;
    }
    running += line.points;
    if (running < 0) return false;
  }
  return debited || running - points >= 0;
}

export interface MemberLedgerInput {
  memberId: string;
  tier: Tier;
  joinDay: number;
  homeBranchId: string;
  stays: readonly StayPlan[];
}

/** The itemised ledger of a member's history (migration, stays, redemptions), time-ordered. */
export function historyLedger(rng: Rng, ctx: DemoContext, m: MemberLedgerInput): LedgerEntry[] {
  const premium = isPremium(m.tier);
  const cutoverAt = localMs(ctx.cutoverDay, 5 * 60 + 30);
  const lines: LedgerEntry[] = [];
  const memberId = m.memberId;

  // Opening balance from the legacy system: points earned before the cutover
  // (the visible stays plus older years), less what was redeemed back then.
  if (m.joinDay < ctx.cutoverDay && m.tier !== 'registered') {
    let earned = 0;
    for (const s of m.stays) {
      if (s.checkedOutAt >= cutoverAt || !s.memberRate) continue;
      const night = Math.floor(s.rateFen / 100) * eligibleNights(s);
      earned += night * (premium ? 2 : 1) + (OWN_CHANNELS.has(s.channel) && !premium ? ORDINARY_BOOKING_POINTS : 0);
    }
    const olderYears = Math.max(0, (ctx.today - 365 - m.joinDay) / 365);
    const annual = m.tier === 'platinum' ? 9000 : m.tier === 'gold' ? 4000 : 700;
    earned += olderYears * annual * (0.2 + 0.8 * rng.next());
    const opening = Math.min(12_000, Math.floor(earned * (0.25 + 0.6 * rng.next())));
    if (opening > 0) {
      lines.push(ledgerLine({
        memberId, id: `${memberId}:adjust.migration`, branchId: m.homeBranchId, kind: 'adjust',
        rule: 'adjust.migration', points: opening, params: { reason: MIGRATION_REASON },
        reservationId: '', createdAt: cutoverAt, deviceId: LEGACY_DEVICE_ID,
      }));
    }
  }

  const redemptions: { at: number; item: RedemptionItem; branchId: string; reservationId: string; id: string }[] = [];
  let staysSoFar = 0;
  for (const s of m.stays) {
    const isNew = staysSoFar < 3 && s.arrivalDay - m.joinDay < 90;
    staysSoFar++;
    if (s.checkedOutAt < cutoverAt) continue;
    if (s.local && rng.chance(0.25)) {
      const item = rng.weighted(AT_DESK);
      redemptions.push({
        at: s.checkedInAt + 25 * MINUTE_MS + 17_000, item, branchId: s.branchId,
        reservationId: s.reservationId, id: `${s.reservationId}:${REDEMPTIONS[item].rule}`,
      });
    }
    if (!s.memberRate) continue;
    const nights = eligibleNights(s);
    const yuan = Math.floor(s.rateFen / 100);
    const params: Record<string, number | string | boolean> = { nights, yuan };
    if (s.extensionNights > 0) params['extensionNights'] = s.extensionNights;
    let stayPoints = yuan * nights;
    if (isNew) {
      stayPoints = Math.floor(stayPoints * NEW_MEMBER_MULTIPLIER);
      params['multiplier'] = NEW_MEMBER_MULTIPLIER;
    }
    const { branchId, reservationId, checkedOutAt } = s;
    lines.push(ledgerLine({
      id: `${reservationId}:stay`, memberId, branchId, kind: 'earn', rule: 'stay', points: stayPoints, params,
      reservationId, createdAt: checkedOutAt,
    }));
    if (OWN_CHANNELS.has(s.channel)) {
      const rule = premium ? 'booking.premium' : 'booking.ordinary';
      lines.push(ledgerLine({
        id: `${reservationId}:${rule}`, memberId, branchId, kind: 'earn', rule,
        points: premium ? yuan * nights : ORDINARY_BOOKING_POINTS,
        params: premium ? { nights, yuan } : { bonus: ORDINARY_BOOKING_POINTS },
        reservationId, createdAt: checkedOutAt + 1000,
      }));
    }
  }

  if (m.tier !== 'registered' && rng.chance(0.12) && ctx.today - ctx.cutoverDay > 2) {
    const day = rng.int(ctx.cutoverDay + 1, ctx.today - 1);
    const item = rng.weighted(ELSEWHERE);
    redemptions.push({
      at: localMs(day, rng.int(9 * 60, 21 * 60)) + 17_000, item, branchId: m.homeBranchId, reservationId: '',
      id: `${m.memberId}:${REDEMPTIONS[item].rule}:${ymdOf(day)}`,
    });
  }

  // Stays never overlap, so the lines are already in time order; redemptions are inserted in place.
  redemptions.sort((a, b) => a.at - b.at);
  for (const r of redemptions) {
    const cost = REDEMPTIONS[r.item].points;
    if (r.at > ctx.now || !canDebit(lines, r.at, cost)) continue;
    const line = ledgerLine({
      id: r.id, memberId, branchId: r.branchId, kind: 'redeem', rule: REDEMPTIONS[r.item].rule, points: -cost,
      params: { item: r.item, cost }, reservationId: r.reservationId, createdAt: r.at,
    });
    let at = lines.length;
    while (at > 0 && (lines[at - 1]?.createdAt ?? 0) > r.at) at--;
    lines.splice(at, 0, line);
  }
  return lines;
}

export function balanceOf(lines: readonly LedgerEntry[]): number {
  let sum = 0;
  for (const l of lines) sum += l.points;
  return sum;
}
