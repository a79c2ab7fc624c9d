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
 * from a branch keeps its pair (the branch then still receives that
 * member's lines, which it never shows without the member).
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

export async function readCheckpoint(couch: CouchClient, db: string, id: string): Promise<{ since: string | number; rev?: string } | null> {
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
 * Saves how far a feed was read. A 409 means another copy of the exchange
 * saved its own position meanwhile: either position is safe (reading again
 * only re-offers what is already there), so it is left as it is.
 */
export async function saveCheckpoint(couch: CouchClient, db: string, id: string, since: string | number, rev?: string): Promise<string | undefined> {
  const { status, json } = await couch.request('PUT', `${enc(db)}/${id}`, { since, ...(rev ? { _rev: rev } : {}) }, [409]);
  return status === 409 ? rev : (json as { rev?: string }).rev;
}

/** Adds the branch's new members to the index; returns how many pairs were new. */
export async function indexBranchMembers(couch: CouchClient, branchId: string, batch: number): Promise<number> {
  const db = serverDbName(branchId, 'members');
  const checkpoint = await readCheckpoint(couch, db, HOLDERS_CHECKPOINT_ID);
  if (!checkpoint) return 0;
  let { since, rev } = checkpoint;
  let added = 0;
  for (;;) {
    const page = (await couch.request('GET', `${enc(db)}/_changes?since=${enc(String(since))}&limit=${batch}`)).json as ChangesPage;
    const docs = page.results
      .filter((r) => !r.deleted && !r.id.startsWith('_design/'))
      .map((r) => ({ _id: `h:${r.id}:${branchId}`, type: 'holder', memberId: r.id, branchId }));
    if (docs.length > 0) {
      const rows = (await couch.request('POST', `${EXCHANGE_DB}/_bulk_docs`, { docs })).json as { ok?: boolean; error?: string }[];
      const failed = rows.find((r) => !r.ok && r.error !== 'conflict');
      if (failed) throw new Error(`chain-exchange refused a holder: ${JSON.stringify(failed)}`);
      added += rows.filter((r) => r.ok).length;
    }
    if (page.results.length > 0) rev = await saveCheckpoint(couch, db, HOLDERS_CHECKPOINT_ID, page.last_seq, rev);
    since = page.last_seq;
    if (page.results.length < batch) return added;
  }
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
