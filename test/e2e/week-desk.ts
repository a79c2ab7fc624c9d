/**
 * The desk's actions as a clerk does them in the week test
 * (./week.test.ts): each drives the real screens of one tablet (a Page) and
 * says what it did, or null when the day offered nothing to do it on.
 */
import type { Locator, Page } from 'playwright-core';
import { DEMO_STAFF } from '../../src/app/demo-config';
import { addDays } from '../../src/domain/dates';
import { openMenu, signInStaff } from './browser';

/** The first or the last candidate: two tablets working at once take different ones. */
export type Pick = 'first' | 'last';

const pickOf = <T>(list: readonly T[], pick: Pick): T | undefined => (pick === 'first' ? list[0] : list[list.length - 1]);

/** Each tab's screen: its heading, and what shows once its live query has answered (rows, tiles or "none"). */
const SCREENS: Record<string, { heading: RegExp; loaded: string }> = {
  '今日预抵': { heading: /^今日预抵/, loaded: 'table.list tbody tr, p.empty' },
  '在住 / 退房': { heading: /^在住客人/, loaded: 'table.list tbody tr, p.empty' },
  '预订': { heading: /^预订/, loaded: 'table.list tbody tr, p.empty' },
  '房态': { heading: /^房态/, loaded: '.room-tile, p.empty' },
};

/** Opens a tab and, for a list screen, waits until the list has loaded (a count taken before that would be 0). */
export async function openTab(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: '主菜单' }).getByRole('button', { name, exact: true }).click();
  const screen = SCREENS[name];
  if (!screen) return;
  await page.getByRole('heading', { level: 1, name: screen.heading }).waitFor();
  await page.locator(screen.loaded).first().waitFor();
}

async function blur(page: Page): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

/** The number a points figure shows ("1,234 分" → 1234). */
export async function pointsIn(locator: Locator): Promise<number> {
  return Number((await locator.innerText()).replace(/[^\d-]/g, ''));
}

/** Checks in an expected arrival (a member staying themselves: their ID is pre-filled) to a free room. */
export async function checkIn(page: Page, pick: Pick): Promise<{ guest: string; room: string } | null> {
  await openTab(page, '今日预抵');
  const tiles = page.getByRole('group', { name: '按状态筛选' });
  await tiles.getByRole('button', { name: /待到$/ }).click();
  const skipped = new Set<string>();
  try {
    for (;;) {
      const rows = page.locator('table.list tbody tr')
        .filter({ has: page.locator('button.link') })
        .filter({ hasNot: page.locator('.chip', { hasText: /^代订$/ }) })
        .filter({ has: page.getByRole('button', { name: /办理入住/ }) });
      const names = (await rows.locator('button.link').allInnerTexts()).filter((n) => !skipped.has(n));
      const name = pickOf(names, pick);
      if (name === undefined) return null;
      await page.getByRole('button', { name: `为 ${name} 办理入住` }).first().click();
      const dialog = page.getByRole('dialog', { name: `办理入住：${name}` });
      await dialog.waitFor();
      await dialog.getByText(/空净房|推荐|没有/).first().waitFor();
      const rooms = dialog.locator('label.room');
      const count = await rooms.count();
      if (count === 0) {
        skipped.add(name);
        await dialog.getByRole('button', { name: '取消' }).click();
        continue;
      }
      const room = rooms.nth(pick === 'first' ? 0 : count - 1);
      const roomNo = await room.locator('strong').innerText();
      await room.click();
      await dialog.getByRole('button', { name: '确认入住' }).click();
      await dialog.waitFor({ state: 'detached' });
      return { guest: name, room: roomNo };
    }
  } finally {
    await tiles.getByRole('button', { name: /全部$/ }).click();
  }
}

/** The in-house rows: due out today (离店日 ≤ business date) or leaving early. */
function inHouseRows(page: Page, due: boolean): Locator {
  const rows = page.locator('table.list tbody tr');
  const chip = page.locator('.chip', { hasText: '今日离店' });
  return due ? rows.filter({ has: chip }) : rows.filter({ hasNot: chip });
}

