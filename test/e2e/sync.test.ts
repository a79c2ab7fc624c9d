/**
 * (3) A tablet connected to its branch server, in real Chromium on the
 * production build: set up by the setup link, the branch downloads from the
 * server; then a day's work with the network down (a check-in, bedtime milk
 * and a toiletry kit redeemed, an unknown and a known card swiped, a
 * complaint), marked as not yet synced; back online, all of it reaches the
 * server within seconds and the marks go; and a change made on the server
 * (head office edits a member's phone) shows on the tablet. The delays are
 * measured and logged.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  collectConsole, collectErrors, expectAccessible, freshContext, launch, screenshot, shotOnFailure, signInStaff, swipeCard, syncBadgeState, waitForArrivals,
} from './browser';
import { demoCards } from './demo';
import { adminCouch, anotherPhone, demoMemberByCard, measureUntil, tabletCounts, type ServerDoc } from './sync-helpers';
import type { CollectionName } from '../../src/data/database';
import { maskPhone } from '../../src/features/members/member-search';

const baseUrl = inject('baseUrl');
const sync = inject('sync');
const couch = adminCouch(sync);
let browser: Browser;

beforeAll(async () => { browser = await launch(); });
afterAll(async () => { await browser?.close(); });

async function blur(page: Page): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

/** Checks in the first arrival (a member staying themselves) that has a free room; returns the guest's name. */
async function checkInOne(page: Page): Promise<string> {
  await page.getByRole('group', { name: '按状态筛选' }).getByRole('button', { name: /待到$/ }).click();
  const skipped = new Set<string>();
  for (;;) {
    const rows = page.locator('table.list tbody tr')
      .filter({ has: page.locator('button.link') })
      .filter({ hasNot: page.locator('.chip', { hasText: /^代订$/ }) })
      .filter({ has: page.getByRole('button', { name: /办理入住/ }) });
    const names = await rows.locator('button.link').allInnerTexts();
    const name = names.find((n) => !skipped.has(n));
    if (!name) throw new Error('no arrival could be checked in');
    await page.getByRole('button', { name: `为 ${name} 办理入住` }).click();
    const dialog = page.getByRole('dialog', { name: `办理入住：${name}` });
    await dialog.waitFor();
    await dialog.getByText(/空净房|推荐/).first().waitFor();
    const rooms = dialog.locator('label.room');
    if ((await rooms.count()) === 0) {
      skipped.add(name);
      await dialog.getByRole('button', { name: '取消' }).click();
      continue;
    }
    await rooms.first().click();
    await dialog.getByRole('button', { name: '确认入住' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('group', { name: '按状态筛选' }).getByRole('button', { name: /全部$/ }).click();
    return name;
  }
}

describe('a tablet connected to its branch server', () => {
  it('downloads the branch, works a day offline, uploads it all on reconnect and shows the server\'s changes', async () => {
    const cards = demoCards();
    const gold = demoMemberByCard(cards.goldCard);
    const context = await freshContext(browser);
    const page = await context.newPage();
    const errors = collectErrors(page);
    const consoleLines = collectConsole(page);
    const dbFailures: string[] = [];
    page.on('response', (r) => { if (r.url().includes('/db/') && r.status() >= 400) dbFailures.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`); });
    // The replication's requests: `_bulk_docs` (when, which database, which ids) and the live `_changes` longpolls in flight per database.
    const bulkDocs: { at: number; db: string; ids: string[] }[] = [];
    const longpolls = new Map<string, number>();
    const longpollPeak = new Map<string, number>();
    const dbOf = (url: string) => new URL(url).pathname.split('/').filter(Boolean).at(-2) ?? '';
    const isLongpoll = (url: string) => url.includes('/_changes?') && url.includes('feed=longpoll');
    page.on('request', (r) => {
      const url = r.url();
      if (r.method() === 'POST' && /\/_bulk_docs(\?|$)/.test(url)) {
        const body = r.postDataJSON() as { docs?: { _id: string }[] } | null;
        bulkDocs.push({ at: Date.now(), db: dbOf(url), ids: (body?.docs ?? []).map((d) => d._id) });
      }
      if (isLongpoll(url)) {
        const n = (longpolls.get(dbOf(url)) ?? 0) + 1;
        longpolls.set(dbOf(url), n);
        longpollPeak.set(dbOf(url), Math.max(longpollPeak.get(dbOf(url)) ?? 0, n));
      }
    });
    const longpollEnded = (r: { url(): string }) => {
      if (isLongpoll(r.url())) longpolls.set(dbOf(r.url()), (longpolls.get(dbOf(r.url())) ?? 1) - 1);
    };
    page.on('requestfinished', longpollEnded);
    page.on('requestfailed', longpollEnded);
    const diagnosis = async () => `badge: ${JSON.stringify(await syncBadgeState(page).catch(() => null))}\nconsole:\n${consoleLines.slice(-20).join('\n')}\n/db failures: ${dbFailures.slice(-20).join(', ')}`;
    const badge = page.getByTestId('sync-badge');

    try {
      await shotOnFailure(page, 'sync', async () => {

        // Set up by the link: the branch downloads, then the desk asks who is on shift.
        const started = Date.now();
        await page.goto(`${baseUrl}#setup=${encodeURIComponent(sync.branchId)}:${encodeURIComponent(sync.branchPassword)}`);
        await page.getByRole('heading', { name: /正在从分店服务器下载/ }).or(page.locator('main.signin')).first().waitFor({ timeout: 30_000 });
        await page.locator('main.signin').waitFor({ timeout: 90_000 });
        const signInMs = Date.now() - started;
        // The credentials left the address bar.
        expect(page.url()).not.toContain('setup=');
        await signInStaff(page, 'front-desk');
        // The badge says "downloading" until every collection has had its first download.
        await measureUntil(async () => {
          const s = await syncBadgeState(page);
          return s.connection === 'online' && s.pending === 0 && !s.text.includes('正在下载') ? s : undefined;
        }, { timeoutMs: Math.max(5_000, 90_000 - (Date.now() - started)), everyMs: 250, what: 'the first download', describe: diagnosis });
        const downloadMs = Date.now() - started;
        console.log(`[sync e2e] branch download: goto to sign-in screen ${(signInMs / 1000).toFixed(1)} s, to the badge's "synced" ${(downloadMs / 1000).toFixed(1)} s`);
        // All of the branch is on the tablet.
        const collections: CollectionName[] = ['branches', 'staff', 'rooms', 'members', 'reservations', 'ledger', 'feedback'];
        const onServerNow = Object.fromEntries(await Promise.all(collections.map(async (c) => [c, await couch.count(c)] as const)));
        await expect.poll(() => tabletCounts(page, collections), { timeout: 10_000, interval: 500, message: `documents on the tablet, server has ${JSON.stringify(onServerNow)}` })
          .toEqual(onServerNow);
        await waitForArrivals(page);

        // Where the server stands before the offline day: its changes after this are the tablet's.
        const since = {
          ledger: await couch.updateSeq('ledger'),
          reservations: await couch.updateSeq('reservations'),
          feedback: await couch.updateSeq('feedback'),
        };

        // The network goes down.
        await context.setOffline(true);
        await expect.poll(() => badge.getAttribute('data-connection'), { timeout: 20_000 }).toBe('offline');

        // A check-in: the stay is marked as not yet synced.
        const guest = await checkInOne(page);
        const guestRow = page.locator('table.list tbody tr').filter({ has: page.getByRole('button', { name: guest, exact: true }) });
        await guestRow.getByTestId('unsynced').waitFor();

        // An unknown card, then the gold member's card: the profile opens.
        await blur(page);
        await swipeCard(page, cards.unknownCard);
        const unknown = page.getByRole('status', { name: '刷卡结果' });
        await unknown.getByText('未知会员卡').waitFor();
        await unknown.getByRole('button', { name: '关闭' }).click();
        await blur(page);
        await swipeCard(page, cards.goldCard);
        const found = page.getByRole('status', { name: '刷卡结果' });
        await found.getByText(cards.goldName).waitFor();
        const profile = page.locator('article.profile');
        await profile.getByRole('heading', { name: new RegExp(cards.goldName) }).waitFor();
        await found.getByRole('button', { name: '关闭' }).click();
        await found.waitFor({ state: 'detached' });
        await expect(profile.locator('.sub').innerText()).resolves.toContain(gold.id);

        // Bedtime milk and a toiletry kit, within the offline limits: both marked as not yet synced.
        await profile.getByRole('button', { name: /睡前牛奶/ }).click();
        await page.getByRole('dialog', { name: '确认兑换' }).getByRole('button', { name: '确认兑换' }).click(); // a tap only asks
        await profile.getByText(/已兑换睡前牛奶/).waitFor();
        await profile.getByRole('button', { name: /旅行套装/ }).click();
        await page.getByRole('dialog', { name: '确认兑换' }).getByRole('button', { name: '确认兑换' }).click(); // a tap only asks
        await profile.getByText(/已兑换旅行套装/).waitFor();
        await expect.poll(() => profile.locator('ul.ledger').getByTestId('unsynced').count()).toBe(2);

        // A complaint on the member.
        const complaint = `同步测试：走廊太吵（${Date.now()}）`;
        const feedback = page.getByRole('region', { name: '投诉与建议' });
        await feedback.getByRole('radio', { name: '投诉' }).check();
        await feedback.getByLabel('内容').fill(complaint);
        await feedback.getByRole('button', { name: '记录' }).click();
        await feedback.getByText('投诉已记录。').waitFor();

        // The badge: offline, changes waiting.
        await expect.poll(async () => (await syncBadgeState(page)).pending, { timeout: 10_000 }).toBeGreaterThanOrEqual(4);
        const offline = await syncBadgeState(page);
        expect(offline.connection).toBe('offline');
        console.log(`[sync e2e] offline badge: ${JSON.stringify(offline)}`);
        await blur(page);
        await profile.locator('ul.ledger').scrollIntoViewIfNeeded();
        await screenshot(page, 'sync-offline');

        // Nothing of it is on the server yet.
        expect((await couch.changesSince('ledger', since.ledger)).filter((d) => d.memberId === gold.id)).toEqual([]);

        // Back online: all of it on the server within 10 s.
        const reconnectedAt = Date.now();
        longpollPeak.clear();
        await context.setOffline(false);
        const onServer = await measureUntil(async () => {
          const lines = (await couch.changesSince('ledger', since.ledger)).filter((d) => d.memberId === gold.id && d.kind === 'redeem');
          const stay = (await couch.changesSince('reservations', since.reservations)).find((d) => d.guestName === guest && d.status === 'checked-in');
          const said = (await couch.changesSince('feedback', since.feedback)).find((d) => d.text === complaint);
          const rules = lines.map((l) => l.rule).sort();
          return rules.join() === 'redeem.milk,redeem.toiletries' && stay && said ? { lines, stay, said } : undefined;
        }, { timeoutMs: 10_000, what: 'the offline day on the server', describe: diagnosis });
        console.log(`[sync e2e] reconnect to everything on the server: ${(onServer.ms / 1000).toFixed(2)} s`);
        const { lines, stay, said } = onServer.value;
        expect(lines.map((l) => Number(l.points)).sort((a, b) => a - b)).toEqual([-400, -200]);
        expect(stay.roomNo).not.toBe('');
        expect(said).toMatchObject({ memberId: gold.id, kind: 'complaint' });
        // The two lines written offline went up together, in one request (a push that failed
        // offline and was retried used to go alone, before the rest).
        const ledgerDb = `fd-${sync.branchId}-ledger`;
        const linesUp = bulkDocs.filter((b) => b.at >= reconnectedAt && b.db === ledgerDb && lines.some((l) => b.ids.includes(String(l._id))));
        expect(linesUp.map((b) => b.ids.filter((id) => lines.some((l) => String(l._id) === id)).length)).toEqual([2]);

        // The badge comes back to online, nothing waiting, and the marks go.
        const settled = await measureUntil(async () => {
          const s = await syncBadgeState(page);
          const marks = await page.getByTestId('unsynced').count();
          return s.connection === 'online' && s.pending === 0 && marks === 0 ? s : undefined;
        }, { timeoutMs: 10_000, what: 'badge online, nothing waiting, no marks', describe: diagnosis });
        console.log(`[sync e2e] reconnect to badge "${settled.value.text}" and no marks: ${((Date.now() - reconnectedAt) / 1000).toFixed(2)} s`);
        // The two redemption lines are still there, now without the mark.
        await expect(profile.locator('ul.ledger li').filter({ hasText: /兑换睡前牛奶|兑换旅行套装/ }).count()).resolves.toBeGreaterThanOrEqual(2);
        await profile.locator('ul.ledger').scrollIntoViewIfNeeded();
        await screenshot(page, 'sync-online');
        await page.getByRole('button', { name: '今日预抵' }).click();
        await guestRow.waitFor();
        await expect(guestRow.getByTestId('unsynced').count()).resolves.toBe(0);

        // Head office changes the member's phone on the server: the tablet shows it.
        await blur(page);
        await swipeCard(page, cards.goldCard);
        await page.getByRole('status', { name: '刷卡结果' }).getByRole('button', { name: '关闭' }).click();
        const sub = profile.locator('.sub');
        await expect(sub.innerText()).resolves.toContain(maskPhone(gold.phone));
        const stored = await couch.get('members', gold.id);
        const phone = anotherPhone(String(stored.phone));
        const editedAt = Date.now();
        const edited: ServerDoc = {
          ...stored, phone, phoneLast4: phone.slice(-4), updatedAt: Math.max(editedAt, Number(stored.updatedAt) + 1),
          fieldTimes: { ...(stored.fieldTimes as Record<string, number> | undefined), phone: editedAt, phoneLast4: editedAt },
        };
        await couch.put('members', edited);
        await measureUntil(async () => ((await sub.innerText()).includes(maskPhone(phone)) ? true : undefined),
          { timeoutMs: 5_000, what: `the new phone ${maskPhone(phone)} in the profile`, describe: diagnosis });
        console.log(`[sync e2e] server edit (from the PUT) to the tablet's screen: ${((Date.now() - editedAt) / 1000).toFixed(2)} s`);

        // After the reconnect, still one live `_changes` longpoll per database at a time (a 7th would stall the tablet's requests).
        expect([...longpollPeak.values()].length).toBeGreaterThan(0);
        expect(Object.fromEntries([...longpollPeak].filter(([, n]) => n > 1))).toEqual({});

        // The sync dialog, opened from the badge.
        await badge.click();
        const dialog = page.getByRole('dialog', { name: '同步' });
        await dialog.waitFor();
        await expect(dialog.getByTestId('sync-connection').innerText()).resolves.toBe('在线');
        // Nothing waiting: a change just pulled is the server's own version and
        // is not counted (until 2026-12-07 it was, until the status refresh
        // moved the mark: seen once in 20 runs as "1 项" right after the
        // server edit arrived; test/sync/waiting-counts.test.ts).
        await expect.poll(() => dialog.getByTestId('sync-pending').innerText(), { timeout: 10_000, interval: 250 }).toBe('0 项');
        await expectAccessible(page, 'sync dialog');
        await dialog.getByRole('button', { name: '关闭' }).last().click();
        await dialog.waitFor({ state: 'detached' });

      });
      expect(errors).toEqual([]);
    } catch (err) {
      console.log(`[sync e2e] failed; ${await diagnosis()}`);
      throw err;
    } finally {
      await context.close();
    }
  });
});
