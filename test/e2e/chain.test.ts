/**
 * A member from another branch at the desk (issue #14 item 1), in real
 * Chromium on the production build, through the e2e server's `/db` and
 * `/chain` (test/e2e/global-setup.ts runs the chain directory beside the
 * sync server). Branch X holds 孙悦 with three ledger lines; branch Y does
 * not. A tablet of Y, set up by the setup link: the clerk searches 孙悦's
 * card on 会员, nobody here, the chain is asked and answers 来自集团 with
 * the masked name and phone and X as home; 调入本店 brings her in and the
 * profile opens with the full balance once sync has her; a redemption
 * works, and after an offline reload the profile and a second redemption
 * still work; back online the server holds Y's lines. Offline, a chain
 * search says the chain cannot be reached; a search by name never asks it.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  backOnline, collectConsole, collectErrors, freshContext, launch, shotOnFailure, signInStaff, stillOffline, syncBadgeState, waitForServiceWorker,
} from './browser';
import { adminCouch, measureUntil } from './sync-helpers';
import { openTab, pointsIn } from './week-desk';
import { provisionDemo } from '../../server/demo';
import { loadDocs, provisionBranch } from '../../server/provision';
import { branchUser } from '../../src/data/replicated';
import { entry, member, smallBranch, validId } from '../support/fixtures';

const baseUrl = inject('baseUrl');
const sync = inject('sync');
const { x, y } = sync.chainBranches;
const admin = { user: sync.adminUser, password: sync.adminPassword };
const Y_PASSWORD = `chain-y-${sync.branchPassword}`;
const yServer = adminCouch({ ...sync, branchId: y });

const SUN = member({
  id: 'M000000077', name: '孙悦', nameInitials: 'SY', cardNo: '770000000077', phone: '13700007777', phoneLast4: '7777',
  idNumber: validId('44010619880808123'), homeBranchId: x, tier: 'gold',
});
/** 2,000 + 800 − 200 = 2,600 points, all written at X. */
const SUN_LINES = [
  entry({ id: `${x}-sun-1`, memberId: SUN.id, branchId: x, points: 2000 }),
  entry({ id: `${x}-sun-2`, memberId: SUN.id, branchId: x, points: 800, kind: 'earn', rule: 'earn.stay' }),
  entry({ id: `${x}-sun-3`, memberId: SUN.id, branchId: x, points: -200, kind: 'redeem', rule: 'redeem.milk' }),
];
const SUN_BALANCE = 2600;
const asDocs = (docs: readonly object[]) => docs as unknown as Record<string, unknown>[];

let browser: Browser;

beforeAll(async () => {
  const url = `${sync.couchUrl}/`;
  // X: only 孙悦 and her lines (no tablet of X here). Y: a small demo branch with its staff, for the tablet.
  await provisionBranch({ url, admin, branchId: x, branchPassword: `chain-x-${sync.branchPassword}` });
  const branchX = { ...smallBranch().branch, id: x, name: '深圳华强北店', city: '深圳' };
  for (const [collection, docs] of [['members', [SUN]], ['ledger', SUN_LINES], ['branches', [branchX]]] as const) {
    const report = await loadDocs({ url, auth: admin, branchId: x, collection, docs: asDocs(docs) });
    if (report.rejected.length > 0) throw new Error(`server refused ${collection}: ${JSON.stringify(report.rejected[0])}`);
  }
  await provisionDemo({ url, admin, branchPassword: Y_PASSWORD, now: Date.now(), branchId: y, memberCount: 40 });
  // The directory's passes index X's members; wait until it answers for 孙悦 (through the preview's /chain proxy).
  const auth = `Basic ${Buffer.from(`${branchUser(y).name}:${Y_PASSWORD}`).toString('base64')}`;
  await measureUntil(async () => {
    const res = await fetch(new URL(`chain/lookup?q=${SUN.cardNo}`, baseUrl), { headers: { Authorization: auth } });
    const body = (await res.json()) as { members?: unknown[] };
    return res.ok && body.members?.length === 1 ? true : undefined;
  }, { timeoutMs: 30_000, everyMs: 1000, what: 'the chain directory knowing 孙悦' });
  browser = await launch();
});
afterAll(async () => { await browser?.close(); });

