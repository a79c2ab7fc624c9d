/**
 * Which collections replicate, under which server database name, and how
 * the server must treat them. The provisioning (server/) builds each
 * branch's databases and their `validate_doc_update` from this table and
 * the JSON schemas, so the client and the server cannot disagree.
 *
 * Server database names: `fd-<branchId>-<db>` (CouchDB names are lower case).
 */
import { COLLECTION_SCHEMAS, type CollectionName } from './database';

export interface ReplicatedCollection {
  /** The part of the server database name after the branch. */
  db: string;
  /** Written once, never edited or deleted (the server refuses both). */
  immutable: boolean;
  /** Pulled by a live long-poll (hot) or by a short poll every few seconds. */
  live: 'longpoll' | 'poll';
}

export const REPLICATED: Readonly<Record<CollectionName, ReplicatedCollection>> = {
  ledger: { db: 'ledger', immutable: true, live: 'longpoll' },
  reservations: { db: 'reservations', immutable: false, live: 'longpoll' },
  rooms: { db: 'rooms', immutable: false, live: 'longpoll' },
  members: { db: 'members', immutable: false, live: 'poll' },
  doorEvents: { db: 'door-events', immutable: true, live: 'poll' },
  feedback: { db: 'feedback', immutable: false, live: 'poll' },
  branches: { db: 'branches', immutable: false, live: 'poll' },
  staff: { db: 'staff', immutable: false, live: 'poll' },
  audits: { db: 'audits', immutable: false, live: 'poll' },
  reviews: { db: 'reviews', immutable: true, live: 'poll' },
};

export const REPLICATED_NAMES = Object.keys(REPLICATED) as CollectionName[];

/** A branch id as it appears in database and user names. */
export function isServerSafeBranchId(branchId: string): boolean {
  return /^[a-z][a-z0-9-]{0,30}$/.test(branchId);
}

export function serverDbName(branchId: string, collection: CollectionName): string {
  if (!isServerSafeBranchId(branchId)) throw new Error(`Branch id ${JSON.stringify(branchId)} is not usable in a database name.`);
  return `fd-${branchId}-${REPLICATED[collection].db}`;
}

/**
 * A `_bulk_docs` row where the server's validator (server/validate.ts)
 * refused to change a written-once document: the id is already on the
 * server. pouchdb-server answers a write without `_rev` to an existing id so
 * (it validates first); CouchDB answers `conflict` for it.
 */
export function refusedAsWrittenOnce(row: { error?: string; reason?: string }): boolean {
  return row.error === 'forbidden' && String(row.reason ?? '').startsWith('immutable:');
}

/** The CouchDB user a branch's tablets sign in as, and the role that opens its databases. */
export function branchUser(branchId: string): { name: string; role: string } {
  return { name: `branch-${branchId}`, role: `branch-${branchId}` };
}

export function schemaOf(collection: CollectionName): (typeof COLLECTION_SCHEMAS)[CollectionName] {
  return COLLECTION_SCHEMAS[collection];
}
