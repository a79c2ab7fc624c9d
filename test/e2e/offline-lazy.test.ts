/**
 * The screens that load on first use (src/app/screens.ts, src/ui/lazy.tsx)
 * open with the network down: after a cold offline start (a new page, the
 * network already gone, nothing of those screens loaded before), the
 * manager opens every tab, every lazily loaded dialog and the English
 * texts. Each comes from the service worker's precache; a chunk left out of
 * the precache fails here (its tab shows the "could not open" line instead).
 * Before that, the page that installed the service worker opens one such
 * dialog with the network down, before any reload.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEMO_STAFF } from '../../src/app/demo-config';
import { DAYTIME, collectErrors, freshContext, handOverTo, installClock, launch, openMenu, shotOnFailure, stillOffline, waitForArrivals, waitForServiceWorker } from './browser';

const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => { browser = await launch(); });
afterAll(async () => { await browser?.close(); });

function pin(role: (typeof DEMO_STAFF)[number]['role']): string {
  return DEMO_STAFF.find((s) => s.role === role)!.pin;
}

async function signInManager(page: Page) {
  await handOverTo(page, 'manager');
  await page.getByRole('button', { name: '同步复核' }).waitFor();
}

/** Opens a tab of the top bar and waits for its screen's heading; a chunk that failed shows its alert instead. */
async function openTab(page: Page, tab: string, heading: string) {
  await page.locator('header.topbar nav').getByRole('button', { name: tab, exact: true }).click();
  const failed = page.locator('.lazy-failed');
  await page.locator(heading).or(failed).first().waitFor({ timeout: 30_000 });
  expect(await failed.count(), `${tab}: its screen could not load offline`).toBe(0);
}

async function openDialog(page: Page, open: () => Promise<void>, name: RegExp) {
  await open();
  const dialog = page.getByRole('dialog', { name });
  const failed = page.locator('.lazy-failed');
  await dialog.or(failed).first().waitFor({ timeout: 30_000 });
  expect(await failed.count(), `${String(name)}: the dialog could not load offline`).toBe(0);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
}

describe('lazily loaded screens offline', () => {
  it('after a cold offline start, every lazy tab, dialog and the English texts open from the precache', async () => {
    const context = await freshContext(browser);
    await installClock(context, DAYTIME);
    let page = await context.newPage();
    // The scripts each page asked for (the fake clock leaves the Resource Timing entries empty).
    const scripts = (p: Page): string[] => {
      const list: string[] = [];
      p.on('request', (r) => { const path = new URL(r.url()).pathname; if (path.endsWith('.js')) list.push(path); });
      return list;
    };
    const online = scripts(page);
    // The tablet's first day, online: the demo branch loads and the service worker installs. No lazy screen is opened.
    await page.goto(baseUrl);
    await waitForArrivals(page);
    await waitForServiceWorker(page);
    // The network drops before this first page ever reloads: the worker that installed claimed it, so a
    // screen not loaded yet still comes from the precache (without clients.claim() it did not: sync.test.ts's check-in).
    await context.setOffline(true);
    await openDialog(page, () => page.getByRole('button', { name: '散客入住' }).click(), /^散客入住$/);
    await context.setOffline(false);
    await page.close();

    // A cold start with the network down: a new page, nothing in memory.
    await context.setOffline(true);
    page = await context.newPage();
    const offline = scripts(page);
    const errors = collectErrors(page);
    await shotOnFailure(page, 'offline-lazy', async () => {
      await page.goto(baseUrl);
      await stillOffline(page);
      await waitForArrivals(page);
      await signInManager(page);

      await openDialog(page, () => page.getByRole('button', { name: /^为 .* 办理入住$/ }).first().click(), /^办理入住：/);
      await openDialog(page, () => page.getByRole('button', { name: '散客入住' }).click(), /^散客入住$/);
      await openTab(page, '预订', '#bookings-title');
      await openTab(page, '会员', '#search-title');
      await openTab(page, '在住 / 退房', '#inhouse-title');
      await openDialog(page, () => page.getByRole('button', { name: /^为 .* 办理退房$/ }).first().click(), /^退房：/);
      await openDialog(page, () => page.getByRole('button', { name: /^为 .* 办理续住$/ }).first().click(), /^续住：/);
      await openDialog(page, () => page.getByRole('button', { name: /^为 .* 换房$/ }).first().click(), /^换房：/);
      await openTab(page, '房态', '#rooms-title');
      await openTab(page, '夜审', '#audit-title');
      await openTab(page, '同步复核', '#review-title');
      // Door mode takes the whole screen; leaving takes the PIN of whoever is on shift.
      await openTab(page, '门禁', '#door-title');
      await page.getByRole('button', { name: '退出门禁模式' }).click();
      const unlock = page.getByRole('dialog', { name: '退出门禁模式' });
      await unlock.getByLabel(/PIN/).fill(pin('manager'));
      await unlock.getByRole('button', { name: '确认' }).click();
      await page.locator('#audit-title').waitFor();

      // The English texts are a chunk of their own too.
      await openMenu(page);
      await page.getByRole('button', { name: 'EN' }).click();
      await page.locator('header.topbar nav').getByRole('button', { name: 'Review', exact: true }).waitFor({ timeout: 30_000 });
    });

    // Nothing came from the network: every script of those screens was first loaded offline, from the precache.
    const lazy = offline.filter((p) => !online.includes(p));
    expect(lazy.length, `scripts loaded offline only: ${lazy.join(', ')}`).toBeGreaterThanOrEqual(8);
    expect(errors).toEqual([]);
    await context.close();
  });
});
