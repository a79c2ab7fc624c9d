/**
 * (2) A whole day at the desk with the network down, in real Chromium on a
 * production build started from the service worker's cache: three
 * check-ins, bedtime milk and a toiletry kit redeemed, an unknown card and
 * a known one swiped, a complaint recorded, a check-out; then a restart,
 * still offline, finds all of it. Along the way: screenshots for the README
 * and axe-core on each main screen.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { collectErrors, expectAccessible, freshContext, launch, openMenu, screenshot, shotOnFailure, swipeCard, waitForArrivals, waitForServiceWorker, stillOffline } from './browser';
import { demoCards } from './demo';

const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => { browser = await launch(); });
afterAll(async () => { await browser?.close(); });

/** The number on a status filter button ("12 待到" → 12). */
async function countOf(page: Page, status: string): Promise<number> {
  const text = await page.getByRole('group', { name: '按状态筛选' }).getByRole('button', { name: new RegExp(`${status}$`) }).innerText();
  return Number(/\d+/.exec(text)?.[0] ?? NaN);
}

async function pointsIn(locator: Locator): Promise<number> {
  return Number((await locator.innerText()).replace(/[^\d-]/g, ''));
}

async function blur(page: Page): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

describe('an offline day at the desk', () => {
  it('checks in, redeems, swipes, records a complaint and checks out with the network down', async () => {
    const cards = demoCards();
    const context = await freshContext(browser);
    const page = await context.newPage();
    const errors = collectErrors(page);
    await shotOnFailure(page, 'offline-day', async () => {

    // Opened once online (the demo branch loads, the service worker installs) ...
    await page.goto(baseUrl);
    await waitForArrivals(page);
    await waitForServiceWorker(page);
    // ... then the network goes down and the tablet starts the desk again.
    await context.setOffline(true);
    await page.reload();
    await stillOffline(page);
    await waitForArrivals(page);
    await expect(page.getByText('离线 · 数据保存在本机').isVisible()).resolves.toBe(true);
    await screenshot(page, 'arrivals');
    await expectAccessible(page, 'arrivals');

    // Three arrivals checked in: members staying themselves (their own ID is pre-filled).
    const checkedInBefore = await countOf(page, '已到');
    await page.getByRole('group', { name: '按状态筛选' }).getByRole('button', { name: /待到$/ }).click();
    const skipped = new Set<string>();
    let checkedIn = 0;
    while (checkedIn < 3) {
      const rows = page.locator('table.list tbody tr')
        .filter({ has: page.locator('button.link') })
        .filter({ hasNot: page.locator('.chip', { hasText: /^代订$/ }) })
        .filter({ has: page.getByRole('button', { name: /办理入住/ }) });
      const names = await rows.locator('button.link').allInnerTexts();
      const name = names.find((n) => !skipped.has(n));
      if (!name) throw new Error(`only ${checkedIn} arrivals could be checked in`);
      await page.getByRole('button', { name: `为 ${name} 办理入住` }).click();
      const dialog = page.getByRole('dialog', { name: `办理入住：${name}` });
      await dialog.waitFor();
      const rooms = dialog.locator('label.room');
      await dialog.getByText(/空净房|推荐/).first().waitFor();
      if ((await rooms.count()) === 0) {
        skipped.add(name);
        await dialog.getByRole('button', { name: '取消' }).click();
        continue;
      }
      await expect(dialog.getByLabel('身份证号码').inputValue()).resolves.toMatch(/^\d{17}[\dX]$/);
      await rooms.first().click();
      if (checkedIn === 0) {
        await screenshot(page, 'check-in');
        await expectAccessible(page, 'check-in dialog');
      }
      await dialog.getByRole('button', { name: '确认入住' }).click();
      await dialog.waitFor({ state: 'detached' });
      checkedIn += 1;
    }
    await page.getByRole('group', { name: '按状态筛选' }).getByRole('button', { name: /全部$/ }).click();
    await expect.poll(() => countOf(page, '已到')).toBe(checkedInBefore + 3);

    // A card no member has: the desk says so.
    await blur(page);
    await swipeCard(page, cards.unknownCard);
    const unknown = page.getByRole('status', { name: '刷卡结果' });
    await unknown.getByText('未知会员卡').waitFor();
    await expect(unknown.innerText()).resolves.toContain(cards.unknownCard);
    await unknown.getByRole('button', { name: '关闭' }).click();

    // A member's card: the member, their room and points, and their profile opens.
    await blur(page);
    await swipeCard(page, cards.goldCard);
    const found = page.getByRole('status', { name: '刷卡结果' });
    await found.getByText(cards.goldName).waitFor();
    const profile = page.locator('article.profile');
    await profile.getByRole('heading', { name: new RegExp(cards.goldName) }).waitFor();
    await expect(page.getByText('离线 · 数据保存在本机').isVisible()).resolves.toBe(true);
    await screenshot(page, 'member-swipe');
    await found.getByRole('button', { name: '关闭' }).click();
    await found.waitFor({ state: 'detached' });
    await screenshot(page, 'member-profile');
    await expectAccessible(page, 'member profile');

    // Bedtime milk and a toiletry kit, paid in points.
    const balance = profile.getByTestId('balance');
    const before = await pointsIn(balance);
    await profile.getByRole('button', { name: /睡前牛奶/ }).click();
    await page.getByRole('dialog', { name: '确认兑换' }).getByRole('button', { name: '确认兑换' }).click(); // a tap only asks
    await profile.getByText(/已兑换睡前牛奶/).waitFor();
    await profile.getByRole('button', { name: /旅行套装/ }).click();
    await page.getByRole('dialog', { name: '确认兑换' }).getByRole('button', { name: '确认兑换' }).click(); // a tap only asks
    await profile.getByText(/已兑换旅行套装/).waitFor();
    await expect.poll(() => pointsIn(balance)).toBe(before - 200 - 400);

    // A complaint, recorded on the member.
    const complaint = `空调噪音太大（离线测试 ${Date.now()}）`;
    const feedback = page.getByRole('region', { name: '投诉与建议' });
    await feedback.getByRole('radio', { name: '投诉' }).check();
    await feedback.getByLabel('内容').fill(complaint);
    await feedback.getByRole('button', { name: '记录' }).click();
    await feedback.getByText('投诉已记录。').waitFor();
    await feedback.getByText(complaint).waitFor();

    // A check-out (in English, for the README), points posted by the rules.
    await openMenu(page);
    await page.getByRole('button', { name: 'EN' }).click();
    await page.getByRole('button', { name: 'In house' }).click();
    await page.getByRole('button', { name: /^Check out / }).first().click();
    const checkout = page.getByRole('dialog');
    await checkout.getByRole('button', { name: 'Check out and post points' }).waitFor();
    await screenshot(page, 'check-out-en');
    await expectAccessible(page, 'check-out dialog');
    await checkout.getByRole('button', { name: 'Check out and post points' }).click();
    await checkout.getByText(/checked out/i).waitFor();
    await checkout.getByRole('button', { name: 'Close' }).click();
    await openMenu(page);
    await page.getByRole('button', { name: '中文' }).click();

    // The room board after the check-out, and the upcoming bookings (for the README).
    await page.getByRole('button', { name: '房态', exact: true }).click();
    await page.locator('#rooms-title').waitFor();
    await screenshot(page, 'room-board');
    await page.getByRole('button', { name: '预订', exact: true }).click();
    await page.locator('#bookings-title').waitFor();
    await screenshot(page, 'bookings');

    // Settings: persistent storage asked for, usage and quota shown.
    await openMenu(page);
    await page.getByRole('button', { name: '设置' }).click();
    const settings = page.getByRole('dialog', { name: /设置/ });
    await expect.poll(() => settings.getByTestId('usage').innerText()).toMatch(/已用 .+，上限 .+（[\d.]+%）/);
    await expect.poll(() => settings.getByTestId('persisted').innerText()).toMatch(/已开启|未开启/);
    await screenshot(page, 'settings');
    await settings.getByRole('button', { name: '关闭' }).last().click();

    // A full disk is said in plain words (simulated: the write fails with QuotaExceededError).
    await page.evaluate(() => { void Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError')); });
    const alert = page.getByRole('alert').filter({ hasText: '平板存储空间已满' });
    await alert.waitFor();
    await expect(alert.innerText()).resolves.toContain('之前保存的数据都还在');
    await alert.getByRole('button', { name: '知道了' }).click();

    // Still offline all day.
    await expect(page.evaluate(() => navigator.onLine)).resolves.toBe(false);
    await expect(page.evaluate(() => fetch('/db/', { cache: 'no-store' }).then(() => 'answered', () => 'offline'))).resolves.toBe('offline');

    // The tablet restarts, still offline: everything is still there.
    await page.getByRole('button', { name: '今日预抵' }).click();
    const checkedInNow = await countOf(page, '已到');
    const checkedOutNow = await countOf(page, '已退房').catch(() => 0);
    await page.reload();
    await stillOffline(page);
    await waitForArrivals(page);
    await expect.poll(() => countOf(page, '已到')).toBe(checkedInNow);
    await expect.poll(() => countOf(page, '已退房').catch(() => 0)).toBe(checkedOutNow);
    await blur(page);
    await swipeCard(page, cards.goldCard);
    await page.locator('article.profile').getByText(complaint).waitFor();
    await expect.poll(() => pointsIn(page.locator('article.profile').getByTestId('balance'))).toBe(before - 600);

    });
    expect(errors).toEqual([]);
    await context.close();
  });
});