/** Checks out a guest due out today, or (early) one booked to stay longer; returns the room. */
export async function checkOut(page: Page, kind: 'due' | 'early', pick: Pick): Promise<{ room: string; points: number } | null> {
  await openTab(page, '在住 / 退房');
  const buttons = inHouseRows(page, kind === 'due').getByRole('button', { name: /办理退房$/ });
  const labels = await buttons.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  const label = pickOf(labels, pick);
  if (label === undefined) return null;
  const [, room, name] = /^为 (\S+) 房 (.+) 办理退房$/.exec(label) ?? [];
  await page.getByRole('button', { name: label, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `退房：${room} ${name}` });
  await dialog.getByRole('button', { name: '确认退房并入账' }).click();
  await dialog.getByText(`${room} 房已退房，房间待打扫。`).waitFor();
  const points = await pointsIn(dialog.locator('.total'));
  await dialog.getByRole('button', { name: '关闭' }).last().click();
  await dialog.waitFor({ state: 'detached' });
  return { room: room ?? '', points };
}

/** Housekeeping's report: up to `max` vacant dirty rooms marked clean at once on the room board. */
export async function cleanRooms(page: Page, max: number, pick: Pick): Promise<string[]> {
  await openTab(page, '房态');
  const board = page.locator('section.room-board');
  await board.locator('.filters select').first().selectOption('vacant-dirty');
  await board.locator('.room-tile, p.empty').first().waitFor();
  try {
    const boxes = board.getByRole('checkbox', { name: /^选择 \S+ 房$/ });
    const labels = await boxes.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    const chosen = (pick === 'first' ? labels : [...labels].reverse()).slice(0, max);
    if (chosen.length === 0) return [];
    for (const l of chosen) await board.getByRole('checkbox', { name: l, exact: true }).check();
    await board.getByRole('button', { name: `标记已打扫（${chosen.length} 间）` }).click();
    await board.getByText(/已标记为空净，可以入住。/).waitFor();
    return chosen.map((l) => l.replace(/^选择 (\S+) 房$/, '$1'));
  } finally {
    await board.locator('.filters select').first().selectOption('all');
  }
}

/** 续住 at the desk: one more night for an in-house guest not due out today. */
export async function extendStay(page: Page, pick: Pick): Promise<{ room: string; departure: string } | null> {
  await openTab(page, '在住 / 退房');
  const labels = await inHouseRows(page, false).getByRole('button', { name: /办理续住$/ })
    .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  const label = pickOf(labels, pick);
  if (label === undefined) return null;
  const [, room, name] = /^为 (\S+) 房 (.+) 办理续住$/.exec(label) ?? [];
  await page.getByRole('button', { name: label, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `续住：${room} ${name}` });
  const current = /原定离店 (\d{4}-\d\d-\d\d)/.exec(await dialog.innerText())?.[1];
  if (!current) throw new Error(`the extension dialog of ${room} names no departure`);
  const departure = addDays(current, 1);
  await dialog.getByLabel('新的离店日期').fill(departure);
  await dialog.getByRole('button', { name: '确认续住' }).click();
  await dialog.getByText(`已续住 1 晚，新的离店日期 ${departure}。`).waitFor();
  await dialog.getByRole('button', { name: '关闭' }).last().click();
  await dialog.waitFor({ state: 'detached' });
  return { room: room ?? '', departure };
}

/** 换房: an in-house guest to a vacant clean room (another type when their own is full), with a reason. */
export async function moveRoom(page: Page, pick: Pick): Promise<{ from: string; to: string } | null> {
  await openTab(page, '在住 / 退房');
  const labels = await page.locator('table.list tbody tr').getByRole('button', { name: /换房$/ })
    .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  const label = pickOf(labels, pick);
  if (label === undefined) return null;
  const [, room, name] = /^为 (\S+) 房 (.+) 换房$/.exec(label) ?? [];
  await page.getByRole('button', { name: label, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `换房：${room} ${name}` });
  const select = dialog.getByLabel('换到');
  if ((await select.locator('option').count()) < 2) await dialog.getByLabel(/也显示其他房型/).check();
  const options = await select.locator('option').evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value).filter(Boolean));
  const to = pickOf(options, pick);
  if (to === undefined) {
    await dialog.getByRole('button', { name: '取消' }).click();
    return null;
  }
  await select.selectOption(to);
  await dialog.getByLabel('换房原因').fill('空调故障');
  await dialog.getByRole('button', { name: '确认换房' }).click();
  const moved = dialog.getByText(/^已从 \S+ 房换到 \S+ 房，原房间待打扫。$/);
  await moved.waitFor();
  const toRoom = /换到 (\S+) 房/.exec(await moved.innerText())?.[1] ?? '';
  await dialog.getByRole('button', { name: '关闭' }).last().click();
  await dialog.waitFor({ state: 'detached' });
  return { from: room ?? '', to: toRoom };
}

