import type { BranchData } from '../domain/model';
import type { FrontDeskDatabase } from './database';

export type { BranchData };

/** How far a branch load has got: documents written of the whole. */
export interface LoadProgress {
  done: number;
  total: number;
}

/** Upserts, so loading again after an interruption is harmless. */
async function insertAll<T extends object>(
  collection: { bulkUpsert(docs: T[]): Promise<{ error: unknown[] }> },
  docs: T[],
  written: (n: number) => void,
  chunk = 2000,
) {
  for (let i = 0; i < docs.length; i += chunk) {
    const part = docs.slice(i, i + chunk);
    const res = await collection.bulkUpsert(part);
    if (res.error.length > 0) throw new Error(`Seeding failed: ${JSON.stringify(res.error[0])}`);
    written(part.length);
  }
}

/** True when this device has no branch yet (first start). */
export async function isEmpty(db: FrontDeskDatabase): Promise<boolean> {
  return (await db.branches.count().exec()) === 0;
}

/**
 * Load a branch's data into an empty database. The branch document goes
 * last: its presence marks the load complete, so an interrupted first
 * start loads again rather than running on half the members. `onProgress`
 * hears after every batch (the first start shows it: writing the demo
 * branch to IndexedDB is most of that start's time).
 */
export async function loadBranch(db: FrontDeskDatabase, data: BranchData, onProgress?: (p: LoadProgress) => void): Promise<void> {
  const total = data.rooms.length + data.members.length + data.reservations.length + data.ledger.length + data.feedback.length + 1;
  let done = 0;
  const written = (n: number) => { done += n; onProgress?.({ done, total }); };
  await insertAll(db.rooms, data.rooms, written);
  await insertAll(db.members, data.members, written);
  await insertAll(db.reservations, data.reservations, written);
  await insertAll(db.ledger, data.ledger, written);
  await insertAll(db.feedback, data.feedback, written);
  await db.branches.upsert(data.branch);
  written(1);
}
