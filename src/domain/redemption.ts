/**
 * Redemptions (兑换礼品): milk 200, toiletries 400, late checkout 500 per
 * hour (at most 4 hours, Assumption), a free big-bed night 2000, a physical
 * member card 100. Quantity is a positive integer; only late checkout may
 * exceed 1. A redemption is never allowed past the spendable balance.
 *
 * - `checkRedemption(balance, item, quantity, rules)`: may it be done?
 * - `redeem(balance, redemptionId, item, quantity, rules)`: the checked line,
 *   the one way the UI should make a redemption line.
 * - `redemptionLine(redemptionId, item, quantity, rules)`: the line itself
 *   (negative points, rule `redeem.<item>`, id `${redemptionId}:redeem.<item>`),
 *   without a balance check; throws on an invalid quantity.
 */
import { REDEMPTION_ITEMS } from './rules';
import type { RedemptionItem, Rules } from './rules';
import { lineId } from './points';
import type { EarnLine, EarnNote } from './points';

export { REDEMPTION_ITEMS };
export type { RedemptionItem };

export type RedemptionCheck =
  | { ok: true; cost: number }
  | { ok: false; error: 'insufficient'; cost: number; shortBy: number }
  | { ok: false; error: 'quantity' };

export function isRedemptionItem(value: string): value is RedemptionItem {
  return (REDEMPTION_ITEMS as readonly string[]).includes(value);
}

function validQuantity(item: RedemptionItem, quantity: number, rules: Rules): boolean {
  return Number.isSafeInteger(quantity) && quantity >= 1 && quantity <= rules.redemptions[item].maxQuantity;
}

export function checkRedemption(
  balance: number,
  item: RedemptionItem,
  quantity: number,
  rules: Rules,
): RedemptionCheck {
  if (!validQuantity(item, quantity, rules)) return { ok: false, error: 'quantity' };
  const cost = quantity * rules.redemptions[item].points;
  // Written so that a NaN balance is refused too.
  if (!(cost <= balance)) return { ok: false, error: 'insufficient', cost, shortBy: cost - balance };
  return { ok: true, cost };
}

export function redemptionLine(
  redemptionId: string,
  item: RedemptionItem,
  quantity: number,
  rules: Rules,
): EarnLine {
  if (!validQuantity(item, quantity, rules)) {
    throw new RangeError(`Invalid quantity [${JSON.stringify(quantity)}] for ${item}.`);
  }
  const unitPoints = rules.redemptions[item].points;
  const cost = quantity * unitPoints;
  const rule = `redeem.${item}` as const;
  return {
    id: lineId(redemptionId, rule),
    rule,
    kind: 'redeem',
    points: -cost,
    params: { item, quantity, unitPoints, cost, points: -cost },
  };
}

export type RedeemResult =
  | { ok: true; line: EarnLine }
  | { ok: false; check: Exclude<RedemptionCheck, { ok: true }>; note: EarnNote };

/** Check against the spendable balance and, when allowed, make the line. */
export function redeem(
  balance: number,
  redemptionId: string,
  item: RedemptionItem,
  quantity: number,
  rules: Rules,
): RedeemResult {
  const check = checkRedemption(balance, item, quantity, rules);
  if (check.ok) return { ok: true, line: redemptionLine(redemptionId, item, quantity, rules) };
  const note: EarnNote =
    check.error === 'quantity'
      ? { rule: 'redeem.quantity', params: { item, max: rules.redemptions[item].maxQuantity } }
      : { rule: 'redeem.insufficient', params: { item, cost: check.cost, shortBy: check.shortBy } };
  return { ok: false, check, note };
}
