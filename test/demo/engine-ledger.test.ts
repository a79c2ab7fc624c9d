/**
 * The demo's points history is exactly what the points engine would have
 * posted: every line has a rule code the app has a text for, each past
 * stay's lines are `computeStayEarnings` (and the 7-nights voucher) for that
 * stay, and redemptions, guarantee holds and adopted suggestions are the
 * engine's own lines. The expected lines are rebuilt here from the engine
 * and the generated documents, not from the demo's helpers.
 */
import { describe, expect, it } from 'vitest';
import { createDemoContext, generateDemoBranch, memberRecordAt } from '../../src/demo/generate';
import type { DemoBranch, DemoBranchOptions } from '../../src/demo/generate';
import { cutoverAt } from '../../src/demo/context';
import { memberIndexOf } from '../../src/demo/identity';
import type { StayPlan } from '../../src/demo/stays';
import { checkGuarantee, guaranteeHoldLine } from '../../src/domain/guarantee';
import { voucherLine, voucherSchedule } from '../../src/domain/ledger';
import type { LedgerEntry, Member, Reservation } from '../../src/domain/model';
import { computeStayEarnings, isNewMemberBonusEligible, suggestionAdoptedLine } from '../../src/domain/points';
import type { EarnLine, StayInput } from '../../src/domain/points';
import { isRedemptionItem, redemptionLine } from '../../src/domain/redemption';
import { DEFAULT_RULES as R, RULE_CODES } from '../../src/domain/rules';
import type { RuleCode } from '../../src/domain/rules';
import { ledgerText, ruleTextKey } from '../../src/i18n/ledger-text';

const CASES: (DemoBranchOptions & { label: string })[] = [
  { label: 'seed 7', seed: 7, businessDate: '2026-11-23', now: Date.UTC(2026, 10, 23, 7, 0, 0) },
  { label: 'seed 1, early morning', seed: 1, businessDate: '2025-06-12', now: Date.parse('2025-06-12T06:10:00+08:00'), memberCount: 400 },
  { label: 'seed 2024, after midnight', seed: 2024, businessDate: '2025-02-28', now: Date.parse('2025-03-01T01:30:00+08:00'), memberCount: 400 },
  { label: 'seed -99, evening', seed: -99, businessDate: '2025-12-31', now: Date.parse('2025-12-31T21:45:00+08:00'), memberCount: 400 },
];

/** The kind the engine gives each rule. */
const KIND: Readonly<Record<RuleCode, LedgerEntry['kind']>> = {
  stay: 'earn', 'new-member': 'earn', 'booking.ordinary': 'earn', 'booking.premium': 'earn', 'booking-for-other': 'adjust',
  'voucher.7nights': 'earn', suggestion: 'earn', 'redeem.milk': 'redeem', 'redeem.toiletries': 'redeem',
  'redeem.lateCheckout': 'redeem', 'redeem.freeNight': 'redeem', 'redeem.memberCard': 'redeem', 'guarantee.hold': 'hold',
  'guarantee.release': 'release', 'guarantee.forfeit': 'forfeit', 'no-show': 'penalty', 'adjust.migration': 'adjust',
  'adjust.reversal': 'adjust', 'adjust.writeOff': 'adjust', 'adjust.mergeOut': 'adjust', 'adjust.mergeIn': 'adjust',
};

const STAY_RULES = new Set<string>(['stay', 'new-member', 'booking.ordinary', 'booking.premium', 'booking-for-other', 'voucher.7nights']);

const engineView = (l: EarnLine | LedgerEntry) => ({ id: l.id, rule: l.rule, kind: l.kind, points: l.points, params: l.params });

function isRuleCode(rule: string): rule is RuleCode {
  return (RULE_CODES as readonly string[]).includes(rule);
}

/** A member's stays checked out before a given one (and since joining): the new-member rule's count. */
function staysBefore(member: Member, stays: readonly { checkedOutAt: number }[], checkoutAt: number): number {
  return stays.filter((s) => s.checkedOutAt < checkoutAt && s.checkedOutAt >= member.joinedAt).length;
}

