/**
 * Ledger lines for demo history, made by the points engine itself (rules from
 * DEFAULT_RULES), so the demo ledger is exactly what the desk would have
 * posted:
 * - each past stay checked out since the cutover: the lines of
 *   `computeStayEarnings` (new-member bonus per `isNewMemberBonusEligible`
 *   over the member's chain-wide stays), plus the 7-nights voucher line from
 *   `voucherSchedule` / `voucherLine` over those stays;
 * - redemptions: `redemptionLine`, only when the balance at that moment
 *   covers them, so no running balance is ever negative;
 * - older history: one 'adjust.migration' line (the legacy balance).
 * The engine's line ids, rules, kinds, points and params are kept as they
 * are; `ledgerLine` only adds member, branch, reservation, time and device.
 */
import { ledgerEntryOf } from '../domain/ledger';
import { voucherLine, voucherSchedule } from '../domain/ledger';
import type { PaidStay } from '../domain/ledger';
import type { EpochMs, LedgerEntry, Tier } from '../domain/model';
import { computeStayEarnings, isNewMemberBonusEligible, lineId } from '../domain/points';
import type { EarnLine, StayEarnings, StayInput } from '../domain/points';
import { redemptionLine } from '../domain/redemption';
import { DEFAULT_RULES } from '../domain/rules';
import type { RedemptionItem, Rules } from '../domain/rules';
import { isoOfMs, localMs, MINUTE_MS, ymdOf } from './calendar';
import { cutoverAt } from './context';
import type { DemoContext } from './context';
import { weightedTable } from './prng';
import type { Rng } from './prng';
import type { StayPlan } from './stays';

export const SYSTEM_STAFF_ID = 'system';
export const DEMO_DEVICE_ID = 'demo';
export const LEGACY_DEVICE_ID = 'legacy';
export const MIGRATION_REASON = 'balance migrated from the legacy system';

const AT_DESK = weightedTable<RedemptionItem>([['milk', 5], ['toiletries', 3], ['lateCheckout', 2]]);
const ELSEWHERE = weightedTable<RedemptionItem>([['freeNight', 3], ['milk', 1], ['memberCard', 1]]);

/** Where and when a line was posted: what the desk adds to an engine line. */
export interface Provenance {
  memberId: string;
  branchId: string;
  reservationId: string;
  createdAt: EpochMs;
  deviceId?: string;
}

/** An engine line as a ledger document, with the demo's provenance. */
export function ledgerLine(line: EarnLine, at: Provenance): LedgerEntry {
  return ledgerEntryOf(line, {
    ...at, businessDate: isoOfMs(at.createdAt), deviceId: at.deviceId ?? DEMO_DEVICE_ID, staffId: SYSTEM_STAFF_ID,
  });
}

/** The legacy system's balance carried over (not an engine rule; in RULE_CODES for its text). */
export function migrationLine(memberId: string, points: number): EarnLine {
  return {
    id: lineId(memberId, 'adjust.migration'),
    rule: 'adjust.migration',
    kind: 'adjust',
    points,
    params: { reason: MIGRATION_REASON, points },
  };
}

/** The engine's input for a demo stay (always booked by the member for themself). */
export function stayInput(stay: StayPlan, memberId: string, tier: Tier, newMemberEligible: boolean): StayInput {
  return {
    reservationId: stay.reservationId,
    memberId,
    branchId: stay.branchId,
    channel: stay.channel,
    memberRate: stay.memberRate,
    nights: stay.nights,
    extensionNights: stay.extensionNights,
    extensionAdvanceOwnChannel: stay.extensionAdvanceOwnChannel,
    rateFen: stay.rateFen,
    bookedForOther: false,
    tier,
    newMemberEligible,
  };
}

/** A stay as the voucher rule sees it: every demo room-night was paid for. */
export function paidStay(stay: StayPlan): PaidStay {
  return { reservationId: stay.reservationId, checkoutAt: stay.checkedOutAt, paidNights: stay.nights + stay.extensionNights };
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
  joinedAt: EpochMs;
  homeBranchId: string;
  /** The member's past stays, chain-wide, in ascending order. */
  stays: readonly StayPlan[];
}

/**
 * What each past stay earned at its checkout, in the order of `stays`: the
 * engine's earnings under the member's tier, with the new-member bonus when
 * fewer than the rules' first stays were completed since joining.
 */
