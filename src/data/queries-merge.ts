/**
 * Two records of one person (src/domain/member-merge): the pairs sharing an
 * ID number that the manager has not merged yet, for the sync review.
 */
import { combineLatest, map, type Observable } from 'rxjs';
import { duplicatePairs } from '../domain/member-merge';
import type { Member } from '../domain/model';
import type { ReviewRecord } from '../domain/review';
import type { FrontDeskDatabase } from './database';

export interface DuplicateView {
  idNumber: string;
  keep: Member;
  merge: Member;
}

const isMerge = (r: ReviewRecord) => r.kind === 'resolution' && r.docCollection === 'members' && r.detail.how === 'merge';

/** Members already merged into another record (their ids). */
export async function mergedMemberIds(db: FrontDeskDatabase): Promise<Set<string>> {
  const docs = await db.reviews.find({ selector: { kind: 'resolution' } }).exec();
  return new Set(docs.map((d) => d.toJSON() as ReviewRecord).filter(isMerge).map((r) => r.docId));
}

/**
 * The member a record was merged into (the kept record's id), or null: the
 * merge's resolution record says so even when no points moved.
 */
export const mergedInto$ = (db: FrontDeskDatabase, memberId: string): Observable<string | null> =>
  db.reviews.find({ selector: { kind: 'resolution', docCollection: 'members', docId: memberId } }).$.pipe(map((docs) => {
    const merge = docs.map((d) => d.toJSON() as ReviewRecord).filter(isMerge).sort((a, b) => a.createdAt - b.createdAt)[0];
    return merge ? String(merge.detail.into ?? merge.refId) : null;
  }));

/** Of these members, the ones merged into another record: member id → the kept record's id (for the search list). */
export async function mergedIntoOf(db: FrontDeskDatabase, memberIds: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (memberIds.length === 0) return out;
  const docs = await db.reviews.find({ selector: { kind: 'resolution', docCollection: 'members', docId: { $in: [...memberIds] } } }).exec();
  const merges = docs.map((d) => d.toJSON() as ReviewRecord).filter(isMerge).sort((a, b) => a.createdAt - b.createdAt);
  for (const r of merges) if (!out.has(r.docId)) out.set(r.docId, String(r.detail.into ?? r.refId));
  return out;
}

/** Members with an ID number, by ID number (an index), and the merges done: the pairs still to merge. */
export const duplicates$ = (db: FrontDeskDatabase): Observable<DuplicateView[]> =>
  combineLatest([
    db.members.find({ selector: { idNumber: { $gt: '' } }, sort: [{ idNumber: 'asc' }, { id: 'asc' }] }).$,
    db.reviews.find({ selector: { kind: 'resolution' } }).$,
  ]).pipe(map(([memberDocs, reviewDocs]) => {
    const members = memberDocs.map((d) => d.toJSON() as Member);
    const merged = new Set(reviewDocs.map((d) => d.toJSON() as ReviewRecord).filter(isMerge).map((r) => r.docId));
    const byId = new Map(members.map((m) => [m.id, m]));
    return duplicatePairs(members, merged).map((p) => ({ idNumber: p.idNumber, keep: byId.get(p.keepId)!, merge: byId.get(p.mergeId)! }));
  }));
