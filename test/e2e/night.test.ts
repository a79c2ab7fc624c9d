/**
 * A night at the branch in real Chromium: the front desk checks in all but
 * three of tonight's arrivals, the night auditor takes over with a PIN, the
 * door tablet handles 20 swipes (granted and denied), and the audit closes
 * the day: three no-shows (two −300 × nights penalties and one forfeited
 * guarantee), the report with the denials, the CSV, and an intact door log.
 * The browser's clock is set to 23:05 in Shanghai so the audit may run.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEMO_SEED, DEMO_STAFF } from '../../src/app/demo-config';
import { generateDemoBranch } from '../../src/demo/generate';
import { idCheckChar } from '../../src/domain/id-number';
import { auditNoShows } from '../../src/domain/night-audit';
import { DEFAULT_RULES } from '../../src/domain/rules';
import { collectErrors, freshContext, installClock, launch, openMenu, screenshot, shotOnFailure, swipeCard, waitForArrivals } from './browser';

const baseUrl = inject('baseUrl');
const NIGHT = Date.parse('2026-11-23T23:05:00+08:00');
const DATE = '2026-11-23';
const GUEST_ID = '44010619880808123' + idCheckChar('44010619880808123');
let browser: Browser;

beforeAll(async () => { browser = await launch(); });
afterAll(async () => { await browser?.close(); });

/** What the browser's demo branch holds at NIGHT: the same generator, same seed and time. */
function tonight() {
  const demo = generateDemoBranch({ seed: DEMO_SEED, businessDate: DATE, now: NIGHT });
  const expected = demo.reservations.filter((r) => r.arrivalDate === DATE && r.status === 'expected');
  const selfMembers = expected.filter((r) => r.memberId && !r.bookedForOther);
  const guaranteed = selfMembers.filter((r) => r.guaranteePoints > 0);
  const plain = selfMembers.filter((r) => r.guaranteePoints === 0);
  // Left to become no-shows: two without a guarantee and one with. Everyone else arrives.
  const noShows = [...plain.slice(0, 2), ...guaranteed.slice(0, 1)];
  const toCheckIn = expected.filter((r) => !noShows.includes(r));
  // What the audit must find: the domain's own answer for tonight (late cancellations count too).
  const members = new Map(demo.members.map((m) => [m.id, m]));
  const after = demo.reservations.map((r) => (toCheckIn.includes(r) ? { ...r, status: 'checked-in' as const } : r));
  const audited = auditNoShows({ reservations: after, members, businessDate: DATE }, DEFAULT_RULES).filter((i) => i.outcome.kind !== 'exempt');
  const byId = new Map(demo.members.map((m) => [m.id, m]));
  const inHouse = demo.reservations.filter((r) => r.status === 'checked-in').map((r) => byId.get(r.memberId)).filter((m) => m && !m.cardLost).map((m) => m!.cardNo);
  const busy = new Set(demo.reservations.filter((r) => r.arrivalDate >= '2026-11-20').map((r) => r.memberId));
  const noStay = demo.members.filter((m) => !busy.has(m.id) && !m.cardLost).slice(0, 6).map((m) => m.cardNo);
  const lost = demo.members.filter((m) => m.cardLost).map((m) => m.cardNo);
  const noShowGuaranteeCard = byId.get(noShows[2]?.memberId ?? '')?.cardNo ?? '';
  return { noShows, toCheckIn, inHouse, noStay, lost, noShowGuaranteeCard, audited: audited.length };
}

async function signInAs(page: Page, role: 'front-desk' | 'night-auditor') {
  const staff = DEMO_STAFF.find((s) => s.role === role)!;
  const form = page.locator('main.signin');
  await form.locator('label', { hasText: staff.name }).first().click();
  await form.getByLabel(/PIN/).fill(staff.pin);
  await form.locator('button[type="submit"]').click();
}

