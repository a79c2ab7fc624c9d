/**
 * RxDB conflict handlers, one per replicated collection, built on the
 * domain's merge rules (src/domain/merge.ts). None of them keeps the
 * server's copy by default:
 *
 * - immutable collections keep the version the server already holds (it was
 *   written first and other tablets may have counted it), and a version that
 *   contradicts it is written to the review log for the manager;
 * - members merge field by field (nothing to log: both edits survive);
 * - rooms merge fact by fact (housekeeping report, occupancy);
 * - reservations and the rest pick a winner by rule and log the loser.
 *
 * A handler learns where to log through `attachConflictLog`, called once the
 * database is open.
 */
import type { RxConflictHandler, WithDeleted } from 'rxdb';
import {
  canonicalJson, immutableOutcome, mergeMember, pickLatest, pickReservation, sameDocument, type Picked,
} from '../domain/merge';
import type { Member, Reservation, Room } from '../domain/model';
import { mergeRoom } from '../domain/room-status';
import type { ReviewRecord } from '../domain/review';
import type { CollectionName } from './database';
import { REPLICATED } from './replicated';

export interface ConflictLog {
  /** Appends a review record; must not throw for a duplicate id. */
  append(record: ReviewRecord): Promise<void>;
  branchId(): string;
  deviceId(): string;
  now(): number;
}

const logs = new Map<string, ConflictLog>();
const staleChecks = new Map<string, (doc: Record<string, unknown>) => boolean>();

/**
 * Tell the handler of `collection` in the database `dbName` which pulled
 * versions are known to be older than the server's (src/sync/transport.ts
 * `RevisionLog`); null forgets it. RxDB asks the handler's `isEqual` whether
 * a pulled version equals this tablet's copy before writing it over the copy
 * (context 'downstream-check-if-equal-1', replication-protocol/downstream.js);
 * a stale version is answered "equal", so the copy (newer) stays. Asked only
 * there: pushes and conflict checks compare exactly, as before. A stale
 * version RxDB tries to push (the transport answers it as a conflict) is
 * resolved to the server's version, without a conflict record.
 */
export function attachStaleCheck(dbName: string, collection: CollectionName, check: ((doc: Record<string, unknown>) => boolean) | null): void {
  const key = `${dbName}\u0000${collection}`;
  if (check) staleChecks.set(key, check);
  else staleChecks.delete(key);
}

/** RxDB's name for "is the pulled version the same as this tablet's copy?" (checked by test/data/conflicts-stale.test.ts). */
export const PULLED_OVER_LOCAL_CHECK = 'downstream-check-if-equal-1';

/** Tell the handlers of the database `dbName` where conflicts go. */
export function attachConflictLog(dbName: string, log: ConflictLog): void {
  logs.set(dbName, log);
}

/** 32-bit FNV-1a, hex: a short stable fingerprint for record ids. */
export function fingerprint(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

function strip<T>(doc: WithDeleted<T>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc as object)) if (!k.startsWith('_') || k === '_deleted') out[k] = v;
  return out;
}

async function logConflict(
  dbName: string, collection: CollectionName, kept: object, lost: object, reason: string,
): Promise<void> {
  const log = logs.get(dbName);
  const lostDoc = strip(lost as WithDeleted<unknown>);
  const docId = String(lostDoc.id ?? '');
  if (!log) {
    // Never silently: without a log the conflict still reaches the console.
    console.error(`Unlogged ${collection} conflict on ${docId}: ${reason}`);
    return;
  }
  await log.append({
    id: `conflict:${collection}:${docId}:${fingerprint(canonicalJson(lostDoc))}`.slice(0, 160),
    branchId: log.branchId(),
    kind: 'conflict',
    docCollection: collection,
    docId,
    refId: '',
    detail: { reason, lost: lostDoc, kept: strip(kept as WithDeleted<unknown>) },
    createdAt: log.now(),
    deviceId: log.deviceId(),
    staffId: '',
  });
}

type Handler = RxConflictHandler<unknown>;

function handler(
  dbName: string, collection: CollectionName,
  resolve: (master: WithDeleted<unknown>, mine: WithDeleted<unknown>) => Promise<WithDeleted<unknown>>,
): Handler {
  const key = `${dbName}\u0000${collection}`;
  return {
    isEqual: (a, b, context) => {
      if (context === PULLED_OVER_LOCAL_CHECK && staleChecks.get(key)?.(a as Record<string, unknown>)) return true;
      return sameDocument(a as object, b as object);
    },
    resolve: async ({ realMasterState, newDocumentState }) => {
      // Not a write of this tablet: a version the server had and has replaced since
      // (a stale push held back by the transport). The server's version stands; nothing to log.
      if (staleChecks.get(key)?.(newDocumentState as Record<string, unknown>)) return realMasterState;
      return resolve(realMasterState, newDocumentState);
    },
  };
}

async function picked<T>(dbName: string, collection: CollectionName, p: Picked<T>, reason: string): Promise<T> {
  if (p.loser !== null) await logConflict(dbName, collection, p.winner as object, p.loser as object, reason);
  return p.winner;
}

const timeOf = (d: unknown): number => {
  const r = d as { updatedAt?: number; closedAt?: number; adoptedAt?: number; createdAt?: number };
  return r.updatedAt ?? r.closedAt ?? Math.max(r.adoptedAt ?? 0, r.createdAt ?? 0);
};

/** The conflict handler for `collection` in the database named `dbName`. */
export function conflictHandlerFor(dbName: string, collection: CollectionName): Handler {
  if (REPLICATED[collection].immutable) {
    return handler(dbName, collection, async (master, mine) => {
      if (immutableOutcome(master as object, mine as object) === 'contradiction') {
        await logConflict(dbName, collection, master as object, mine as object, 'immutable-contradiction');
      }
      return master; // the fact the server holds stands; ours, if different, is in the log
    });
  }
  if (collection === 'members') {
    return handler(dbName, collection, async (master, mine) => {
      if (master._deleted || mine._deleted) {
        return picked(dbName, collection, pickLatest(master, mine, timeOf), 'deleted-on-one-side');
      }
      return { ...mergeMember(master as unknown as Member, mine as unknown as Member), _deleted: false } as WithDeleted<unknown>;
    });
  }
  if (collection === 'reservations') {
    return handler(dbName, collection, (master, mine) =>
      picked(dbName, collection, pickReservation(master as unknown as Reservation, mine as unknown as Reservation) as unknown as Picked<WithDeleted<unknown>>, 'status-order'));
  }
  if (collection === 'rooms') {
    // Fact by fact (src/domain/room-status.ts): the newest housekeeping report and the
    // newest occupancy change both survive; two stays claiming the room are logged.
    return handler(dbName, collection, async (master, mine) => {
      if (master._deleted || mine._deleted) {
        return picked(dbName, collection, pickLatest(master, mine, timeOf), 'deleted-on-one-side');
      }
      const { merged, lost } = mergeRoom(master as unknown as Room, mine as unknown as Room);
      if (lost) await logConflict(dbName, collection, merged, lost, 'two-stays-one-room');
      return { ...merged, _deleted: false } as WithDeleted<unknown>;
    });
  }
  return handler(dbName, collection, (master, mine) => picked(dbName, collection, pickLatest(master, mine, timeOf), 'later-update'));
}