/** The engine's input for a checked-out reservation, as the desk's checkout builds it. */
function inputOfReservation(r: Reservation, member: Member, newMemberEligible: boolean): StayInput {
  return {
    reservationId: r.id, memberId: member.id, branchId: r.branchId, channel: r.channel, memberRate: r.memberRate,
    nights: r.nights, extensionNights: r.extensionNights, extensionAdvanceOwnChannel: r.extensionAdvanceOwnChannel,
    rateFen: r.rateFen, bookedForOther: r.bookedForOther, tier: member.tier, newMemberEligible,
  };
}

function inputOfStay(s: StayPlan, member: Member, newMemberEligible: boolean): StayInput {
  return {
    reservationId: s.reservationId, memberId: member.id, branchId: s.branchId, channel: s.channel, memberRate: s.memberRate,
    nights: s.nights, extensionNights: s.extensionNights, extensionAdvanceOwnChannel: s.extensionAdvanceOwnChannel,
    rateFen: s.rateFen, bookedForOther: false, tier: member.tier, newMemberEligible,
  };
}

function linesByReservation(d: DemoBranch): Map<string, LedgerEntry[]> {
  const out = new Map<string, LedgerEntry[]>();
  for (const l of d.ledger) {
    if (!STAY_RULES.has(l.rule)) continue;
    const list = out.get(l.reservationId) ?? [];
    list.push(l);
    out.set(l.reservationId, list);
  }
  return out;
}

