/**
 * Changes that span several documents (a check-in moves a reservation, a
 * room and perhaps enrols a member) must land together or not at all.
 * IndexedDB through RxDB has no cross-collection transaction, so we use a
 * write-ahead journal:
 *
 *   1. the complete new versions of every document are written as ONE
 *      journal document (a single atomic write);
 *   2. each collection is then written;
 *   3. the journal document is removed.
 *
 * If the tab dies between 1 and 3, `replayJournal` finishes the work on the
 * next start. Every write is idempotent (upserts of full documents; inserts
 * of immutable documents whose duplicate is a no-op), so replaying twice is
 * harmless. The user is told "done" only after step 2, so nothing that was
 * acknowledged can be lost, and nothing half-done is ever visible after a
 * restart.
 */
import type { RxStorageWriteError } from 'rxdb';
import type { CollectionName, FrontDeskDatabase } from './database';
import { sameFact as sameFactOf } from '../domain/merge';

export interface JournalWrite {
  collection: CollectionName;
  /** insert: immutable documents (ledger lines); a same-id twin is a no-op. */
  mode: 'upsert' | 'insert';
  docs: object[];
}

export class ImmutableConflictError extends Error {
  constructor(readonly collection: string, readonly docId: string) {
    super(`Immutable document [${JSON.stringify(docId)}] in ${collection} already exists with different content.`);
    this.name = 'ImmutableConflictError';
  }
}

/** The same fact twice (the domain's rule), whatever RxDB's deleted flag on the stored copy. */
function sameFact(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const live = (d: Record<string, unknown>) => Object.fromEntries(Object.entries(d).filter(([k]) => k !== '_deleted'));
  return sameFactOf(live(a), live(b));
}

async function applyWrite(db: FrontDeskDatabase, write: JournalWrite): Promise<void> {
  if (write.docs.length === 0) return;
  // The collections are typed per name; the journal holds them generically.
  const collection = db.collections[write.collection] as unknown as {
    bulkUpsert(docs: unknown[]): Promise<{ error: RxStorageWriteError<unknown>[] }>;
    bulkInsert(docs: unknown[]): Promise<{ error: RxStorageWriteError<unknown>[] }>;
  };
  if (write.mode === 'upsert') {
    const res = await collection.bulkUpsert(write.docs);
    if (res.error.length > 0) throw new Error(`Write to ${write.collection} failed: ${JSON.stringify(res.error[0])}`);
    return;
  }
  const res = await collection.bulkInsert(write.docs);
  for (const err of res.error) {
    const existing = (err as { documentInDb?: Record<string, unknown> }).documentInDb;
    const attempted = err.writeRow.document as unknown as Record<string, unknown>;
    if (err.status === 409 && existing && sameFact(existing, attempted)) continue; // same fact twice
    if (err.status === 409) throw new ImmutableConflictError(write.collection, String(err.documentId));
    throw new Error(`Insert into ${write.collection} failed: ${JSON.stringify(err)}`);
  }
}

/** Refuse, before anything is written, an immutable document that would contradict a stored one. */
async function assertNoContradiction(db: FrontDeskDatabase, writes: JournalWrite[]): Promise<void> {
  for (const w of writes) {
    if (w.mode !== 'insert') continue;
    const docs = w.docs as { id: string }[];
    const found = await db.collections[w.collection].findByIds(docs.map((d) => d.id)).exec();
    for (const doc of docs) {
      const existing = found.get(doc.id);
      if (existing && !sameFact(existing.toJSON() as Record<string, unknown>, doc as Record<string, unknown>)) {
        throw new ImmutableConflictError(w.collection, doc.id);
      }
    }
  }
}

export async function commitAtomically(
  db: FrontDeskDatabase,
  label: string,
  writes: JournalWrite[],
  journalId: string,
  now: number,
): Promise<void> {
  await assertNoContradiction(db, writes);
  const entry = await db.journal.insert({
    id: journalId,
    label,
    createdAt: now,
    writes: writes.map((w) => ({ collection: w.collection, mode: w.mode, docs: w.docs })),
  });
  for (const w of writes) await applyWrite(db, w);
  await entry.remove();
}

/** Finish any journalled change that a crash interrupted. */
export async function replayJournal(db: FrontDeskDatabase): Promise<number> {
  const pending = await db.journal.find({ sort: [{ createdAt: 'asc' }] }).exec();
  for (const entry of pending) {
    const writes = entry.toJSON().writes as unknown as JournalWrite[];
    for (const w of writes) {
      try {
        await applyWrite(db, w);
      } catch (err) {
        // A contradiction that arrived (by sync) while we were down must not
        // stop the desk from starting: the stored fact stands, and the
        // conflict is reported for the manager.
        if (!(err instanceof ImmutableConflictError)) throw err;
        console.error(err.message);
      }
    }
    await entry.remove();
  }
  return pending.length;
}
