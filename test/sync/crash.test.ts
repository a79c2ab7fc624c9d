/**
 * The sync server dies (SIGKILL) in the middle of a tablet's large push and
 * comes back on the same port and data: the tablet resumes by itself and
 * every document ends up on the server exactly once.
 *
 * One tablet only: the sync status store (src/sync/status.ts) is global per
 * process, and this test reads it.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { serverDbName } from '../../src/data/replicated';
import type { LedgerEntry } from '../../src/domain/model';
import { useSyncStatus } from '../../src/sync/status';
import { entry, smallBranch } from '../support/fixtures';
import { content, sameContentTwice, serverDocs } from './soak';
import { startOwnSyncServer, uniqueBranchId, usingExternalCouch, type OwnSyncServer } from './server';
import { branchCopy, serverBranch, tablet, type Tablet } from './tablets';

const COUNT = 500;

let own: OwnSyncServer;
let a: Tablet | null = null;

// It kills and restarts the embedded server's process: against an external
// server (FRONTDESK_TEST_COUCH_URL) it is skipped, and says so by its name.
const EMBEDDED_ONLY = usingExternalCouch();

beforeAll(async () => {
  if (EMBEDDED_ONLY) return;
  own = await startOwnSyncServer({ quiet: true });
});

afterAll(async () => {
  await a?.close();
  await own?.dispose();
});

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function docCount(db: string): Promise<number | null> {
  try {
    const auth = `Basic ${Buffer.from(`${own.adminUser}:${own.adminPassword}`).toString('base64')}`;
    const res = await fetch(`${own.url}${db}`, { headers: { Authorization: auth }, signal: AbortSignal.timeout(2000) });
    return res.ok ? ((await res.json()) as { doc_count: number }).doc_count : null;
  } catch {
    return null;
  }
}

test.skipIf(EMBEDDED_ONLY)(`(embedded pouchdb-server only) the server is killed (SIGKILL) during a push of ${COUNT} ledger lines and restarted: all land exactly once, the tablet is in sync again`, async () => {
  const branchId = uniqueBranchId('crash');
  const fixture = branchCopy(smallBranch(), branchId);
  await serverBranch(own, branchId, fixture);
  const ledgerDb = serverDbName(branchId, 'ledger');

  // Small push batches through a slightly slow network, so the kill falls in the middle.
  a = await tablet(own.url, branchId, 'tab-a', { only: ['members', 'ledger', 'branches', 'reviews', 'journal'], batchSize: 20 });
  const sync = await a.start();
  await sync.initialDone();
  await sync.awaitInSync();
  const before = (await docCount(ledgerDb))!;
  expect(before).toBe(fixture.ledger.length + 1); // + the design document

  await a.proxy.set({ kind: 'delay', ms: 15 });
  const t0 = Date.now();
  const lines: LedgerEntry[] = Array.from({ length: COUNT }, (_, i) => entry({
    id: `tab-a:bulk-${String(i).padStart(4, '0')}`, memberId: 'M000000001', points: 1, branchId,
    createdAt: t0 + i, deviceId: 'tab-a', staffId: 'staff-tab-a',
  }));
  const inserted = await a.db.ledger.bulkInsert(lines);
  expect(inserted.error).toEqual([]);

  // Kill as soon as some, but not all, have landed.
  let landed = 0;
  for (let i = 0; i < 2000; i += 1) {
    landed = ((await docCount(ledgerDb)) ?? before) - before;
    if (landed > 0) break;
    await sleep(5);
  }
  await own.server.kill('SIGKILL');
  expect(landed, 'the push had not begun').toBeGreaterThan(0);
  expect(landed, 'the push was over before the kill').toBeLessThan(COUNT);

  // Down for a while: the tablet notices and backs off.
  await sleep(1500);
  expect(['offline', 'error']).toContain(useSyncStatus.getState().connection);
  await own.server.restart();
  const restarted = Date.now();
  await a.proxy.set({ kind: 'pass' });

  // The tablet resumes by itself (no retryNow).
  const deadline = Date.now() + 40_000;
  let onServer = 0;
  while (Date.now() < deadline) {
    onServer = ((await docCount(ledgerDb)) ?? before) - before;
    if (onServer >= COUNT) break;
    await sleep(200);
  }
  console.log(`killed with ${landed}/${COUNT} lines on the server; all ${COUNT} there ${Date.now() - restarted} ms after the restart`);
  expect(onServer, `after the restart only ${onServer} of ${COUNT} lines reached the server (${landed} had before the kill)`).toBe(COUNT);
  await sync.awaitInSync();

  // Exactly once, written once, no conflicting revisions, the same content as on the tablet.
  const docs = await serverDocs(own, ledgerDb);
  const bulk = docs.filter((d) => String(d._id).startsWith('tab-a:bulk-'));
  expect(new Set(bulk.map((d) => d._id)).size).toBe(COUNT);
  expect(docs).toHaveLength(COUNT + fixture.ledger.length);
  expect(sameContentTwice(docs)).toEqual([]);
  expect(docs.filter((d) => d._conflicts !== undefined)).toEqual([]);
  expect(bulk.filter((d) => !String(d._rev).startsWith('1-')).map((d) => `${String(d._id)} ${String(d._rev)}`)).toEqual([]);
  const local = new Map((await a.db.ledger.find().exec()).map((d) => [d.id, content(d.toJSON() as Record<string, unknown>)]));
  for (const d of docs) expect(content(d)).toEqual(local.get(String(d._id)));

  // Nothing refused, no contradictions logged.
  const reviews = (await a.db.reviews.find().exec()).map((d) => d.toJSON());
  expect(reviews.filter((r) => r.kind === 'rejected' || r.kind === 'conflict')).toEqual([]);

  // The desk shows it is in sync: nothing pending, online.
  let status = useSyncStatus.getState();
  for (let i = 0; i < 100 && (status.pending !== 0 || status.connection !== 'online'); i += 1) {
    await sleep(200);
    status = useSyncStatus.getState();
  }
  expect({ pending: status.pending, connection: status.connection }).toEqual({ pending: 0, connection: 'online' });
  expect(status.lastSyncAt).toBeGreaterThanOrEqual(t0);
});
