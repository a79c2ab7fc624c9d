/**
 * Real headless Chromium for the end-to-end tests: Debian's chromium through
 * playwright-core (no browser download), a fresh context per test.
 */
import { createRequire } from 'node:module';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { DEMO_STAFF } from '../../src/app/demo-config';
import { ROOT } from './build';
import { SCREENSHOT_DIR, screenshotPath } from './screenshots';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** A tablet-sized, Chinese-language context with nothing stored yet. */
export async function freshContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
}

/**
 * A morning at the branch (Asia/Shanghai), for tests of daytime work: with
 * the wall clock, a run between 23:00 and 06:00 in Shanghai (15:00–22:00
 * UTC) finds the desk in door mode after a sign-in (seen in CI at 00:19).
 */
export const DAYTIME = Date.parse('2026-11-23T10:00:00+08:00');

/**
 * Playwright's fake clock for a context, keeping the events' own times.
 *
 * `clock.install` also replaces `Event.prototype.timeStamp` with the fake
 * `performance.now()` read when a handler first asks, that is the time the
 * page got round to the event, not the time the device sent it. A card
 * reader's keys (swipeCard: 5 ms apart, stamped through CDP) then look as
 * far apart as a busy page handled them, and past the swipe detector's
 * 35 ms gap a swipe is taken for typing: the night test's "a door swipe
 * never got its result" on a loaded machine. A real browser stamps events
 * when the input arrives, which is what the detector relies on, so the
 * native getter is put back after the clock's script has run.
 */
export async function installClock(context: BrowserContext, time: number | string | Date): Promise<void> {
  await context.addInitScript(() => {
    const w = window as unknown as { __nativeTimeStamp?: PropertyDescriptor | undefined };
    w.__nativeTimeStamp = Object.getOwnPropertyDescriptor(Event.prototype, 'timeStamp');
  });
  await context.clock.install({ time });
  await context.addInitScript(() => {
    const native = (window as unknown as { __nativeTimeStamp?: PropertyDescriptor }).__nativeTimeStamp;
    if (native) Object.defineProperty(Event.prototype, 'timeStamp', native);
  });
}

/** Page errors fail the test that caused them. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/**
 * Waits for today's arrivals with their rows (the first start loads the demo
 * branch). When the desk asks who is on shift, the demo front-desk clerk
 * signs in with her PIN.
 */
export async function waitForArrivals(page: Page): Promise<void> {
  const arrivals = page.getByRole('heading', { name: /今日预抵|Arrivals/ });
  const signIn = page.locator('main.signin');
  await arrivals.or(signIn).first().waitFor({ timeout: 60_000 });
  if (await signIn.isVisible()) {
    const clerk = DEMO_STAFF.find((s) => s.role === 'front-desk');
    if (!clerk) throw new Error('the demo branch has no front-desk clerk');
    await signIn.locator('label', { hasText: clerk.name }).first().click();
    await signIn.getByLabel(/PIN/).fill(clerk.pin);
    await signIn.locator('button[type="submit"]').click();
    await arrivals.waitFor({ timeout: 30_000 });
  }
  await page.locator('table.list tbody tr').first().waitFor({ timeout: 60_000 });
}

/** Waits until the service worker has installed (precache filled) and is active. */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    const sw = reg.active;
    if (!sw || sw.state === 'activated') return;
    await new Promise<void>((done) => sw.addEventListener('statechange', () => { if (sw.state === 'activated') done(); }));
  });
}

/**
 * A keyboard-wedge card reader: the digits 5 ms apart, then Enter. The keys
 * go in through CDP with their own timestamps, as a hardware reader's keys
 * carry the time the device sent them: Playwright's keyboard.type waits for
 * each key to be handled, so a busy page would stretch the gaps to what no
 * reader produces.
 */
export async function swipeCard(page: Page, cardNo: string, gapMs = 5): Promise<void> {
  const cdp = await readerOf(page);
  const keys = [...cardNo].map((ch) => ({ key: ch, code: `Digit${ch}`, text: ch, windowsVirtualKeyCode: ch.charCodeAt(0) }));
  keys.push({ key: 'Enter', code: 'Enter', text: '\r', windowsVirtualKeyCode: 13 });
  const start = Date.now() / 1000;
  const sent: Promise<unknown>[] = [];
  keys.forEach((k, i) => {
    const at = start + (i * gapMs) / 1000;
    sent.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', ...k, timestamp: at }));
    sent.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: k.key, code: k.code, windowsVirtualKeyCode: k.windowsVirtualKeyCode, timestamp: at + 0.002 }));
  });
  await Promise.all(sent);
}

