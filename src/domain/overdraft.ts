/**
 * Points overdrafts after sync, and the manager's two answers to one.
 *
 * Two tablets redeeming offline may each spend the same points (each within
 * the offline limits of ./offline-redemption); once both have synced, the
 * member's balance is below zero. Ledger lines are immutable, so the
 * manager never edits the redemptions: a compensating line is posted.
 *
 * - `findOverdrafts(linesByMember, rules)`: the members whose balance is
 *   below zero, with the amount and the redemptions behind it.
 * - `compensatingEntry('reversal', { memberId, lines, lineId })`: gives back
 *   one redemption exactly (+its points, rule 'adjust.reversal', params
 *   { of, points }, id `${lineId}:adjust.reversal`). Refused for a line that
 *   is not a redemption, or one already reversed.
 * - `compensatingEntry('writeOff', { memberId, lines })`: clears what is
 *   left (+|balance|, rule 'adjust.writeOff', params { points, balanceBefore }),
 *   so the balance is exactly 0. Refused when the balance is not negative.
 *
 * Ids are deterministic, so the same answer given on two tablets is the same
 * ledger id and counts once: a reversal's id is its redemption's; a
 * write-off's is the member plus a fingerprint of the ledger it cleared (the
 * ids of the lines summed), so writing off the same overdraft twice is one
 * line, while a write-off of a later, different overdraft is a line of its own.
 *
 * Which redemptions are "behind" an overdraft (Decision): walking the lines
 * by (createdAt, id), the overdraft starts at the line after which the
 * running balance stays below zero. A tablet redeems offline only against a
 * balance the server confirmed within `confirmedBalanceMaxAgeHours`, so a
 * redemption made longer than that before the start was seen by every
 * tablet that redeemed afterwards; the ones made since then (and not
 * reversed) are listed, newest first, for the manager to choose from.
 */
import type { EpochMs, LedgerEntry } from './model';
import { balance, uniqueById } from './ledger';
import { lineId, type EarnLine } from './points';
import { DEFAULT_RULES, type RuleCode, type Rules } from './rules';

export const COMPENSATION_KINDS = ['reversal', 'writeOff'] as const;
export type CompensationKind = (typeof COMPENSATION_KINDS)[number];

export const REVERSAL_RULE = 'adjust.reversal' satisfies RuleCode;
export const WRITE_OFF_RULE = 'adjust.writeOff' satisfies RuleCode;

export interface Overdraft {
  memberId: string;
  /** Below zero. */
  balance: number;
  /** What the member owes: −balance, above zero. */
  amount: number;
  /** When the balance went below zero and stayed there. */
  since: EpochMs;
  /** The redemptions behind it, not reversed, newest first (each carries deviceId and createdAt). */
  redemptions: LedgerEntry[];
}

type Line = Pick<LedgerEntry, 'id' | 'kind' | 'rule' | 'points' | 'params' | 'createdAt'>;

const byTimeThenId = (a: Line, b: Line): number =>
  a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Ids of the redemptions a reversal line already gave back. */
export function reversedIds(lines: readonly Line[]): Set<string> {
  const out = new Set<string>();
  for (const l of lines) if (l.rule === REVERSAL_RULE && typeof l.params.of === 'string') out.add(l.params.of);
  return out;
}

/** The member's overdraft, or null when the balance is not below zero. */
export function overdraftOf(memberId: string, lines: readonly LedgerEntry[], rules: Rules = DEFAULT_RULES): Overdraft | null {
  const unique = uniqueById(lines).sort(byTimeThenId);
  const total = balance(unique);
  if (total >= 0) return null;
  let running = 0;
  let start = 0;
  unique.forEach((l, i) => {
    running += l.points;
    if (running >= 0) start = i + 1;
  });
  const since = unique[start]?.createdAt ?? 0;
  const from = since - rules.offlineRedemption.confirmedBalanceMaxAgeHours * 3_600_000;
  const reversed = reversedIds(unique);
  const redemptions = unique
    .filter((l) => l.kind === 'redeem' && l.createdAt >= from && !reversed.has(l.id))
    .reverse();
  return { memberId, balance: total, amount: -total, since, redemptions };
}

/**
 * Every member whose balance is below zero, the largest overdraft first
 * (then by member id, so the order never depends on the input's).
 */
export function findOverdrafts(
  linesByMember: ReadonlyMap<string, readonly LedgerEntry[]>,
  rules: Rules = DEFAULT_RULES,
): Overdraft[] {
  const out: Overdraft[] = [];
  for (const [memberId, lines] of linesByMember) {
    const found = overdraftOf(memberId, lines, rules);
    if (found) out.push(found);
  }
  return out.sort((a, b) => b.amount - a.amount || (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0));
}

export type CompensationError = 'notOverdrawn' | 'lineNotFound' | 'notRedemption' | 'alreadyReversed';

export type Compensation =
  | { ok: true; line: EarnLine; balanceBefore: number; balanceAfter: number }
  | { ok: false; error: CompensationError };

/** 32-bit FNV-1a as 8 hex digits: a short, stable fingerprint for an id. */
function fingerprint(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * The compensating line for the member's overdraft. `lines` are the
 * member's ledger lines (others' are ignored); `lineId` names the
 * redemption to reverse. The originals are never changed.
 */
export function compensatingEntry(
  kind: CompensationKind,
  input: { memberId: string; lines: readonly LedgerEntry[]; lineId?: string },
): Compensation {
  const lines = uniqueById(input.lines.filter((l) => l.memberId === input.memberId));
  const before = balance(lines);
  if (kind === 'reversal') {
    const target = lines.find((l) => l.id === input.lineId);
    if (!target) return { ok: false, error: 'lineNotFound' };
    if (target.kind !== 'redeem' || target.points >= 0) return { ok: false, error: 'notRedemption' };
    const id = lineId(target.id, REVERSAL_RULE);
    if (reversedIds(lines).has(target.id) || lines.some((l) => l.id === id)) return { ok: false, error: 'alreadyReversed' };
    const points = -target.points;
    const line: EarnLine = { id, rule: REVERSAL_RULE, kind: 'adjust', points, params: { of: target.id, points } };
    return { ok: true, line, balanceBefore: before, balanceAfter: before + points };
  }
  if (!(before < 0)) return { ok: false, error: 'notOverdrawn' };
  const state = fingerprint(lines.map((l) => l.id).sort().join('\n'));
  const points = -before;
  const line: EarnLine = {
    id: lineId(`${input.memberId}:${state}`, WRITE_OFF_RULE),
    rule: WRITE_OFF_RULE,
    kind: 'adjust',
    points,
    params: { points, balanceBefore: before },
  };
  return { ok: true, line, balanceBefore: before, balanceAfter: 0 };
}
