/* global window, document -- page.evaluate callbacks run in the browser */
/**
 * Sync throughput (issue #3), in Debian's Chromium on IndexedDB, against the
 * embedded sync server (pouchdb-server, fresh data dir, loopback), which the
 * page reaches through its own origin (`vite preview` proxies `/db`, as the
 * app's vite.config.ts does):
 *
 * - initial sync of a branch holding 20,000 documents (demo members with
 *   their stays and points history, rooms, the branch): a new tablet (fresh
 *   IndexedDB database) runs startSync() as the app does, timed until
 *   initialDone();
 * - 1,000 offline ledger lines pushed after reconnecting: the synced, live
 *   tablet loses its network (Chromium's offline emulation: requests fail,
 *   navigator.onLine is false), the desk writes the lines in bulks of 50,
 *   the network comes back; timed from the browser's 'online' event until
 *   the server has confirmed every line (its `_bulk_docs` answers), and
 *   until the tablet's replications are in sync; then the server is asked
 *   (from Node) whether it holds all of them;
 * - the same after reopening the app: the tablet stops syncing, writes
 *   them, starts again; timed until awaitInSync();
 * - beside them, in the same run and from the same page through the same
 *   proxy, plain fetch doing the same HTTP work: `_bulk_docs` of the 20,000
 *   into a fresh branch (as the head office loads one), `_changes` reads of
 *   the 20,000 in the pull's batch size, and `_bulk_docs` of 1,000 ledger
 *   lines as the branch user, three ways (push-size batches one after
 *   another, all at once, one request), the fastest counted as the raw
 *   figure; for the IndexedDB share, bulkInsert of the 20,000 into a fresh
 *   local database;
 * - the ceilings of RxDB's own replication protocol on this storage, with
 *   no network at all: pulling the 20,000 from memory, and pushing 1,000
 *   local lines to a handler that accepts them at once.
 *
 * - the peer (issue #15), in the same page, the same runs: PouchDB 9's
 *   `idb` and `indexeddb` adapters pulling the same 20,000 (a fresh local
 *   database per server database, batch_size BENCH_SYNC_PEER_BATCH=1000)
 *   and pushing 1,000 ledger lines of the same shape; the two adapters'
 *   order alternates run by run. Printed side by side with the desk's and
 *   the raw figures, with the ratios (of the medians, and per run).
 *
 * Also logged: request counts and times by kind, a regression check (a new
 * tablet downloads a whole small branch by initialDone()), errors the sync
 * reported, how busy the synced tablet's main thread is at rest, and what
 * one status refresh's "changes waiting" count costs on it.
 *
 * Runs are interleaved (raw, local, sync; then push, raw) so machine load
 * hits both sides alike. `benchSync()` returns rows in bench/run.mjs's
 * format; `BENCH_ONLY=sync npm run bench` runs it alone.
 *
 * BENCH_SYNC_DOCS=20000 BENCH_SYNC_PUSH=1000 BENCH_SYNC_RUNS=3 are the defaults;
 * BENCH_SYNC_BATCH=n passes SyncOptions.batchSize (pull and push) to startSync
 * (default: replicate.ts's own, pull 200 / push 1000; the raw writes beside
 * them go in batches of 500, one after another and all at once, and as one).
 * BENCH_SYNC_STUB_STATUS_COUNT=1 (an experiment, not the app): the status
 * refresh's "changes waiting" count answers 0 without scanning IndexedDB.
 * BENCH_SYNC_PROFILE=<dir>: an unminified build, and CPU profiles of the
 * page during the last initial sync and the last push, written to <dir> and
 * summarised in the log (the busiest functions; idle share of the main thread).
 * Each pull contender of each run gets a fresh Chromium (a fresh IndexedDB);
 * BENCH_SYNC_ONE_PROFILE=1 runs everything in one browser instead.
 * BENCH_SYNC_TRACE=1: each `_bulk_docs` of the reconnect push, start–end in ms; every request of the desk's initial sync.
 */
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SourceMap } from 'node:module';
import { build, createServer, preview } from 'vite';
import { chromium } from 'playwright-core';
import { startSyncServer } from '../server/supervise.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const DOCS = Number(process.env.BENCH_SYNC_DOCS ?? 20_000);
const PUSH = Number(process.env.BENCH_SYNC_PUSH ?? 1_000);
const RUNS = Number(process.env.BENCH_SYNC_RUNS ?? 3);
const SYNC_BATCH = process.env.BENCH_SYNC_BATCH ? Number(process.env.BENCH_SYNC_BATCH) : null;
/** replicate.ts: pull.batchSize 200, push.batchSize 1000 unless SyncOptions.batchSize is given. */
const PULL_BATCH = SYNC_BATCH ?? 200;
const PUSH_BATCH = SYNC_BATCH ?? 1000;
/** The raw `_bulk_docs` writes' batch (the 20k load, and the 1,000 lines one after another / all at once). */
const RAW_BATCH = SYNC_BATCH ?? 500;
/** The peer's batch_size (PouchDB 9, pull and push). */
const PEER_BATCH = Number(process.env.BENCH_SYNC_PEER_BATCH ?? 1000);
const ADAPTERS = ['idb', 'indexeddb'];
const PROFILE = process.env.BENCH_SYNC_PROFILE;
/** BENCH_SYNC_LEAN=1: only the figures of issue #15 (no pull from memory, no bare bulkInsert, no reopen push, no RxDB-only push). */
const LEAN = process.env.BENCH_SYNC_LEAN === '1';
/** A fresh browser per pull contender (default); BENCH_SYNC_ONE_PROFILE=1: one browser for the whole run, as before 2026-12-07. */
const FRESH = process.env.BENCH_SYNC_ONE_PROFILE !== '1';
const STUB_COUNT = process.env.BENCH_SYNC_STUB_STATUS_COUNT === '1';
/** BENCH_SYNC_IMPORT_PAGE_ALT=n (an experiment): one more contender per run, the desk's import with pages of n documents (default 1000). */
/** BENCH_SYNC_NO_PROGRESS=1 (an experiment): one more contender, the desk's import with the status refresh's progress count stubbed. */
/** BENCH_SYNC_PUSH_BATCH_ALT=n (an experiment): the reconnect pushes alternate between the default push batch and n (the sync restarted before each). */
const PUSH_ALT = process.env.BENCH_SYNC_PUSH_BATCH_ALT ? Number(process.env.BENCH_SYNC_PUSH_BATCH_ALT) : null;
const NO_PROGRESS = process.env.BENCH_SYNC_NO_PROGRESS === '1';
/** BENCH_SYNC_PAUSE_ALT=1 (an experiment): the reconnect pushes alternate between the default and a sync that keeps retrying while offline (`pauseWhenOffline: false`, the sync restarted before each). */
const PAUSE_ALT = process.env.BENCH_SYNC_PAUSE_ALT === '1';
/** BENCH_SYNC_PUSHFIRST_ALT=1 (an experiment): the reconnect pushes alternate between the default and all collections restarting at once (`pushFirst: false`, the sync restarted before each). */
const PUSHFIRST_ALT = process.env.BENCH_SYNC_PUSHFIRST_ALT === '1';
/** BENCH_SYNC_RECORDS_ALT=1 (an experiment): one more contender, the desk's import writing RxDB's replication records for the insert-only collections too (as before 2026-12-07). */
const RECORDS_ALT = process.env.BENCH_SYNC_RECORDS_ALT === '1';
const ALT_PAGE = process.env.BENCH_SYNC_IMPORT_PAGE_ALT ? Number(process.env.BENCH_SYNC_IMPORT_PAGE_ALT) : null;
const SEED = 7;
/** The probe branch: more ledger lines than one pull batch. */
const PROBE_DOCS = 2 * PULL_BATCH + 50;
const PROBE_WAIT_MS = 3000;
const REST_MS = 5000;
const BUSINESS_DATE = '2026-11-23';
const NOW = Date.UTC(2026, 10, 23, 7, 0, 0);
/** Branch ids of one length, so the documents of every copy have the same size. */
/**
 * BENCH_SYNC_COUCH_URL=http://admin:pw@host:port/: against that CouchDB 3
 * (or any CouchDB-compatible server) instead of the embedded pouchdb-server;
 * the run's branches carry a tag of their own, so runs never collide there.
 */
