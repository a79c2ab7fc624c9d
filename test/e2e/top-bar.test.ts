/**
 * Issue #11 "the top bar in one row": signed in as the manager (every tab),
 * the top bar keeps one row at 1280×800 landscape and 800×1280 portrait, in
 * Chinese and in English, every tab in view without scrolling, with the network status and the sync badge in view
 * and the secondary items behind the ☰ menu (Escape and a press outside close it); the branch's
 * name shows whole at the top of the page in every one of those.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEFAULT_BRANCH_NAME, DEFAULT_BRANCH_NAME_EN } from '../../src/demo/generate';
import { DAYTIME, collectErrors, freshContext, handOverTo, installClock, launch, openMenu, shotOnFailure, waitForArrivals } from './browser';

const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => { browser = await launch(); });
afterAll(async () => { await browser?.close(); });

/** The top bar's height, its shown children's tops and bottoms, the page width, and the tab row's [shown, full] width. */
function measure(page: Page) {
  return page.evaluate(() => {
    const bar = document.querySelector('header.topbar') as HTMLElement;
    const kids = [...bar.children].map((c) => c.getBoundingClientRect()).filter((r) => r.width > 0);
    return {
      height: bar.getBoundingClientRect().height,
      tops: kids.map((r) => Math.round(r.top)),
      bottoms: kids.map((r) => Math.round(r.bottom)),
      pageWidth: document.documentElement.scrollWidth,
      navScroll: (() => { const n = bar.querySelector('nav') as HTMLElement; return [n.clientWidth, n.scrollWidth]; })(),
    };
  });
}

/**
 * Whether `text` shows whole at the top of the page (the top bar or the day banner under it):
 * laid out, on screen, and not cut off by an ancestor that clips (an ellipsis, a hidden overflow).
 */
function shownWhole(page: Page, text: string) {
  return page.evaluate((text) => {
    for (const root of document.querySelectorAll('header.topbar, .day-banner')) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
        const at = node.data.indexOf(text);
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + text.length);
        const r = range.getBoundingClientRect();
        if (r.width === 0 || r.left < 0 || r.right > window.innerWidth) continue;
        let clipped = false;
        for (let el = node.parentElement; el && el !== document.body; el = el.parentElement) {
          if (getComputedStyle(el).overflowX === 'visible') continue;
          const box = el.getBoundingClientRect();
          if (r.left < box.left - 1 || r.right > box.right + 1) clipped = true;
        }
        if (!clipped) return true;
      }
    }
    return false;
  }, text);
}

async function signInManager(page: Page) {
  await waitForArrivals(page); // the front-desk clerk
  await handOverTo(page, 'manager');
  await page.getByRole('button', { name: '同步复核' }).waitFor();
}

describe('the top bar in one row', () => {
  it('one row at 1280×800 and 800×1280, zh and en, for the manager', async () => {
    const context = await freshContext(browser);
    await installClock(context, DAYTIME);
    const page = await context.newPage();
    const errors = collectErrors(page);
    await shotOnFailure(page, 'top-bar', async () => {
      await page.goto(baseUrl);
      await signInManager(page);
      const nav = page.getByRole('navigation');
      for (const language of ['zh', 'en'] as const) {
        if (language === 'en') {
          await openMenu(page);
          await page.getByRole('button', { name: 'EN' }).click();
          await page.getByRole('button', { name: 'Review', exact: true }).waitFor();
        }
        for (const viewport of [{ width: 1280, height: 800 }, { width: 800, height: 1280 }]) {
          await page.setViewportSize(viewport);
          const m = await measure(page);
          const where = `${language} ${viewport.width}×${viewport.height}: ${JSON.stringify(m)}`;
          expect(m.height, where).toBeLessThanOrEqual(64);
          // Every child sits on the one row: the highest bottom is above the lowest top's row end.
          expect(Math.max(...m.tops), where).toBeLessThan(Math.min(...m.bottoms));
          expect(m.pageWidth, where).toBeLessThanOrEqual(viewport.width);
          // Every tab shows without scrolling, in both languages and both orientations (issue #11: English at 800 px scrolled).
          expect(m.navScroll[1], where).toBeLessThanOrEqual(m.navScroll[0]!);
          const tabs = await nav.getByRole('button').evaluateAll((els) => els.map((e) => { const r = e.getBoundingClientRect(); return [r.left, r.right]; }));
          const navBox = await nav.evaluate((n) => { const r = n.getBoundingClientRect(); return [r.left, r.right]; });
          for (const [left, right] of tabs) expect(left! >= navBox[0]! - 1 && right! <= navBox[1]! + 1, `${where} tab ${left}-${right}`).toBe(true);
          // The manager's eight tabs, the network status and the sync badge stay in the bar.
          expect(await nav.getByRole('button').count(), where).toBe(8);
          expect(await page.locator('header.topbar [role="status"]').isVisible(), where).toBe(true);
          expect(await page.getByTestId('sync-badge').isVisible(), where).toBe(true);
          // The branch's name shows whole, in portrait too (at 800 px the top bar used to drop it).
          expect(await shownWhole(page, language === 'zh' ? DEFAULT_BRANCH_NAME : DEFAULT_BRANCH_NAME_EN), where).toBe(true);
        }
      }

      // The menu: a button with aria-expanded; Escape and a press outside close it.
      const toggle = page.getByRole('button', { name: 'More' });
      const closed = page.getByRole('button', { name: 'More', expanded: false });
      expect(await toggle.getAttribute('aria-expanded')).toBe('false');
      await toggle.click();
      expect(await toggle.getAttribute('aria-expanded')).toBe('true');
      await page.getByRole('button', { name: 'Settings' }).waitFor();
      await page.keyboard.press('Escape');
      await closed.waitFor();
      expect(await page.getByRole('button', { name: 'Settings' }).isVisible()).toBe(false);
      await toggle.click();
      await page.locator('main').click({ position: { x: 5, y: 5 } });
      await closed.waitFor();
      // An item's dialog outlives the menu closing.
      await openMenu(page);
      await page.getByRole('button', { name: 'Settings' }).click();
      await page.getByRole('dialog', { name: /Settings/ }).waitFor();
      await closed.waitFor();
    });
    expect(errors).toEqual([]);
    await context.close();
  });
});
