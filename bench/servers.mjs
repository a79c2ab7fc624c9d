#!/usr/bin/env node
/**
 * The sync benchmark (bench/sync.mjs) on both servers, side by side (issue
 * #13 item 6): the embedded pouchdb-server and the CouchDB 3 that
 * BENCH_SYNC_COUCH_URL names, in alternating invocations of
 * `BENCH_ONLY=sync node bench/run.mjs` (ABBA order: pouchdb-server, CouchDB,
 * CouchDB, pouchdb-server, … so a trend in the machine's load falls on both
 * alike). Every invocation runs BENCH_SYNC_RUNS (default 3) runs; the samples
 * of all invocations are pooled per server and the medians printed as a
 * Markdown table, with the ratios replication ÷ raw. Not part of npm test.
 *
 *   BENCH_SYNC_COUCH_URL=http://admin:pw@127.0.0.1:5997/ node bench/servers.mjs [invocations per server = 2]
 *
 * Writes the pooled samples to $BENCH_OUT (default bench-servers.json).
 */
import { spawnSync, execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const COUCH = process.env.BENCH_SYNC_COUCH_URL;
if (!COUCH) {
  console.error('set BENCH_SYNC_COUCH_URL=http://admin:password@host:port/ (a CouchDB 3 server admin)');
  process.exit(2);
}
const PER_SERVER = Number(process.argv[2] ?? 2);
const OUT = process.env.BENCH_OUT ?? 'bench-servers.json';
const servers = [
  { key: 'pouchdb', label: 'pouchdb-server (embedded)', env: { BENCH_SYNC_COUCH_URL: '' } },
  { key: 'couchdb', label: `CouchDB (${new URL(COUCH).host})`, env: { BENCH_SYNC_COUCH_URL: COUCH } },
];
const load = () => { try { return execFileSync('uptime', { encoding: 'utf8' }).trim().replace(/^.*load/, 'load'); } catch { return 'load ?'; } };

const order = [];
for (let i = 0; i < PER_SERVER; i++) order.push(...(i % 2 === 0 ? servers : [...servers].reverse()));
const dir = await mkdtemp(join(tmpdir(), 'front-desk-bench-servers-'));
/** name → server key → samples */
const pooled = new Map();
const log = [];
try {
  for (const [i, server] of order.entries()) {
    const out = join(dir, `${i}-${server.key}.json`);
    const started = Date.now();
    const note = `invocation ${i + 1}/${order.length}: ${server.label}; ${load()}`;
    console.error(note);
    log.push(note);
    const r = spawnSync(process.execPath, ['bench/run.mjs'], {
      cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, ...server.env, BENCH_ONLY: 'sync', BENCH_OUT: out },
    });
    if (r.status !== 0) throw new Error(`${server.label}: bench/run.mjs exited ${r.status}`);
    for (const row of JSON.parse(await readFile(out, 'utf8'))) {
      const byServer = pooled.get(row.name) ?? new Map();
      pooled.set(row.name, byServer);
      byServer.set(server.key, [...(byServer.get(server.key) ?? []), ...(row.samples ?? [row.p50])]);
    }
    const done = `invocation ${i + 1} done in ${((Date.now() - started) / 1000).toFixed(0)} s; ${load()}`;
    console.error(done);
    log.push(done);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (n) => Math.round(n).toLocaleString('en-US');
const med = (name, key) => median(pooled.get(name)?.get(key) ?? [NaN]);
const find = (prefix) => [...pooled.keys()].find((n) => n.startsWith(prefix));

const lines = [];
lines.push(`| benchmark (docs/s, median of the pooled runs; n runs) | ${servers.map((s) => s.label).join(' | ')} |`);
lines.push(`|---|${servers.map(() => '---:').join('|')}|`);
for (const name of pooled.keys()) {
  lines.push(`| ${name} | ${servers.map((s) => `${fmt(med(name, s.key))} (n=${pooled.get(name).get(s.key)?.length ?? 0})`).join(' | ')} |`);
}
const ratios = [
  ['sync initial pull ÷ raw `_changes` read', find('sync: initial pull'), find('raw _changes read')],
  ['sync push after reconnecting ÷ raw `_bulk_docs` of 1,000', find('sync: push 1000 offline writes after reconnecting (on the server)') ?? find('sync: push'), find('raw _bulk_docs write 1000') ?? find('raw _bulk_docs write') ],
];
for (const [label, a, b] of ratios) {
  if (!a || !b) continue;
  lines.push(`| ${label} | ${servers.map((s) => (med(a, s.key) / med(b, s.key)).toFixed(2)).join(' | ')} |`);
}
console.log('');
console.log(lines.join('\n'));
await writeFile(OUT, JSON.stringify({ at: new Date().toISOString(), order: order.map((s) => s.key), log, rows: Object.fromEntries([...pooled].map(([n, m]) => [n, Object.fromEntries(m)])) }, null, 2) + '\n');
console.log(`\nwritten to ${OUT}`);
