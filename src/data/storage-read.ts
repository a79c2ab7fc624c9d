/**
 * Reads that go to the storage (IndexedDB) itself, past RxDB's query cache
 * and document cache. A command's check-then-write section runs under a
 * lock shared by every tab and window of the origin (./commands/context.ts),
 * but another tab's write reaches this tab's RxDB caches only through a
 * BroadcastChannel message that may still be on its way when the lock is
 * handed over: a cached `find().exec()` could then answer with the balance
 * from before the other tab's redemption. The storage itself never lags.
 */
import type { MangoQuery, RxCollection } from 'rxdb';

const META_FIELDS = ['_meta', '_rev', '_deleted', '_attachments'] as const;

/** The documents `query` matches (deleted ones excluded), read from storage, as plain objects. */
export async function findInStorage<T>(collection: RxCollection<T>, query: MangoQuery<T>): Promise<T[]> {
  // Built by RxDB's own query (deleted filter, index choice), but executed on the storage directly.
  const prepared = collection.find(query).getPreparedQuery();
  const { documents } = await collection.storageInstance.query(prepared);
  return documents.map((doc) => {
    const copy: Record<string, unknown> = { ...doc };
    for (const field of META_FIELDS) delete copy[field];
    return copy as T;
  });
}

/** One document by primary key, read from storage (null when absent or deleted). */
export async function findOneInStorage<T>(collection: RxCollection<T>, id: string): Promise<T | null> {
  const [doc] = await collection.storageInstance.findDocumentsById([id], false);
  if (!doc) return null;
  const copy: Record<string, unknown> = { ...doc };
  for (const field of META_FIELDS) delete copy[field];
  return copy as T;
}