/**
 * One CDP session per page, kept for the page's life: detaching a session
 * clears Chromium's navigator.onLine override, and the desk would show
 * itself online although context.setOffline(true) still holds.
 */
const readers = new WeakMap<Page, Promise<CDPSession>>();
function readerOf(page: Page): Promise<CDPSession> {
  let cdp = readers.get(page);
  if (!cdp) {
    cdp = page.context().newCDPSession(page);
    readers.set(page, cdp);
  }
  return cdp;
}

/**
 * After a navigation while context.setOffline(true) holds, Chromium 150 (as
 * Debian ships it) with playwright-core 1.65 still blocks the network but
 * reports navigator.onLine true in a page served by the service worker (no
 * 'offline' event either), so the desk would show itself online. Tell the
 * page again, on the page's kept session, as a tablet's own network stack
 * would. Call it after each reload or goto made offline.
 */
export async function stillOffline(page: Page): Promise<void> {
  const cdp = await readerOf(page);
  await cdp.send('Network.emulateNetworkConditions', { offline: true, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
}

/** The network back after context.setOffline(true) and stillOffline(page): both are lifted. */
export async function backOnline(page: Page): Promise<void> {
  const cdp = await readerOf(page);
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await page.context().setOffline(false);
}

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');

interface AxeViolation { id: string; impact: string | null; help: string; nodes: { target: unknown[]; failureSummary?: string }[] }

/** axe-core on the page as it is now: no serious or critical violation. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  // Evaluated rather than added as a <script> tag: the app's Content-Security-Policy refuses inline scripts
  // (DevTools' evaluation is exempt), and the e2e server sends it.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(`${await readFile(AXE, 'utf8')}\n;void 0`);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  });
  if (process.env.AXE_VERBOSE) console.log(`axe ${what}:`, JSON.stringify(violations.map((v) => `${v.impact} ${v.id} ×${v.nodes.length}`)));
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious, `${what}: ${JSON.stringify(serious, null, 2)}`).toEqual([]);
}

/** Screenshots for the README go into an ignored folder; `npm run screenshots` copies them into docs/. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: screenshotPath(name) });
}

/** On failure, a screenshot in test-results/ (not committed) shows what the page looked like. */
export async function shotOnFailure<T>(page: Page, name: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    await mkdir(join(ROOT, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'test-results', `${name}.png`) }).catch(() => undefined);
    throw err;
  }
}

/** Console warnings and errors (with the page's clock), for diagnosing a failure; page errors stay with collectErrors. */
export function collectConsole(page: Page): string[] {
  const lines: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'warning' || m.type() === 'error') lines.push(`${new Date().toISOString()} ${m.type()}: ${m.text()}`);
  });
  return lines;
}

/** What the top bar's sync badge says: connection, changes waiting, its text. */
export async function syncBadgeState(page: Page): Promise<{ connection: string | null; pending: number; text: string }> {
  const badge = page.getByTestId('sync-badge');
  const [connection, pending, text] = await Promise.all([badge.getAttribute('data-connection'), badge.getAttribute('data-pending'), badge.innerText()]);
  return { connection, pending: Number(pending ?? NaN), text: text.trim() };
}

/** Signs in on the sign-in screen the demo staff member of `role` (by PIN); waits until the screen has gone. */
export async function signInStaff(page: Page, role: (typeof DEMO_STAFF)[number]['role'] = 'front-desk'): Promise<void> {
  const signIn = page.locator('main.signin');
  await signIn.waitFor();
  const staff = DEMO_STAFF.find((s) => s.role === role);
  if (!staff) throw new Error(`the demo branch has no ${role}`);
  await signIn.locator('label', { hasText: staff.name }).first().click();
  await signIn.getByLabel(/PIN/).fill(staff.pin);
  await signIn.locator('button[type="submit"]').click();
  await signIn.waitFor({ state: 'detached', timeout: 30_000 });
}

/**
 * Opens the top bar's ☰ menu (language, settings, tablets, shift change)
 * unless it is already open; the items are then plain buttons.
 */
/** 交班 from whoever is signed in (☰ → 交班) to the demo staff member of `role`, by PIN. */
export async function handOverTo(page: Page, role: (typeof DEMO_STAFF)[number]['role']): Promise<void> {
  await openMenu(page);
  await page.getByRole('button', { name: '交班', exact: true }).click();
  await signInStaff(page, role);
}

export async function openMenu(page: Page): Promise<void> {
  const toggle = page.locator('header.topbar').getByRole('button', { name: /^(更多|More)$/ });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
}
