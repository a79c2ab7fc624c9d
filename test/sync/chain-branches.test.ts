/**
 * Other branches by name (a clerk saw `gz-tianhe` where a stay at another
 * branch was listed): the chain's branch list on the server
 * (`registerChainBranches`, admin-only), the chain directory's
 * `GET /chain/branches` for a branch's tablet, and the tablet keeping the
 * list for offline use (src/sync/chain-branches.ts), against the real server.
 */
import { afterAll, afterEach, beforeAll, describe, expect, inject, test } from 'vitest';
import { chainBranches$, readChainBranches } from '../../src/data/chain-branches';
import { branchUser } from '../../src/data/replicated';
import { keepChainBranches } from '../../src/sync/chain-branches';
import type { FetchLike } from '../../src/sync/transport';
import { startChainDirectory } from '../../server/chain-directory-http';
import { CHAIN_BRANCHES_DB, registerChainBranches } from '../../server/provision';
import { smallBranch } from '../support/fixtures';
import { uniqueBranchId } from './server';
import { BRANCH_PASSWORD, branchCopy, serverBranch, tablet, until, type Tablet } from './tablets';
import { firstValueFrom } from 'rxjs';

const couch = inject('couch');
const admin = { user: couch.adminUser, password: couch.adminPassword };
const open: Tablet[] = [];
afterEach(async () => { await Promise.all(open.splice(0).map((t) => t.close())); });

const y = uniqueBranchId('cby');
const tianhe = uniqueBranchId('cbt');
let service: Awaited<ReturnType<typeof startChainDirectory>>;
const yAuth = `Basic ${Buffer.from(`${branchUser(y).name}:${BRANCH_PASSWORD}`).toString('base64')}`;
const ySetup = (password = BRANCH_PASSWORD) => ({ server: `${service.url}db/`, user: branchUser(y).name, password });
const LIST = () => [
  { id: y, name: '测试店', nameEn: 'Test Branch', city: '广州' },
  { id: tianhe, name: '广州天河店', nameEn: 'Guangzhou Tianhe', city: '广州' },
];

/** A fetch that counts the requests to the branch list. */
function counting(): { fetch: FetchLike; calls: () => number } {
  let n = 0;
  return { fetch: (u, i) => { if (String(u).includes('/chain/branches')) n += 1; return fetch(u, i); }, calls: () => n };
}

beforeAll(async () => {
  await serverBranch(couch, y, branchCopy(smallBranch(), y));
  service = await startChainDirectory({ url: couch.url, admin, branches: [y], autoPass: false, log: () => {} });
});
afterAll(async () => { await service?.stop(); });