async function search(page: Page, text: string): Promise<void> {
  await page.getByRole('searchbox', { name: '查找会员' }).fill(text);
}

/** The balance the open profile shows, once it equals `points`. */
async function balanceReaches(page: Page, points: number): Promise<void> {
  const balance = page.locator('article.profile').getByTestId('balance');
  await expect.poll(() => pointsIn(balance), { timeout: 30_000, interval: 250 }).toBe(points);
}

async function redeem(page: Page, reward: RegExp, done: RegExp): Promise<void> {
  const profile = page.locator('article.profile');
  await profile.getByRole('button', { name: reward }).click();
  await page.getByRole('dialog', { name: '确认兑换' }).getByRole('button', { name: '确认兑换' }).click();
  await profile.getByText(done).waitFor();
}

describe('a member from another branch', () => {
  it('is found in the chain, brought in and served at the desk, online and offline; a name never asks the chain', async () => {
    const context = await freshContext(browser);
    const page = await context.newPage();
    const errors = collectErrors(page);
    const consoleLines = collectConsole(page);
    const chainRequests: string[] = [];
    // The chain's branch list (read once the server has taken the tablet's credentials) carries nothing of a search.
    const branchListReads: number[] = [];
    page.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      if (path === '/chain/branches') branchListReads.push(Date.now());
      else if (path.startsWith('/chain/')) chainRequests.push(`${r.method()} ${path}`);
    });
    const diagnosis = async () => `badge: ${JSON.stringify(await syncBadgeState(page).catch(() => null))}\n/chain requests: ${chainRequests.join(', ')}\nconsole:\n${consoleLines.slice(-20).join('\n')}`;
    const badge = page.getByTestId('sync-badge');
    const synced = async () => {
      const s = await syncBadgeState(page);
      return s.connection === 'online' && s.pending === 0 && !s.text.includes('正在下载') ? s : undefined;
    };

    try {
      await shotOnFailure(page, 'chain', async () => {
        // A tablet of Y, set up by the link: Y downloads, the clerk signs in.
        await page.goto(`${baseUrl}#setup=${encodeURIComponent(y)}:${encodeURIComponent(Y_PASSWORD)}`);
        await page.locator('main.signin').waitFor({ timeout: 90_000 });
        await signInStaff(page, 'front-desk');
        await measureUntil(synced, { timeoutMs: 60_000, everyMs: 250, what: 'the first download', describe: diagnosis });
        await measureUntil(async () => (branchListReads.length > 0 ? true : undefined), { timeoutMs: 15_000, everyMs: 100, what: "the chain's branch list", describe: diagnosis });
        await openTab(page, '会员');

        // A name is searched here only: the chain is never asked.
        await search(page, SUN.name);
        await page.getByText('没有找到会员。').waitFor();
        await expect(page.getByRole('list', { name: '集团会员' }).count()).resolves.toBe(0);
        await expect(page.getByText(/正在查询集团/).count()).resolves.toBe(0);
        expect(chainRequests).toEqual([]);

        // Her card: nobody here, the chain answers, marked 来自集团, masked, home X.
        await search(page, SUN.cardNo);
        const results = page.getByRole('list', { name: '集团会员' });
        const found = results.getByRole('listitem').filter({ hasText: '孙*' });
        await found.waitFor({ timeout: 30_000 });
        expect(chainRequests).toEqual([`GET /chain/lookup`]);
        // Read once, not again within the hour.
        expect(branchListReads).toHaveLength(1);
        // Not "没有找到会员" above the chain's answer: she is only not at this branch.
        await expect(page.getByText('本店没有这位会员。').isVisible()).resolves.toBe(true);
        await expect(page.getByText('没有找到会员。').count()).resolves.toBe(0);
        await expect(found.getByText('来自集团', { exact: true }).isVisible()).resolves.toBe(true);
        const shown = await found.innerText();
        expect(shown).toContain('137****7777');
        expect(shown).toContain('所属门店：深圳华强北店');
        expect(shown).not.toContain(SUN.name);
        expect(shown).not.toContain(SUN.phone);
        await page.screenshot({ path: '/tmp/chain-from-the-chain.png' });

        // 调入本店: the profile opens once sync brings her, with the full balance.
        await found.getByRole('button', { name: '调入本店' }).click();
        const profile = page.locator('article.profile');
        await profile.getByRole('heading', { name: /孙悦/ }).waitFor({ timeout: 30_000 });
        await balanceReaches(page, SUN_BALANCE);
        await expect(profile.locator('.sub').innerText()).resolves.toContain(SUN.id);

        // A redemption at Y: a toiletry kit (400).
        await redeem(page, /旅行套装/, /已兑换旅行套装/);
        await balanceReaches(page, SUN_BALANCE - 400);
        // In step with the server before the network goes (offline redemptions need a confirmed balance).
        await measureUntil(synced, { timeoutMs: 30_000, everyMs: 250, what: 'the redemption uploaded', describe: diagnosis });

        // Offline, after a reload: she is on the tablet; her profile and a second redemption work.
        await waitForServiceWorker(page);
        await context.setOffline(true);
        await page.reload();
        await stillOffline(page);
        const signIn = page.locator('main.signin');
        await signIn.or(page.getByRole('navigation', { name: '主菜单' })).first().waitFor({ timeout: 60_000 });
        if (await signIn.isVisible()) await signInStaff(page, 'front-desk');
        await expect.poll(() => badge.getAttribute('data-connection'), { timeout: 20_000 }).toBe('offline');
        await openTab(page, '会员');
        await search(page, SUN.cardNo);
        await page.getByRole('list', { name: '查找结果' }).getByRole('button', { name: /孙悦/ }).click();
        await profile.getByRole('heading', { name: /孙悦/ }).waitFor();
        await balanceReaches(page, SUN_BALANCE - 400);
        await redeem(page, /睡前牛奶/, /已兑换睡前牛奶/);
        await balanceReaches(page, SUN_BALANCE - 600);

        // Offline, the chain is not reachable, and the desk says so; the search box still works.
        const before = chainRequests.length;
        await search(page, '770000000099');
        await page.getByText(/^无法连接集团（离线）/).waitFor();
        await expect(page.getByText('本店没有这位会员。').isVisible()).resolves.toBe(true);
        await expect(page.getByRole('list', { name: '集团会员' }).count()).resolves.toBe(0);
        await search(page, SUN.phone);
        await page.getByRole('list', { name: '查找结果' }).getByRole('button', { name: /孙悦/ }).waitFor();
        expect(chainRequests.length).toBe(before);

        // Back online: the server holds Y's lines for her, the three brought in and the two redemptions.
        await backOnline(page);
        const atY = await measureUntil(async () => {
          const hers = (await yServer.changesSince('ledger', 0)).filter((l) => l.memberId === SUN.id);
          return hers.length === 5 ? hers : undefined;
        }, { timeoutMs: 30_000, everyMs: 500, what: "Y's lines for 孙悦 on the server", describe: diagnosis });
        const lines = atY.value.map((l) => ({ id: l._id, points: Number(l.points), branchId: String(l.branchId), rule: String(l.rule) }));
        expect(lines.filter((l) => l.branchId === x).map((l) => l.id).sort()).toEqual(SUN_LINES.map((l) => l.id).sort());
        expect(lines.filter((l) => l.branchId === y).map((l) => [l.rule, l.points]).sort()).toEqual([['redeem.milk', -200], ['redeem.toiletries', -400]]);
        expect(lines.reduce((sum, l) => sum + l.points, 0)).toBe(SUN_BALANCE - 600);
      });
      expect(errors).toEqual([]);
    } catch (err) {
      console.log(`[chain e2e] failed; ${await diagnosis()}`);
      throw err;
    } finally {
      await context.close();
    }
  });
});
