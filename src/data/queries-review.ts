/**
 * Live reads for the manager's sync review: what each tablet pushed when it
 * came back online, the members overdrawn after sync, and the conflicts and
 * server rejections no one has answered yet.
 *
 * The review log is append-only: a record is "open" while no 'resolution'
 * record points at it (`refId`); an overdraft is open while the member's
 * balance is below zero (the balance is the ledger's sum, never stored).
 */
import { combineLatest, distinctUntilChanged, map, of, switchMap, type Observable, firstValueFrom } from 'rxjs';
import { addDays } from '../domain/dates';
import type { LedgerEntry, Member } from '../domain/model';
import { findOverdrafts, type Overdraft } from '../domain/overdraft';
import type { ReviewKind, ReviewRecord } from '../domain/review';
import { DEFAULT_RULES, type Rules } from '../domain/rules';
import type { FrontDeskDatabase } from './database';
import { branch$ } from './queries';

const plain = <T>(docs: { toJSON(): unknown }[]): T[] => docs.map((d) => d.toJSON() as T);
const unique = (xs: readonly string[]): string[] => [...new Set(xs)].sort();
const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

// ---- reading replicated detail defensively --------------------------------
// `detail` came from another tablet; a malformed one must not break the screen.

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** The review log of one kind, newest first (index ['kind', 'createdAt']). */
export const reviewsOfKind$ = (db: FrontDeskDatabase, kind: ReviewKind, limit?: number): Observable<ReviewRecord[]> =>
  db.reviews.find({ selector: { kind }, sort: [{ kind: 'asc' }, { createdAt: 'desc' }], ...(limit === undefined ? {} : { limit }) }).$
    .pipe(map((d) => plain<ReviewRecord>(d)));

// ---- reconnect reports ------------------------------------------------------

export type PushedItem =
  | { kind: 'ledger'; id: string; memberId: string; memberName: string; rule: string; points: number; params: LedgerEntry['params'] }
  | { kind: 'member'; id: string; name: string }
  | { kind: 'doc'; id: string };

export interface PushedCollection {
  collection: string;
  /** How many documents were pushed (the report lists at most 100 ids). */
  count: number;
  items: PushedItem[];
}

export interface ReconnectReport {
  id: string;
  deviceId: string;
  staffId: string;
  offlineSince: number;
  reconnectedAt: number;
  pushed: PushedCollection[];
}

export interface DeviceReconnects {
  deviceId: string;
  /** Newest first. */
  reports: ReconnectReport[];
}

interface ParsedReconnect {
  record: ReviewRecord;
  pushed: [collection: string, count: number][];
  ids: Map<string, string[]>;
}

function parseReconnect(record: ReviewRecord): ParsedReconnect {
  const detail = obj(record.detail);
  const counts = obj(detail.pushed);
  const ids = obj(detail.ids);
  const names = unique([...Object.keys(counts), ...Object.keys(ids)]);
  return {
    record,
    pushed: names.map((c) => [c, Math.max(num(counts[c]), strings(ids[c]).length)]),
    ids: new Map(names.map((c) => [c, strings(ids[c])])),
  };
}

function itemOf(collection: string, id: string, ledger: Map<string, LedgerEntry>, members: Map<string, Member>): PushedItem {
  if (collection === 'ledger') {
    const line = ledger.get(id);
    if (line) {
      return { kind: 'ledger', id, memberId: line.memberId, memberName: members.get(line.memberId)?.name ?? '', rule: line.rule, points: line.points, params: line.params };
    }
  }
  if (collection === 'members') {
    const member = members.get(id);
    if (member) return { kind: 'member', id, name: member.name };
  }
  return { kind: 'doc', id };
}

const docsById$ = <T>(collection: { findByIds(ids: string[]): { $: Observable<Map<string, { toJSON(): unknown }>> } }, ids: string[]): Observable<Map<string, T>> =>
  ids.length === 0
    ? of(new Map<string, T>())
    : collection.findByIds(ids).$.pipe(map((found) => new Map([...found].map(([id, d]) => [id, d.toJSON() as T]))));

/**
 * Reconnect reports grouped by tablet, the tablet with the newest report
 * first, each tablet's reports newest first. Pushed ledger lines are shown
 * with the member's name, the rule and the points; pushed members by name.
 */
