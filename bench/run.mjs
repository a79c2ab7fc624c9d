#!/usr/bin/env node
/* global window, document -- page.evaluate callbacks run in the browser */
/**
 * `npm run bench`: real-browser figures for the desk's hot paths.
 * Builds the bench page in production mode, serves it on loopback, drives
 * Debian's Chromium through playwright-core (no browser download), prints a
 * table and writes [{name, unit, p50, p95, n}] to $BENCH_OUT
 * (default bench-results.json).
 *
 * BENCH_MEMBERS=100000 BENCH_LEDGER=300000 BENCH_REPS=200 are the defaults.
 * BENCH_ONLY=pwa runs only the installed app's figures (bench/pwa.mjs):
 * cold offline start and first-screen JavaScript. BENCH_ONLY=sync runs only
 * the sync throughput figures (bench/sync.mjs).
 */
import { writeFile } from 'node:fs/promises';
import { build, preview } from 'vite';
import { chromium } from 'playwright-core';
import { benchPwa } from './pwa.mjs';
import { benchSync } from './sync.mjs';

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 100_000);
const LEDGER = Number(process.env.BENCH_LEDGER ?? 300_000);
const REPS = Number(process.env.BENCH_REPS ?? 200);
const OUT = process.env.BENCH_OUT ?? 'bench-results.json';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

function pct(sorted, p) {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}
const stat = (name, samples, unit = 'ms') => {
  const s = [...samples].sort((a, b) => a - b);
  return { name, unit, p50: +pct(s, 50).toFixed(2), p95: +pct(s, 95).toFixed(2), n: s.length };
};

const ONLY = process.env.BENCH_ONLY;
const results = [];
if (ONLY !== 'pwa' && ONLY !== 'sync') {
  await build({ root: 'bench', logLevel: 'warn', build: { outDir: '../dist-bench', emptyOutDir: true, target: 'es2022' } });
  const server = await preview({ root: 'bench', build: { outDir: '../dist-bench' }, preview: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' });
  const url = server.resolvedUrls.local[0];
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await page.goto(url);
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
    const small = Math.max(1, Math.round(MEMBERS / 10));
    for (const [members, ledger, writes] of [[small, Math.round(LEDGER / 10), false], [MEMBERS, LEDGER, true]]) {
      const started = Date.now();
      const r = await page.evaluate(([m, l, n, w]) => window.bench.run(m, l, n, w), [members, ledger, REPS, writes]);
      const tag = `@${r.members / 1000}k`;
      console.error(`seeded ${r.members} members (${r.chainMembers} of them members of other branches) / ${r.ledger} ledger lines in ${(r.seedMs / 1000).toFixed(1)} s; run took ${((Date.now() - started) / 1000).toFixed(1)} s`);
      results.push(stat(`key-card lookup ${tag}`, r.samples.card));
      results.push(stat(`key-card lookup, members of other branches ${tag}`, r.samples.cardChain));
      results.push(stat(`member search, name prefix ${tag}`, r.samples.name));
      results.push(stat(`member search, phone last 4 ${tag}`, r.samples.last4));
      results.push(stat(`member history, whole ledger with running balance ${tag}`, r.samples.history));
      if (writes) {
        results.push(stat(`redemption commit ${tag}`, r.samples.redeem));
        results.push(stat(`check-in commit ${tag}`, r.samples.checkin));
      }
    }
  } finally {
    await browser.close();
    await new Promise((resolve) => server.httpServer.close(resolve));
  }
}
if (ONLY !== 'sync') results.push(...await benchPwa({ chromiumPath: CHROMIUM, args: CHROMIUM_ARGS }));
if (!ONLY || ONLY === 'sync') results.push(...await benchSync({ chromiumPath: CHROMIUM, args: CHROMIUM_ARGS }));

console.log('');
console.log('| benchmark | unit | p50 | p95 | n |');
console.log('|---|---|---:|---:|---:|');
for (const r of results) console.log(`| ${r.name} | ${r.unit} | ${r.p50} | ${r.p95} | ${r.n} |`);
await writeFile(OUT, JSON.stringify(results, null, 2) + '\n');
console.log(`\nwritten to ${OUT}`);
