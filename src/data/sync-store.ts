/**
 * What the sync layer keeps on this tablet, in RxDB local documents (stored
 * in IndexedDB with the rest, never replicated, never in localStorage):
 *
 * - `sync-setup`: the server, branch and credentials entered once when the
 *   tablet was set up;
 * - `sync-marks`: per collection, the last moment the collection was in step
 *   with the server. A document written locally after its collection's mark
 *   (`_meta.lwt` is RxDB's local write time) may not be on the server yet:
 *   that is the not-yet-synced mark, and the count of changes waiting.
 *
 * Also the review log's append, and the repair of server-side deletion
 * stubs on the pull (pubkey/rxdb#7444).
 */
import { debounceTime, from, map, merge, of, switchMap, type Observable } from 'rxjs';
import { getChangedDocumentsSince, type RxStorageInstance } from 'rxdb';
import type { ReviewRecord } from '../domain/review';
import { COLLECTION_SCHEMAS, type CollectionName, type FrontDeskDatabase } from './database';
import { REPLICATED_NAMES } from './replicated';

export interface SyncSetup {
  /** Absolute URL of the CouchDB-compatible endpoint, ending in '/', e.g. https://desk.example/db/ */
  server: string;
  branchId: string;
  user: string;
  password: string;
  setUpAt: number;
}

const SETUP = 'sync-setup';
const MARKS = 'sync-marks';

export async function readSyncSetup(db: FrontDeskDatabase): Promise<SyncSetup | null> {
  const doc = await db.getLocal<SyncSetup>(SETUP);
  return doc ? (doc.toJSON().data as SyncSetup) : null;
}

export async function saveSyncSetup(db: FrontDeskDatabase, setup: SyncSetup): Promise<void> {
  await db.upsertLocal<SyncSetup>(SETUP, setup);
}

export async function clearSyncSetup(db: FrontDeskDatabase): Promise<void> {
  const doc = await db.getLocal(SETUP);
  if (doc) await doc.remove();
}

export type SyncMarks = Partial<Record<CollectionName, number>>;

export async function readSyncMarks(db: FrontDeskDatabase): Promise<SyncMarks> {
  const doc = await db.getLocal<{ marks: SyncMarks }>(MARKS);
  return doc ? { ...(doc.toJSON().data as { marks: SyncMarks }).marks } : {};
}

export async function saveSyncMarks(db: FrontDeskDatabase, marks: SyncMarks): Promise<void> {
  await db.upsertLocal<{ marks: SyncMarks }>(MARKS, { marks });
}

/** Most documents a "changes waiting" count counts; more show as this figure. */
export const CHANGED_COUNT_CAP = 5000;

/**
 * Documents of `collection` written on this tablet after `since` that the
 * server may not have, read through RxDB's own write-time index (the one
 * its replication reads), so the cost is the number of changed documents,
 * not the size of the collection.
 *
 * A version the pull wrote is the server's own and is not counted: RxDB's
 * replication marks it in `_meta.o` with the height of the revision it
 * wrote (its push skips such a version the same way); an edit on the tablet
 * after it makes a higher revision, which counts. Until 2026-12-07 a change
 * from head office that arrived just before the server became unreachable
 * showed as "1 项待上传" for as long as the tablet stayed offline (a
 * clerk-style check in Chromium).
 *
 * Read in pages of `limit` until `limit` such documents are found or the
 * changes end: the pulled versions are left out after reading, so a page
 * may hold none of the tablet's own. Until 2026-12-08 one page was read:
 * right after a first download, before the collection's first mark, the
 * first 5,000 changes since 0 were all imported ledger lines, and the
 * lines written after them counted 0 (issue #15: the sync bench's tablet
 * went offline 22 ms after its download, and its 1,000 offline lines showed
 * as 0 waiting, so the reconnect restarted every collection at once
 * instead of the ledger first).
 */
