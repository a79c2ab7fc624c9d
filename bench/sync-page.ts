/**
 * Runs inside headless Chromium against a production build, served on the
 * same origin as the sync server (`/db/` is proxied to it, as in the app).
 * Times the desk's own replication (src/sync/replicate.ts, Dexie on
 * IndexedDB) and, for comparison, plain `fetch` calls doing the same HTTP
 * work: `_bulk_docs` writes and `_changes` reads in the replication's batch
 * sizes. Driven by bench/sync.mjs; never part of the app bundle.
 */
import { openFrontDeskDb, type CollectionName, type FrontDeskDatabase } from '../src/data/database';
import { branchUser, serverDbName } from '../src/data/replicated';
import { changedSinceCount, type SyncSetup } from '../src/data/sync-store';
import type { LedgerEntry } from '../src/domain/model';
import { startSync, type SyncHandle, type SyncOptions } from '../src/sync/replicate';
import { replicateRxCollection } from 'rxdb/plugins/replication';
import { Dexie } from 'dexie';
import { fromStorageToDexie, getBooleanIndexes, getDexieStoreSchema } from 'rxdb/plugins/storage-dexie';
import type { FetchLike } from '../src/sync/transport';
import { useSyncStatus } from '../src/sync/status';
import { pouchPull, pouchPush, type PouchAdapter } from './pouch-page';

/** Errors the sync reported (its status store), for the log. */
const pageStart = Date.now();
const syncErrors: string[] = [];
useSyncStatus.subscribe((s, prev) => {
  if (s.error && s.error !== prev.error) syncErrors.push(`${s.error.code} at +${(s.error.at - pageStart).toFixed(0)} ms: ${s.error.detail.slice(0, 200)}`);
});

/** The sync errors reported since the last call. */
export function takeSyncErrors(): string[] {
  return syncErrors.splice(0);
}

type Auth = { user: string; password: string };
type CouchDocs = Partial<Record<CollectionName, string>>;

const status = (text: string) => { (document.getElementById('status') as HTMLElement).textContent = text; };
const server = () => `${location.origin}/db/`;
const basic = ({ user, password }: Auth) => `Basic ${btoa(`${user}:${password}`)}`;

/** The branch's documents in CouchDB form, one JSON array per collection (set once by the driver). */
let source: { branchId: string; docs: CouchDocs } = { branchId: '', docs: {} };

export function setDocs(branchId: string, docs: CouchDocs): number {
  source = { branchId, docs };
  return Object.values(docs).reduce((n, json) => n + (JSON.parse(json) as unknown[]).length, 0);
}

async function post(url: string, auth: Auth, body: string): Promise<unknown> {
  const res = await fetch(url, { method: 'POST', headers: { Authorization: basic(auth), 'Content-Type': 'application/json', Accept: 'application/json' }, body, cache: 'no-store', credentials: 'omit' });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST ${url}: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as unknown;
}

function refused(rows: unknown): string | null {
  for (const r of rows as { id: string; ok?: boolean; error?: string; reason?: string }[]) if (!r.ok) return `${r.id}: ${r.error} ${r.reason}`;
  return null;
}

/**
 * `_bulk_docs` of bodies prepared beforehand (batches of `batch`): one
 * collection's batches one after another, the collections side by side, as
 * the replication sends them.
 */
async function bulkWrite(branchId: string, bodies: Map<CollectionName, string[]>, auth: Auth): Promise<number> {
  const t0 = performance.now();
  await Promise.all([...bodies].map(async ([collection, list]) => {
    const url = `${server()}${serverDbName(branchId, collection)}/_bulk_docs`;
    for (const body of list) {
      const bad = refused(await post(url, auth, body));
      if (bad) throw new Error(`the server refused ${bad}`);
    }
  }));
  return performance.now() - t0;
}

function batches<T>(docs: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < docs.length; i += size) out.push(docs.slice(i, i + size));
  return out;
}