export function reconnectReports$(db: FrontDeskDatabase, limit = 100): Observable<DeviceReconnects[]> {
  return reviewsOfKind$(db, 'reconnect', limit).pipe(
    map((records) => records.map(parseReconnect)),
    switchMap((parsed) => {
      const ledgerIds = unique(parsed.flatMap((p) => p.ids.get('ledger') ?? []));
      return docsById$<LedgerEntry>(db.ledger, ledgerIds).pipe(
        switchMap((ledger) => {
          const memberIds = unique([...parsed.flatMap((p) => p.ids.get('members') ?? []), ...[...ledger.values()].map((l) => l.memberId)]);
          return docsById$<Member>(db.members, memberIds).pipe(map((members) => ({ ledger, members })));
        }),
        map(({ ledger, members }) => {
          const byDevice = new Map<string, ReconnectReport[]>();
          for (const p of parsed) {
            const detail = obj(p.record.detail);
            const report: ReconnectReport = {
              id: p.record.id,
              deviceId: p.record.deviceId,
              staffId: p.record.staffId,
              offlineSince: num(detail.offlineSince),
              reconnectedAt: num(detail.reconnectedAt) || p.record.createdAt,
              pushed: p.pushed.map(([collection, count]) => ({
                collection, count, items: (p.ids.get(collection) ?? []).map((id) => itemOf(collection, id, ledger, members)),
              })),
            };
            byDevice.set(report.deviceId, [...(byDevice.get(report.deviceId) ?? []), report]);
          }
          return [...byDevice].map(([deviceId, reports]) => ({ deviceId, reports }));
        }),
      );
    }),
  );
}

// ---- overdrafts ---------------------------------------------------------------

export const OVERDRAFT_WINDOW_DAYS = 30;

export interface OverdraftView extends Overdraft {
  name: string;
  cardNo: string;
}

function byMember(lines: readonly LedgerEntry[]): Map<string, LedgerEntry[]> {
  const out = new Map<string, LedgerEntry[]>();
  for (const l of lines) {
    const list = out.get(l.memberId);
    if (list) list.push(l);
    else out.set(l.memberId, [l]);
  }
  return out;
}

/**
 * Members with a ledger line in the last `days` business days whose balance
 * is below zero, the largest overdraft first. Recent lines come from the
 * ['businessDate', 'createdAt'] index; only their members' ledgers are read
 * (index ['memberId', 'createdAt']) to compute the balances.
 */
export function overdrafts$(db: FrontDeskDatabase, days = OVERDRAFT_WINDOW_DAYS, rules: Rules = DEFAULT_RULES): Observable<OverdraftView[]> {
  return branch$(db).pipe(
    map((b) => b?.businessDate ?? ''),
    distinctUntilChanged(),
    switchMap((businessDate) => businessDate === ''
      ? of([] as string[])
      : db.ledger.find({ selector: { businessDate: { $gte: addDays(businessDate, -days) } }, sort: [{ businessDate: 'asc' }, { createdAt: 'asc' }] }).$
        .pipe(map((docs) => unique(docs.map((d) => d.memberId))))),
    distinctUntilChanged(sameList),
    switchMap((memberIds) => memberIds.length === 0
      ? of([] as Overdraft[])
      : db.ledger.find({ selector: { memberId: { $in: [...memberIds] } }, sort: [{ memberId: 'asc' }, { createdAt: 'asc' }] }).$
        .pipe(map((docs) => findOverdrafts(byMember(plain<LedgerEntry>(docs)), rules)))),
    switchMap((found) => docsById$<Member>(db.members, found.map((o) => o.memberId)).pipe(
      map((members) => found.map((o) => ({ ...o, name: members.get(o.memberId)?.name ?? '', cardNo: members.get(o.memberId)?.cardNo ?? '' }))),
    )),
  );
}

// ---- open conflicts and rejections -------------------------------------------

/** Why sync picked one version (src/data/conflicts.ts); anything else reads as 'other'. */
export const CONFLICT_REASONS = ['immutable-contradiction', 'deleted-on-one-side', 'status-order', 'later-update', 'two-stays-one-room', 'other'] as const;
export type ConflictReason = (typeof CONFLICT_REASONS)[number];

/** The first word of the server's refusal (server/validate.ts REJECTION_KINDS); anything else reads as 'other'. */
export const REJECTION_REASONS = ['immutable', 'no-delete', 'wrong-branch', 'malformed', 'other'] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

export interface FieldChange {
  field: string;
  kept: string;
  lost: string;
}

export interface ConflictView {
  record: ReviewRecord;
  reason: ConflictReason;
  /** The fields in which the kept and the lost versions differ. */
  changes: FieldChange[];
}

