/**
 * Two records of one person. Offline, a desk that cannot reach the chain
 * enrols a guest as a new member; later the chain's record of the same
 * person (the same ID number) is brought into the branch. The manager merges
 * them, and nothing is edited or lost:
 *
 * - the older record (the earlier `joinedAt`, then the smaller member
 *   number) is kept; the other one's lines all stay where they are;
 * - the other one's balance moves to the kept one by two new ledger lines,
 *   `adjust.mergeOut` on the merged record (−balance) and `adjust.mergeIn`
 *   on the kept one (+balance), each naming the other;
 * - a review record (`resolution`, `how: 'merge'`) says who merged what.
 *
 * The lines' ids are the pair and the number of the merged record's lines,
 * so two tablets merging the same state write each line once, and a merge
 * after more lines reached the merged record moves what arrived since.
 */
import { balance } from './ledger';
import type { LedgerEntry, Member } from './model';
import type { EarnLine } from './points';
import type { RuleCode } from './rules';

export const MERGE_OUT_RULE = 'adjust.mergeOut' satisfies RuleCode;
export const MERGE_IN_RULE = 'adjust.mergeIn' satisfies RuleCode;

type Person = Pick<Member, 'id' | 'idNumber' | 'joinedAt'>;

export interface DuplicatePair {
  idNumber: string;
  keepId: string;
  mergeId: string;
}

/** Which of two records of one person is kept: the older one (then the smaller member number). */
export function keptOf<T extends Person>(a: T, b: T): { keep: T; merge: T } {
  const aFirst = a.joinedAt < b.joinedAt || (a.joinedAt === b.joinedAt && a.id < b.id);
  return aFirst ? { keep: a, merge: b } : { keep: b, merge: a };
}

/**
 * Records sharing an ID number, as pairs to merge into the oldest of each
 * group, leaving out records already merged (`merged`: their ids). Sorted by
 * ID number then member number, whatever the input's order.
 */
export function duplicatePairs(members: readonly Person[], merged: ReadonlySet<string>): DuplicatePair[] {
  const groups = new Map<string, Person[]>();
  for (const m of members) {
    if (!m.idNumber || merged.has(m.id)) continue;
    groups.set(m.idNumber, [...(groups.get(m.idNumber) ?? []), m]);
  }
  const pairs: DuplicatePair[] = [];
  for (const [idNumber, group] of groups) {
    if (group.length < 2) continue;
    const keep = group.reduce((k, m) => keptOf(k, m).keep);
    for (const m of group) if (m.id !== keep.id) pairs.push({ idNumber, keepId: keep.id, mergeId: m.id });
  }
  return pairs.sort((a, b) => (a.idNumber < b.idNumber ? -1 : a.idNumber > b.idNumber ? 1 : a.mergeId < b.mergeId ? -1 : a.mergeId > b.mergeId ? 1 : 0));
}

export interface MergeLine { memberId: string; line: EarnLine }

/**
 * The two lines that move the merged record's balance to the kept one
 * (none when it is zero). `mergeLines` are the merged record's lines now.
 */
export function mergeBalanceLines(keepId: string, mergeId: string, mergeLines: readonly Pick<LedgerEntry, 'id' | 'points'>[]): MergeLine[] {
  const points = balance(mergeLines);
  if (points === 0) return [];
  const base = `merge:${mergeId}:${keepId}:${mergeLines.length}`;
  return [
    { memberId: mergeId, line: { id: `${base}:out`, rule: MERGE_OUT_RULE, kind: 'adjust', points: -points, params: { into: keepId, points: -points } } },
    { memberId: keepId, line: { id: `${base}:in`, rule: MERGE_IN_RULE, kind: 'adjust', points, params: { from: mergeId, points } } },
  ];
}