const EXTERNAL = process.env.BENCH_SYNC_COUCH_URL ?? '';
const RUN_TAG = EXTERNAL ? `-${Date.now().toString(36).slice(-6)}` : '';
const branchId = (k) => `bsync${RUN_TAG}-${String(k).padStart(2, '0')}`;

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
/** Also keeps the samples (in run order), so runs of several invocations can be pooled (bench/servers.mjs). */
const stat = (name, samples, unit = 'ms') => {
  if (samples.length === 0) return { name, unit, p50: NaN, p95: NaN, n: 0, samples: [] };
  const s = [...samples].sort((a, b) => a - b);
  return { name, unit, p50: +pct(s, 50).toFixed(2), p95: +pct(s, 95).toFixed(2), n: s.length, samples: samples.map((x) => +x.toFixed(2)) };
};
const rate = (r) => (r.docs / r.ms) * 1000;
const load = () => { try { return execFileSync('uptime', { encoding: 'utf8' }).trim().replace(/^.*load/, 'load'); } catch { return 'load ?'; } };

/** The branch's documents (RxDB form) per collection: demo members with their reservations and ledger, the rooms, the branch; exactly `count`. */
async function branchDocs(vite, count, branch) {
  const { createDemoContext, generateDemoBranch, memberChunks } = await vite.ssrLoadModule('/src/demo/generate.ts');
  const small = generateDemoBranch({ seed: SEED, businessDate: BUSINESS_DATE, now: NOW, branchId: branch, memberCount: 0 });
  const ctx = createDemoContext({ businessDate: BUSINESS_DATE, now: NOW, branchId: branch });
  const out = { branches: [small.branch], rooms: small.rooms, members: [], reservations: [], ledger: [] };
  const total = () => Object.values(out).reduce((n, l) => n + l.length, 0);
  // ~4.6 documents per member (member, ~0.25 stays, ~3.4 ledger lines).
  for (const chunk of memberChunks(SEED, ctx, { count: Math.ceil(count / 4) + 100, chunkSize: 500 })) {
    for (const [key, list] of [['members', chunk.members], ['reservations', chunk.reservations], ['ledger', chunk.ledger]]) {
      for (const d of list) { if (total() < count) out[key].push(d); }
    }
    if (total() >= count) break;
  }
  if (total() !== count) throw new Error(`generated ${total()} documents, wanted ${count}`);
  return out;
}