/** Bedtime milk for a member found by member number; returns the balance the profile shows afterwards. */
export async function redeemMilk(page: Page, memberId: string): Promise<number> {
  await openTab(page, '会员');
  await page.getByRole('searchbox', { name: '查找会员' }).fill(memberId);
  await page.getByRole('list', { name: '查找结果' }).getByRole('button').first().click();
  const profile = page.locator('article.profile');
  await profile.locator('.sub').getByText(memberId).waitFor();
  const before = await pointsIn(profile.getByTestId('balance'));
  await profile.getByRole('button', { name: /睡前牛奶/ }).click();
  await page.getByRole('dialog', { name: '确认兑换' }).getByRole('button', { name: '确认兑换' }).click();
  await profile.getByText(/已兑换睡前牛奶/).waitFor();
  for (;;) {
    const after = await pointsIn(profile.getByTestId('balance'));
    if (after !== before) return after;
    await page.waitForTimeout(100);
  }
}

/** The balance the member's profile shows now. */
export async function balanceShown(page: Page, memberId: string): Promise<number> {
  await openTab(page, '会员');
  await page.getByRole('searchbox', { name: '查找会员' }).fill(memberId);
  await page.getByRole('list', { name: '查找结果' }).getByRole('button').first().click();
  const profile = page.locator('article.profile');
  await profile.locator('.sub').getByText(memberId).waitFor();
  return pointsIn(profile.getByTestId('balance'));
}

/** Cancels an upcoming booking on 预订 (the dialog says what it costs first); returns the guest. */
export async function cancelBooking(page: Page, pick: Pick): Promise<string | null> {
  await openTab(page, '预订');
  const rows = page.locator('section.screen table tbody tr').filter({ has: page.getByRole('button', { name: '取消预订' }) });
  const count = await rows.count();
  if (count === 0) return null;
  const row = rows.nth(pick === 'first' ? 0 : count - 1);
  await row.getByRole('button', { name: '取消预订' }).click();
  const dialog = page.getByRole('dialog', { name: /^取消预订 · / });
  const guest = (await dialog.locator('h2').first().innerText()).replace(/^取消预订 · /, '');
  await dialog.getByRole('button', { name: '确认取消' }).click();
  await dialog.waitFor({ state: 'detached' });
  return guest;
}

/**
 * The night: the clerk hands over (交班) to the night auditor, who leaves
 * door mode with the PIN and runs the audit of `date`; returns the no-shows it reported.
 */
export async function nightAudit(page: Page, date: string): Promise<number> {
  await blur(page);
  await openMenu(page);
  await page.getByRole('button', { name: '交班', exact: true }).click();
  await signInStaff(page, 'night-auditor');
  const auditor = DEMO_STAFF.find((s) => s.role === 'night-auditor')!;
  await page.getByRole('heading', { name: /门禁模式/ }).waitFor();
  await page.getByRole('button', { name: '退出门禁模式' }).click();
  const unlock = page.getByRole('dialog', { name: '退出门禁模式' });
  await unlock.getByLabel(/PIN/).fill(auditor.pin);
  await unlock.getByRole('button', { name: '确认' }).click();
  await openTab(page, '夜审');
  await page.locator('article.report').getByRole('heading', { name: `夜审报表 · ${date}` }).waitFor();
  await page.getByRole('button', { name: '运行夜审并滚动营业日' }).click();
  await page.locator('.audit-preview').getByRole('button', { name: '确认夜审' }).click();
  const done = page.getByText(new RegExp(`${date} 夜审完成：未到 (\\d+) 笔，`));
  await done.waitFor();
  return Number(new RegExp(`${date} 夜审完成：未到 (\\d+) 笔，`).exec(await done.innerText())?.[1] ?? NaN);
}

/** The morning: the night auditor hands over to the front desk. */
export async function morningShift(page: Page): Promise<void> {
  await openMenu(page);
  await page.getByRole('button', { name: '交班', exact: true }).click();
  await signInStaff(page, 'front-desk');
}
