/**
 * The points exchange's membership index: which branches hold a member.
 * It lives in one server-admin-only database, `chain-exchange`, as one
 * write-once document per (member, branch) pair, `h:<memberId>:<branchId>`,
 * and a CouchDB view keyed by member (`_design/exchange/_view/holders`).
 * CouchDB keeps the view up to date incrementally; the exchange only adds
 * pairs it reads from a branch's members `_changes` feed (checkpointed in a
 * `_local` document of that members database, like the ledger checkpoints).
 *
 * Write-once pairs make two exchanges running at once harmless: the second
 * write of a pair is a `conflict`, i.e. "already there". A member deleted
 * from a branch (a deletion stub in its members database) drops its pair,
 * so the exchange stops copying that member's lines there; brought in again,
 * the member's pair is written again over the deleted one.
 */
import { serverDbName } from '../src/data/replicated';
import type { CouchClient } from './provision';

export const EXCHANGE_DB = 'chain-exchange';
export const HOLDERS_DESIGN_ID = '_design/exchange';
export const HOLDERS_CHECKPOINT_ID = '_local/points-exchange-holders';

const enc = encodeURIComponent;

const HOLDERS_DESIGN = {
  _id: HOLDERS_DESIGN_ID,
  language: 'javascript',
  views: { holders: { map: 'function (doc) { if (doc.type === "holder") emit(doc.memberId, doc.branchId); }' } },
};

/** Creates `chain-exchange` (admins only) and its view when missing. */
export async function ensureExchangeDb(couch: CouchClient): Promise<void> {
  const head = await couch.request('GET', EXCHANGE_DB, undefined, [404]);
  if (head.status === 404) {
    await couch.request('PUT', EXCHANGE_DB, undefined, [412]);
    // Nobody but the server admins: no member names or roles.
    await couch.request('PUT', `${EXCHANGE_DB}/_security`, { admins: { names: [], roles: [] }, members: { names: [], roles: ['_admin'] } });
  }
  const design = await couch.request('GET', `${EXCHANGE_DB}/${HOLDERS_DESIGN_ID}`, undefined, [404]);
  if (design.status === 404) await couch.request('PUT', `${EXCHANGE_DB}/${HOLDERS_DESIGN_ID}`, HOLDERS_DESIGN, [409]);
}

type ChangeRow = { id: string; deleted?: boolean };
type ChangesPage = { results: ChangeRow[]; last_seq: string | number };

/** How far a feed was read, and the revision of the `_local` document saying so. */
export interface Checkpoint { since: string | number; rev?: string }
/** Checkpoints the exchange has read or written, by database (saves a read a turn). */
export type CheckpointCache = Map<string, Checkpoint>;

export async function readCheckpoint(couch: CouchClient, db: string, id: string): Promise<Checkpoint | null> {
  const { status, json } = await couch.request('GET', `${enc(db)}/${id}`, undefined, [404]);
  if (status === 404) {
    // The database itself may be gone (a closed branch).
    const body = json as { reason?: string } | null;
    if (body?.reason === 'Database does not exist.' || body?.reason === 'no_db_file') return null;
    return { since: 0 };
  }
  const doc = json as { since?: string | number; _rev?: string };
  return { since: doc.since ?? 0, ...(doc._rev ? { rev: doc._rev } : {}) };
}

/**
 * Saves how far a feed was read; returns the new revision, or null on a 409:
 * another copy of the exchange saved its own position meanwhile. Either
 * position is safe (reading again only re-offers what is already there), so
 * it is left as it is and read again before the next save.
 */
export async function saveCheckpoint(couch: CouchClient, db: string, id: string, since: string | number, rev?: string): Promise<string | null> {
  const { status, json } = await couch.request('PUT', `${enc(db)}/${id}`, { since, ...(rev ? { _rev: rev } : {}) }, [409]);
  return status === 409 ? null : ((json as { rev?: string }).rev ?? null);
}