/** Where a bundled line:column came from: `rxdb`, `dexie`, `src/sync/transport.ts`…, via the build's source maps. */
function origin(maps, file, line, column) {
  const entry = maps.get(file)?.findEntry(line, column);
  const source = entry && 'originalSource' in entry ? entry.originalSource : '';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
  if (pkg) return { where: pkg[1], source: source.replace(/^.*node_modules\//, '') };
  const own = /\/((?:src|bench|server)\/.*)$/.exec(source);
  return own ? { where: own[1], source: own[1] } : { where: source ? 'other' : '(native)', source };
}

/**
 * A CDP CPU profile's self time: by package or own source file (native
 * calls such as IndexedDB's put/get counted as such), and the busiest
 * functions; idle, program and GC shares of the main thread.
 */
function summarise(profile, maps, top = 15) {
  const dt = new Map();
  profile.samples.forEach((id, i) => dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byWhere = new Map();
  const byFunction = new Map();
  let total = 0;
  const add = (map, key, us) => map.set(key, (map.get(key) ?? 0) + us);
  for (const node of profile.nodes) {
    const us = dt.get(node.id) ?? 0;
    if (!us) continue;
    total += us;
    const f = node.callFrame;
    const name = f.functionName || '(anonymous)';
    if (!f.url) {
      add(byWhere, name.startsWith('(') ? name : `native ${name}`, us);
      add(byFunction, `${name} (native)`, us);
      continue;
    }
    const o = origin(maps, f.url.replace(/^.*\//, ''), f.lineNumber, f.columnNumber);
    add(byWhere, o.where, us);
    add(byFunction, `${name} ${o.source}`, us);
  }
  const ms = (us) => `${(us / 1000).toFixed(0).padStart(6)} ms ${((us / total) * 100).toFixed(0).padStart(3)}%`;
  const lines = [`  main thread over ${(total / 1e6).toFixed(1)} s, self time by origin:`];
  for (const [k, us] of [...byWhere].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${ms(us)}  ${k}`);
  lines.push('  busiest functions:');
  for (const [k, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${ms(us)}  ${k}`);
  return lines.join('\n');
}

async function profiled(page, enabled, work) {
  if (!enabled) return { result: await work(), profile: null };
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
  await cdp.send('Profiler.start');
  const result = await work();
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.detach();
  return { result, profile };
}

/** The replication's requests by kind: how many, mean time each (queueing in the browser included). */
const requestSummary = (byKind) => Object.entries(byKind)
  .map(([kind, x]) => `${kind} ${x.n}× ${(x.ms / x.n).toFixed(0)} ms${x.docs ? ` (${x.docs} docs)` : ''} [${(x.firstAt / 1000).toFixed(2)}–${(x.lastEnd / 1000).toFixed(2)} s]`).join(', ');

export async function benchSync({ chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args, log = console.error } = {}) {
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  log(`sync bench: ${DOCS} docs, ${PUSH} offline writes, ${RUNS} runs; pull batch ${PULL_BATCH}, push batch ${PUSH_BATCH}${STUB_COUNT ? '; EXPERIMENT: status count stubbed' : ''}; ${load()}`);
  const dataDir = await mkdtemp(join(tmpdir(), 'front-desk-sync-bench-'));
  const outDir = await mkdtemp(join(tmpdir(), 'front-desk-sync-page-'));
  let admin = { user: 'admin', password: randomBytes(18).toString('base64url') };
  const branchPassword = randomBytes(12).toString('base64url');
  const cleanup = [];
  try {
    let sync;
    if (EXTERNAL) {
      const u = new URL(EXTERNAL);
      admin = { user: decodeURIComponent(u.username), password: decodeURIComponent(u.password) };
      u.username = '';
      u.password = '';
      sync = { url: u.href.endsWith('/') ? u.href : `${u.href}/` };
      const info = await (await fetch(sync.url)).json();
      log(`against ${info.vendor?.name ?? 'a server'} ${info.version ?? ''} at ${sync.url} (BENCH_SYNC_COUCH_URL), branches ${branchId(0)}…`);
    } else {
      sync = await startSyncServer({ dataDir, port: 0, adminUser: admin.user, adminPassword: admin.password, log: (line) => log(line) });
      cleanup.push(() => sync.stop());
      log(`against the embedded pouchdb-server at ${sync.url}`);
    }
    const target = sync.url.replace(/\/$/, '');

    const vite = await createServer({ root: ROOT, configFile: false, server: { middlewareMode: true, hmr: false }, appType: 'custom', logLevel: 'warn', clearScreen: false });
    cleanup.push(() => vite.close());
    const { provisionBranch, loadDocs, toCouchDoc, basicAuth } = await vite.ssrLoadModule('/server/provision.ts');
    const { serverDbName, branchUser } = await vite.ssrLoadModule('/src/data/replicated.ts');
    const A = branchId(0);
    const docs = await branchDocs(vite, DOCS, A);
    const couchDocs = Object.fromEntries(Object.entries(docs).map(([c, list]) => [c, JSON.stringify(list.map(toCouchDoc))]));
    const bytes = Object.values(couchDocs).reduce((n, s) => n + s.length, 0);
    log(`documents: ${Object.entries(docs).map(([c, l]) => `${c} ${l.length}`).join(', ')} (${(bytes / 1e6).toFixed(1)} MB JSON); ${elapsed()}`);
    // The branch the tablets sync, provisioned and loaded as the head office does (validators first).
    await provisionBranch({ url: sync.url, admin, branchId: A, branchPassword });
    for (const [collection, list] of Object.entries(docs)) {
      const report = await loadDocs({ url: sync.url, auth: admin, branchId: A, collection, docs: list });
      if (report.written !== list.length) throw new Error(`loading ${collection}: ${JSON.stringify(report.rejected[0])}`);
    }
    // Branch k (1..RUNS) receives the raw 20k write of run k: fresh databases, validators in place.
    for (let k = 1; k <= RUNS; k++) await provisionBranch({ url: sync.url, admin, branchId: branchId(k), branchPassword });
    log(`provisioned and loaded ${A}, provisioned ${RUNS} more branches; ${elapsed()}`);
    const probeBranch = `bprobe${RUN_TAG}-00`;
    await provisionBranch({ url: sync.url, admin, branchId: probeBranch, branchPassword });
    const probeDocs = Array.from({ length: PROBE_DOCS }, (_, i) => ({
      id: `M${String(i).padStart(9, '0')}:probe`, memberId: `M${String(i).padStart(9, '0')}`, branchId: probeBranch, kind: 'adjust', rule: 'adjust.migration',
      points: 100, params: { points: 100 }, reservationId: '', businessDate: BUSINESS_DATE, createdAt: NOW + i, deviceId: 'legacy', staffId: 'system',
    }));
    const probeLoad = await loadDocs({ url: sync.url, auth: admin, branchId: probeBranch, collection: 'ledger', docs: probeDocs });
    if (probeLoad.written !== PROBE_DOCS) throw new Error(`probe branch: ${JSON.stringify(probeLoad.rejected[0])}`);

    await build({
      root: join(ROOT, 'bench'), configFile: false, logLevel: 'warn',
      // PouchDB (the peer) imports Node's 'events'.
      resolve: { alias: { events: join(ROOT, 'bench', 'events-shim.js') } },
      build: { outDir, emptyOutDir: true, target: 'es2022', minify: !PROFILE, sourcemap: !!PROFILE, rolldownOptions: { input: join(ROOT, 'bench', 'sync.html') } },
    });
    const server = await preview({
      root: join(ROOT, 'bench'), configFile: false, logLevel: 'warn', build: { outDir },
      preview: {
        port: 0, host: '127.0.0.1',
        proxy: { '/db': { target, changeOrigin: true, rewrite: (p) => p.replace(/^\/db/, '') || '/', proxyTimeout: 60_000, timeout: 60_000 } },
      },
    });
    cleanup.push(() => new Promise((done) => server.httpServer.close(done)));
    // A fresh browser (a fresh profile, so a fresh IndexedDB) for each pull contender unless BENCH_SYNC_ONE_PROFILE=1:
    // Chromium's IndexedDB slows down as an origin's data grows (bench/idb-growth.mjs), so in one profile
    // the later contenders of a run would meet a fuller IndexedDB than the first.
    let browser = null;
    let page = null;
    cleanup.push(() => (browser ? browser.close() : Promise.resolve()));
    const openPage = async () => {
      if (browser) await browser.close();
      browser = await chromium.launch({ executablePath: chromiumPath, args });
      page = await browser.newPage();
      page.on('pageerror', (e) => log('page error:', e.message));
      page.on('console', (m) => { if ((m.type() === 'error' || m.type() === 'warning') && !m.text().includes('RxDB Open Core') && !m.text().includes('status of 404')) log(`page ${m.type()}: ${m.text().slice(0, 300)}`); });
      await page.goto(`${server.resolvedUrls.local[0]}sync.html`);
      await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
      const loaded = await page.evaluate(([b, d]) => window.syncBench.setDocs(b, d), [A, couchDocs]);
      if (loaded !== DOCS) throw new Error(`page holds ${loaded} documents`);
    };
    await openPage();
    log(`page ready; ${elapsed()}`);
    // BENCH_SYNC_WRITE_PATH=1 (an experiment): RxDB's bulkInsert against Dexie alone doing the same, 14,000 ledger lines each, alternating, before anything else touches IndexedDB.
    if (process.env.BENCH_SYNC_WRITE_PATH === '1') {
      for (let k = 0; k < 2 * RUNS; k++) {
        const way = (k + Math.floor(k / 2)) % 2 === 0 ? 'rxdb' : 'dexie';
        const w = await page.evaluate(([n, count, wy]) => window.syncBench.writePath(n, count, wy), [k, 14_000, way]);
        log(`write path ${k + 1}: ${way} ${rate(w).toFixed(0)} docs/s; ${load()}`);
      }
    }

    const logSyncErrors = async (when) => {
      const errors = await page.evaluate(() => window.syncBench.takeSyncErrors());
      if (errors.length > 0) log(`${when}: the sync reported ${errors.join(' | ')}`);
    };
    const saveProfile = async (what, profile) => {
      await mkdir(PROFILE, { recursive: true });
      const file = join(PROFILE, `sync-${what}.cpuprofile`);
      await writeFile(file, JSON.stringify(profile));
      const maps = new Map();
      for (const f of await readdir(join(outDir, 'assets'))) {
        if (f.endsWith('.js.map')) maps.set(f.slice(0, -4), new SourceMap(JSON.parse(await readFile(join(outDir, 'assets', f), 'utf8'))));
      }
      log(`CPU profile of the ${what} (${file}):\n${summarise(profile, maps)}`);
    };
    const branchAuth = (b) => ({ user: branchUser(b).name, password: branchPassword });
    // Regression check (fixed in 8b2cad2): a first _changes page made short by the filtered-out design document ended the download.
    const probe = await page.evaluate(([b, pw, ms]) => window.syncBench.probe(b, pw, ms), [probeBranch, branchPassword, PROBE_WAIT_MS]);
    if (probe.docs !== PROBE_DOCS) throw new Error(`a new tablet holds ${probe.docs} of the branch's ${PROBE_DOCS} ledger lines at initialDone() (${probe.after} ${PROBE_WAIT_MS / 1000} s later): the first download stops early`);
    log(`a new tablet holds all ${PROBE_DOCS} ledger lines of a small branch at initialDone()`);
    const peer = Object.fromEntries(ADAPTERS.flatMap((a) => [[`pull ${a}`, []], [`push ${a}`, []]]));
    const s = { pushAlt: [], pullNoProgress: [], pullRecords: [], pullAlt: [], pullNoImport: [], memoryPush: [], memoryPull: [], rawWrite: [], rawRead: [], local: [], pull: [], push: [], pushLive: [], pushLiveInSync: [], rawPush: [] };
    const importSync = async (k) => {
      const { result: p, profile } = await profiled(page, PROFILE && k === RUNS - 1, () => page.evaluate(([n, b, pw, bs, stub]) => window.syncBench.initialSync(n, b, pw, bs, stub), [k, A, branchPassword, SYNC_BATCH, STUB_COUNT]));
      if (profile) await saveProfile('initial-sync', profile);
      if (process.env.BENCH_SYNC_TRACE) log(`run ${k + 1}: the initial sync's requests (database kind start–end ms [documents]):\n  ${p.timeline.join('\n  ')}`);
      const missing = Object.entries(docs).filter(([c, list]) => (p.counts[c] ?? 0) < list.length);
      if (missing.length > 0) throw new Error(`after its initial sync the tablet holds ${JSON.stringify(p.counts)}, expected ${JSON.stringify(Object.fromEntries(Object.entries(docs).map(([c, l]) => [c, l.length])))}`);
      const pulled = Object.values(p.counts).reduce((a, b) => a + b, 0);
      if (pulled !== DOCS) log(`run ${k + 1}: the tablet holds ${pulled} documents (${JSON.stringify(p.counts)}): earlier tablets' own records: ${p.reviews.join(' ')}`);
      return p;
    };
    // The pulls of one run take turns in the slots (a slot right after other heavy work may be slower): rotated by run.
    const contenders = ['desk', 'rxdb', ...ADAPTERS, ...(ALT_PAGE ? ['desk-alt'] : []), ...(NO_PROGRESS ? ['desk-noprogress'] : []), ...(RECORDS_ALT ? ['desk-records'] : [])]
      .filter((c) => !process.env.BENCH_SYNC_CONTENDERS || process.env.BENCH_SYNC_CONTENDERS.split(',').includes(c));
    let lastWasDesk = false;
    for (let k = 0; k < Number(process.env.BENCH_SYNC_PULL_RUNS ?? RUNS); k++) {
      const r = await page.evaluate(([b, a, n]) => window.syncBench.rawReadAll(b, a, n), [A, branchAuth(A), PULL_BATCH]);
      if (r.docs !== DOCS) throw new Error(`raw _changes read ${r.docs} documents, expected ${DOCS}`);
      s.rawRead.push(rate(r));
      const l = LEAN ? { ms: NaN } : await page.evaluate((n) => window.syncBench.localWriteAll(n), k);
      if (!LEAN) s.local.push(rate(l));
      const mp = LEAN ? { ms: NaN } : await page.evaluate(([n, b]) => window.syncBench.memoryPull(n, b), [k, PULL_BATCH]);
      if (!LEAN) s.memoryPull.push(rate(mp));
      const order = contenders.map((_, i) => contenders[(i + k) % contenders.length]);
      const done = [];
      for (const who of order) {
        if (FRESH) await openPage();
        if (who === 'desk') {
          const p = await importSync(k);
          s.pull.push(rate({ docs: DOCS, ms: p.ms }));
          done.push(`initial sync ${(p.ms / 1000).toFixed(2)} s (first request after ${p.firstRequestMs.toFixed(0)} ms; ${requestSummary(p.requests)})`);
        } else if (who === 'desk-noprogress') {
          const alt = await page.evaluate(([n, b, pw, bs]) => window.syncBench.initialSync(n, b, pw, bs, false, true, null, true), [k, A, branchPassword, SYNC_BATCH]);
          s.pullNoProgress.push(rate({ docs: DOCS, ms: alt.ms }));
          done.push(`initial sync, progress count stubbed: ${(alt.ms / 1000).toFixed(2)} s`);
        } else if (who === 'desk-records') {
          const alt = await page.evaluate(([n, b, pw, bs]) => window.syncBench.initialSync(n, b, pw, bs, false, true, null, false, true), [k, A, branchPassword, SYNC_BATCH]);
          s.pullRecords.push(rate({ docs: DOCS, ms: alt.ms }));
          done.push(`initial sync, records for every collection: ${(alt.ms / 1000).toFixed(2)} s`);
        } else if (who === 'desk-alt') {
          const alt = await page.evaluate(([n, b, pw, bs, ps]) => window.syncBench.initialSync(n, b, pw, bs, false, true, ps), [k, A, branchPassword, SYNC_BATCH, ALT_PAGE]);
          s.pullAlt.push(rate({ docs: DOCS, ms: alt.ms }));
          done.push(`initial sync, import pages of ${ALT_PAGE}: ${(alt.ms / 1000).toFixed(2)} s`);
        } else if (who === 'rxdb') {
          // The same new tablet with RxDB's own pull doing the first download (the app before #15's import): lever 1's ratio.
          const plain = await page.evaluate(([n, b, pw, bs]) => window.syncBench.initialSync(n, b, pw, bs, false, false), [k, A, branchPassword, SYNC_BATCH]);
          s.pullNoImport.push(rate({ docs: DOCS, ms: plain.ms }));
          done.push(`initial sync with RxDB's pull ${(plain.ms / 1000).toFixed(2)} s`);
        } else {
          const pp = await page.evaluate(([ad, n, b, au, bs]) => window.syncBench.peerPull(ad, n, b, au, bs), [who, k, A, branchAuth(A), PEER_BATCH]);
          if (pp.docs !== DOCS) throw new Error(`PouchDB ${who} pulled ${pp.docs} documents, expected ${DOCS}`);
          peer[`pull ${who}`].push(rate(pp));
          done.push(`PouchDB ${who} ${(pp.ms / 1000).toFixed(2)} s`);
        }
      }
      lastWasDesk = order.at(-1) === 'desk';
      await logSyncErrors(`run ${k + 1}`);
      // Last in the run: the server's own work after a 20k write would slow the next pull.
      const w = await page.evaluate(([b, a, n]) => window.syncBench.rawWriteAll(b, a, n), [branchId(k + 1), admin, RAW_BATCH]);
      s.rawWrite.push(rate(w));
      log(`run ${k + 1}: raw _changes ${r.docs} in ${(r.ms / 1000).toFixed(2)} s (${r.requests} requests), ${LEAN ? '' : `IndexedDB bulkInsert in ${(l.ms / 1000).toFixed(2)} s, RxDB pull from memory in ${(mp.ms / 1000).toFixed(2)} s, `}${done.join(', ')}; raw write ${w.docs} in ${(w.ms / 1000).toFixed(2)} s; ${load()}; ${elapsed()}`);
    }
    // The pushes below start from a tablet the desk itself downloaded.
    if (!lastWasDesk) await importSync(RUNS);
    const admHeaders = { Authorization: basicAuth(admin), 'Content-Type': 'application/json', Accept: 'application/json' };
    const checkOnServer = async (ids, when) => {
      const res = await fetch(`${sync.url}${serverDbName(A, 'ledger')}/_all_docs`, { method: 'POST', headers: admHeaders, body: JSON.stringify({ keys: ids }) });
      const rows = (await res.json()).rows;
      const onServer = rows.filter((row) => row.id && !row.error && !row.value?.deleted).length;
      if (onServer !== ids.length) throw new Error(`${when} the server holds ${onServer} of the ${ids.length} offline writes`);
    };
    const context = page.context();
    for (let k = 0; k < (process.env.BENCH_SYNC_NO_PUSH === '1' ? 0 : RUNS); k++) {
      // The live tablet loses its network (Chromium's offline emulation: fetch fails, navigator.onLine is false),
      // the desk writes PUSH ledger lines, the network comes back; timed from the browser's 'online' event.
      if (PUSH_ALT) await page.evaluate((pb) => window.syncBench.restartSync(pb), k % 2 ? PUSH_ALT : null);
      if (PAUSE_ALT) await page.evaluate((pause) => window.syncBench.restartSync(null, pause), k % 2 === 0);
      if (PUSHFIRST_ALT) await page.evaluate((first) => window.syncBench.restartSync(null, null, first), k % 2 === 0);
      await context.setOffline(true);
      const off = await page.evaluate(([n, count]) => window.syncBench.writeWhileOffline(n, count, 50), [k, PUSH]);
      const { result: p, profile } = await profiled(page, PROFILE && k === RUNS - 1, async () => {
        await context.setOffline(false);
        return page.evaluate(() => window.syncBench.awaitPushedAfterReconnect());
      });
      if (profile) await saveProfile('push-after-reconnect', profile);
      await checkOnServer(p.ids, 'after the push was confirmed');
      if (process.env.BENCH_SYNC_TRACE) log(`online at +${p.onlineAfter.toFixed(0)} ms; bulk_docs: ${p.trace.join(', ')}; every request (database kind start–end ms from the offline writes' end):\n  ${p.timeline.join('\n  ')}`);
      if ((PUSH_ALT || PAUSE_ALT || PUSHFIRST_ALT) && k % 2) s.pushAlt.push(rate({ docs: PUSH, ms: p.onServerMs }));
      else s.pushLive.push(rate({ docs: PUSH, ms: p.onServerMs }));
      if (PUSH_ALT) log(`push run ${k + 1}: push batch ${k % 2 ? PUSH_ALT : 'default'}: ${(p.onServerMs / 1000).toFixed(2)} s`);
      if (PAUSE_ALT) log(`push run ${k + 1}: ${k % 2 ? 'retrying while offline (pauseWhenOffline: false)' : 'paused while offline (default)'}: ${(p.onServerMs / 1000).toFixed(2)} s`);
      if (PUSHFIRST_ALT) log(`push run ${k + 1}: ${k % 2 ? 'all collections at once (pushFirst: false)' : 'the waiting collections first (default)'}: ${(p.onServerMs / 1000).toFixed(2)} s`);
      s.pushLiveInSync.push(rate({ docs: PUSH, ms: p.inSyncMs }));
      await logSyncErrors(`reconnect push run ${k + 1}`);
      const other = branchId(1 + k);
      const seq = await page.evaluate(([b, a, n, bs, tag]) => window.syncBench.rawWriteLedger(b, a, n, bs, tag), [other, branchAuth(other), PUSH, RAW_BATCH, `raw.${k}`]);
      const par = await page.evaluate(([b, a, n, bs, tag]) => window.syncBench.rawWriteLedgerParallel(b, a, n, bs, tag), [other, branchAuth(other), PUSH, RAW_BATCH, `rawp.${k}`]);
      const one = await page.evaluate(([b, a, n, bs, tag]) => window.syncBench.rawWriteLedger(b, a, n, bs, tag), [other, branchAuth(other), PUSH, PUSH, `raw1.${k}`]);
      s.rawPush.push(Math.max(rate(seq), rate(par), rate(one)));
      const peerPushes = [];
      for (const a of k % 2 ? [...ADAPTERS].reverse() : ADAPTERS) {
        const pp = await page.evaluate(([ad, n, b, au, count, bs, tag]) => window.syncBench.peerPush(ad, n, b, au, count, bs, tag), [a, k, other, branchAuth(other), PUSH, PEER_BATCH, `pouch.${a}.${k}`]);
        if (pp.docs !== PUSH) throw new Error(`PouchDB ${a} pushed ${pp.docs} of ${PUSH}`);
        peer[`push ${a}`].push(rate(pp));
        peerPushes.push(`PouchDB ${a} ${(pp.ms / 1000).toFixed(2)} s`);
      }
      log(`reconnect push run ${k + 1}: ${PUSH} lines written offline in ${off.writeMs.toFixed(0)} ms (sync ${off.connection}); on the server ${(p.onServerMs / 1000).toFixed(2)} s after the 'online' event, replications in sync at ${(p.inSyncMs / 1000).toFixed(2)} s (${requestSummary(p.requests)}); raw _bulk_docs ${PUSH / RAW_BATCH}×${RAW_BATCH} one after another ${(seq.ms / 1000).toFixed(2)} s, all at once ${(par.ms / 1000).toFixed(2)} s, 1×${PUSH} ${(one.ms / 1000).toFixed(2)} s; ${peerPushes.join(', ')}; ${load()}; ${elapsed()}`);
    }
    for (let k = 0; k < (LEAN ? 0 : RUNS); k++) {
      const { result: p, profile } = await profiled(page, PROFILE && k === RUNS - 1, () => page.evaluate(([n, count]) => window.syncBench.pushOffline(n, count), [k, PUSH]));
      if (profile) await saveProfile('push', profile);
      await checkOnServer(p.ids, 'after awaitInSync');
      s.push.push(rate({ docs: PUSH, ms: p.ms }));
      await logSyncErrors(`push run ${k + 1}`);
      log(`reopen push run ${k + 1}: ${PUSH} offline writes on the server ${(p.ms / 1000).toFixed(2)} s after startSync (replications in sync at ${(p.replicatedMs / 1000).toFixed(2)} s, then the handle's status refresh; local bulkInsert ${p.writeMs.toFixed(0)} ms; ${requestSummary(p.requests)}); ${elapsed()}`);
    }
    // The synced tablet at rest (nothing to send or receive): how busy is the page's main thread?
    const { profile: rest } = await profiled(page, true, () => new Promise((done) => setTimeout(done, REST_MS)));
    const idle = rest.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id);
    let idleUs = 0;
    let allUs = 0;
    rest.samples.forEach((id, i) => { allUs += rest.timeDeltas[i] ?? 0; if (idle.includes(id)) idleUs += rest.timeDeltas[i] ?? 0; });
    log(`synced tablet at rest, ${REST_MS / 1000} s: the page's main thread is busy ${(100 - (idleUs / allUs) * 100).toFixed(0)}% of the time`);
    const cost = await page.evaluate((n) => window.syncBench.statusCountCost(n), 3);
    log(`status refresh on the synced tablet (${cost.docs} docs): changedSinceCount() of the 10 collections takes ${cost.ms.toFixed(0)} ms`);
    // RxDB's own share of a push: its protocol pushing to a handler that answers at once (closes the tablet, so last).
    for (let k = 0; k < (LEAN ? 0 : RUNS); k++) {
      const mp = await page.evaluate(([n, count, b]) => window.syncBench.memoryPush(n, count, b), [k, PUSH, PUSH_BATCH]);
      s.memoryPush.push(rate(mp));
      log(`RxDB push of ${PUSH} lines to a handler that answers at once (no network): ${(mp.ms / 1000).toFixed(2)} s`);
    }
    await page.evaluate(() => window.syncBench.done());

    const k = (n) => (n >= 1000 ? `${n / 1000}k` : String(n));
    const pull = stat(`sync: initial pull ${k(DOCS)} docs`, s.pull, 'docs/s');
    const rawRead = stat(`raw _changes read ${k(DOCS)} docs`, s.rawRead, 'docs/s');
    const rawWrite = stat(`raw _bulk_docs write ${k(DOCS)} docs`, s.rawWrite, 'docs/s');
    const memoryPull = stat(`RxDB replication pull ${k(DOCS)} docs from memory (no network)`, s.memoryPull, 'docs/s');
    const push = stat(`sync: push ${PUSH} offline writes after reconnecting (on the server)`, s.pushLive, 'docs/s');
    const rawPush = stat(`raw _bulk_docs write ${PUSH} docs (best of 3 ways)`, s.rawPush, 'docs/s');
    const pullNoImport = stat(`sync: initial pull ${k(DOCS)} docs, RxDB's own pull (bulkImport: false)`, s.pullNoImport, 'docs/s');
    const localWrite = stat(`IndexedDB bulkInsert ${k(DOCS)} docs`, s.local, 'docs/s');
    const rows = [
      pull, pullNoImport, rawRead, localWrite, memoryPull, rawWrite,
      push, rawPush,
      stat(`RxDB replication push ${PUSH} docs to memory (no network)`, s.memoryPush, 'docs/s'),
      stat(`sync: push ${PUSH} offline writes after reconnecting (tablet in sync)`, s.pushLiveInSync, 'docs/s'),
      stat(`sync: push ${PUSH} offline writes after reopening the app (tablet in sync)`, s.push, 'docs/s'),
    ];
    const peerRows = Object.fromEntries(Object.entries(peer).map(([key, samples]) => {
      const [what, adapter] = key.split(' ');
      const name = what === 'pull' ? `PouchDB 9 ${adapter}: pull ${k(DOCS)} docs (batch_size ${PEER_BATCH})` : `PouchDB 9 ${adapter}: push ${PUSH} docs (batch_size ${PEER_BATCH})`;
      return [key, stat(name, samples, 'docs/s')];
    }));
    rows.push(...Object.values(peerRows));
    // The best adapter among those that ran (BENCH_SYNC_CONTENDERS may leave one or both out).
    const best = (what) => ADAPTERS.map((a) => peerRows[`${what} ${a}`]).filter((r) => r.n > 0).sort((a, b) => b.p50 - a.p50)[0] ?? { name: 'PouchDB (not run)', p50: NaN, n: 0, samples: [] };
    const bestPull = best('pull');
    const bestPush = best('push');
    // A ratio with a side that did not run is left out of the table (n 0).
    const ratioRow = (name, a, b, target) => ({ name: `${name} (target ≥ ${target})`, unit: 'ratio', p50: +(a.p50 / b.p50).toFixed(2), p95: +(a.p50 / b.p50).toFixed(2), n: Number.isFinite(a.p50 / b.p50) ? 1 : 0, samples: [] });
    rows.push(
      ratioRow(`desk pull ÷ best PouchDB pull (${bestPull.name.replace(/:.*$/, '')})`, pull, bestPull, 2),
      ratioRow('desk pull ÷ raw _changes read', pull, rawRead, 0.5),
      { ...ratioRow('desk pull with the import ÷ with RxDB\'s own pull', pull, pullNoImport, 1), name: 'desk pull with the import ÷ with RxDB\'s own pull (lever 1)' },
      ratioRow(`desk push ÷ best PouchDB push (${bestPush.name.replace(/:.*$/, '')})`, push, bestPush, 1),
      ratioRow('desk push ÷ raw _bulk_docs write', push, rawPush, 0.5),
    );
    // Side by side: the medians, then each run's own ratios (same run, same load).
    const side = [
      ['desk pull (import, RxDB 17 + Dexie)', pull], ['desk pull, RxDB\'s own pull', pullNoImport], ...ADAPTERS.map((a) => [`PouchDB ${a} pull`, peerRows[`pull ${a}`]]), ['raw _changes read', rawRead],
      ['desk push after reconnecting', push], ...ADAPTERS.map((a) => [`PouchDB ${a} push`, peerRows[`push ${a}`]]), ['raw _bulk_docs write', rawPush],
    ];
    log(`side by side (medians of ${RUNS} runs, docs/s):\n${side.map(([n, r]) => `  ${n.padEnd(34)} ${(Number.isFinite(r.p50) ? String(Math.round(r.p50)) : 'not run').padStart(7)}`).join('\n')}`);
    const perRun = (a, b) => a.samples.map((x, i) => (x / Math.max(...ADAPTERS.map((ad) => peerRows[`${b} ${ad}`].samples[i]))).toFixed(2)).join(' ');
    log(`per run: desk pull ÷ best PouchDB ${perRun(pull, 'pull')}; desk push ÷ best PouchDB ${perRun(push, 'push')}`);
    if (PAUSE_ALT) log(`push retrying while offline: ${s.pushAlt.map((x) => x.toFixed(0)).join(' ')} docs/s; paused while offline (default): ${s.pushLive.map((x) => x.toFixed(0)).join(' ')} docs/s`);
    if (PUSHFIRST_ALT) log(`push with all collections at once: ${s.pushAlt.map((x) => x.toFixed(0)).join(' ')} docs/s; the waiting collections first (default): ${s.pushLive.map((x) => x.toFixed(0)).join(' ')} docs/s`);
    if (PUSH_ALT) log(`push with batches of ${PUSH_ALT}: ${s.pushAlt.map((x) => x.toFixed(0)).join(' ')} docs/s; default: ${s.pushLive.map((x) => x.toFixed(0)).join(' ')} docs/s`);
    if (NO_PROGRESS) log(`per run: import with the progress count stubbed ÷ the desk's: ${s.pullNoProgress.map((x, i) => (x / pull.samples[i]).toFixed(2)).join(' ')}`);
    if (RECORDS_ALT) log(`per run: import with records for the insert-only collections too ÷ the desk's: ${s.pullRecords.map((x, i) => (x / pull.samples[i]).toFixed(2)).join(' ')} (${s.pullRecords.map((x) => x.toFixed(0)).join(' ')} docs/s)`);
    if (ALT_PAGE) log(`per run: import with pages of ${ALT_PAGE} ÷ of 1000: ${s.pullAlt.map((x, i) => (x / pull.samples[i]).toFixed(2)).join(' ')}`);
    log(`per run: import ÷ RxDB's own pull ${pull.samples.map((x, i) => (x / pullNoImport.samples[i]).toFixed(2)).join(' ')}`);
    log(`desk ÷ best PouchDB (medians): pull ${(pull.p50 / bestPull.p50).toFixed(2)} (target ≥ 2), push ${(push.p50 / bestPush.p50).toFixed(2)} (target ≥ 1)`);
    const ratio = (a, b) => (a.p50 / b.p50).toFixed(2);
    log(`replication ÷ raw (p50): initial pull ${ratio(pull, rawRead)} of _changes read (${ratio(pull, rawWrite)} of _bulk_docs write; RxDB's own pull from memory reaches ${ratio(memoryPull, rawRead)} of the _changes read, RxDB's bulkInsert of the same into a fresh database ${ratio(localWrite, rawRead)}); push after reconnecting ${ratio(push, rawPush)} of _bulk_docs write (target ≥ 0.5)`);
    log(`sync bench done in ${elapsed()}; ${load()}`);
    return rows.filter((r) => r.n > 0);
  } finally {
    for (const fn of cleanup.reverse()) await fn().catch((e) => log('cleanup:', e.message));
    await rm(dataDir, { recursive: true, force: true });
    await rm(outDir, { recursive: true, force: true });
  }
}