const byId = <T extends { id: string }>(xs: readonly T[]): T[] => [...xs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

describe.each(CASES)('demo ledger against the points engine ($label)', (opts) => {
  const d = generateDemoBranch(opts);
  const ctx = createDemoContext({ businessDate: opts.businessDate, now: opts.now });
  const cutover = cutoverAt(ctx);
  const members = new Map(d.members.map((m) => [m.id, m]));
  const stayLines = linesByReservation(d);
  const chainStays = new Map(d.members.map((m) => [m.id, memberRecordAt(opts.seed, memberIndexOf(m.id), ctx).stays]));

  it('gives every ledger line a rule code of the rules table, its kind, and a text in zh and en', () => {
    expect(d.ledger.length).toBeGreaterThan(0);
    for (const l of d.ledger) {
      expect(isRuleCode(l.rule), `${l.id}: ${l.rule}`).toBe(true);
      if (!isRuleCode(l.rule)) continue;
      expect(l.kind, l.id).toBe(KIND[l.rule]);
      expect(ledgerText.zh[ruleTextKey(l.rule)].trim(), l.rule).not.toBe('');
      expect(ledgerText.en[ruleTextKey(l.rule)].trim(), l.rule).not.toBe('');
    }
  });

  it('posts, for every checked-out past stay since the cutover, exactly the lines computeStayEarnings gives it', () => {
    const past = d.reservations.filter((r) => r.status === 'checked-out');
    expect(past.length).toBeGreaterThan(opts.memberCount === undefined ? 200 : 20);
    let itemised = 0;
    for (const r of past) {
      const member = members.get(r.memberId);
      expect(member, r.id).toBeDefined();
      if (!member) continue;
      const posted = (stayLines.get(r.id) ?? []).filter((l) => l.rule !== 'voucher.7nights');
      if (r.checkedOutAt < cutover) {
        // Older stays are in the migrated balance, not itemised.
        expect(posted, r.id).toEqual([]);
        continue;
      }
      itemised++;
      const eligible = isNewMemberBonusEligible(member.joinedAt, staysBefore(member, chainStays.get(member.id) ?? [], r.checkedOutAt), r.checkedOutAt, R);
      const expected = computeStayEarnings(inputOfReservation(r, member, eligible), R);
      expect(byId(posted.map(engineView)), r.id).toEqual(byId(expected.lines.map(engineView)));
      for (const l of posted) {
        expect(l).toMatchObject({ memberId: member.id, branchId: r.branchId, reservationId: r.id, createdAt: r.checkedOutAt });
      }
    }
    expect(itemised).toBeGreaterThan(0);
  });

  it('posts the engine lines and 7-nights vouchers for every stay chain-wide, and nothing for stays it does not know', () => {
    const expectedIds = new Set<string>();
    for (const member of d.members) {
      const stays = chainStays.get(member.id) ?? [];
      const vouchers = voucherSchedule(
        stays.map((s) => ({ reservationId: s.reservationId, checkoutAt: s.checkedOutAt, paidNights: s.nights + s.extensionNights })), R,
      );
      for (const s of stays) {
        if (s.checkedOutAt < cutover) continue;
        const eligible = isNewMemberBonusEligible(member.joinedAt, staysBefore(member, stays, s.checkedOutAt), s.checkedOutAt, R);
        const expected = computeStayEarnings(inputOfStay(s, member, eligible), R).lines;
        const voucher = voucherLine(s.reservationId, vouchers.get(s.reservationId) ?? 0, R);
        if (voucher) expected.push(voucher);
        const posted = stayLines.get(s.reservationId) ?? [];
        expect(byId(posted.map(engineView)), s.reservationId).toEqual(byId(expected.map(engineView)));
        for (const l of expected) expectedIds.add(l.id);
      }
    }
    for (const l of d.ledger) if (STAY_RULES.has(l.rule)) expect(expectedIds.has(l.id), l.id).toBe(true);
  });

  it('makes redemptions, guarantee holds, suggestions and the migration with the engine, never overdrawing', () => {
    const reservations = new Map(d.reservations.map((r) => [r.id, r]));
    const feedback = new Map(d.feedback.map((f) => [f.id, f]));
    for (const l of d.ledger) {
      if (l.kind === 'redeem') {
        const item = String(l.params['item']);
        expect(isRedemptionItem(item), l.id).toBe(true);
        if (!isRedemptionItem(item)) continue;
        const suffix = `:redeem.${item}`;
        expect(l.id.endsWith(suffix), l.id).toBe(true);
        expect(engineView(l)).toEqual(engineView(redemptionLine(l.id.slice(0, -suffix.length), item, Number(l.params['quantity']), R)));
      } else if (l.rule === 'guarantee.hold') {
        const r = reservations.get(l.reservationId);
        const member = members.get(l.memberId);
        expect(r?.memberId, l.id).toBe(l.memberId);
        if (!r || !member) continue;
        const check = checkGuarantee(Number.MAX_SAFE_INTEGER, member.tier, r.guaranteePoints / R.guarantee.pointsPerHour, R);
        expect(check.ok, l.id).toBe(true);
        if (!check.ok) continue;
        expect(engineView(l)).toEqual(engineView(guaranteeHoldLine(r.id, r.guaranteePoints, check.holdUntil, R)));
      } else if (l.rule === 'suggestion') {
        const f = feedback.get(l.id.slice(0, -':suggestion'.length));
        expect(f?.adopted, l.id).toBe(true);
        expect(f?.memberId).toBe(l.memberId);
        expect(engineView(l)).toEqual(engineView(suggestionAdoptedLine(f?.id ?? '', R)));
      } else if (l.rule === 'adjust.migration') {
        expect(engineView(l)).toEqual({
          id: `${l.memberId}:adjust.migration`, rule: 'adjust.migration', kind: 'adjust', points: l.points,
          params: { reason: 'balance migrated from the legacy system', points: l.points },
        });
        expect(l.points).toBeGreaterThan(0);
        expect(l.createdAt).toBe(cutover);
      }
    }
  });
});

describe('the rule mix of the seed-7 demo', () => {
  it('shows every kind of line a clerk meets in history, and no booking points for phone bookings', () => {
    const first = CASES[0];
    if (!first) throw new Error('no cases');
    const d = generateDemoBranch(first);
    const rules = new Set(d.ledger.map((l) => l.rule));
    for (const rule of [
      'stay', 'new-member', 'booking.ordinary', 'booking.premium', 'voucher.7nights', 'suggestion', 'guarantee.hold',
      'adjust.migration', 'redeem.milk', 'redeem.freeNight',
    ]) {
      expect(rules.has(rule), rule).toBe(true);
    }
    // Phone is not an own channel in the rules table: a phone booking earns booking points only for an advance own-channel extension.
    const phone = d.reservations.filter((r) => r.status === 'checked-out' && r.channel === 'phone' && !r.extensionAdvanceOwnChannel);
    expect(phone.length).toBeGreaterThan(0);
    const phoneIds = new Set(phone.map((r) => r.id));
    expect(d.ledger.filter((l) => phoneIds.has(l.reservationId) && l.rule.startsWith('booking.'))).toEqual([]);
  });
});