describe('a night at the branch', () => {
  it('20 door swipes, three no-shows and the night audit', async () => {
    const night = tonight();
    expect(night.noShows).toHaveLength(3);
    const context = await freshContext(browser);
    await installClock(context, NIGHT);
    const page = await context.newPage();
    const errors = collectErrors(page);
    await shotOnFailure(page, 'night', async () => {
      await page.goto(baseUrl);
      await waitForArrivals(page); // signs in the front-desk clerk

      // The desk checks in everyone expected tonight but the three no-shows.
      for (const r of night.toCheckIn) {
        await page.getByRole('button', { name: `为 ${r.guestName} 办理入住` }).first().click();
        const dialog = page.getByRole('dialog', { name: `办理入住：${r.guestName}` });
        // A guest who is not the member shows their own ID card (any valid number here).
        if (!r.memberId || r.bookedForOther) await dialog.getByRole('textbox', { name: '身份证号码' }).fill(GUEST_ID);
        // No free room of the booked type: the clerk offers another type (a change / upgrade).
        if (await dialog.getByText('没有该房型的空净房。').isVisible()) await dialog.getByLabel('也显示其他房型（换房 / 升级）').check();
        await dialog.getByRole('radio').first().check({ force: true });
        await dialog.getByRole('button', { name: '确认入住' }).click();
        await dialog.waitFor({ state: 'detached' });
      }

      // Shift change: the night auditor signs in and lands on door mode.
      await openMenu(page);
      await page.getByRole('button', { name: '交班', exact: true }).click();
      await signInAs(page, 'night-auditor');
      await page.getByRole('heading', { name: /门禁模式/ }).waitFor();

      const swipes: { card: string; result: '请进' | '拒绝' }[] = [
        ...night.inHouse.slice(0, 8).map((card) => ({ card, result: '请进' as const })),
        { card: night.noShowGuaranteeCard, result: '请进' }, // a guaranteed late arrival may come in
        ...night.noStay.slice(0, 5).map((card) => ({ card, result: '拒绝' as const })),
        ...night.lost.slice(0, 1).map((card) => ({ card, result: '拒绝' as const })),
        ...['779000000001', '779000000002', '779000000003', '779000000004', '779000000005'].map((card) => ({ card, result: '拒绝' as const })),
      ];
      expect(swipes).toHaveLength(20);
      const result = page.locator('.door-result');
      for (const [i, s] of swipes.entries()) {
        await swipeCard(page, s.card);
        await page.locator(`.door-result[data-seq="${i}"]`).waitFor(); // this swipe decided and recorded (seq i)
        await expect(result.locator('.door-decision').innerText()).resolves.toBe(s.result);
      }
      await screenshot(page, 'door-mode');
      // The street sees no room number, no card number and no log.
      await expect(page.locator('.door-room').count()).resolves.toBe(0);
      await expect(page.locator('table').count()).resolves.toBe(0);

      // Leaving door mode takes the auditor's PIN; then the audit.
      await page.getByRole('button', { name: '退出门禁模式' }).click();
      const unlock = page.getByRole('dialog', { name: '退出门禁模式' });
      await unlock.getByLabel(/PIN/).fill(DEMO_STAFF.find((s) => s.role === 'night-auditor')!.pin);
      await unlock.getByRole('button', { name: '确认' }).click();

      // The audit: preview, confirm, the business date rolls.
      await page.getByRole('button', { name: '夜审', exact: true }).click();
      await page.getByRole('button', { name: '运行夜审并滚动营业日' }).click();
      const preview = page.locator('.audit-preview');
      for (const r of night.noShows) await preview.getByText(r.guestName).waitFor();
      await preview.getByRole('button', { name: '确认夜审' }).click();
      expect(night.audited).toBeGreaterThanOrEqual(3);
      await page.getByText(`${DATE} 夜审完成：未到 ${night.noShows.length} 笔，扣分或没收担保 ${night.audited} 笔，营业日已滚动到 2026-11-24。`).waitFor();

      // The report of the day just closed: three no-shows, 20 door events, the denials flagged.
      const report = page.locator('article.report');
      await report.getByRole('heading', { name: `夜审报表 · ${DATE}` }).waitFor();
      for (const r of night.noShows) await expect(report.getByRole('cell', { name: r.guestName, exact: true }).first().isVisible()).resolves.toBe(true);
      await expect(report.locator('tr.denied').count()).resolves.toBe(11);
      await screenshot(page, 'night-audit');

      // The CSV opens in Excel: UTF-8 with a BOM, Chinese labels.
      const [download] = await Promise.all([page.waitForEvent('download'), report.getByRole('button', { name: '导出 CSV' }).click()]);
      const csv = await readFile((await download.path())!, 'utf8');
      expect(csv.startsWith('\uFEFF夜审报表')).toBe(true);
      expect(csv).toContain('\r\n');

      // The door log's hash chain is intact.
      await page.getByRole('button', { name: '校验门禁日志' }).first().click();
      await page.getByText(/：20 条记录，哈希链完整。/).waitFor();
    });
    expect(errors).toEqual([]);
    await context.close();
  });
});