async function changedSince(db: FrontDeskDatabase, collection: CollectionName, since: number, limit: number): Promise<string[]> {
  const storage = db.collections[collection].storageInstance as unknown as RxStorageInstance<{ id: string }, unknown, unknown>;
  const ids: string[] = [];
  let checkpoint = { id: '', lwt: since };
  for (;;) {
    const page = await getChangedDocumentsSince(storage, limit, checkpoint as never);
    for (const d of page.documents) if (!pulledAsIs(d) && ids.length < limit) ids.push(d.id);
    if (ids.length >= limit || page.documents.length < limit || !page.checkpoint) return ids;
    checkpoint = page.checkpoint as typeof checkpoint;
  }
}

/** This version of the document is the one the pull wrote (RxDB's `_meta.o`, see changedSince). */
function pulledAsIs(doc: { _rev?: string; _meta?: { o?: { _rev?: number } } }): boolean {
  const origin = doc._meta?.o?._rev;
  return typeof origin === 'number' && typeof doc._rev === 'string' && Number.parseInt(doc._rev, 10) === origin;
}

/** How many documents of `collection` were written locally after `since` (capped at CHANGED_COUNT_CAP). */
export async function changedSinceCount(db: FrontDeskDatabase, collection: CollectionName, since: number): Promise<number> {
  return (await changedSince(db, collection, since, CHANGED_COUNT_CAP)).length;
}

/**
 * Changes this tablet made that the server may not have yet, across the
 * replicated collections (the badge's "waiting to upload"). A collection
 * that never finished its first download holds nothing of the desk's: the
 * desk opens only after the whole download.
 */
export async function waitingToUpload(db: FrontDeskDatabase): Promise<number> {
  const marks = await readSyncMarks(db);
  let waiting = 0;
  for (const name of REPLICATED_NAMES) {
    const mark = marks[name] ?? 0;
    if (mark > 0) waiting += await changedSinceCount(db, name, mark);
  }
  return waiting;
}

/** Ids of the documents of `collection` written locally after `since`, live. */
export function changedSinceIds$(db: FrontDeskDatabase, collection: CollectionName, since: number): Observable<Set<string>> {
  return merge(of(null), (db.collections[collection].$ as Observable<unknown>).pipe(debounceTime(100))).pipe(
    switchMap(() => from(changedSince(db, collection, since, CHANGED_COUNT_CAP))),
    map((ids) => new Set(ids)),
  );
}

/** Append to the review log; the same record twice is a no-op. */
export async function appendReview(db: FrontDeskDatabase, record: ReviewRecord): Promise<void> {
  const res = await db.reviews.bulkInsert([record]);
  for (const err of res.error) {
    if (err.status === 409) continue; // a record with this id is already logged: the log is append-only
    throw new Error(`Could not write the review log: ${JSON.stringify(err)}`);
  }
}

type JsonSchema = { type?: string; enum?: readonly string[]; minimum?: number; properties?: Record<string, JsonSchema>; required?: readonly string[] };

function emptyValue(schema: JsonSchema): unknown {
  if (schema.enum) return schema.enum[0];
  switch (schema.type) {
    case 'string': return '';
    case 'integer': case 'number': return Math.max(0, schema.minimum ?? 0);
    case 'boolean': return false;
    case 'array': return [];
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of schema.required ?? []) out[key] = emptyValue(schema.properties?.[key] ?? {});
      return out;
    }
    default: return null;
  }
}

/**
 * A document deleted on the server reaches the pull as a stub (`_id`,
 * `_rev`, `_deleted` only), which is not a valid document (pubkey/rxdb#7444).
 * It becomes the local version marked deleted, or, for a document this
 * tablet never had, a schema-valid empty tombstone.
 */
export async function completeDeletionStub<T extends { _deleted: boolean }>(
  db: FrontDeskDatabase, collection: CollectionName, doc: T,
): Promise<T> {
  if (!doc._deleted) return doc;
  const schema = COLLECTION_SCHEMAS[collection] as unknown as JsonSchema & { primaryKey: string };
  const missing = (schema.required ?? []).some((k) => !(k in doc));
  if (!missing) return doc;
  const id = (doc as Record<string, unknown>)[schema.primaryKey] as string;
  const local = await db.collections[collection].findOne(id).exec();
  const base = local ? (local.toJSON() as Record<string, unknown>) : (emptyValue(schema) as Record<string, unknown>);
  return { ...base, [schema.primaryKey]: id, _deleted: true } as unknown as T;
}