/** Raw `_bulk_docs` of the source documents into `branchId`'s (fresh) databases. */
export async function rawWriteAll(branchId: string, auth: Auth, batch: number): Promise<{ ms: number; docs: number }> {
  const bodies = new Map<CollectionName, string[]>();
  let docs = 0;
  for (const [collection, json] of Object.entries(source.docs) as [CollectionName, string][]) {
    const list = JSON.parse(json.replaceAll(source.branchId, branchId)) as object[];
    docs += list.length;
    bodies.set(collection, batches(list, batch).map((b) => JSON.stringify({ docs: b })));
  }
  status(`raw write ${branchId}`);
  return { ms: await bulkWrite(branchId, bodies, auth), docs };
}

/** Raw `_changes` read (feed=normal, include_docs, style=all_docs, `limit` per request) of every source collection of `branchId`. */
export async function rawReadAll(branchId: string, auth: Auth, limit: number): Promise<{ ms: number; docs: number; requests: number }> {
  status(`raw read ${branchId}`);
  let docs = 0;
  let requests = 0;
  const t0 = performance.now();
  await Promise.all((Object.keys(source.docs) as CollectionName[]).map(async (collection) => {
    let since: string | number = 0;
    for (;;) {
      const url = `${server()}${serverDbName(branchId, collection)}/_changes?style=all_docs&feed=normal&include_docs=true&since=${encodeURIComponent(String(since))}&limit=${limit}&seq_interval=${limit}`;
      const res = await fetch(url, { headers: { Authorization: basic(auth), Accept: 'application/json' }, cache: 'no-store', credentials: 'omit' });
      if (!res.ok) throw new Error(`GET ${url}: ${res.status}`);
      const json = await res.json() as { results: { id: string; doc?: object }[]; last_seq: string | number };
      requests += 1;
      docs += json.results.filter((r) => !r.id.startsWith('_design/') && r.doc).length;
      if (json.results.length === 0) break;
      since = json.last_seq;
    }
  }));
  return { ms: performance.now() - t0, docs, requests };
}

/** Offline ledger lines, as a tablet writes them (schema-valid, this branch's). */
function offlineLines(branchId: string, tag: string, n: number): LedgerEntry[] {
  const members = (JSON.parse(source.docs.members ?? '[]') as { _id: string }[]).map((m) => m._id);
  const now = Date.now();
  const out: LedgerEntry[] = [];
  for (let i = 0; i < n; i++) {
    const memberId = members[i % members.length] ?? 'M000000000';
    out.push({
      id: `${memberId}:${tag}.${i}`, memberId, branchId, kind: 'adjust', rule: 'adjust.migration', points: 100 + (i % 400),
      params: { points: 100 + (i % 400), reason: 'offline bench' }, reservationId: '', businessDate: '2026-11-23',
      createdAt: now + i, deviceId: 'bench-tablet', staffId: 'bench-staff',
    });
  }
  return out;
}

/** Raw `_bulk_docs` of `n` offline-style ledger lines into `branchId`'s ledger (as the branch user, like the tablet). */
export async function rawWriteLedger(branchId: string, auth: Auth, n: number, batch: number, tag: string): Promise<{ ms: number; docs: number }> {
  const docs = offlineLines(branchId, tag, n).map(({ id, ...rest }) => ({ _id: id, ...rest }));
  const bodies = new Map<CollectionName, string[]>([['ledger', batches(docs, batch).map((b) => JSON.stringify({ docs: b }))]]);
  return { ms: await bulkWrite(branchId, bodies, auth), docs: docs.length };
}

