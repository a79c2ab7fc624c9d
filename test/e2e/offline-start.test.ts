/**
 * (1) The tablet opens the desk with the network down: loaded once online,
 * then offline, a reload starts the app from the service worker's cache.
 * Also: the manifest makes the app installable, navigations fall back to the
 * shell, and the database endpoint (/db) is never answered from a cache.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, collectErrors, freshContext, launch, waitForArrivals, waitForServiceWorker, stillOffline } from './browser';

const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => { browser = await launch(); });
afterAll(async () => { await browser?.close(); });

describe('offline start', () => {
  it('loads online, then starts from the cache with the network down', async () => {
    const context = await freshContext(browser);
    const page = await context.newPage();
    const errors = collectErrors(page);

    await page.goto(baseUrl);
    await waitForArrivals(page);
    await waitForServiceWorker(page);

    await context.setOffline(true);
    await page.reload();
    await stillOffline(page);
    await waitForArrivals(page);
    expect(await page.evaluate(() => navigator.onLine)).toBe(false);
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    await expect(page.getByRole('status').filter({ hasText: '离线' }).first().isVisible()).resolves.toBe(true);

    // A deep link, offline: the navigation falls back to the precached shell.
    await page.goto(new URL('/members/anything', baseUrl).href);
    await stillOffline(page);
    await waitForArrivals(page);

    // The database endpoint never comes from a cache: offline it fails.
    const db = await page.evaluate(async () => {
      try { await fetch('/db/qiantai/_changes'); return 'answered'; } catch { return 'network error'; }
    });
    expect(db).toBe('network error');
    const cachedDb = await page.evaluate(async () => {
      const urls: string[] = [];
      for (const name of await caches.keys()) for (const req of await (await caches.open(name)).keys()) urls.push(new URL(req.url).pathname);
      return { count: urls.length, db: urls.filter((u) => u.startsWith('/db')) };
    });
    expect(cachedDb.count).toBeGreaterThan(5);
    expect(cachedDb.db).toEqual([]);

    expect(errors).toEqual([]);
    await context.close();
  });

  it('is installable: Chromium reports no installability errors for the manifest', async () => {
    // Not in an incognito context (which is never installable): a profile of its own.
    const profile = await mkdtemp(join(tmpdir(), 'front-desk-e2e-'));
    const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: CHROMIUM_ARGS, viewport: { width: 1280, height: 800 } });
    try {
      const page = context.pages()[0] ?? await context.newPage();
      await page.goto(baseUrl);
      await waitForArrivals(page);
      await waitForServiceWorker(page);
      await page.reload();
      await waitForArrivals(page);
      const cdp = await context.newCDPSession(page);
      const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
      expect(installabilityErrors).toEqual([]);
      const manifest = await cdp.send('Page.getAppManifest');
      expect(manifest.errors).toEqual([]);
      expect(manifest.url).toMatch(/manifest\.webmanifest$/);
      const parsed = JSON.parse(manifest.data ?? '{}') as { name: string; display: string; icons: { sizes: string; purpose?: string }[] };
      expect(parsed.name).toContain('前台');
      expect(parsed.display).toBe('standalone');
      expect(parsed.icons.some((i) => i.purpose === 'maskable')).toBe(true);
    } finally {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    }
  });
});
