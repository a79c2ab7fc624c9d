/**
 * One writer across tabs (issue #12, item 2), in real Chromium: two pages
 * of the same origin open the same database (as two tabs of the desk, or a
 * tab and an installed window, do) and race the same 2,000-point free
 * night on a 2,000-point balance, RACES times, each race on a fresh member.
 * Both pages show the member's profile (a live query of the ledger) and
 * start the redemption at the same instant of the shared clock.
 * Exactly one must win each race: the check-then-write section runs under
 * a Web Lock shared by the pages (src/data/commands/context.ts), and the
 * balance is read from storage inside it (src/data/storage-read.ts).
 * The pages run the desk's own data layer from a harness page built by
 * Vite for this test (test/e2e/tabs-lock/), not the app's UI: a click can't
 * be timed to the millisecond in two pages.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, preview, type PreviewServer } from 'vite';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './build';
import { collectErrors, launch } from './browser';
import type * as Harness from './tabs-lock/page';

const RACES = 50;
let browser: Browser;
let server: PreviewServer;
let outDir: string;
let url: string;

type Win = Window & { tabsLock: typeof Harness };

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'frontdesk-tabs-lock-'));
  const root = join(ROOT, 'test', 'e2e', 'tabs-lock');
  await build({ root, configFile: false, logLevel: 'warn', build: { outDir, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 2000 } });
  server = await preview({ root, configFile: false, logLevel: 'warn', build: { outDir }, preview: { port: 0, host: '127.0.0.1' } });
  const local = server.resolvedUrls?.local[0];
  if (!local) throw new Error('vite preview did not report its address');
  url = local;
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  if (server) await new Promise<void>((done) => server.httpServer.close(() => done()));
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

async function openPage(name: string, seed: boolean, pageOf: () => Promise<Page>): Promise<Page> {
  const page = await pageOf();
  await page.goto(url);
  await page.waitForFunction(() => 'tabsLock' in window);
  await page.evaluate(([n, s]) => (window as unknown as Win).tabsLock.start(n, s), [name, seed] as const);
  return page;
}

describe('two tabs of the desk, one writer', () => {
  it(`two pages race the same 2,000-point redemption on a 2,000-point balance ${RACES} times: exactly one wins each race`, async () => {
    const context = await browser.newContext();
    const name = `tabs-lock-${Date.now().toString(36)}`;
    const a = await openPage(name, true, () => context.newPage());
    const b = await openPage(name, false, () => context.newPage());
    const errors = [...collectErrors(a), ...collectErrors(b)];
    const wins = { a: 0, b: 0, both: 0, none: 0 };
    for (let i = 0; i < RACES; i += 1) {
      const memberId = `M9${String(i).padStart(8, '0')}`;
      await a.evaluate((id) => (window as unknown as Win).tabsLock.seedMember(id, 2000), memberId);
      // The member's profile is open in both tabs (its live ledger query is in RxDB's cache).
      for (const page of [a, b]) await page.evaluate((id) => (window as unknown as Win).tabsLock.openProfile(id, 2000), memberId);
      // Both pages wait for the same instant of the one browser's clock, then redeem.
      const at = Date.now() + 150;
      const [ra, rb] = await Promise.all([
        a.evaluate(([id, t]) => (window as unknown as Win).tabsLock.redeemAt(id, t, 'tab-a'), [memberId, at] as const),
        b.evaluate(([id, t]) => (window as unknown as Win).tabsLock.redeemAt(id, t, 'tab-b'), [memberId, at] as const),
      ]);
      if (ra.ok && rb.ok) wins.both += 1;
      else if (ra.ok) wins.a += 1;
      else if (rb.ok) wins.b += 1;
      else wins.none += 1;
      for (const page of [a, b]) await page.evaluate((id) => (window as unknown as Win).tabsLock.closeProfile(id), memberId);
      const loser = ra.ok ? rb : ra;
      if (ra.ok !== rb.ok) expect(loser.error, `race ${i}`).toMatchObject({ error: 'insufficient', cost: 2000, shortBy: 2000 });
      // Each page reads the member's ledger from storage: one free night, nothing left.
      for (const page of [a, b]) {
        expect(await page.evaluate((id) => (window as unknown as Win).tabsLock.ledgerOf(id), memberId), `race ${i}`)
          .toEqual({ balance: ra.ok !== rb.ok ? 0 : ra.ok ? -2000 : 2000, redemptions: Number(ra.ok) + Number(rb.ok) });
      }
    }
    console.log(`tabs-lock: ${RACES} races, won by page a ${wins.a}, page b ${wins.b}, both ${wins.both}, neither ${wins.none}`);
    expect(wins).toMatchObject({ both: 0, none: 0 });
    expect(wins.a + wins.b).toBe(RACES);
    expect(errors).toEqual([]);
    await context.close();
  });
});
