#!/usr/bin/env node
/**
 * `npm run lighthouse`: Lighthouse (the npm package) on a production build,
 * in Debian's Chromium started by chrome-launcher (no browser download).
 * Prints the performance and accessibility scores of two starts:
 *
 * - first start: a fresh profile, online; the app loads and fills its
 *   database with the demo branch (once per tablet);
 * - repeat start: the same profile (service worker and database kept), the
 *   way the desk starts every other day.
 *
 * LH_PRESET=mobile uses Lighthouse's default mobile emulation instead of the
 * desktop preset (a front-desk tablet is landscape, 1280 px wide).
 * LH_OUT=dir writes the HTML reports there.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { build, preview } from 'vite';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';

const ROOT = resolve(import.meta.dirname, '..');
const DIST = join(ROOT, 'dist');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const MOBILE = process.env.LH_PRESET === 'mobile';

await build({ root: ROOT, logLevel: 'warn', build: { outDir: DIST, emptyOutDir: true } });
const server = await preview({ root: ROOT, configFile: false, logLevel: 'warn', build: { outDir: DIST }, preview: { port: 0, host: '127.0.0.1' } });
const url = server.resolvedUrls.local[0];
const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: FLAGS });

const rows = [];
try {
  for (const [name, disableStorageReset] of [['first start', false], ['repeat start', true]]) {
    const result = await lighthouse(url, {
      port: chrome.port,
      output: 'html',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility', 'best-practices'],
      disableStorageReset,
    }, MOBILE ? undefined : desktopConfig);
    if (!result) throw new Error('Lighthouse returned no result');
    const { lhr } = result;
    const score = (id) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
    const ms = (id) => Math.round(lhr.audits[id]?.numericValue ?? NaN);
    rows.push({ name, performance: score('performance'), accessibility: score('accessibility'), bestPractices: score('best-practices'), fcp: ms('first-contentful-paint'), lcp: ms('largest-contentful-paint'), tbt: ms('total-blocking-time'), cls: +(lhr.audits['cumulative-layout-shift']?.numericValue ?? NaN).toFixed(3) });
    const failing = Object.values(lhr.categories.accessibility?.auditRefs ?? [])
      .map((ref) => lhr.audits[ref.id])
      .filter((a) => a && a.score !== null && a.score < 1)
      .map((a) => a.id);
    if (failing.length > 0) console.error(`${name}: accessibility audits not passed: ${failing.join(', ')}`);
    if (process.env.LH_OUT) {
      await mkdir(process.env.LH_OUT, { recursive: true });
      await writeFile(join(process.env.LH_OUT, `lighthouse-${name.replace(' ', '-')}.html`), result.report);
    }
  }
} finally {
  await chrome.kill();
  await new Promise((done) => server.httpServer.close(done));
}

console.log('');
console.log(`Lighthouse ${MOBILE ? 'mobile' : 'desktop'} preset, Chromium at ${CHROMIUM}, ${url}`);
console.log('| start | performance | accessibility | best practices | FCP ms | LCP ms | TBT ms | CLS |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.name} | ${r.performance} | ${r.accessibility} | ${r.bestPractices} | ${r.fcp} | ${r.lcp} | ${r.tbt} | ${r.cls} |`);
