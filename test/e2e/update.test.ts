/**
 * (4) A new build is deployed while a clerk is in the middle of a check-in:
 * the new version installs and waits, the prompt appears, and the open form
 * is left exactly as it was (same page, same typed text, same focus). The
 * update is applied only after the form is closed, on the clerk's word.
 */
import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { deploy, DIST, ROOT, viteBuild } from './build';
import { collectErrors, expectAccessible, freshContext, launch, openMenu, screenshot, shotOnFailure, waitForArrivals, waitForServiceWorker } from './browser';

const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => { browser = await launch(); });
afterAll(async () => { await browser?.close(); });

describe('app update', () => {
  it('offers a new build without disturbing an open check-in form, and applies it on the clerk\'s word', async () => {
    const context = await freshContext(browser);
    const page = await context.newPage();
    const errors = collectErrors(page);
    await shotOnFailure(page, 'update', async () => {
      await page.goto(baseUrl);
      await waitForArrivals(page);
      await waitForServiceWorker(page);
      await page.reload();
      await waitForArrivals(page);
      expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
      const oldEntry = await page.evaluate(() => document.querySelector('script[type="module"]')?.getAttribute('src'));
      await page.evaluate(() => { (window as unknown as { sameDocument: boolean }).sameDocument = true; });

      // A clerk is half-way through a check-in: the ID number is being typed.
      await page.getByRole('button', { name: /^为 .+ 办理入住$/ }).first().click();
      const dialog = page.getByRole('dialog', { name: /^办理入住/ });
      await dialog.waitFor();
      const id = dialog.getByLabel('身份证号码');
      await id.fill('');
      await id.pressSequentially('44010619', { delay: 20 });

      // Meanwhile a new version is deployed, and the tablet notices it.
      const next = await mkdtemp(join(tmpdir(), 'front-desk-next-'));
      viteBuild(next, 'e2e-2');
      await deploy(next);
      await page.evaluate(async () => { await (await navigator.serviceWorker.getRegistration())?.update(); });

      const prompt = page.getByRole('complementary', { name: '新版本可用' });
      await prompt.waitFor({ timeout: 30_000 });
      await expect(prompt.innerText()).resolves.toContain('请先办完当前的入住或退房');
      await expect(prompt.getByRole('button', { name: '立即更新' }).isDisabled()).resolves.toBe(true);

      // The form is undisturbed: same page, same text, focus still in the field.
      expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
      await expect(dialog.isVisible()).resolves.toBe(true);
      await expect(id.inputValue()).resolves.toBe('44010619');
      await expect(id.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
      // The new version waits; the old one still serves this page.
      expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting?.state)).toBe('installed');
      await screenshot(page, 'update-prompt');
      await expectAccessible(page, 'update prompt over the check-in dialog');

      // Typing goes on normally.
      await id.pressSequentially('1971', { delay: 20 });
      await expect(id.inputValue()).resolves.toBe('440106191971');

      // The clerk cancels the check-in; now the update may be applied, on their word.
      await dialog.getByRole('button', { name: '取消' }).click();
      await dialog.waitFor({ state: 'detached' });
      const updateNow = prompt.getByRole('button', { name: '立即更新' });
      await expect(updateNow.isEnabled()).resolves.toBe(true);
      await expectAccessible(page, 'update prompt');
      await Promise.all([page.waitForEvent('load'), updateNow.click()]);
      await waitForArrivals(page);

      expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBeUndefined();
      const newEntry = await page.evaluate(() => document.querySelector('script[type="module"]')?.getAttribute('src'));
      expect(newEntry).not.toBe(oldEntry);
      expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting ?? null)).toBeNull();
      await openMenu(page);
      await page.getByRole('button', { name: '设置' }).click();
      await page.getByRole('dialog', { name: /设置/ }).getByText('e2e-2').waitFor();
    });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('can be retired: the kill-switch worker (sw/retire.js) unregisters itself and drops the cache, leaving the data', async () => {
    const context = await freshContext(browser);
    const page = await context.newPage();
    const built = await readFile(join(DIST, 'sw.js'));
    try {
      await page.goto(baseUrl);
      await waitForArrivals(page);
      await waitForServiceWorker(page);
      await page.reload();
      await waitForArrivals(page);
      expect(await page.evaluate(async () => (await caches.keys()).length)).toBeGreaterThan(0);

      await copyFile(join(ROOT, 'sw', 'retire.js'), join(DIST, 'sw.js'));
      await page.evaluate(async () => { await (await navigator.serviceWorker.getRegistration())?.update(); });
      await expect.poll(() => page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length), { timeout: 30_000 }).toBe(0);
      await expect.poll(() => page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('workbox-')).length)).toBe(0);
      // The open page kept working, and the desk's data is still there.
      await expect(page.getByRole('heading', { name: /今日预抵/ }).isVisible()).resolves.toBe(true);
      expect(await page.evaluate(async () => (await indexedDB.databases()).length)).toBeGreaterThan(0);
    } finally {
      await writeFile(join(DIST, 'sw.js'), built);
      await context.close();
    }
  });
});
