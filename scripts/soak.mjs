#!/usr/bin/env node
/**
 * `npm run soak [-- --runs 200 --from 1]`: many seeded fault-schedule runs
 * (test/sync/soak.ts) against the real sync server, then a summary.
 *
 * Each chunk of runs is one `vitest run --project sync
 * test/sync/faults.test.ts -t soak` with SOAK_RUNS/SOAK_FROM set (without
 * them the soak test does not exist, so `npm test` never runs it); each
 * chunk gets a fresh sync server from the project's global setup. Every run
 * appends its report (one JSON line) to a file this script reads.
 *
 *   --runs N         runs (default 200)
 *   --from SEED      first seed (default 1); seeds are SEED … SEED+N-1
 *   --chunk N        runs per vitest process (default 25)
 *   --steps N        fault steps per tablet (default 6)
 *   --max-step-ms N  longest fault step (default 500)
 *
 * Exits non-zero when a run failed or did not report. A failed run is
 * replayed with `--runs 1 --from <seed>` (same steps and max-step-ms).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = resolve(import.meta.dirname, '..');
const VITEST = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '200' },
    from: { type: 'string', default: '1' },
    chunk: { type: 'string', default: '25' },
    steps: { type: 'string', default: '6' },
    'max-step-ms': { type: 'string', default: '500' },
  },
});
const int = (name, min) => {
  const n = Number(values[name]);
  if (!Number.isSafeInteger(n) || n < min) {
    console.error(`--${name} must be an integer ≥ ${min}`);
    process.exit(2);
  }
  return n;
};
const runs = int('runs', 1);
const from = int('from', 0);
const chunk = int('chunk', 1);
const steps = int('steps', 1);
const maxStepMs = int('max-step-ms', 50);

const dir = mkdtempSync(join(tmpdir(), 'frontdesk-soak-'));
const reportFile = join(dir, 'reports.jsonl');
writeFileSync(reportFile, '');

function readReports() {
  return readFileSync(reportFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
}

const fmt = (ms) => (ms >= 60_000 ? `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s` : `${(ms / 1000).toFixed(1)} s`);

function runChunk(first, count, index) {
  const log = join(dir, `chunk-${index}.log`);
  return new Promise((resolveChunk) => {
    const child = spawn(process.execPath, [VITEST, 'run', '--project', 'sync', 'test/sync/faults.test.ts', '-t', 'soak'], {
      cwd: ROOT,
      env: {
        ...process.env,
        SOAK_RUNS: String(count),
        SOAK_FROM: String(first),
        SOAK_STEPS: String(steps),
        SOAK_MAX_STEP_MS: String(maxStepMs),
        SOAK_REPORT: reportFile,
        FORCE_COLOR: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    child.on('close', (code) => {
      writeFileSync(log, out);
      resolveChunk({ code, log });
    });
  });
}

console.log(`soak: ${runs} runs, seeds ${from}…${from + runs - 1}, ${steps} fault steps of ≤ ${maxStepMs} ms per tablet; logs in ${dir}`);
const started = Date.now();
let shown = 0;
const progress = setInterval(() => {
  const reports = readReports();
  for (const r of reports.slice(shown)) {
    const acked = r.acknowledged.ledger + r.acknowledged.door + r.acknowledged.edits;
    console.log(`  seed ${String(r.seed).padStart(5)}  ${r.problems.length === 0 ? 'ok  ' : 'FAIL'}  ${fmt(r.ms).padStart(7)}  ${String(acked).padStart(3)} writes checked${r.problems.length ? `  — ${r.problems[0].slice(0, 120)}` : ''}`);
  }
  shown = reports.length;
}, 1000);

const chunkLogs = [];
for (let first = from, i = 0; first < from + runs; first += chunk, i += 1) {
  const count = Math.min(chunk, from + runs - first);
  const { code, log } = await runChunk(first, count, i);
  chunkLogs.push({ first, count, code, log });
}
clearInterval(progress);

const reports = readReports();
for (const r of reports.slice(shown)) console.log(`  seed ${String(r.seed).padStart(5)}  ${r.problems.length === 0 ? 'ok' : 'FAIL'}`);
const bySeed = new Map(reports.map((r) => [r.seed, r]));
const failed = reports.filter((r) => r.problems.length > 0);
const missing = [];
for (let s = from; s < from + runs; s += 1) if (!bySeed.has(s)) missing.push(s);
const passed = reports.length - failed.length;
const checked = reports.reduce((n, r) => n + r.acknowledged.ledger + r.acknowledged.door + r.acknowledged.edits, 0);
const refused = reports.reduce((n, r) => n + Object.values(r.refused).reduce((a, b) => a + b, 0), 0);
const median = (xs) => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

for (const r of failed) {
  console.log(`\nFAILED seed ${r.seed} (branch ${r.branchId})`);
  console.log(`  tablet A network: ${r.schedules.a}`);
  console.log(`  tablet B network: ${r.schedules.b}`);
  for (const p of r.problems) console.log(`  - ${p.split('\n')[0]}`);
}
for (const c of chunkLogs) {
  if (c.code !== 0 && !failed.some((r) => r.seed >= c.first && r.seed < c.first + c.count)) console.log(`\nvitest exited ${c.code} for seeds ${c.first}…${c.first + c.count - 1}: see ${c.log}`);
}

const rows = [
  ['runs', String(runs)],
  ['passed', String(passed)],
  ['failed seeds', failed.length ? failed.map((r) => r.seed).join(', ') : '—'],
  ['no report (crashed)', missing.length ? missing.join(', ') : '—'],
  ['acknowledged writes checked', String(checked)],
  ['refused commands (offline limits)', String(refused)],
  ['median time per run', fmt(median(reports.map((r) => r.ms)))],
  ['median heal → converged', fmt(median(reports.map((r) => r.healMs)))],
  ['total time', fmt(Date.now() - started)],
];
const w = Math.max(...rows.map(([k]) => k.length));
console.log(`\n${'─'.repeat(w + 30)}`);
for (const [k, v] of rows) console.log(`${k.padEnd(w)}  ${v}`);
console.log('─'.repeat(w + 30));
if (failed.length || missing.length) {
  console.log(`replay one: npm run soak -- --runs 1 --from <seed> --steps ${steps} --max-step-ms ${maxStepMs}`);
  console.log(`vitest logs: ${dir}`);
}
process.exit(failed.length || missing.length ? 1 : 0);
