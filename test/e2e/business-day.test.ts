/**
 * The business day in real Chromium at controlled clocks (02:00, 09:00 and
 * 23:30 in Shanghai): a fresh tablet generates the demo branch at that
 * moment; the banner, the arrival tiles and the audit report show one
 * business date that fits the clock and one tally; door mode comes on by
 * the clock only in the night window; the audit runs in the window and is
 * refused, with the reason, before the cut-off.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEMO_SEED, DEMO_STAFF, demoBusinessDate } from '../../src/app/demo-config';
import { generateDemoBranch } from '../../src/demo/generate';
import { tallyArrivals, type DayTally } from '../../src/domain/business-day';
import { collectErrors, freshContext, installClock, launch, openMenu, shotOnFailure, waitForArrivals } from './browser';

const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => { browser = await launch(); });
afterAll(async () => { await browser?.close(); });

const CASES = [
  { time: '02:00', at: '2026-11-24T02:00:00+08:00', business: '2026-11-23', phase: 'audit', door: true },
  { time: '09:00', at: '2026-11-23T09:00:00+08:00', business: '2026-11-23', phase: 'day', door: false },
  { time: '23:30', at: '2026-11-23T23:30:00+08:00', business: '2026-11-23', phase: 'audit', door: true },
] as const;

const tallyText = (t: DayTally) => `合计 ${t.total} · 待到 ${t.expected} · 已到 ${t.arrived} · 未到 ${t.noShow} · 已取消 ${t.cancelled}`;

async function expectTiles(page: Page, t: DayTally) {
  const tiles = page.getByRole('group', { name: '按状态筛选' });
  for (const name of [`${t.total} 全部`, `${t.expected} 待到`, `${t.arrived} 已到`, `${t.noShow} 未到`, `${t.cancelled} 已取消`]) {
    await tiles.getByRole('button', { name, exact: true }).waitFor();
  }
}

async function expectReport(page: Page, date: string, t: DayTally) {
  const report = page.locator('article.report');
  await report.getByRole('heading', { name: `夜审报表 · ${date}` }).waitFor();
  const chips = report.getByTestId('report-tally');
  for (const chip of [`预抵合计 ${t.total}`, `待到 ${t.expected}`, `已到 ${t.arrived}`, `未到 ${t.noShow}`, `已取消 ${t.cancelled}`]) {
    await chips.getByText(chip, { exact: true }).waitFor();
  }
  await report.getByRole('heading', { name: new RegExp(`未到笔数 ${t.noShow + t.expected} ·`) }).waitFor();
}

async function signInAs(page: Page, role: 'night-auditor') {
  const staff = DEMO_STAFF.find((s) => s.role === role)!;
  const form = page.locator('main.signin');
  await form.locator('label', { hasText: staff.name }).first().click();
  await form.getByLabel(/PIN/).fill(staff.pin);
  await form.locator('button[type="submit"]').click();
  await form.waitFor({ state: 'detached' });
  return staff;
}

describe('the business day at controlled clocks', () => {
  it.each(CASES)('$time: banner, tiles, door and audit agree', async (c) => {
    const now = Date.parse(c.at);
    expect(demoBusinessDate(now)).toBe(c.business);
    const before = tallyArrivals(generateDemoBranch({ seed: DEMO_SEED, businessDate: c.business, now }).reservations, c.business);
    const context = await freshContext(browser);
    await installClock(context, now);
    const page = await context.newPage();
    const errors = collectErrors(page);
    await shotOnFailure(page, `business-day-${c.time.replace(':', '')}`, async () => {
      await page.goto(baseUrl);
      await waitForArrivals(page);
      const banner = page.getByRole('region', { name: '营业日' });
      await banner.getByText(`营业日 ${c.business}`).waitFor();
      expect(await banner.getAttribute('data-phase')).toBe(c.phase);
      await banner.getByText(tallyText(before)).waitFor();
      await expectTiles(page, before);

      // The night auditor takes over: door mode by the clock only in the window.
      await openMenu(page);
      await page.getByRole('button', { name: '交班', exact: true }).click();
      const auditor = await signInAs(page, 'night-auditor');
      if (c.door) {
        await page.getByRole('heading', { name: /门禁模式/ }).waitFor();
        await page.getByRole('button', { name: '退出门禁模式' }).click();
        const unlock = page.getByRole('dialog', { name: '退出门禁模式' });
        await unlock.getByLabel(/PIN/).fill(auditor.pin);
        await unlock.getByRole('button', { name: '确认' }).click();
      }
      await page.getByRole('button', { name: '夜审', exact: true }).click();
      expect(await page.getByRole('heading', { name: /门禁模式/ }).count()).toBe(0);
      await expectReport(page, c.business, before);

      await page.getByRole('button', { name: '运行夜审并滚动营业日' }).click();
      if (c.phase === 'day') {
        await page.getByRole('alert').getByText(`营业日 ${c.business} 的夜审 ${c.business} 23:00 起才能运行（现在 ${c.business} ${c.time}）。`).waitFor();
        expect(await page.locator('.audit-preview').count()).toBe(0);
        return;
      }
      const preview = page.locator('.audit-preview');
      if (before.expected > 0) await preview.getByText(`待到 ${before.expected} 笔：运行夜审时将记为未到。`).waitFor();
      await preview.getByRole('button', { name: '确认夜审' }).click();
      await page.getByText(new RegExp(`${c.business} 夜审完成：未到 ${before.expected} 笔，`)).waitFor();
      // The business date rolled by the audit, not by the clock: the new day is open, its audit not due yet.
      await banner.getByText('营业日 2026-11-24').waitFor();
      expect(await banner.getAttribute('data-phase')).toBe('day');
      await expectReport(page, c.business, { ...before, expected: 0, noShow: before.expected });
    });
    expect(errors).toEqual([]);
    await context.close();
  });
});
