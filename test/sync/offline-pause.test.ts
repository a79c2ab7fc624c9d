/**
 * The replications while the browser says it is offline, and their restart
 * when it says it is online (src/sync/offline-pause.ts; issue #15): the
 * collections with changes waiting restart first, so the push of what was
 * written offline does not wait behind every other collection's re-read;
 * the others restart once those are in step, at most 2 s later.
 *
 * Node has no browser: the test gives the sync a `window` (an EventTarget)
 * and a `navigator` whose `onLine` it sets, and fires `offline`/`online`
 * on it as Chromium does.
 */
import { afterEach, expect, inject, test, vi } from 'vitest';
import { serverDbName } from '../../src/data/replicated';
import type { LedgerEntry } from '../../src/domain/model';
import { CHANGED_COUNT_CAP } from '../../src/data/sync-store';
import { useSyncStatus } from '../../src/sync/status';
import { loadDocs } from '../../server/provision';
import { entry, smallBranch } from '../support/fixtures';
import { uniqueBranchId } from './server';
import { branchCopy, serverBranch, tablet, type Tablet } from './tablets';

const couch = inject('couch');
const open: Tablet[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.close()));
  vi.unstubAllGlobals();
});

const ONLY = ['members', 'ledger', 'branches', 'reviews', 'journal'] as const;

