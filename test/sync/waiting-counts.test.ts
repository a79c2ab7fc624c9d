/**
 * The "changes waiting" count of the sync status (src/sync/waiting-counts.ts):
 * read again only when the collection was written, its mark moved or the
 * count is old; and, through the real sync code, a tablet that sits idle
 * does not query its storage every second, while a write still shows at once.
 *
 * One tablet only: the sync status store (src/sync/status.ts) is global per process.
 */
import { afterAll, describe, expect, inject, test } from 'vitest';
import { updateMemberProfile } from '../../src/data';
import { serverDbName } from '../../src/data/replicated';
import { CHANGED_COUNT_CAP, changedSinceCount } from '../../src/data/sync-store';
import { openFrontDeskDb } from '../../src/data/database';
import { openReplicationImport } from '../../src/data/replication-import';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import type { LedgerEntry } from '../../src/domain/model';
import { useSyncStatus } from '../../src/sync/status';
import { WaitingCounts } from '../../src/sync/waiting-counts';
import { entry, smallBranch } from '../support/fixtures';
import { uniqueBranchId } from './server';
import { branchCopy, serverBranch, tablet, until, type Tablet } from './tablets';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe('WaitingCounts', () => {
  const setUp = () => {
    let t = 0;
    const reads: [string, number][] = [];
    let value = 0;
    const counts = new WaitingCounts<string>(async (name, since) => { reads.push([name, since]); return value; }, () => t, 10_000);
    return { counts, reads, set: (v: number) => { value = v; }, advance: (ms: number) => { t += ms; } };
  };

  test('reads once, then again only after a write, a new mark or the maximum age', async () => {
    const { counts, reads, set, advance } = setUp();
    set(2);
    expect(await counts.count('ledger', 100)).toBe(2);
    advance(1000);
    expect(await counts.count('ledger', 100)).toBe(2);
    expect(reads).toHaveLength(1);
    // A write to another collection changes nothing here.
    counts.written('members');
    expect(await counts.count('ledger', 100)).toBe(2);
    expect(reads).toHaveLength(1);
    counts.written('ledger');
    set(3);
    expect(await counts.count('ledger', 100)).toBe(3);
    expect(reads).toHaveLength(2);
    // The mark moved.
    set(0);
    expect(await counts.count('ledger', 200)).toBe(0);
    expect(reads).toEqual([['ledger', 100], ['ledger', 100], ['ledger', 200]]);
    advance(9_999);
    expect(await counts.count('ledger', 200)).toBe(0);
    expect(reads).toHaveLength(3);
    advance(1);
    await counts.count('ledger', 200);
    expect(reads).toHaveLength(4);
  });

  test('a write during a read is not hidden behind that read\'s count', async () => {
    let release: (n: number) => void = () => {};
    let reads = 0;
    const counts = new WaitingCounts<string>(() => { reads += 1; return new Promise<number>((r) => { release = r; }); }, () => 0);
    const first = counts.count('ledger', 0);
    counts.written('ledger'); // lands while the read is under way
    release(0);
    expect(await first).toBe(0);
    const second = counts.count('ledger', 0);
    release(1);
    expect(await second).toBe(1);
    expect(reads).toBe(2);
  });
});

const couch = inject('couch');
let a: Tablet | null = null;
afterAll(async () => { await a?.close(); });

test('an idle tablet does not read its changes every second; a write offline is counted at once', async () => {
  const branchId = uniqueBranchId('waiting');
  await serverBranch(couch, branchId, branchCopy(smallBranch(), branchId));
  a = await tablet(couch.url, branchId, 'tab-w', { only: ['members', 'ledger', 'branches', 'reviews', 'journal'] });
  const sync = await a.start();
  await sync.initialDone();
  await sync.awaitInSync();

  // Count the storage reads of the waiting count (RxDB's changed-documents query on the write-time index).
  let reads = 0;
  const storage = a.db.ledger.storageInstance as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const method of ['query', 'getChangedDocumentsSince'] as const) {
    const original = storage[method];
    if (typeof original !== 'function') continue;
    storage[method] = function (this: unknown, ...args: unknown[]) { reads += 1; return original.apply(this, args); };
  }
  await sleep(4_500);
  // Before: one read per status refresh, at least one a second (4+); now at most the maximum age's.
  expect(reads).toBeLessThanOrEqual(1);

  await a.offline();
  const line: LedgerEntry = entry({ id: 'tab-w:line-1', memberId: 'M000000001', points: 1, branchId, createdAt: Date.now(), deviceId: 'tab-w', staffId: 'staff-tab-w' });
  expect((await a.db.ledger.bulkInsert([line])).error).toEqual([]);
  let pending = useSyncStatus.getState().pending;
  for (let i = 0; i < 15 && pending === 0; i += 1) { await sleep(100); pending = useSyncStatus.getState().pending; }
  expect(pending).toBe(1);

  await a.online();
  await sync.awaitInSync();
  for (let i = 0; i < 50 && useSyncStatus.getState().pending !== 0; i += 1) await sleep(100);
  expect(useSyncStatus.getState().pending).toBe(0);
}, 60_000);

