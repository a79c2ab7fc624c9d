/**
 * What sync cannot settle by itself reaches the review log, against the
 * real server: a contradicting immutable fact (the server's version stands,
 * ours is recorded, never dropped) and a document the server refuses (the
 * refusal is recorded and does not hold up the changes behind it).
 */
import { afterEach, describe, expect, inject, test } from 'vitest';
import { updateMemberProfile } from '../../src/data';
import { serverDbName } from '../../src/data/replicated';
import { canonicalJson } from '../../src/domain/merge';
import { entry, reservation, smallBranch } from '../support/fixtures';
import { uniqueBranchId } from './server';
import { branchCopy, converged, serverBranch, tablet, TWO_TABLET_COLLECTIONS, twoSyncedTablets, until, type Tablet } from './tablets';

const couch = inject('couch');
const open: Tablet[] = [];
afterEach(async () => { await Promise.all(open.splice(0).map((t) => t.close())); });

async function serverDoc(db: string, id: string): Promise<Record<string, unknown> | null> {
  const auth = `Basic ${Buffer.from(`${couch.adminUser}:${couch.adminPassword}`).toString('base64')}`;
  const res = await fetch(`${couch.url}${db}/${encodeURIComponent(id)}?conflicts=true`, { headers: { Authorization: auth } });
  return res.status === 200 ? ((await res.json()) as Record<string, unknown>) : null;
}