export interface RejectedView {
  record: ReviewRecord;
  reason: RejectionReason;
  /** The server's words after the kind, e.g. "points must be an integer". */
  message: string;
  /** A few telling fields of the refused document (name, member, points…). */
  summary: string[];
}

export interface OpenReviews {
  conflicts: ConflictView[];
  rejected: RejectedView[];
}

const MAX_CHANGES = 12;
const MAX_VALUE = 80;
const SUMMARY_FIELDS = ['name', 'guestName', 'memberId', 'roomNo', 'cardNo', 'rule', 'points', 'status', 'arrivalDate', 'businessDate'];

function shown(v: unknown): string {
  const text = v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

/** Bookkeeping a manager does not read: the member merge's per-field times. */
const HIDDEN_FIELDS = new Set(['fieldTimes']);

/** A document's fields, one level of nesting spelled out (`prefs.pillow`), bookkeeping left out. */
function flatFields(doc: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) {
    if (HIDDEN_FIELDS.has(k)) continue;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k2, v2] of Object.entries(v as Record<string, unknown>)) out[`${k}.${k2}`] = v2;
    } else {
      out[k] = v;
    }
  }
  return out;
}

/** Fields that differ between two versions of a document (bookkeeping aside), in name order. */
export function fieldChanges(kept: unknown, lost: unknown): FieldChange[] {
  const a = flatFields(obj(kept));
  const b = flatFields(obj(lost));
  const fields = unique([...Object.keys(a), ...Object.keys(b)]).filter((f) => !f.startsWith('_') || f === '_deleted').sort();
  return fields
    .filter((f) => JSON.stringify(a[f]) !== JSON.stringify(b[f]))
    .slice(0, MAX_CHANGES)
    .map((field) => ({ field, kept: shown(a[field]), lost: shown(b[field]) }));
}

export function rejectionReasonOf(reason: string): { reason: RejectionReason; message: string } {
  const m = /^([a-z-]+):\s*(.*)$/s.exec(reason);
  const kind = (REJECTION_REASONS as readonly string[]).includes(m?.[1] ?? '') ? (m?.[1] as RejectionReason) : 'other';
  return { reason: kind, message: kind === 'other' ? reason : (m?.[2] ?? '') };
}

function conflictView(record: ReviewRecord): ConflictView {
  const detail = obj(record.detail);
  const reason = str(detail.reason);
  return {
    record,
    reason: (CONFLICT_REASONS as readonly string[]).includes(reason) ? (reason as ConflictReason) : 'other',
    changes: fieldChanges(detail.kept, detail.lost),
  };
}

function rejectedView(record: ReviewRecord): RejectedView {
  const detail = obj(record.detail);
  const doc = obj(detail.doc);
  const { reason, message } = rejectionReasonOf(str(detail.reason));
  const summary = SUMMARY_FIELDS.filter((f) => doc[f] !== undefined && doc[f] !== '').map((f) => `${f}: ${shown(doc[f])}`);
  return { record, reason, message: message || str(detail.error), summary };
}

/** Conflicts and server rejections that no resolution record points at, newest first. */
export function openReviews$(db: FrontDeskDatabase): Observable<OpenReviews> {
  return combineLatest([reviewsOfKind$(db, 'conflict'), reviewsOfKind$(db, 'rejected'), reviewsOfKind$(db, 'resolution')]).pipe(
    map(([conflicts, rejected, resolutions]) => {
      const resolved = new Set(resolutions.map((r) => r.refId));
      return {
        conflicts: conflicts.filter((r) => !resolved.has(r.id)).map(conflictView),
        rejected: rejected.filter((r) => !resolved.has(r.id)).map(rejectedView),
      };
    }),
  );
}

/** How many sync exceptions wait for the manager now: overdrafts, open conflicts and refused documents (for the audit report). */
export async function pendingExceptionsOnce(db: FrontDeskDatabase): Promise<number> {
  const [overdrafts, open] = await firstValueFrom(combineLatest([overdrafts$(db), openReviews$(db)]));
  return overdrafts.length + open.conflicts.length + open.rejected.length;
}

/** Staff names by id (the review says who was signed in on each line). */
export function staffNames$(db: FrontDeskDatabase): Observable<Readonly<Record<string, string>>> {
  return db.staff.find().$.pipe(map((docs) => Object.fromEntries(docs.map((d) => [d.id, d.name] as [string, string]))));
}