/** The same, every batch at once (as a reconnected tablet sends the batches it holds). */
export async function rawWriteLedgerParallel(branchId: string, auth: Auth, n: number, batch: number, tag: string): Promise<{ ms: number; docs: number }> {
  const docs = offlineLines(branchId, tag, n).map(({ id, ...rest }) => ({ _id: id, ...rest }));
  const url = `${server()}${serverDbName(branchId, 'ledger')}/_bulk_docs`;
  const bodies = batches(docs, batch).map((b) => JSON.stringify({ docs: b }));
  const t0 = performance.now();
  await Promise.all(bodies.map(async (body) => {
    const bad = refused(await post(url, auth, body));
    if (bad) throw new Error(`the server refused ${bad}`);
  }));
  return { ms: performance.now() - t0, docs: docs.length };
}

/** Requests the replication made, by kind: count and summed time until the body was read. */
interface FetchStats { first: number; byKind: Record<string, { n: number; ms: number; docs: number; firstAt: number; lastEnd: number }>; trace?: string[]; timeline?: string[] }

/**
 * Which of the `expected` ids the server has confirmed written (`ok` rows of
 * `_bulk_docs` answers), and when the last of them was confirmed.
 */
interface Acks { expected: Set<string>; acked: Set<string>; lastAt: number; done: () => void }
let acks: Acks | null = null;

function countAcks(body: string): void {
  if (!acks) return;
  for (const row of JSON.parse(body) as { id: string; ok?: boolean }[]) {
    if (row.ok && acks.expected.has(row.id) && !acks.acked.has(row.id)) {
      acks.acked.add(row.id);
      if (acks.acked.size === acks.expected.size) { acks.lastAt = performance.now(); acks.done(); }
    }
  }
}