describe("the chain's branch list", () => {
  test('registering: a bad entry refuses the whole list and writes nothing; a second run writes nothing; a new name is written', async () => {
    await expect(registerChainBranches({ url: couch.url, admin, branches: [...LIST(), { id: 'Bad Id', name: 'x', city: '' }] }))
      .rejects.toThrow(/branch id "Bad Id".*Nothing was written/);
    const none = await fetch(`${couch.url}${CHAIN_BRANCHES_DB}/${encodeURIComponent(tianhe)}`, { headers: { Authorization: `Basic ${Buffer.from(`${admin.user}:${admin.password}`).toString('base64')}` } });
    expect(none.status).toBe(404);

    expect(await registerChainBranches({ url: couch.url, admin, branches: LIST() })).toEqual({ written: 2, unchanged: 0 });
    expect(await registerChainBranches({ url: couch.url, admin, branches: LIST() })).toEqual({ written: 0, unchanged: 2 });
    const renamed = LIST().map((b) => (b.id === tianhe ? { ...b, name: '广州天河体育中心店' } : b));
    // The demo's loader adds only what is missing: head office's names stay.
    expect(await registerChainBranches({ url: couch.url, admin, branches: renamed, onlyMissing: true })).toEqual({ written: 0, unchanged: 2 });
    expect(await registerChainBranches({ url: couch.url, admin, branches: renamed })).toEqual({ written: 1, unchanged: 1 });
    expect(await registerChainBranches({ url: couch.url, admin, branches: LIST() })).toEqual({ written: 1, unchanged: 1 });
    // One id twice (the demo loaded as one of its own other branches): refused, nothing written.
    await expect(registerChainBranches({ url: couch.url, admin, branches: [...LIST(), { ...LIST()[1]!, name: '别名' }] }))
      .rejects.toThrow(/listed twice.*Nothing was written/);
  });

  test("a branch's tablet reads it through the chain directory, not through CouchDB, and not without credentials", async () => {
    await registerChainBranches({ url: couch.url, admin, branches: LIST() });
    const res = await fetch(`${service.url}chain/branches`, { headers: { Authorization: yAuth } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { branches: { id: string; name: string }[] };
    expect(body.branches).toEqual(expect.arrayContaining(LIST()));
    expect((await fetch(`${service.url}chain/branches`)).status).toBe(401);
    expect((await fetch(`${couch.url}${CHAIN_BRANCHES_DB}/_all_docs`, { headers: { Authorization: yAuth } })).status).toBe(403);
  });

  test('the tablet keeps it: names offline, read again only when an hour old, the list kept when the server is gone', async () => {
    await registerChainBranches({ url: couch.url, admin, branches: LIST() });
    const t = await tablet(couch.url, y, 'tab-cb1');
    open.push(t);
    let clock = 1_000_000;
    const c = counting();
    const events = new EventTarget();
    const keeper = keepChainBranches(t.db, ySetup(), { fetch: c.fetch, now: () => clock, events, retryMs: 3_600_000 });
    try {
      const names = await until(() => firstValueFrom(chainBranches$(t.db)), (m) => m.has(tianhe));
      expect(names.get(tianhe)).toEqual({ id: tianhe, name: '广州天河店', nameEn: 'Guangzhou Tianhe', city: '广州' });
      expect((await readChainBranches(t.db))?.fetchedAt).toBe(1_000_000);
      expect(c.calls()).toBe(1);

      // Within the hour: not read again, on start or when the browser comes back online.
      clock += 30 * 60_000;
      expect(await keeper.refresh()).toBe('fresh');
      events.dispatchEvent(new Event('online'));
      await keeper.refresh();
      expect(c.calls()).toBe(1);

      // An hour on, with the server gone: the read fails and the names stay.
      clock += 31 * 60_000;
      const down: FetchLike = () => Promise.reject(new TypeError('Failed to fetch'));
      const offline = keepChainBranches(t.db, ySetup(), { fetch: down, now: () => clock, events: new EventTarget(), retryMs: 3_600_000 });
      expect(await offline.refresh()).toMatchObject({ ok: false, error: 'network' });
      offline.stop();
      expect((await firstValueFrom(chainBranches$(t.db))).get(tianhe)?.name).toBe('广州天河店');
    } finally {
      keeper.stop();
    }
  });

  test('a directory without the list (404) is asked again in an hour, not every minute; a list read through another server is read again', async () => {
    const t = await tablet(couch.url, y, 'tab-cb3');
    open.push(t);
    let clock = 5_000_000;
    let asked = 0;
    const missing: FetchLike = () => { asked += 1; return Promise.resolve(new Response('{"error":"not_found"}', { status: 404, headers: { 'content-type': 'application/json' } })); };
    const keeper = keepChainBranches(t.db, ySetup(), { fetch: missing, now: () => clock, events: new EventTarget(), retryMs: 50, everyMs: 400 });
    try {
      expect(await keeper.refresh()).toMatchObject({ ok: false, error: 'notFound' });
      await new Promise((r) => setTimeout(r, 250));
      expect(asked).toBe(1);
      await until(async () => asked, (n) => n >= 2, 3000);
    } finally {
      keeper.stop();
    }

    // Read through this server a moment ago, but the tablet is now set up for another: read again at once.
    await registerChainBranches({ url: couch.url, admin, branches: LIST() });
    const c = counting();
    clock += 1000;
    const elsewhere = keepChainBranches(t.db, ySetup(), { fetch: c.fetch, now: () => clock, events: new EventTarget() });
    await elsewhere.refresh();
    elsewhere.stop();
    expect(c.calls()).toBe(1);
    expect((await readChainBranches(t.db))?.server).toBe(ySetup().server);
    const again = keepChainBranches(t.db, { ...ySetup(), server: `${service.url}other/db/` }, { fetch: c.fetch, now: () => clock, events: new EventTarget() });
    await again.refresh();
    again.stop();
    expect(c.calls()).toBe(2);
  });

  test('a refused sign-in is not retried: not on a timer, not when the browser comes back online', async () => {
    const t = await tablet(couch.url, y, 'tab-cb2');
    open.push(t);
    const c = counting();
    const events = new EventTarget();
    const keeper = keepChainBranches(t.db, ySetup('wrong-password'), { fetch: c.fetch, events, retryMs: 50 });
    expect(await keeper.refresh()).toMatchObject({ ok: false, error: 'unauthorized' });
    events.dispatchEvent(new Event('online'));
    await new Promise((r) => setTimeout(r, 300));
    expect(c.calls()).toBe(1);
    expect(await readChainBranches(t.db)).toBeNull();
    keeper.stop();
  });
});