test('a change pulled from the server is not counted as waiting to go up; an edit on the tablet after it is', async () => {
  const branchId = uniqueBranchId('wpull');
  await serverBranch(couch, branchId, branchCopy(smallBranch(), branchId));
  const t = await tablet(couch.url, branchId, 'tab-wp', { only: ['members', 'branches', 'reviews', 'journal'] });
  try {
    const sync = await t.start();
    await sync.initialDone();
    await sync.awaitInSync();
    const since = Date.now();
    // Head office changes a member on the server; the tablet pulls it.
    const db = serverDbName(branchId, 'members');
    const admin = `Basic ${Buffer.from(`${couch.adminUser}:${couch.adminPassword}`).toString('base64')}`;
    const url = `${couch.url}${db}/M000000001`;
    const stored = (await (await fetch(url, { headers: { Authorization: admin } })).json()) as Record<string, unknown>;
    const put = await fetch(url, { method: 'PUT', headers: { Authorization: admin, 'Content-Type': 'application/json' }, body: JSON.stringify({ ...stored, name: '总部改名' }) });
    expect(put.ok).toBe(true);
    expect(await until(async () => (await t.db.members.findOne('M000000001').exec())?.name, (n) => n === '总部改名')).toBe('总部改名');
    // Written on the tablet after `since`, by the pull: the server's own version, nothing to send (old: 1).
    expect(await changedSinceCount(t.db, 'members', since)).toBe(0);
    // The clerk edits the member: now one is waiting.
    await t.offline();
    expect((await updateMemberProfile(t.db, { memberId: 'M000000001', phone: '13600004321' }, t.ctx)).ok).toBe(true);
    expect(await changedSinceCount(t.db, 'members', since)).toBe(1);
  } finally {
    await t.close();
  }
}, 60_000);

test('local writes behind more pulled versions than the count looks at are still counted (a mark of 0 right after a first download)', async () => {
  // A first download of more ledger lines than CHANGED_COUNT_CAP (the import: the server's versions, `_meta.o`), then lines written here.
  const db = await openFrontDeskDb({ name: `wcap-${Date.now().toString(36)}`, storage: getRxStorageMemory(), only: ['ledger', 'journal'] });
  try {
    const im = await openReplicationImport(db, 'ledger', 'frontdesk-v1:http://server.invalid/fd-wcap-ledger/');
    if (!im) throw new Error('the fresh ledger was not imported');
    try {
      const lines = Array.from({ length: CHANGED_COUNT_CAP + 10 }, (_, i) => {
        const { id, ...rest } = entry({ id: `M000000001:server.${String(i).padStart(5, '0')}`, memberId: 'M000000001', points: 1 });
        return { _id: id, _rev: '1-a', ...rest };
      });
      await im.write(lines);
      im.finish(1);
    } finally {
      await im.close();
    }
    const local: LedgerEntry[] = Array.from({ length: 3 }, (_, i) => entry({ id: `M000000001:local.${i}`, memberId: 'M000000001', points: 1, deviceId: 'tab-wcap' }));
    expect((await db.ledger.bulkInsert(local)).error).toEqual([]);
    // Old code: the first CHANGED_COUNT_CAP changes since 0 were all pulled ones, filtered out after the cap: 0.
    expect(await changedSinceCount(db, 'ledger', 0)).toBe(3);
  } finally {
    await db.remove();
  }
}, 60_000);
