/* global window, document, MutationObserver -- page scripts run in the browser */
/**
 * The installed app's own figures, in Debian's Chromium against the
 * production build (dist/, service worker and all):
 *
 * - cold offline start: a tablet that has used the desk before (database
 *   filled, service worker installed) starts the browser with the network
 *   down; from navigation start to today's arrivals list on screen. Each run
 *   is a new browser process on the same profile. When the desk asks who is
 *   on shift, the demo clerk signs in (scripted), and the time to the
 *   sign-in screen and from the PIN's submission to the arrivals are
 *   reported as well.
 * - the JavaScript shipped for that first screen: every script the page
 *   loaded before the arrivals list appeared, gzipped (level 9).
 * - no development-only code in the production bundle (RxDB dev-mode, its
 *   schema validator, React's development build): checked on every built
 *   asset; a hit fails the benchmark.
 *
 * `benchPwa()` returns rows in bench/run.mjs's format; `npm run bench` calls
 * it, and `BENCH_ONLY=pwa npm run bench` runs it alone.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, preview, runnerImport } from 'vite';
import { chromium } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '..');
const DIST = join(ROOT, 'dist');

/** Strings only development builds carry. */
export const DEV_ONLY_MARKERS = [
  'RxDB dev-mode warning', // rxdb/plugins/dev-mode
  'collection-names cannot start with underscore', // dev-mode's error-message table
  'RxDBDevModePlugin',
  'validate-ajv',
  'Ajv', // the JSON-schema validator dev builds wrap the storage in
  'Each child in a list should have a unique', // React's development build
  'dev-storage',
];

/** Built JS files that contain a development-only marker: [] when clean. */
export async function devCodeIn(distDir = DIST) {
  const hits = [];
  const files = (await readdir(join(distDir, 'assets'))).filter((f) => f.endsWith('.js')).map((f) => join(distDir, 'assets', f));
  files.push(join(distDir, 'sw.js'));
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    for (const marker of DEV_ONLY_MARKERS) if (text.includes(marker)) hits.push(`${file.slice(ROOT.length + 1)}: ${marker}`);
  }
  return hits;
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
const stat = (name, samples, unit = 'ms') => {
  const s = [...samples].sort((a, b) => a - b);
  return { name, unit, p50: +pct(s, 50).toFixed(2), p95: +pct(s, 95).toFixed(2), n: s.length };
};

/** Marks, in ms since navigation start, when the sign-in screen and the arrivals list first show. */
function markScreens() {
  const marks = {};
  window.__screens = marks;
  const check = () => {
    if (marks.signIn === undefined && document.querySelector('main.signin .staff-card, main.signin input[type=radio]')) marks.signIn = performance.now();
    if (marks.arrivals === undefined && document.querySelector('#arrivals-title') && document.querySelector('table.list tbody tr')) {
      marks.arrivals = performance.now();
      marks.scripts = performance.getEntriesByType('resource')
        .filter((e) => e.initiatorType === 'script' || e.name.endsWith('.js'))
        .map((e) => new URL(e.name).pathname);
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true });
  document.addEventListener('submit', () => { if (marks.submitted === undefined) marks.submitted = performance.now(); }, true);
}

async function signInIfAsked(page) {
  const signIn = page.locator('main.signin');
  const arrivals = page.locator('#arrivals-title');
  await arrivals.or(signIn).first().waitFor({ timeout: 60_000 });
  if (!(await signIn.isVisible())) return;
  const { module: { DEMO_STAFF } } = await runnerImport(join(ROOT, 'src', 'app', 'demo-config.ts'));
  const clerk = DEMO_STAFF.find((s) => s.role === 'front-desk');
  await signIn.locator('label', { hasText: clerk.name }).first().click();
  await signIn.getByLabel(/PIN/).fill(clerk.pin);
  await signIn.locator('button[type="submit"]').click();
}

export async function benchPwa({ chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args, runs = Number(process.env.BENCH_PWA_RUNS ?? 10), log = console.error } = {}) {
  await build({ root: ROOT, logLevel: 'warn', build: { outDir: DIST, emptyOutDir: true } });
  const dev = await devCodeIn();
  if (dev.length > 0) throw new Error(`development-only code in the production bundle:\n${dev.join('\n')}`);
  log('production bundle: no development-only code (RxDB dev-mode, ajv, React development build)');

  const server = await preview({ root: ROOT, configFile: false, logLevel: 'warn', build: { outDir: DIST }, preview: { port: 0, host: '127.0.0.1' } });
  const url = server.resolvedUrls.local[0];
  const profile = await mkdtemp(join(tmpdir(), 'front-desk-bench-'));
  const launch = () => chromium.launchPersistentContext(profile, { executablePath: chromiumPath, args, viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  const samples = { arrivals: [], signIn: [], afterSignIn: [] };
  let scripts = [];
  try {
    // The tablet's first day: online, the demo branch loads, the service worker installs.
    {
      const context = await launch();
      const page = context.pages()[0] ?? await context.newPage();
      await page.goto(url);
      await signInIfAsked(page);
      await page.locator('table.list tbody tr').first().waitFor({ timeout: 60_000 });
      await page.evaluate(async () => {
        const reg = await window.navigator.serviceWorker.ready;
        const sw = reg.active;
        if (sw && sw.state !== 'activated') await new Promise((done) => sw.addEventListener('statechange', () => sw.state === 'activated' && done()));
      });
      await context.close();
    }
    // Then every start is cold and offline.
    for (let i = 0; i < runs; i++) {
      const context = await launch();
      await context.setOffline(true);
      await context.addInitScript(markScreens);
      const page = context.pages()[0] ?? await context.newPage();
      page.on('pageerror', (e) => log('page error:', e.message));
      await page.goto(url);
      await signInIfAsked(page);
      await page.waitForFunction(() => window.__screens?.arrivals !== undefined, undefined, { timeout: 60_000 });
      const marks = await page.evaluate(() => window.__screens);
      samples.arrivals.push(marks.arrivals);
      if (marks.signIn !== undefined) samples.signIn.push(marks.signIn);
      if (marks.submitted !== undefined) samples.afterSignIn.push(marks.arrivals - marks.submitted);
      scripts = marks.scripts;
      await context.close();
    }
  } finally {
    await rm(profile, { recursive: true, force: true });
    await new Promise((done) => server.httpServer.close(done));
  }

  let gzipped = 0;
  const unique = [...new Set(scripts)];
  for (const path of unique) gzipped += gzipSync(await readFile(join(DIST, path)), { level: 9 }).length;
  log(`first-screen scripts: ${unique.join(', ')}`);

  const rows = [];
  if (samples.signIn.length > 0) rows.push(stat('cold offline start to sign-in screen', samples.signIn));
  rows.push(stat(samples.signIn.length > 0 ? 'cold offline start to arrivals (incl. scripted sign-in)' : 'cold offline start to arrivals', samples.arrivals));
  if (samples.afterSignIn.length > 0) rows.push(stat('PIN submitted to arrivals', samples.afterSignIn));
  const kb = +(gzipped / 1024).toFixed(1);
  rows.push({ name: 'first-screen JS gzipped', unit: 'KB', p50: kb, p95: kb, n: 1 });
  return rows;
}