async function until<T>(what: string, check: () => T | undefined | false, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A browser's window and navigator for the sync, with `onLine` under the test's control. */
function fakeBrowser() {
  const win = new EventTarget();
  const nav = { onLine: true };
  vi.stubGlobal('window', win);
  vi.stubGlobal('navigator', nav);
  return {
    offline() { nav.onLine = false; win.dispatchEvent(new Event('offline')); },
    online() { nav.onLine = true; win.dispatchEvent(new Event('online')); },
  };
}

async function offlineTablet(name: string, options: { pushFirst?: boolean; holdLedgerPush?: number } = {}) {
  const browser = fakeBrowser();
  const branchId = uniqueBranchId(name);
  await serverBranch(couch, branchId, branchCopy(smallBranch(), branchId));
  const ledgerDb = serverDbName(branchId, 'ledger');
  const pushes: { docs: number; paused: Record<string, boolean>; answered: boolean }[] = [];
  let a: Tablet | null = null;
  /** When each request went to the network (after the transport's own holds and waits). */
  const sentAt: number[] = [];
  const observe = async (url: string, init?: RequestInit): Promise<Response> => {
    sentAt.push(Date.now());
    if (url.includes(`/${ledgerDb}/_bulk_docs`) && a?.sync) {
      // Which replications were running when the push went.
      const paused = Object.fromEntries([...a.sync.states].map(([n, s]) => [n, s.isPaused()]));
      const push = { docs: (JSON.parse(String(init?.body)) as { docs: unknown[] }).docs.length, paused, answered: false };
      pushes.push(push);
      if (options.holdLedgerPush) await new Promise((r) => setTimeout(r, options.holdLedgerPush));
      const res = await fetch(url, init);
      push.answered = true;
      return res;
    }
    return fetch(url, init);
  };
  a = await tablet(couch.url, branchId, `tab-${name}`, {
    only: ONLY, fetch: observe, ...(options.pushFirst === undefined ? {} : { pushFirst: options.pushFirst }),
  });
  open.push(a);
  const sync = await a.start();
  await sync.initialDone();
  await sync.awaitInSync();

  // The network goes: the browser says so first, then requests fail.
  const offlineAt = Date.now();
  browser.offline();
  await a.proxy.set({ kind: 'refuse' });
  expect([...sync.states.values()].every((s) => s.isPaused())).toBe(true);
  const t0 = Date.now();
  const lines: LedgerEntry[] = Array.from({ length: 20 }, (_, i) => entry({
    id: `tab-${name}:line-${String(i).padStart(3, '0')}`, memberId: 'M000000001', points: 1, branchId,
    createdAt: t0 + i, deviceId: `tab-${name}`, staffId: `staff-tab-${name}`,
  }));
  expect((await a.db.ledger.bulkInsert(lines)).error).toEqual([]);
  // The status refresh has counted them (what the restart's order is decided on).
  await until('the offline lines counted as waiting', () => useSyncStatus.getState().pending >= 20);
  expect(pushes).toEqual([]);
  return {
    a, sync, browser, pushes, offlineAt, sentAt,
    back: async () => { await a.proxy.set({ kind: 'pass' }); browser.online(); },
  };
}

test('while the browser says offline the paused replications send nothing (RxDB\'s live feeds wait instead of failing and retrying)', async () => {
  const { sentAt, offlineAt } = await offlineTablet('pquiet');
  // A request already past the transport's hold when the browser went offline (a poll's wait, a back-off) may still go out.
  await new Promise((r) => setTimeout(r, 3500));
  const late = sentAt.filter((t) => t >= offlineAt + 1500);
  expect(late).toEqual([]);
}, 60_000);

test('on reconnect the ledger, which has lines waiting, restarts and pushes while the collections with nothing waiting stay paused; they restart after it', async () => {
  const { sync, pushes, back } = await offlineTablet('pfirst');
  await back();
  await until('the ledger push', () => pushes.length > 0);
  expect(pushes[0]!.docs).toBe(20);
  expect(pushes[0]!.paused).toMatchObject({ ledger: false, members: true, branches: true, reviews: true });
  await sync.awaitInSync();
  await until('every replication restarted', () => [...sync.states.values()].every((s) => !s.isPaused()));
  await sync.awaitInSync();
  expect(useSyncStatus.getState().pending).toBe(0);
}, 60_000);

test('pushFirst: false restarts everything at once (as before)', async () => {
  const { sync, pushes, back } = await offlineTablet('pall', { pushFirst: false });
  await back();
  await until('the ledger push', () => pushes.length > 0);
  expect(pushes[0]!.paused).toMatchObject({ ledger: false, members: false, branches: false, reviews: false });
  await sync.awaitInSync();
}, 60_000);

test('a push that hangs keeps the others paused for at most 2 s', async () => {
  const { sync, pushes, back } = await offlineTablet('phang', { holdLedgerPush: 6000 });
  const t = Date.now();
  await back();
  await until('the ledger push', () => pushes.length > 0);
  const restarted = await until('the other replications restarted', () => [...sync.states.values()].every((s) => !s.isPaused()) && Date.now(), 8000);
  // Not before the 2 s (a timer), and while the ledger's push was still waiting for its answer.
  expect(restarted - t).toBeGreaterThanOrEqual(1900);
  expect(pushes[0]!.answered).toBe(false);
  await sync.awaitInSync();
}, 60_000);

test('asked to retry while the browser still says offline: everything stays paused', async () => {
  const { a, sync, pushes } = await offlineTablet('pstill');
  await a.proxy.set({ kind: 'pass' });
  sync.retryNow();
  await new Promise((r) => setTimeout(r, 1500));
  expect(pushes).toEqual([]);
  expect([...sync.states.values()].every((s) => s.isPaused())).toBe(true);
}, 60_000);

/** A tablet of a fresh branch, its first download done and in step, the browser online. */
async function syncedTablet(name: string) {
  const browser = fakeBrowser();
  const branchId = uniqueBranchId(name);
  await serverBranch(couch, branchId, branchCopy(smallBranch(), branchId));
  const t = await tablet(couch.url, branchId, `tab-${name}`, { only: ONLY });
  open.push(t);
  const sync = await t.start();
  await sync.initialDone();
  await sync.awaitInSync();
  return { browser, branchId, t, sync };
}

test('an answer that comes in after the browser said offline does not count as the server reachable: the marks stay, the offline lines stay waiting', async () => {
  const { browser, branchId, t, sync } = await syncedTablet('plate');
  // The browser says offline, but the line still carries the ledger's long-poll in flight.
  browser.offline();
  const t0 = Date.now();
  const line = entry({ id: 'tab-plate:line-1', memberId: 'M000000001', points: 1, branchId, createdAt: t0, deviceId: 'tab-plate', staffId: 'staff-tab-plate' });
  expect((await t.db.ledger.bulkInsert([line])).error).toEqual([]);
  // Head office writes to the ledger: the long-poll in flight answers.
  const hq = entry({ id: 'hq:line-late', memberId: 'M000000002', points: 5, branchId, createdAt: t0, deviceId: 'hq', staffId: 'hq' });
  const loaded = await loadDocs({ url: couch.url, auth: { user: couch.adminUser, password: couch.adminPassword }, branchId, collection: 'ledger', docs: [hq as unknown as Record<string, unknown>] });
  expect(loaded.rejected).toEqual([]);
  await new Promise((r) => setTimeout(r, 2500));
  // Old code (the hold without this): the answer made the server "reachable", the marks moved, 0 waiting, "in step".
  expect(useSyncStatus.getState().connection).toBe('offline');
  expect(useSyncStatus.getState().pending).toBeGreaterThanOrEqual(1);
  expect(sync.standing()).toMatchObject({ kind: 'synced', inStep: false });
  browser.online();
  await sync.awaitInSync();
  await until('nothing waiting after the reconnect', () => useSyncStatus.getState().pending === 0);
}, 60_000);

test('a sync started while the browser says offline shows offline at once (its replications start paused and send nothing)', async () => {
  const { browser, t } = await syncedTablet('pstart');
  await t.stop();
  browser.offline();
  const sync = await t.start();
  await until('the status offline', () => useSyncStatus.getState().connection === 'offline', 3000);
  browser.online();
  await sync.awaitInSync();
  await until('online again', () => useSyncStatus.getState().connection === 'online');
}, 60_000);

test('offline right after the first download: the lines written offline count as waiting and the ledger pushes first (the ledger imported more lines than the count looks at)', async () => {
  const browser = fakeBrowser();
  const branchId = uniqueBranchId('pfresh');
  const data = branchCopy(smallBranch(), branchId);
  // More ledger lines on the server than the "changes waiting" count reads at a time.
  data.ledger.push(...Array.from({ length: CHANGED_COUNT_CAP + 50 }, (_, i) => entry({ id: `M000000002:hq.${String(i).padStart(5, '0')}`, memberId: 'M000000002', points: 1, branchId })));
  await serverBranch(couch, branchId, data);
  const ledgerDb = serverDbName(branchId, 'ledger');
  const pushes: { docs: number; paused: Record<string, boolean> }[] = [];
  let a: Tablet | null = null;
  const observe = (url: string, init?: RequestInit): Promise<Response> => {
    if (url.includes(`/${ledgerDb}/_bulk_docs`) && a?.sync) {
      pushes.push({ docs: (JSON.parse(String(init?.body)) as { docs: unknown[] }).docs.length, paused: Object.fromEntries([...a.sync.states].map(([n, s]) => [n, s.isPaused()])) });
    }
    return fetch(url, init);
  };
  a = await tablet(couch.url, branchId, 'tab-pfresh', { only: ONLY, fetch: observe });
  open.push(a);
  const sync = await a.start();
  await sync.initialDone();
  // Every collection has its first mark once its download is done (old code: at the next status refresh, 0.1 s or more later).
  expect(ONLY.filter((n) => n !== 'journal' && !((useSyncStatus.getState().marks[n] ?? 0) > 0))).toEqual([]);
  // The network goes the moment the download is done (before the status refresh that follows it).
  browser.offline();
  await a.proxy.set({ kind: 'refuse' });
  const t0 = Date.now();
  const lines: LedgerEntry[] = Array.from({ length: 20 }, (_, i) => entry({
    id: `tab-pfresh:line-${String(i).padStart(3, '0')}`, memberId: 'M000000001', points: 1, branchId,
    createdAt: t0 + i, deviceId: 'tab-pfresh', staffId: 'staff-tab-pfresh',
  }));
  expect((await a.db.ledger.bulkInsert(lines)).error).toEqual([]);
  // Old code: the ledger's mark had not moved, and its count since 0 read only imported lines: 0 waiting.
  await until('the offline lines counted as waiting', () => useSyncStatus.getState().pending >= 20, 5000);
  await a.proxy.set({ kind: 'pass' });
  browser.online();
  await until('the ledger push', () => pushes.length > 0);
  expect(pushes[0]!.docs).toBe(20);
  // Old code: nothing counted as waiting, so everything restarted at once.
  expect(pushes[0]!.paused).toMatchObject({ ledger: false, members: true, branches: true, reviews: true });
  await sync.awaitInSync();
  await until('nothing waiting after the reconnect', () => useSyncStatus.getState().pending === 0);
}, 90_000);
