#!/usr/bin/env node
/**
 * `npm run chain-sim -- --branches N`: a simulated chain on one CouchDB 3
 * (issue #14 item 3; server/chain-sim/). Starts its own CouchDB from
 * ../shared/couchdb (or uses COUCHDB_URL), provisions N branches, runs one
 * headless tablet per branch in its own process through a scripted day with
 * the points exchange beside them, checks that nothing was lost or written
 * twice, prints a table and writes JSON (--out, default chain-sim-N.json in
 * the system's temp directory).
 *
 *   npm run chain-sim -- --branches 10 [--members 100] [--day 180] [--offline-every 5]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as netServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'vite';
import { serverModules } from './server-cli.mjs';

const USAGE = `Usage: npm run chain-sim -- --branches N [--members 100] [--travellers 2] [--day <seconds, 180>]
       [--redemptions 4] [--offline-every 5] [--exchange-interval <seconds, 2>] [--out file.json] [--keep-couch]
       [--data-clock <ISO time, default now: the branches' demo data is made at this moment; the day's
        writes per branch follow from its time of day in Shanghai (the arrivals still expected then)>]
Environment: COUCHDB_URL=http://admin:pw@host:port/ uses that server (CPU and memory then need --couch-pid).`;

let values;
try {
  ({ values } = parseArgs({ options: {
    branches: { type: 'string' }, members: { type: 'string', default: '100' }, travellers: { type: 'string', default: '2' },
    day: { type: 'string', default: '180' }, redemptions: { type: 'string', default: '4' }, 'offline-every': { type: 'string', default: '5' },
    'exchange-interval': { type: 'string', default: '2' }, 'data-clock': { type: 'string' }, out: { type: 'string' }, 'couch-pid': { type: 'string' },
    'keep-couch': { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false },
  } }));
} catch (err) {
  console.error(`${err.message}\n${USAGE}`);
  process.exit(2);
}
if (values.help) { console.log(USAGE); process.exit(0); }
const int = (name, min) => {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < min) { console.error(`--${name} must be a whole number, at least ${min} (got ${JSON.stringify(values[name])})\n${USAGE}`); process.exit(2); }
  return n;
};
if (!values.branches) { console.error(`Missing: --branches\n${USAGE}`); process.exit(2); }
const branches = int('branches', 2);
const dataClock = values['data-clock'] === undefined ? undefined : Date.parse(values['data-clock']);
if (dataClock !== undefined && !Number.isFinite(dataClock)) { console.error(`--data-clock must be an ISO time, e.g. 2026-12-07T20:30+08:00 (got ${JSON.stringify(values['data-clock'])})\n${USAGE}`); process.exit(2); }
const root = fileURLToPath(new URL('..', import.meta.url));
const log = (line) => console.log(`[chain-sim ${new Date().toISOString().slice(11, 19)}] ${line}`);

// The tablet runs in child processes: bundle it once (src/ is TypeScript; dependencies stay external).
const bundleDir = path.join(root, '.chain-sim');
await build({
  root, configFile: false, logLevel: 'warn', clearScreen: false,
  build: {
    ssr: true, outDir: bundleDir, emptyOutDir: true, minify: false, target: 'node20',
    rollupOptions: { input: { tablet: 'server/chain-sim/tablet.ts', probe: 'server/chain-sim/probe.ts' } },
  },
});
const tabletScript = path.join(bundleDir, 'tablet.js');
const probeScript = path.join(bundleDir, 'probe.js');

// CouchDB: ours, or the one COUCHDB_URL names.
let couchUrl = process.env.COUCHDB_URL;
let couchPid = values['couch-pid'] ? Number(values['couch-pid']) : undefined;
let stopCouch = () => {};
if (!couchUrl) {
  const port = await new Promise((resolve) => { const s = netServer(); s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); }); });
  const dir = path.join(tmpdir(), `chain-sim-couch-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const shared = path.resolve(root, '../shared/couchdb');
  const out = execFileSync(path.join(shared, 'start'), ['--port', String(port), '--dir', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  couchUrl = out.trim().split('\n').pop().replace(/^COUCHDB_URL=/, '');
  couchPid = Number(readFileSync(path.join(dir, 'couchdb-3.4.3/var/run/couchdb.pid'), 'utf8').trim());
  stopCouch = () => {
    if (values['keep-couch']) { log(`CouchDB left running at port ${port} (${dir}); stop it with ${shared}/stop --dir ${dir}`); return; }
    execFileSync(path.join(shared, 'stop'), ['--dir', dir], { stdio: 'inherit' });
    rmSync(dir, { recursive: true, force: true });
  };
}
const u = new URL(couchUrl);
const admin = { user: decodeURIComponent(u.username), password: decodeURIComponent(u.password) };
u.username = ''; u.password = '';
const url = u.href;

// Settings that matter with many small databases (docs/production.md): every branch has 10 databases of q shards.
const auth = `Basic ${Buffer.from(`${admin.user}:${admin.password}`).toString('base64')}`;
const maxDbsOpen = String(Math.max(500, branches * 10 * 2 * 2));
await fetch(`${url}_node/_local/_config/couchdb/max_dbs_open`, { method: 'PUT', headers: { Authorization: auth }, body: JSON.stringify(maxDbsOpen) });

const vite = await serverModules();
let exitCode = 0;
try {
  const { runChainSim } = await vite.ssrLoadModule('/server/chain-sim/run.ts');
  const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  const loadBefore = load();
  const result = await runChainSim({
    url, admin, ...(couchPid ? { couchPid } : {}), branches, members: int('members', 1), travellers: int('travellers', 1),
    dayMs: int('day', 10) * 1000, redemptions: int('redemptions', 0), offlineEvery: int('offline-every', 0),
    exchangeIntervalMs: Number(values['exchange-interval']) * 1000, tabletScript, probeScript, log, ...(dataClock !== undefined ? { dataClock } : {}),
  });
  result.settings = { max_dbs_open: maxDbsOpen, q: 'server default', loadBefore, loadAfter: load(), cores: (await import('node:os')).cpus().length };
  const f = (x, d = 0) => (x === null || x === undefined ? '—' : Number(x).toFixed(d));
  const rows = [
    ['branches', result.branches],
    ['day (s) / compression against a real day', `${f(result.dayMs / 1000)} / ${f(result.dayCompression)}×`],
    ['provisioning (total s / per branch ms)', `${f(result.provisioning.totalS, 1)} / ${f(result.provisioning.perBranchMs)}`],
    ['tablets started, first download p50/p95 ms', `${f(result.tablets.startS, 1)} s, ${f(result.tablets.downloadP50Ms)} / ${f(result.tablets.downloadP95Ms)}`],
    ['databases (all / branch) ', `${result.server.databases} / ${result.server.branchDatabases}`],
    ['documents (all / per branch)', `${result.server.documents} / ${f(result.server.documentsPerBranch)}`],
    ['demo data made at (Shanghai)', result.dataClock],
    ['writes (online / made offline, delivered; per branch)', `${result.writes.online} / ${result.writes.madeOffline}, ${result.writes.offlineDelivered}; ${f(result.writes.perBranch, 1)}`],
    ['sync latency of a write p50/p95/max ms', `${f(result.syncLatencyMs.p50)} / ${f(result.syncLatencyMs.p95)} / ${f(result.syncLatencyMs.max)}`],
    ['  split p50/p95 ms: write → push leaves / push round trip / answer → watcher sees (slowest 5 %: part medians)', (() => {
      const s = result.syncLatencyPartsMs;
      return `${f(s.toRequest.p50)}/${f(s.toRequest.p95)} / ${f(s.roundTrip.p50)}/${f(s.roundTrip.p95)} / ${f(s.answerToSeen.p50)}/${f(s.answerToSeen.p95)} (≥${f(s.tail.fromMs)} ms: ${f(s.tail.toRequestP50)} / ${f(s.tail.roundTripP50)} / ${f(s.tail.answerToSeenP50)}; ${s.samples} writes, ${s.unmatched} unmatched)`;
    })()],
    ['tablets\' event-loop delay ms: median tablet p50/p95/p99; worst tablet p95/p99; max', (() => {
      const d = result.tabletEventLoopDelayMs;
      return `${f(d.p50Median, 1)}/${f(d.p95Median, 1)}/${f(d.p99Median, 1)}; ${f(d.p95Max, 1)}/${f(d.p99Max, 1)}; ${f(d.max)} (${d.tablets} tablets, ${d.resolutionMs}-ms timer)`;
    })()],
    ['server probe (an idle process, a write a second): PUT ack / on its _changes feed / timer late, p50/p95 ms', result.serverProbe
      ? `${f(result.serverProbe.ackMs.p50)}/${f(result.serverProbe.ackMs.p95)} / ${f(result.serverProbe.feedMs.p50)}/${f(result.serverProbe.feedMs.p95)} / ${f(result.serverProbe.timerLateMs.p50, 1)}/${f(result.serverProbe.timerLateMs.p95, 1)} (${result.serverProbe.writes} writes, ${result.serverProbe.failures.length} failed)`
      : '—'],
    ['exchange lag, traveller redemption p50/p95/max ms', `${f(result.exchangeLagMs.p50)} / ${f(result.exchangeLagMs.p95)} / ${f(result.exchangeLagMs.max)} (${result.exchangeLagMs.samples} lines; ${result.exchangeLagMs.homeOffline.samples} more reached a home tablet that was offline meanwhile, max ${f(result.exchangeLagMs.homeOffline.max)})`],
    ['exchange passes, mode, idle-pass requests, pass ms p50/p95', `${result.exchange.passes}, ${result.exchange.mode}, ${f(result.exchange.idlePassRequestsP50)}, ${f(result.exchange.passMsP50)} / ${f(result.exchange.passMsP95)}`],
    ['CouchDB CPU s in the day / per branch-day / per branch-hour', `${f(result.server.cpuSecondsDay, 1)} / ${f(result.server.cpuSecondsPerBranchDay, 2)} / ${f(result.server.cpuSecondsPerBranchHour, 1)}`],
    ['CouchDB memory MB (end / baseline / per branch)', `${f(result.server.rssMbAtEnd)} / ${f(result.server.rssMbBaseline)} / ${f(result.server.rssMbPerBranch, 2)}`],
    ['lost / twice / conflicts', `${result.lost.length} / ${result.twice.length} / ${result.conflicts.length}`],
    ['refused by the desk rules / failures', `${result.refusals.length} / ${result.failures.length}`],
    ['tablets CPU s in the day (all) / each p50: load, set-up + download, day (max)', `${f(result.machine.tabletsCpuS, 1)} / ${f(result.tablets.cpuS.load.p50, 2)}, ${f(result.tablets.cpuS.ready.p50, 2)}, ${f(result.tablets.cpuS.day.p50, 2)} (${f(result.tablets.cpuS.day.max, 2)})`],
    ['cores busy in the day (CouchDB share)', `${f(result.machine.coresBusy, 2)} of ${result.settings.cores} (${f((result.machine.couchShareOfCpuUsed ?? NaN) * 100)} %)`],
    ['load average before / after', `${result.settings.loadBefore} / ${result.settings.loadAfter}`],
  ];
  const w = Math.max(...rows.map((r) => r[0].length));
  console.log('');
  for (const [k, v] of rows) console.log(`${k.padEnd(w)}  ${v}`);
  for (const list of ['lost', 'twice', 'conflicts', 'failures']) for (const x of result[list].slice(0, 5)) console.log(`  ${list}: ${x}`);
  for (const x of result.refusals.slice(0, 5)) console.log(`  refused: ${x}`);
  const out = values.out ?? path.join(tmpdir(), `chain-sim-${branches}.json`);
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  log(`written ${out}`);
  if (result.lost.length || result.twice.length || result.conflicts.length || result.failures.length) exitCode = 1;
} catch (err) {
  console.error(`chain-sim failed: ${err && err.stack ? err.stack : err}`);
  exitCode = 1;
} finally {
  await vite.close();
  stopCouch();
  if (existsSync(bundleDir)) rmSync(bundleDir, { recursive: true, force: true });
}
process.exit(exitCode);