/** The cached checkpoint of `db`, read from the server the first time; null when the database is gone. */
export async function cachedCheckpoint(couch: CouchClient, cache: CheckpointCache, db: string, id: string): Promise<Checkpoint | null> {
  const known = cache.get(db);
  if (known) return known;
  const read = await readCheckpoint(couch, db, id);
  if (read) cache.set(db, read);
  return read;
}

/** After a page: saves the position (when the page had rows) and remembers it. */
export async function advanceCheckpoint(couch: CouchClient, cache: CheckpointCache, db: string, id: string, cp: Checkpoint, page: { results: unknown[]; last_seq: string | number }): Promise<void> {
  if (page.results.length === 0) return;
  const rev = await saveCheckpoint(couch, db, id, page.last_seq, cp.rev);
  if (rev === null) cache.delete(db); // another copy saved: read its position next time
  else cache.set(db, { since: page.last_seq, rev });
}

export interface MembersPage { added: number; dropped: number; more: boolean }

/**
 * Reads one page of a branch's members `_changes`: a member new there adds
 * its (member, branch) pair; a member deleted there drops it. `more` says a
 * further page waits. Null when the database is gone (a closed branch).
 */
export async function indexMembersPage(couch: CouchClient, cache: CheckpointCache, branchId: string, batch: number): Promise<MembersPage | null> {
  const db = serverDbName(branchId, 'members');
  const cp = await cachedCheckpoint(couch, cache, db, HOLDERS_CHECKPOINT_ID);
  if (!cp) return null;
  const res = await couch.request('GET', `${enc(db)}/_changes?since=${enc(String(cp.since))}&limit=${batch}`, undefined, [404]);
  if (res.status === 404) { cache.delete(db); return null; }
  const page = res.json as ChangesPage;
  const rows = page.results.filter((r) => !r.id.startsWith('_design/'));
  const pair = (memberId: string) => `h:${memberId}:${branchId}`;
  const docs: Record<string, unknown>[] = rows.filter((r) => !r.deleted).map((r) => ({ _id: pair(r.id), type: 'holder', memberId: r.id, branchId }));
  const gone = rows.filter((r) => r.deleted).map((r) => pair(r.id));
  let dropped = 0;
  if (gone.length > 0) {
    // The pairs' current revisions (one request); a pair never written, or dropped already, is left alone.
    const found = (await couch.request('POST', `${EXCHANGE_DB}/_all_docs`, { keys: gone })).json as { rows: { id?: string; key: string; value?: { rev: string; deleted?: boolean } }[] };
    for (const row of found.rows) if (row.value && !row.value.deleted) { docs.push({ _id: row.key, _rev: row.value.rev, _deleted: true }); dropped += 1; }
  }
  let added = 0;
  if (docs.length > 0) {
    const written = (await couch.request('POST', `${EXCHANGE_DB}/_bulk_docs`, { docs })).json as { id: string; ok?: boolean; error?: string }[];
    // conflict: another copy of the exchange wrote (or dropped) that pair first.
    const failed = written.find((r) => !r.ok && r.error !== 'conflict');
    if (failed) throw new Error(`chain-exchange refused a holder: ${JSON.stringify(failed)}`);
    const drops = new Set(gone);
    added = written.filter((r) => r.ok && !drops.has(r.id)).length;
  }
  await advanceCheckpoint(couch, cache, db, HOLDERS_CHECKPOINT_ID, cp, page);
  return { added, dropped, more: page.results.length >= batch };
}

/** member → the branches holding it, for these members only (one view request). */
export async function holdersOf(couch: CouchClient, memberIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (memberIds.length === 0) return out;
  const { json } = await couch.request('POST', `${EXCHANGE_DB}/${HOLDERS_DESIGN_ID}/_view/holders`, { keys: memberIds });
  for (const row of (json as { rows: { key: string; value: string }[] }).rows) {
    const list = out.get(row.key) ?? [];
    list.push(row.value);
    out.set(row.key, list);
  }
  return out;
}
