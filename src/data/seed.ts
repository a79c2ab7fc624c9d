import type { BranchData } from '../domain/model';
import type { FrontDeskDatabase } from './database';

export type { BranchData };

/** Upserts, so loading again after an interruption is harmless. */
async function insertAll<T extends object>(collection: { bulkUpsert(docs: T[]): Promise<{ error: unknown[] }> }, docs: T[], chunk = 2000) {
  for (let i = 0; i < docs.length; i += chunk) {
    const res = await collection.bulkUpsert(docs.slice(i, i + chunk));
    if (res.error.length > 0) throw new Error(`Seeding failed: ${JSON.stringify(res.error[0])}`);
  }
}

/** True when this device has no branch yet (first start). */
export async function isEmpty(db: FrontDeskDatabase): Promise<boolean> {
  return (await db.branches.count().exec()) === 0;
}

/**
 * Load a branch's data into an empty database. The branch document goes
 * last: its presence marks the load complete, so an interrupted first
 * start loads again rather than running on half the members.
 */
export async function loadBranch(db: FrontDeskDatabase, data: BranchData): Promise<void> {
  await insertAll(db.rooms, data.rooms);
  await insertAll(db.members, data.members);
  await insertAll(db.reservations, data.reservations);
  await insertAll(db.ledger, data.ledger);
  await insertAll(db.feedback, data.feedback);
  await db.branches.upsert(data.branch);
}
