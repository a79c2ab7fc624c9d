/**
 * Issue #11, the printed audit report: printed to PDF by Chromium (A4, the
 * app's print CSS) after a demo day's audit in which nobody arrived (about
 * 40 arrivals, 13 no-shows). It printed on two sheets, the second a quarter
 * full, under the on-screen business-day banner; now one sheet, report only. The PDF is kept in test-results/ (ignored) for a look;
 * `pdftotext -layout test-results/audit-report.pdf -` shows the page
 * numbers and the printed-at / printed-by line.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { DEMO_STAFF } from '../../src/app/demo-config';
import { collectErrors, freshContext, installClock, launch, openMenu, shotOnFailure, signInStaff, waitForArrivals } from './browser';
import { ROOT } from './build';
import { pdfPages } from './pdf';

const baseUrl = inject('baseUrl');
const NIGHT = Date.parse('2026-11-23T23:05:00+08:00');
const DATE = '2026-11-23';
let browser: Browser;

beforeAll(async () => { browser = await launch(); });
afterAll(async () => { await browser?.close(); });

describe('the printed night audit report', () => {
  it('prints an ordinary day on one A4 sheet, without the on-screen banner', async () => {
    const context = await freshContext(browser);
    await installClock(context, NIGHT);
    const page = await context.newPage();
    const errors = collectErrors(page);
    await shotOnFailure(page, 'audit-print', async () => {
      await page.goto(baseUrl);
      await waitForArrivals(page);
      await openMenu(page);
      await page.getByRole('button', { name: '交班', exact: true }).click();
      await signInStaff(page, 'night-auditor');
      await page.getByRole('heading', { name: /门禁模式/ }).waitFor();
      await page.getByRole('button', { name: '退出门禁模式' }).click();
      const unlock = page.getByRole('dialog', { name: '退出门禁模式' });
      await unlock.getByLabel(/PIN/).fill(DEMO_STAFF.find((s) => s.role === 'night-auditor')!.pin);
      await unlock.getByRole('button', { name: '确认' }).click();

      await page.getByRole('button', { name: '夜审', exact: true }).click();
      await page.getByRole('button', { name: '运行夜审并滚动营业日' }).click();
      await page.locator('.audit-preview').getByRole('button', { name: '确认夜审' }).click();
      const report = page.locator('article.report');
      await report.getByRole('heading', { name: `夜审报表 · ${DATE}` }).waitFor();
      // The report follows the database live: wait until the audit's marks are in (nothing still expected).
      await report.getByTestId('report-tally').getByText(/待到 0$/).waitFor();
      const rows = await report.locator('tbody tr').count();
      // The business-day banner is on screen above the report; the sheet carries the report only.
      expect(await page.locator('.day-banner').count()).toBeGreaterThan(0);
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('.day-banner').first().isVisible()).toBe(false);
      await page.emulateMedia({ media: null }); // back to the default: page.pdf() prints with the print CSS

      const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
      await mkdir(join(ROOT, 'test-results'), { recursive: true });
      await writeFile(join(ROOT, 'test-results', 'audit-report.pdf'), pdf);
      const pages = pdfPages(pdf);
      const where = `${rows} report rows; glyphs per page ${JSON.stringify(pages.map((p) => p.glyphs))}`;
      console.log(`audit report PDF: ${pages.length} pages, ${where}`);
      // This day (16 rows, no door events) fits on one sheet; it printed on two before, the
      // second a quarter full (the points, an empty door log and the open exceptions).
      expect(pages.length, where).toBe(1);
      expect(pages[0]!.glyphs, where).toBeGreaterThan(300);
    });
    expect(errors).toEqual([]);
    await context.close();
  });
});
