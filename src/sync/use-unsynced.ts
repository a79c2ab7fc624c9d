/**
 * Which of a collection's documents may not be on the server yet: those
 * written on this tablet after the collection was last in step. Screens use
 * it for the not-yet-synced mark. Empty on a stand-alone tablet.
 */
import { useSyncStatus } from './status';
import type { CollectionName } from '../data/database';
import { changedSinceIds$ } from '../data/sync-store';
import { liveValue, useLive } from '../data/react';
import { of } from 'rxjs';

const NONE: ReadonlySet<string> = new Set();

export function useUnsynced(collection: CollectionName): ReadonlySet<string> {
  const standalone = useSyncStatus((s) => s.connection === 'standalone');
  const mark = useSyncStatus((s) => s.marks[collection] ?? 0);
  const live = useLive((db) => (standalone ? of(NONE as Set<string>) : changedSinceIds$(db, collection, mark)), `unsynced:${collection}:${standalone}:${mark}`);
  return liveValue(live, NONE as Set<string>);
}