export function pastStayEarnings(m: Pick<MemberLedgerInput, 'memberId' | 'tier' | 'joinedAt' | 'stays'>, rules: Rules = DEFAULT_RULES): StayEarnings[] {
  let staysSinceJoin = 0;
  return m.stays.map((s) => {
    const eligible = isNewMemberBonusEligible(m.joinedAt, staysSinceJoin, s.checkedOutAt, rules);
    if (s.checkedOutAt >= m.joinedAt) staysSinceJoin++;
    return computeStayEarnings(stayInput(s, m.memberId, m.tier, eligible), rules);
  });
}

interface PlannedRedemption {
  at: EpochMs;
  item: RedemptionItem;
  branchId: string;
  reservationId: string;
  redemptionId: string;
}

/** The itemised ledger of a member's history (migration, stays, redemptions), time-ordered. */
export function historyLedger(rng: Rng, ctx: DemoContext, m: MemberLedgerInput): LedgerEntry[] {
  const rules = DEFAULT_RULES;
  const cutover = cutoverAt(ctx);
  const lines: LedgerEntry[] = [];
  const memberId = m.memberId;
  const earnings = pastStayEarnings(m, rules);
  const vouchers = voucherSchedule(m.stays.map(paidStay), rules);

  // Opening balance from the legacy system: points earned before the cutover
  // (what the engine gives the visible stays, plus older years), less what
  // was redeemed back then.
  if (m.joinDay < ctx.cutoverDay && m.tier !== 'registered') {
    let earned = 0;
    m.stays.forEach((s, i) => {
      if (s.checkedOutAt < cutover) earned += earnings[i]?.total ?? 0;
    });
    const olderYears = Math.max(0, (ctx.today - 365 - m.joinDay) / 365);
    const annual = m.tier === 'platinum' ? 9000 : m.tier === 'gold' ? 4000 : 700;
    earned += olderYears * annual * (0.2 + 0.8 * rng.next());
    const opening = Math.min(12_000, Math.floor(earned * (0.25 + 0.6 * rng.next())));
    if (opening > 0) {
      lines.push(ledgerLine(migrationLine(memberId, opening), {
        memberId, branchId: m.homeBranchId, reservationId: '', createdAt: cutover, deviceId: LEGACY_DEVICE_ID,
      }));
    }
  }

  const redemptions: PlannedRedemption[] = [];
  m.stays.forEach((s, i) => {
    if (s.checkedOutAt < cutover) return;
    if (s.local && rng.chance(0.25)) {
      redemptions.push({
        at: s.checkedInAt + 25 * MINUTE_MS + 17_000, item: rng.weighted(AT_DESK), branchId: s.branchId,
        reservationId: s.reservationId, redemptionId: s.reservationId,
      });
    }
    // Everything a checkout posts carries the checkout time, as at the desk.
    const at: Provenance = { memberId, branchId: s.branchId, reservationId: s.reservationId, createdAt: s.checkedOutAt };
    for (const line of earnings[i]?.lines ?? []) lines.push(ledgerLine(line, at));
    const voucher = voucherLine(s.reservationId, vouchers.get(s.reservationId) ?? 0, rules);
    if (voucher) lines.push(ledgerLine(voucher, at));
  });

  if (m.tier !== 'registered' && rng.chance(0.12) && ctx.today - ctx.cutoverDay > 2) {
    const day = rng.int(ctx.cutoverDay + 1, ctx.today - 1);
    const item = rng.weighted(ELSEWHERE);
    redemptions.push({
      at: localMs(day, rng.int(9 * 60, 21 * 60)) + 17_000, item, branchId: m.homeBranchId, reservationId: '',
      redemptionId: `${memberId}:${ymdOf(day)}`,
    });
  }

  // Stays never overlap, so the lines are already in time order; redemptions are inserted in place.
  redemptions.sort((a, b) => a.at - b.at);
  for (const r of redemptions) {
    const line = redemptionLine(r.redemptionId, r.item, 1, rules);
    if (r.at > ctx.now || !canDebit(lines, r.at, -line.points)) continue;
    let at = lines.length;
    while (at > 0 && (lines[at - 1]?.createdAt ?? 0) > r.at) at--;
    lines.splice(at, 0, ledgerLine(line, { memberId, branchId: r.branchId, reservationId: r.reservationId, createdAt: r.at }));
  }
  // A checkout's lines share one time: order them as the whole branch's ledger is ordered.
  return sortLedger(lines);
}

export function balanceOf(lines: readonly LedgerEntry[]): number {
  let sum = 0;
  for (const l of lines) sum += l.points;
  return sum;
}
