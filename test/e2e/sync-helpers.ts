/**
 * The end-to-end sync test reads and writes the branch server directly, as
 * the chain's head office would: server admin, basic auth, from Node (not
 * through the browser or the proxy).
 */
import type { E2eSyncContext } from './global-setup';
import { serverDbName } from '../../src/data/replicated';
import type { CollectionName } from '../../src/data/database';
import { DEMO_SEED, demoBusinessDate } from '../../src/app/demo-config';
import { generateDemoBranch } from '../../src/demo/generate';
import type { Member } from '../../src/domain/model';
import type { Page } from 'playwright-core';

export type ServerDoc = Record<string, unknown> & { _id: string; _rev: string };

export interface AdminCouch {
  /** The server database of one of the branch's collections. */
  dbName(collection: CollectionName): string;
  /** The database's current update sequence (for `changesSince`). */
  updateSeq(collection: CollectionName): Promise<string | number>;
  /** Documents written after `since` (latest revisions, deletions left out). */
  changesSince(collection: CollectionName, since: string | number): Promise<ServerDoc[]>;
  get(collection: CollectionName, id: string): Promise<ServerDoc>;
  /** How many documents the database holds, design documents left out. */
  count(collection: CollectionName): Promise<number>;
  /** The ids of the documents the database holds (deletions and design documents left out). */
  ids(collection: CollectionName): Promise<string[]>;
  /** Writes `doc` (with its `_rev` for an update); returns the new revision. */
  put(collection: CollectionName, doc: Record<string, unknown> & { _id: string }): Promise<string>;
}

export function adminCouch(sync: E2eSyncContext): AdminCouch {
  const auth = `Basic ${Buffer.from(`${sync.adminUser}:${sync.adminPassword}`).toString('base64')}`;
  const dbName = (c: CollectionName) => serverDbName(sync.branchId, c);
  async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
    const res = await fetch(`${sync.couchUrl}/${path}`, {
      ...init,
      headers: { Authorization: auth, Accept: 'application/json', 'Content-Type': 'application/json', ...init.headers },
    });
    const body = await res.text();
    if (!res.ok) throw new Error(`${init.method ?? 'GET'} /${path}: ${res.status} ${body.slice(0, 300)}`);
    return JSON.parse(body) as T;
  }
  return {
    dbName,
    async updateSeq(c) {
      return (await request<{ update_seq: string | number }>(`${dbName(c)}/`)).update_seq;
    },
    async changesSince(c, since) {
      const q = new URLSearchParams({ since: String(since), include_docs: 'true' });
      const res = await request<{ results: { deleted?: boolean; doc?: ServerDoc }[] }>(`${dbName(c)}/_changes?${q}`);
      return res.results.filter((r) => !r.deleted && r.doc).map((r) => r.doc as ServerDoc);
    },
    async count(c) {
      const design = new URLSearchParams({ startkey: JSON.stringify('_design/'), endkey: JSON.stringify('_design0') });
      const [info, designs] = await Promise.all([
        request<{ doc_count: number }>(`${dbName(c)}/`),
        request<{ rows: unknown[] }>(`${dbName(c)}/_all_docs?${design}`),
      ]);
      return info.doc_count - designs.rows.length;
    },
    async ids(c) {
      const res = await request<{ rows: { id: string }[] }>(`${dbName(c)}/_all_docs`);
      return res.rows.map((r) => r.id).filter((id) => !id.startsWith('_design/'));
    },
    get(c, id) {
      return request<ServerDoc>(`${dbName(c)}/${encodeURIComponent(id)}`);
    },
    async put(c, doc) {
      const res = await request<{ ok: boolean; rev: string }>(`${dbName(c)}/${encodeURIComponent(doc._id)}`, { method: 'PUT', body: JSON.stringify(doc) });
      return res.rev;
    },
  };
}

/** The demo member with this card (the server holds the same deterministic demo branch). */
export function demoMemberByCard(cardNo: string, now = Date.now()): Member {
  const demo = generateDemoBranch({ seed: DEMO_SEED, businessDate: demoBusinessDate(now), now });
  const member = demo.members.find((m) => m.cardNo === cardNo);
  if (!member) throw new Error(`no demo member has card ${cardNo}`);
  return member;
}

/**
 * Polls `probe` every `everyMs` until it returns a value (not undefined) and
 * says how long that took; throws with the last state after `timeoutMs`.
 */
export async function measureUntil<T>(
  probe: () => Promise<T | undefined>,
  { timeoutMs, everyMs = 100, what, describe }: { timeoutMs: number; everyMs?: number; what: string; describe?: () => Promise<string> },
): Promise<{ value: T; ms: number }> {
  const start = Date.now();
  let lastError: unknown = null;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return { value, ms: Date.now() - start };
      lastError = null;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() - start > timeoutMs) {
      const state = describe ? await describe().catch((e: unknown) => `(describe failed: ${String(e)})`) : '';
      throw new Error(`${what}: not within ${timeoutMs} ms${lastError ? ` (last error: ${String(lastError)})` : ''}${state ? `\n${state}` : ''}`);
    }
    await new Promise((done) => setTimeout(done, everyMs));
  }
}

/** A mainland mobile number unlike `old` in both its visible parts (first 3 and last 4 digits, the rest is masked). */
export function anotherPhone(old: string): string {
  const last4 = old.endsWith('0426') ? '0517' : '0426';
  const head = old.startsWith('199') ? '198' : '199';
  return `${head}8765${last4}`;
}

/**
 * Documents the tablet holds per collection, read from IndexedDB (RxDB's
 * Dexie storage keeps each collection in a database named
 * `rxdb-dexie-<db>--<schema version>--<collection>`, documents in `docs`);
 * `<db>` is the tablet's current database, named in localStorage
 * (`qiantai.database`, src/app/boot.ts).
 */
export async function tabletCounts(page: Page, collections: CollectionName[]): Promise<Record<string, number>> {
  return page.evaluate(async (names) => {
    const out: Record<string, number> = {};
    const dbs = await indexedDB.databases();
    const current = localStorage.getItem('qiantai.database');
    if (!current) throw new Error('the tablet names no current database');
    for (const c of names) {
      const info = dbs.find((d) => d.name !== undefined && d.name.startsWith(`rxdb-dexie-${current}--`) && new RegExp(`--\\d+--${c}$`).test(d.name));
      if (!info?.name) { out[c] = 0; continue; }
      const db = await new Promise<IDBDatabase>((ok, ko) => { const r = indexedDB.open(info.name!); r.onsuccess = () => ok(r.result); r.onerror = () => ko(r.error); });
      out[c] = await new Promise<number>((ok, ko) => { const q = db.transaction('docs').objectStore('docs').count(); q.onsuccess = () => ok(q.result); q.onerror = () => ko(q.error); });
      db.close();
    }
    return out;
  }, collections);
}