describe('the review log', () => {
  test('two tablets wrote different facts under one ledger id: the first on the server stands, the other is logged', async () => {
    const { branchId, a, b } = await twoSyncedTablets(couch, 'imm');
    open.push(a, b);
    await a.offline();
    await b.offline();
    const base = { id: 'bug:same-id', memberId: 'M000000002', branchId, createdAt: Date.now() };
    await a.db.ledger.insert(entry({ ...base, points: 100, deviceId: 'tab-a' }));
    await b.db.ledger.insert(entry({ ...base, points: 900, deviceId: 'tab-b' }));
    await a.online();
    await a.sync!.awaitInSync();
    await b.online();
    expect(await converged([a, b], ['ledger'])).toBe(true);

    const onServer = await serverDoc(serverDbName(branchId, 'ledger'), 'bug:same-id');
    expect(onServer?.points).toBe(100);
    expect(onServer?._conflicts).toBeUndefined();
    for (const t of [a, b]) expect((await t.db.ledger.findOne('bug:same-id').exec())?.points).toBe(100);
    const logged = await until(
      async () => (await b.db.reviews.find({ selector: { kind: 'conflict' } }).exec()).map((d) => d.toJSON()),
      (l) => l.length > 0,
    );
    const rec = logged.find((r) => r.docId === 'bug:same-id');
    expect(rec?.docCollection).toBe('ledger');
    const detail = rec?.detail as { reason: string; lost: { points: number }; kept: { points: number } };
    expect(detail.reason).toBe('immutable-contradiction');
    expect(detail.lost.points).toBe(900);
    expect(detail.kept.points).toBe(100);
    // The record itself reaches the server (the manager reviews it from any tablet).
    expect(await until(() => serverDoc(serverDbName(branchId, 'reviews'), rec!.id), (d) => d !== null)).not.toBeNull();
  });

  test('the same fact recorded twice is no conflict at all', async () => {
    const { branchId, a, b } = await twoSyncedTablets(couch, 'same');
    open.push(a, b);
    await a.offline();
    await b.offline();
    // A checkout posted on both tablets: same deterministic id, same points, other provenance.
    const base = { id: 'R-LI:stay', memberId: 'M000000002', branchId, points: 120, kind: 'earn' as const, rule: 'stay', params: { points: 120 } };
    await a.db.ledger.insert(entry({ ...base, deviceId: 'tab-a', createdAt: 1 }));
    await b.db.ledger.insert(entry({ ...base, deviceId: 'tab-b', createdAt: 2 }));
    await a.online();
    await a.sync!.awaitInSync();
    await b.online();
    expect(await converged([a, b], ['ledger'])).toBe(true);
    expect((await b.db.reviews.find({ selector: { kind: 'conflict' } }).exec()).length).toBe(0);
    expect((await serverDoc(serverDbName(branchId, 'ledger'), 'R-LI:stay'))?.deviceId).toBe('tab-a');
  });

  test('a ledger batch goes up in one round trip; a member edit still asks the server for its version first', async () => {
    const branchId = uniqueBranchId('trip');
    await serverBranch(couch, branchId, branchCopy(smallBranch(), branchId));
    const requests: { method: string; path: string }[] = [];
    const recording = (url: string, init?: RequestInit) => {
      requests.push({ method: (init?.method ?? 'GET').toUpperCase(), path: new URL(url).pathname });
      return fetch(url, init);
    };
    const a = await tablet(couch.url, branchId, 'tab-a', { only: TWO_TABLET_COLLECTIONS, fetch: recording });
    open.push(a);
    await (await a.start()).initialDone();
    requests.length = 0;
    await a.db.ledger.insert(entry({ id: 'trip:1', memberId: 'M000000002', branchId, points: 10, createdAt: Date.now() }));
    expect((await updateMemberProfile(a.db, { memberId: 'M000000002', phone: '13900001111' }, a.ctx)).ok).toBe(true);
    await a.sync!.awaitInSync();
    const ledgerDb = `/${serverDbName(branchId, 'ledger')}/`;
    const membersDb = `/${serverDbName(branchId, 'members')}/`;
    const sent = (db: string) => requests.filter((r) => r.method === 'POST' && r.path.startsWith(db)).map((r) => r.path.slice(db.length));
    expect(sent(ledgerDb)).toEqual(['_bulk_docs']);
    expect(sent(membersDb)).toEqual(['_all_docs', '_bulk_docs']);
    expect((await serverDoc(serverDbName(branchId, 'ledger'), 'trip:1'))?.points).toBe(10);
    expect((await serverDoc(serverDbName(branchId, 'members'), 'M000000002'))?.phone).toBe('13900001111');
  });

  test('after its own push, a polled collection reads the server\'s changes at once, not a poll interval later', async () => {
    const branchId = uniqueBranchId('soon');
    await serverBranch(couch, branchId, branchCopy(smallBranch(), branchId));
    const requests: { method: string; path: string; query: string }[] = [];
    const recording = (url: string, init?: RequestInit) => {
      const u = new URL(url);
      requests.push({ method: (init?.method ?? 'GET').toUpperCase(), path: u.pathname, query: u.search });
      return fetch(url, init);
    };
    // Members are polled; a minute between polls, so only the push can bring the next read forward.
    const a = await tablet(couch.url, branchId, 'tab-a', { only: TWO_TABLET_COLLECTIONS, fetch: recording, pollMs: 60_000 });
    open.push(a);
    await (await a.start()).initialDone();
    await new Promise((r) => setTimeout(r, 300));
    expect((await updateMemberProfile(a.db, { memberId: 'M000000002', phone: '13900002222' }, a.ctx)).ok).toBe(true);
    await a.sync!.awaitInSync();
    const membersDb = `/${serverDbName(branchId, 'members')}/`;
    const pushedAt = requests.findIndex((r) => r.method === 'POST' && r.path === `${membersDb}_bulk_docs`);
    expect(pushedAt).toBeGreaterThanOrEqual(0);
    const readAfter = await until(
      async () => requests.slice(pushedAt + 1).filter((r) => r.method === 'GET' && r.path === `${membersDb}_changes`).length,
      (n) => n > 0, 5_000,
    );
    expect(readAfter).toBeGreaterThan(0);
  });

  test('a document the server refuses is logged with its reason, and what follows still syncs', async () => {
    const branchId = uniqueBranchId('rej');
    await serverBranch(couch, branchId, branchCopy(smallBranch(), branchId));
    const a = await tablet(couch.url, branchId, 'tab-a', { only: TWO_TABLET_COLLECTIONS });
    open.push(a);
    await (await a.start()).initialDone();
    // Another branch's reservation: the server's validate_doc_update refuses it.
    await a.db.reservations.insert(reservation({ id: 'R-ALIEN', guestName: '外店', branchId: 'gz-elsewhere' }));
    await a.db.reservations.insert(reservation({ id: 'R-MINE', guestName: '本店', branchId }));
    const rec = await until(
      async () => (await a.db.reviews.find({ selector: { kind: 'rejected' } }).exec()).map((d) => d.toJSON()),
      (l) => l.length > 0,
    );
    expect(rec[0]?.docId).toBe('R-ALIEN');
    expect(String((rec[0]?.detail as { reason: string }).reason)).toMatch(/^wrong-branch:/);
    expect(await until(() => serverDoc(serverDbName(branchId, 'reservations'), 'R-MINE'), (d) => d !== null)).not.toBeNull();
    expect(await serverDoc(serverDbName(branchId, 'reservations'), 'R-ALIEN')).toBeNull();
    // The refused document stays on the tablet (nothing a clerk typed is dropped).
    expect(canonicalJson((await a.db.reservations.findOne('R-ALIEN').exec())?.guestName)).toBe('"外店"');
  });
});
