/**
 * The e2e card reader's keys keep the times they were sent with, under the
 * fake clock the night tests install (test/e2e/browser.ts `installClock`).
 * Playwright's `clock.install` alone stamps each event when the page first
 * reads its timeStamp, so on a busy machine a swipe's 5-ms gaps became the
 * page's handling gaps and the door screen took the swipe for typing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { freshContext, installClock, launch } from './browser';

let browser: Browser;
beforeAll(async () => { browser = await launch(); });
afterAll(async () => { await browser?.close(); });

/** Two keys sent with stamps 200 ms apart, handled together: the gap the page's handler sees. */
async function gapSeen(page: Page): Promise<number> {
  await page.setContent('<p>keys</p>');
  await page.evaluate(() => {
    const w = window as unknown as { __t: number[] };
    w.__t = [];
    window.addEventListener('keydown', (e) => { w.__t.push(e.timeStamp); }, true);
  });
  const cdp = await page.context().newCDPSession(page);
  const at = Date.now() / 1000; // not before the page existed: earlier stamps read as 0
  await Promise.all([
    cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key: '7', code: 'Digit7', text: '7', windowsVirtualKeyCode: 55, timestamp: at }),
    cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key: '8', code: 'Digit8', text: '8', windowsVirtualKeyCode: 56, timestamp: at + 0.2 }),
  ]);
  const stamps = await page.evaluate(() => (window as unknown as { __t: number[] }).__t);
  expect(stamps).toHaveLength(2);
  return stamps[1]! - stamps[0]!;
}

describe('key times under the fake clock', () => {
  it('a key event carries the time it was sent, not the time the page handled it', async () => {
    const context = await freshContext(browser);
    await installClock(context, '2026-11-23T23:05:00+08:00');
    const page = await context.newPage();
    const gap = await gapSeen(page);
    expect(gap).toBeGreaterThan(150);
    expect(gap).toBeLessThan(250);
    // The fake clock itself still holds.
    await expect(page.evaluate(() => new Date().getFullYear())).resolves.toBe(2026);
    await expect(page.evaluate(() => new Date().getMonth())).resolves.toBe(10);
    await context.close();
  });
});
