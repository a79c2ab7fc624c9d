/**
 * The peer in the sync benchmark (issue #15): PouchDB 9 doing the same work
 * as the desk in the same Chromium page, against the same server through
 * the same proxy. Its two IndexedDB adapters: `idb` (PouchDB's default in
 * the browser) and `indexeddb` (the newer one, one object store per
 * database). Only the benchmark uses PouchDB; the app never does.
 */
import PouchDB from 'pouchdb-browser';
import IndexeddbAdapter from 'pouchdb-adapter-indexeddb';

PouchDB.plugin(IndexeddbAdapter);

export type PouchAdapter = 'idb' | 'indexeddb';
type Auth = { user: string; password: string };

const remote = (url: string, auth: Auth) => new PouchDB(url, { auth: { username: auth.user, password: auth.password }, skip_setup: true });

async function replicate(source: ReturnType<typeof remote>, target: ReturnType<typeof remote>, batchSize: number): Promise<number> {
  const result = await PouchDB.replicate(source, target, { batch_size: batchSize });
  if (!result.ok || result.doc_write_failures > 0) throw new Error(`PouchDB replication: ${JSON.stringify(result.errors).slice(0, 300)}`);
  return result.docs_written;
}

/** Documents other than design documents in a local PouchDB. */
async function appDocs(db: ReturnType<typeof remote>): Promise<number> {
  return (await db.allDocs()).rows.filter((r) => !r.id.startsWith('_design/')).length;
}

/**
 * A new PouchDB tablet pulls the branch: one fresh local database per
 * server database (`dbUrls`), all replicating at once, `batchSize` per
 * `_changes` page. Timed from the start until every replication is complete.
 */
export async function pouchPull(adapter: PouchAdapter, run: number, dbUrls: string[], auth: Auth, batchSize: number): Promise<{ ms: number; docs: number }> {
  const tag = `${adapter}-${run}-${Date.now().toString(36)}`;
  const locals = dbUrls.map((_, i) => new PouchDB(`pouch-pull-${tag}-${i}`, { adapter }));
  try {
    const t0 = performance.now();
    await Promise.all(dbUrls.map((url, i) => replicate(remote(url, auth), locals[i]!, batchSize)));
    const ms = performance.now() - t0;
    let docs = 0;
    for (const db of locals) docs += await appDocs(db);
    return { ms, docs };
  } finally {
    await Promise.all(locals.map((db) => db.destroy()));
  }
}

/**
 * PouchDB's push of `docs` (written to a fresh local database first, not
 * timed) to the server database `dbUrl`, `batchSize` per `_bulk_docs`.
 * Timed from the start of the replication until it is complete.
 */
export async function pouchPush(adapter: PouchAdapter, run: number, dbUrl: string, auth: Auth, docs: object[], batchSize: number): Promise<{ ms: number; docs: number }> {
  const local = new PouchDB(`pouch-push-${adapter}-${run}-${Date.now().toString(36)}`, { adapter });
  try {
    const rows = await local.bulkDocs(docs);
    const bad = rows.find((r) => !r.ok);
    if (bad) throw new Error(`PouchDB local write refused ${bad.id}: ${bad.error} ${bad.reason}`);
    const t0 = performance.now();
    const written = await replicate(local, remote(dbUrl, auth), batchSize);
    return { ms: performance.now() - t0, docs: written };
  } finally {
    await local.destroy();
  }
}
