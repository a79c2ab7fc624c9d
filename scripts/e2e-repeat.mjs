#!/usr/bin/env node
/**
 * Runs one end-to-end test file N times and counts the passes (issue #13:
 * the server edit must reach a freshly set-up tablet within 5 s, 20 of 20
 * runs on each server). Not part of npm test.
 *
 *   node scripts/e2e-repeat.mjs [runs=20] [file=test/e2e/sync.test.ts]
 *   FRONTDESK_TEST_COUCH_URL=http://admin:pw@127.0.0.1:5991/ node scripts/e2e-repeat.mjs 20
 *
 * Builds once (the first run), then reuses dist/ (E2E_REUSE_DIST=1; set it
 * to reuse an existing build from the first run on, e.g. beside another loop).
 * Prints each run's result and the "server edit … to the tablet's screen"
 * figure the test logs.
 */
import { spawnSync } from 'node:child_process';

const runs = Number(process.argv[2] ?? 20);
const file = process.argv[3] ?? 'test/e2e/sync.test.ts';
const server = process.env.FRONTDESK_TEST_COUCH_URL ? new URL(process.env.FRONTDESK_TEST_COUCH_URL).host : 'embedded pouchdb-server';
let passed = 0;
const edits = [];
for (let i = 1; i <= runs; i += 1) {
  const started = Date.now();
  const r = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--project', 'e2e', file], {
    env: { ...process.env, E2E_REUSE_DIST: i === 1 && process.env.E2E_REUSE_DIST !== '1' ? '0' : '1' }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
  });
  const out = `${r.stdout}\n${r.stderr}`;
  const ok = r.status === 0;
  if (ok) passed += 1;
  const edit = /server edit \(from the PUT\) to the tablet's screen: ([\d.]+) s/.exec(out)?.[1];
  if (edit) edits.push(Number(edit));
  const why = ok ? '' : ` — ${(/AssertionError[^\n]*|Error: [^\n]*/.exec(out)?.[0] ?? `exit ${r.status}`).slice(0, 200)}`;
  console.log(`run ${i}/${runs} (${server}): ${ok ? 'pass' : 'FAIL'} in ${((Date.now() - started) / 1000).toFixed(0)} s, server edit on screen ${edit ?? '-'} s${why}`);
}
edits.sort((a, b) => a - b);
const pick = (q) => edits[Math.min(edits.length - 1, Math.floor(q * edits.length))];
console.log(`${file} on ${server}: ${passed}/${runs} passed; server edit to screen: median ${pick(0.5) ?? '-'} s, max ${edits.at(-1) ?? '-'} s (${edits.length} measured)`);
process.exit(passed === runs ? 0 : 1);