/** The replication's fetch, counted into whatever `target()` currently returns. */
function instrumented(target: () => { stats: FetchStats; t0: number }): FetchLike {
  return async (url, init) => {
    const { stats, t0 } = target();
    const kind = url.includes('/_bulk_docs') ? 'bulk_docs'
      : url.includes('/_all_docs') ? 'all_docs'
        : url.includes('/_changes') ? (url.includes('feed=longpoll') ? 'changes longpoll' : 'changes') : 'other';
    const start = performance.now();
    if (stats.first < 0) stats.first = start - t0;
    const res = await fetch(url, init);
    const body = await res.text();
    const s = (stats.byKind[kind] ??= { n: 0, ms: 0, docs: 0, firstAt: start - t0, lastEnd: 0 });
    s.n += 1;
    s.lastEnd = performance.now() - t0;
    if (kind === 'bulk_docs') {
      s.docs += (JSON.parse(String(init?.body ?? '{"docs":[]}')) as { docs: unknown[] }).docs.length;
      if (res.ok) countAcks(body);
      (stats.trace ??= []).push(`${url.replace(/^.*\/db\//, '').replace(/\?.*$/, '')} ${(start - t0).toFixed(0)}–${(performance.now() - t0).toFixed(0)}`);
    }
    s.ms += performance.now() - start;
    // Every request of the measurement: database, kind, start–end (ms from t0), documents in the answer (BENCH_SYNC_TRACE).
    const db = url.replace(/^.*\/db\//, '').replace(/\/.*$/, '').replace(/^.*?-(\w+)$/, '$1');
    (stats.timeline ??= []).push(`${db} ${kind} ${(start - t0).toFixed(0)}–${(performance.now() - t0).toFixed(0)}${kind === 'changes' ? ` ${(body.match(/"seq"/g) ?? []).length}` : ''}`);
    const empty = res.status === 204 || res.status === 304;
    return new Response(empty ? null : body, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
}

/** Where the live tablet's requests are counted (reset per measurement). */
let live: { stats: FetchStats; t0: number } = { stats: { first: -1, byKind: {} }, t0: 0 };
/** When the browser last said it is online again (`window` 'online' event, as the app hears it). */
let onlineAt = -1;
window.addEventListener('online', () => { onlineAt = performance.now(); });

let tablet: { db: FrontDeskDatabase; sync: SyncHandle | null; setup: SyncSetup; options: SyncOptions } | null = null;

async function closeTablet(): Promise<void> {
  if (!tablet) return;
  await tablet.sync?.stop();
  await tablet.db.remove();
  tablet = null;
}

const REPLICATED_COUNTED: CollectionName[] = ['members', 'reservations', 'rooms', 'ledger', 'feedback', 'branches', 'doorEvents', 'staff', 'audits', 'reviews'];

async function localCount(db: FrontDeskDatabase): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const c of REPLICATED_COUNTED) { const n = await db.collections[c].count().exec(); if (n > 0) out[c] = n; }
  return out;
}

/**
 * A new tablet: a fresh IndexedDB database, the branch's setup, startSync
 * as the app calls it; timed until every collection's first download is done.
 */
/**
 * Experiment only (BENCH_SYNC_STUB_STATUS_COUNT=1): the status refresh's
 * "changes waiting" count (a `_meta.lwt` selector) answers 0 at once
 * instead of scanning the collection, to see what the scan costs the sync.
 */
function stubStatusCount(db: FrontDeskDatabase): void {
  for (const c of REPLICATED_COUNTED) {
    const col = db.collections[c] as unknown as { count(q?: { selector?: object }): unknown };
    const real = col.count.bind(col);
    col.count = (q) => (q?.selector && '_meta.lwt' in q.selector ? { exec: () => Promise.resolve(0) } : real(q));
  }
}

/** Experiment only: the status refresh's download progress (a plain count() of each collection) answers 0 without reading IndexedDB; returns the undo. */
function stubProgressCount(db: FrontDeskDatabase): () => void {
  const undo: (() => void)[] = [];
  for (const c of REPLICATED_COUNTED) {
    const col = db.collections[c] as unknown as { count(q?: { selector?: object }): unknown };
    const real = col.count;
    col.count = (q) => (q?.selector ? real.call(col, q) : { exec: () => Promise.resolve(0) });
    undo.push(() => { col.count = real; });
  }
  return () => { for (const u of undo) u(); };
}

export async function initialSync(run: number, branchId: string, password: string, batchSize: number | null, stubCount: boolean, bulkImport = true, importPageSize: number | null = null, stubProgress = false, recordsForAll = false): Promise<{ ms: number; reviews: string[]; counts: Record<string, number>; firstRequestMs: number; requests: FetchStats['byKind']; timeline: string[] }> {
  await closeTablet();
  status(`initial sync ${run}`);
  const db = await openFrontDeskDb({ name: `sync-bench-${run}-${Date.now().toString(36)}` });
  if (stubCount) stubStatusCount(db);
  const restore = stubProgress ? stubProgressCount(db) : () => undefined;
  const setup: SyncSetup = { server: server(), branchId, user: branchUser(branchId).name, password, setUpAt: Date.now() };
  const stats: FetchStats = { first: -1, byKind: {} };
  const t0 = performance.now();
  live = { stats, t0 };
  const options: SyncOptions = { deviceId: `bench-tablet-${run}`, fetch: instrumented(() => live), bulkImport, ...(batchSize ? { batchSize } : {}), ...(importPageSize ? { importPageSize } : {}), ...(recordsForAll ? { importRecordsForAll: true } : {}) };
  const sync = await startSync(db, setup, options);
  await sync.initialDone();
  const ms = performance.now() - t0;
  restore();
  tablet = { db, sync, setup, options };
  const reviews = (await db.reviews.find().exec()).map((d) => JSON.stringify(d.toJSON()).slice(0, 400));
  return { ms, reviews, counts: await localCount(db), firstRequestMs: stats.first, requests: stats.byKind, timeline: stats.timeline ?? [] };
}

/** A new tablet syncs `branchId`: how many ledger lines it holds at initialDone(), and `waitMs` later. */
export async function probe(branchId: string, password: string, waitMs: number): Promise<{ docs: number; after: number }> {
  await closeTablet();
  status('probe');
  const db = await openFrontDeskDb({ name: `sync-probe-${Date.now().toString(36)}` });
  const sync = await startSync(db, { server: server(), branchId, user: branchUser(branchId).name, password, setUpAt: Date.now() }, { deviceId: 'bench-probe' });
  try {
    await sync.initialDone();
    const docs = await db.ledger.count().exec();
    await new Promise((r) => setTimeout(r, waitMs));
    return { docs, after: await db.ledger.count().exec() };
  } finally {
    await sync.stop();
    await db.remove();
  }
}

/**
 * The synced tablet stops syncing, writes `n` ledger lines, starts syncing
 * again (as the app does when it is opened again); timed from the start
 * until awaitInSync() (everything local on the server, pulls idle).
 */
export async function pushOffline(run: number, n: number): Promise<{ ms: number; replicatedMs: number; writeMs: number; ids: string[]; requests: FetchStats['byKind'] }> {
  if (!tablet?.sync) throw new Error('no synced tablet');
  await tablet.sync.awaitInSync();
  await tablet.sync.stop();
  tablet.sync = null;
  status(`offline writes ${run}`);
  const lines = offlineLines(tablet.setup.branchId, `offline.${run}`, n);
  const w0 = performance.now();
  const res = await tablet.db.ledger.bulkInsert(lines);
  const writeMs = performance.now() - w0;
  if (res.error.length > 0) throw new Error(`local write refused: ${JSON.stringify(res.error[0])}`);
  status(`push ${run}`);
  const stats: FetchStats = { first: -1, byKind: {} };
  const t0 = performance.now();
  live = { stats, t0 };
  tablet.sync = await startSync(tablet.db, tablet.setup, tablet.options);
  // The replications in sync first, then the handle's own awaitInSync(), which adds a status refresh.
  await Promise.all([...tablet.sync.states.values()].map((s) => s.awaitInSync()));
  const replicatedMs = performance.now() - t0;
  await tablet.sync.awaitInSync();
  return { ms: performance.now() - t0, replicatedMs, writeMs, ids: lines.map((l) => l.id), requests: stats.byKind };
}

/**
 * While the driver holds the browser offline (the live tablet's sync keeps
 * trying and failing, as at the desk): `n` ledger lines written in small
 * bulks, as the desk's commands write them. Returns when they are written.
 */
export async function writeWhileOffline(run: number, n: number, chunk: number): Promise<{ writeMs: number; connection: string }> {
  if (!tablet?.sync) throw new Error('no synced tablet');
  if (navigator.onLine) throw new Error('the browser is online: the driver must set it offline first');
  status(`offline writes (live) ${run}`);
  const lines = offlineLines(tablet.setup.branchId, `live.${run}`, n);
  const t0 = performance.now();
  for (let i = 0; i < lines.length; i += chunk) {
    const res = await tablet.db.ledger.bulkInsert(lines.slice(i, i + chunk));
    if (res.error.length > 0) throw new Error(`local write refused: ${JSON.stringify(res.error[0])}`);
  }
  const writeMs = performance.now() - t0;
  // Let the sync run into the closed network (its pushes fail and wait to retry).
  await new Promise((r) => setTimeout(r, 1500));
  const ids = new Set(lines.map((l) => l.id));
  acks = { expected: ids, acked: new Set(), lastAt: -1, done: () => undefined };
  live = { stats: { first: -1, byKind: {} }, t0: performance.now() };
  return { writeMs, connection: useSyncStatus.getState().connection };
}

/**
 * After the driver has put the browser back online: from the browser's
 * 'online' event until the server has confirmed every line written offline
 * (its `_bulk_docs` answers), and until the tablet's replications are in sync.
 */
export async function awaitPushedAfterReconnect(): Promise<{ onServerMs: number; inSyncMs: number; ids: string[]; requests: FetchStats['byKind'] }> {
  if (!tablet?.sync || !acks) throw new Error('no offline writes waiting');
  const a = acks;
  if (a.acked.size < a.expected.size) await new Promise<void>((resolve) => { a.done = resolve; });
  if (onlineAt < 0) throw new Error('the browser never said it was online');
  await Promise.all([...tablet.sync.states.values()].map((st) => st.awaitInSync()));
  const inSync = performance.now();
  acks = null;
  const result = { onServerMs: a.lastAt - onlineAt, inSyncMs: inSync - onlineAt, ids: [...a.expected], requests: rebase(live.stats.byKind, onlineAt - live.t0), trace: live.stats.trace ?? [], timeline: live.stats.timeline ?? [], onlineAfter: onlineAt - live.t0 };
  onlineAt = -1;
  return result;
}

/** Request times relative to another origin (ms later than the stats' own t0). */
function rebase(byKind: FetchStats['byKind'], shift: number): FetchStats['byKind'] {
  return Object.fromEntries(Object.entries(byKind).map(([k, v]) => [k, { ...v, firstAt: v.firstAt - shift, lastEnd: v.lastEnd - shift }]));
}

/**
 * The ceiling of any RxDB pull on this storage: RxDB's own replication
 * protocol (the same one replication-couchdb drives) pulling the source
 * documents from memory (no network, no server, no JSON) into a fresh
 * database, batches of `batch`, every collection at once, with a push side
 * as the desk has (so RxDB keeps its replication records, as it must to
 * push later). Whatever the transport does, a pull cannot beat this.
 */
export async function memoryPull(run: number, batch: number): Promise<{ ms: number; docs: number }> {
  await closeTablet();
  const db = await openFrontDeskDb({ name: `memory-pull-${run}-${Date.now().toString(36)}` });
  try {
    const sources = (Object.entries(source.docs) as [CollectionName, string][]).map(([c, json]) => [c, (JSON.parse(json) as Record<string, unknown>[]).map(({ _id, ...rest }) => ({ id: _id, ...rest, _deleted: false }))] as const);
    status(`memory pull ${run}`);
    let docs = 0;
    const t0 = performance.now();
    await Promise.all(sources.map(async ([c, list]) => {
      const state = replicateRxCollection<Record<string, unknown>, { at: number }>({
        replicationIdentifier: `memory-pull-${run}-${c}`,
        collection: db.collections[c] as never,
        live: false,
        waitForLeadership: false,
        pull: {
          batchSize: batch,
          handler: (checkpoint, size) => {
            const at = checkpoint?.at ?? 0;
            const documents = list.slice(at, at + size);
            return Promise.resolve({ documents: documents as never[], checkpoint: { at: at + documents.length } });
          },
        },
        push: { handler: () => Promise.resolve([]) },
      });
      await state.awaitInitialReplication();
      await state.cancel();
      docs += list.length;
    }));
    const ms = performance.now() - t0;
    const counts = await localCount(db);
    const held = Object.values(counts).reduce((a, b) => a + b, 0);
    if (held !== docs) throw new Error(`memory pull holds ${held} of ${docs}`);
    return { ms, docs };
  } finally {
    await db.remove();
  }
}

/**
 * The floor of any RxDB push on this storage: `n` ledger lines written to a
 * fresh database, then RxDB's own replication protocol pushing them, batches
 * of `batch`, to a handler that accepts each batch at once (no network, no
 * server). What is left is RxDB's own work per batch (reading the changes
 * and its replication records, writing the new records), which it does one
 * batch after another around each request: a push takes at least this long
 * plus the requests' own time.
 */
export async function memoryPush(run: number, n: number, batch: number): Promise<{ ms: number; docs: number }> {
  await closeTablet();
  const db = await openFrontDeskDb({ name: `memory-push-${run}-${Date.now().toString(36)}` });
  try {
    const lines = offlineLines(source.branchId, `memory.${run}`, n);
    const res = await db.ledger.bulkInsert(lines);
    if (res.error.length > 0) throw new Error(`local write refused: ${JSON.stringify(res.error[0])}`);
    status(`memory push ${run}`);
    let docs = 0;
    const t0 = performance.now();
    const state = replicateRxCollection<LedgerEntry, { at: number }>({
      replicationIdentifier: `memory-push-${run}`,
      collection: db.ledger as never,
      live: false,
      waitForLeadership: false,
      pull: { batchSize: batch, handler: () => Promise.resolve({ documents: [], checkpoint: { at: 0 } }) },
      push: { batchSize: batch, handler: (rows) => { docs += rows.length; return Promise.resolve([]); } },
    });
    await state.awaitInitialReplication();
    const ms = performance.now() - t0;
    await state.cancel();
    if (docs !== n) throw new Error(`memory push sent ${docs} of ${n}`);
    return { ms, docs };
  } finally {
    await db.remove();
  }
}

/** IndexedDB alone: bulkInsert of the source documents into a fresh database (no network), as the pull writes them. */
export async function localWriteAll(run: number): Promise<{ ms: number; docs: number }> {
  // RxDB's free edition opens at most 13 collections at once: one database at a time.
  await closeTablet();
  const db = await openFrontDeskDb({ name: `local-bench-${run}-${Date.now().toString(36)}` });
  try {
    const prepared = (Object.entries(source.docs) as [CollectionName, string][]).map(([c, json]) => [c, batches((JSON.parse(json) as Record<string, unknown>[]).map(({ _id, ...rest }) => ({ id: _id, ...rest })), 200)] as const);
    status(`local write ${run}`);
    let docs = 0;
    const t0 = performance.now();
    await Promise.all(prepared.map(async ([c, list]) => {
      for (const b of list) {
        const r = await (db.collections[c] as unknown as { bulkInsert(d: object[]): Promise<{ error: unknown[] }> }).bulkInsert(b);
        if (r.error.length > 0) throw new Error(`local write refused: ${JSON.stringify(r.error[0])}`);
        docs += b.length;
      }
    }));
    return { ms: performance.now() - t0, docs };
  } finally {
    await db.remove();
  }
}

/**
 * Experiment (BENCH_SYNC_WRITE_PATH=1): `n` ledger lines written in pages of
 * 1,000 into a fresh database two ways, in this page's profile at the same
 * moment: RxDB's `bulkInsert` (the collection, its Dexie storage), and Dexie
 * alone doing what the Dexie storage does underneath (the same store schema,
 * the same stored form, `bulkGet` + `bulkPut` in one `rw` transaction).
 * Separates RxDB's layer from the state of the browser's IndexedDB.
 */
export async function writePath(run: number, n: number, way: 'rxdb' | 'dexie'): Promise<{ ms: number; docs: number }> {
  await closeTablet();
  const db = await openFrontDeskDb({ name: `write-path-${run}-${way}-${Date.now().toString(36)}` });
  const lines = offlineLines('bsync-00', `path.${run}.${way}`, n);
  try {
    if (way === 'rxdb') {
      const t0 = performance.now();
      for (let p = 0; p < n; p += 1000) {
        const r = await db.ledger.bulkInsert(lines.slice(p, p + 1000));
        if (r.error.length > 0) throw new Error(`write refused: ${JSON.stringify(r.error[0])}`);
      }
      return { ms: performance.now() - t0, docs: n };
    }
    const schema = db.ledger.schema.jsonSchema as never;
    const booleans = getBooleanIndexes(schema);
    const dx = new Dexie(`write-path-dexie-${run}-${Date.now().toString(36)}`);
    dx.version(1).stores({ docs: getDexieStoreSchema(schema), changes: '++sequence, id', attachments: 'id' });
    await dx.open();
    try {
      const lwt = Date.now();
      const stored = lines.map((l, i) => fromStorageToDexie(booleans, { ...l, _deleted: false, _rev: `1-${i.toString(16)}`, _meta: { lwt: lwt + i / 1000 }, _attachments: {} }));
      const t0 = performance.now();
      for (let p = 0; p < n; p += 1000) {
        const page = stored.slice(p, p + 1000);
        await dx.transaction('rw', dx.table('docs'), dx.table('attachments'), async () => {
          await dx.table('docs').bulkGet(page.map((d) => (d as { id: string }).id));
          await dx.table('docs').bulkPut(page);
        });
      }
      return { ms: performance.now() - t0, docs: n };
    } finally {
      dx.close();
      await Dexie.delete(dx.name);
    }
  } finally {
    await db.remove();
  }
}

/**
 * What the status refresh (replicate.ts: every second, and 50 ms after
 * local writes) costs on the synced tablet: changedSinceCount() of every
 * replicated collection, since a moment ago (nothing waiting).
 */
export async function statusCountCost(reps: number): Promise<{ ms: number; docs: number }> {
  if (!tablet) throw new Error('no tablet');
  const db = tablet.db;
  const since = Date.now() - 1000;
  const t0 = performance.now();
  // A different `since` each time: RxDB would answer a repeated query from its cache.
  for (let i = 0; i < reps; i++) for (const c of REPLICATED_COUNTED) await changedSinceCount(db, c, since - i);
  const ms = (performance.now() - t0) / reps;
  return { ms, docs: Object.values(await localCount(db)).reduce((a, b) => a + b, 0) };
}

/** The peer: PouchDB (`adapter`) pulls every source collection of `branchId`, `batch` per page (a fresh local database each). */
export async function peerPull(adapter: PouchAdapter, run: number, branchId: string, auth: Auth, batch: number): Promise<{ ms: number; docs: number }> {
  await closeTablet();
  status(`pouchdb ${adapter} pull ${run}`);
  const urls = (Object.keys(source.docs) as CollectionName[]).map((c) => `${server()}${serverDbName(branchId, c)}`);
  return pouchPull(adapter, run, urls, auth, batch);
}

/** The peer: PouchDB (`adapter`) pushes `n` offline-style ledger lines to `branchId`'s ledger, `batch` per `_bulk_docs`. */
export async function peerPush(adapter: PouchAdapter, run: number, branchId: string, auth: Auth, n: number, batch: number, tag: string): Promise<{ ms: number; docs: number }> {
  status(`pouchdb ${adapter} push ${run}`);
  const docs = offlineLines(branchId, tag, n).map(({ id, ...rest }) => ({ _id: id, ...rest }));
  return pouchPush(adapter, run, `${server()}${serverDbName(branchId, 'ledger')}`, auth, docs, batch);
}

/**
 * The synced tablet's sync started again, its push in batches of `pushBatch`
 * (null: replicate.ts's default), pausing while offline or not, the collections
 * with changes waiting restarting first or not (null: the defaults).
 */
export async function restartSync(pushBatch: number | null, pauseWhenOffline: boolean | null = null, pushFirst: boolean | null = null): Promise<void> {
  if (!tablet?.sync) throw new Error('no synced tablet');
  await tablet.sync.awaitInSync();
  await tablet.sync.stop();
  const options = { ...tablet.options };
  delete options.pushBatchSize;
  delete options.pauseWhenOffline;
  delete options.pushFirst;
  tablet.options = {
    ...options, ...(pushBatch ? { pushBatchSize: pushBatch } : {}), ...(pauseWhenOffline !== null ? { pauseWhenOffline } : {}), ...(pushFirst !== null ? { pushFirst } : {}),
  };
  tablet.sync = await startSync(tablet.db, tablet.setup, tablet.options);
  await tablet.sync.initialDone();
  await tablet.sync.awaitInSync();
}

export async function done(): Promise<void> {
  await closeTablet();
}

const api = { writePath, restartSync, setDocs, peerPull, peerPush, probe, memoryPull, memoryPush, writeWhileOffline, awaitPushedAfterReconnect, rawWriteLedgerParallel, statusCountCost, takeSyncErrors, rawWriteAll, rawReadAll, rawWriteLedger, initialSync, pushOffline, localWriteAll, done };
declare global { interface Window { syncBench: typeof api } }
window.syncBench = api;
status('ready');
