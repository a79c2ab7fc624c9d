/**
 * The chain's branch list as this tablet last read it (id → name), kept in
 * an RxDB local document (on the tablet only, never replicated) so the desk
 * names another branch offline too: "stayed at 广州天河店", not at
 * `gz-tianhe`. src/sync/chain-branches.ts refreshes it from the chain
 * directory.
 */
import { map, type Observable } from 'rxjs';
import type { FrontDeskDatabase } from './database';

export interface ChainBranchName {
  id: string;
  name: string;
  nameEn?: string;
  city: string;
}

export interface StoredChainBranches {
  branches: ChainBranchName[];
  /** When the list was read from the server (epoch ms). */
  fetchedAt: number;
  /** The sync server it was read through ('' for the stand-alone demo's): another server's list is read again. */
  server: string;
}

const KEY = 'chain-branches';

export async function saveChainBranches(db: FrontDeskDatabase, branches: readonly ChainBranchName[], fetchedAt: number, server = ''): Promise<void> {
  await db.upsertLocal<StoredChainBranches>(KEY, { branches: branches.map((b) => ({ ...b })), fetchedAt, server });
}

export async function readChainBranches(db: FrontDeskDatabase): Promise<StoredChainBranches | null> {
  const doc = await db.getLocal<StoredChainBranches>(KEY);
  if (!doc) return null;
  const data = doc.toJSON().data as Partial<StoredChainBranches>;
  return { branches: data.branches ?? [], fetchedAt: data.fetchedAt ?? 0, server: data.server ?? '' };
}

/** The list by branch id, as it changes (empty until one was read). */
export function chainBranches$(db: FrontDeskDatabase): Observable<ReadonlyMap<string, ChainBranchName>> {
  return db.getLocal$<StoredChainBranches>(KEY).pipe(
    map((doc) => new Map((doc ? (doc.toJSON().data as StoredChainBranches).branches : []).map((b) => [b.id, b]))),
  );
}
