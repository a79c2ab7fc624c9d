/**
 * The manager's staff list in the built app, offline: the manager adds a
 * night auditor under ☰ → 员工, hands over (交班), and the new auditor signs
 * in with the PIN the manager set; a stopped account is gone from the list.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DAYTIME, collectErrors, freshContext, handOverTo, installClock, launch, openMenu, shotOnFailure, waitForArrivals, waitForServiceWorker } from './browser';

const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => { browser = await launch(); });
afterAll(async () => { await browser?.close(); });

async function signInAs(page: Page, name: string, pin: string) {
  const form = page.locator('main.signin');
  await form.locator('label', { hasText: name }).first().click();
  await form.getByLabel(/PIN/).fill(pin);
  await form.locator('button[type="submit"]').click();
  await form.waitFor({ state: 'detached' });
}

async function handOver(page: Page) {
  await openMenu(page);
  await page.getByRole('button', { name: '交班', exact: true }).click();
  await page.locator('main.signin').waitFor();
}

describe('员工: the staff list', () => {
  it('offline, the manager adds a night auditor who then signs in with the new PIN; stopping takes them off the sign-in list', async () => {
    const context = await freshContext(browser);
    await installClock(context, DAYTIME);
    const page = await context.newPage();
    const errors = collectErrors(page);
    await shotOnFailure(page, 'staff', async () => {
      await page.goto(baseUrl);
      await waitForArrivals(page); // the front-desk clerk: no 员工 in the menu
      await openMenu(page);
      await expect(page.getByRole('button', { name: '员工', exact: true }).count()).resolves.toBe(0);
      // Offline before the service worker has precached the app, a screen not loaded yet cannot open (seen: the door screen).
      await waitForServiceWorker(page);
      await context.setOffline(true);
      await handOverTo(page, 'manager');

      await openMenu(page);
      await page.getByRole('button', { name: '员工', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: '本店员工与 PIN' });
      await dialog.getByRole('button', { name: '添加员工' }).click();
      const form = dialog.getByRole('region', { name: '添加员工' });
      await form.getByLabel('姓名').fill('赵敏');
      await form.getByLabel('岗位').selectOption('night-auditor');
      await form.getByLabel('PIN（4–8 位数字）').fill('4826');
      await form.getByLabel('再次输入 PIN').fill('4826');
      await form.getByRole('button', { name: '添加' }).click();
      await dialog.getByRole('status').filter({ hasText: '已添加 赵敏' }).waitFor();
      await dialog.getByRole('button', { name: '×' }).click();

      await handOver(page);
      await signInAs(page, '赵敏', '4826');
      // The night auditor's tabs: the audit is there.
      await page.getByRole('button', { name: '夜审', exact: true }).waitFor();

      // The manager stops the account: it leaves the sign-in list.
      await handOverTo(page, 'manager');
      await openMenu(page);
      await page.getByRole('button', { name: '员工', exact: true }).click();
      const row = page.getByRole('row', { name: /赵敏/ });
      await row.getByRole('button', { name: '停用' }).click();
      await page.getByRole('alertdialog', { name: '停用' }).getByRole('button', { name: '确认停用' }).click();
      await page.getByRole('dialog', { name: '本店员工与 PIN' }).getByRole('status').filter({ hasText: '已停用 赵敏' }).waitFor();
      await row.getByText('已停用').waitFor();
      await page.getByRole('dialog', { name: '本店员工与 PIN' }).getByRole('button', { name: '×' }).click();
      await handOver(page);
      await expect(page.locator('main.signin label', { hasText: '赵敏' }).count()).resolves.toBe(0);
    });
    expect(errors).toEqual([]);
    await context.close();
  });
});
