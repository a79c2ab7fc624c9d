/**
 * Test tablets: a local RxDB database (memory storage, schema-validated)
 * replicating to the test server through the real sync code.
 */
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { openFrontDeskDb, type CollectionName, type FrontDeskCollections, type FrontDeskDatabase } from '../../src/data/database';
import type { CommandContext } from '../../src/data/commands/context';
import { createStaff } from '../../src/data/commands/staff';
import { branchUser, REPLICATED_NAMES } from '../../src/data/replicated';
import type { SyncSetup } from '../../src/data/sync-store';
import type { BranchData } from '../../src/domain/model';
import { startSync, type SyncHandle, type SyncOptions } from '../../src/sync/replicate';
import { loadDocs, provisionBranch } from '../../server/provision';
import { BRANCH_ID, NOW, smallBranch } from '../support/fixtures';
import { uniqueBranchId, type CouchContext } from './server';
import { canonicalJson } from '../../src/domain/merge';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';

/** The fixture branch under another branch id (rooms' ids carry the branch). */
export function branchCopy(data: BranchData, branchId: string): BranchData {
  return JSON.parse(JSON.stringify(data).replaceAll(BRANCH_ID, branchId)) as BranchData;
}

export const BRANCH_PASSWORD = 'test-branch-secret';

/** Provision `branchId` on the server and load `data` there (as the chain's server would hold it). */
export async function serverBranch(couch: CouchContext, branchId: string, data: BranchData): Promise<void> {
  const admin = { user: couch.adminUser, password: couch.adminPassword };
  await provisionBranch({ url: couch.url, admin, branchId, branchPassword: BRANCH_PASSWORD });
  const parts: [CollectionName, object[]][] = [
    ['rooms', data.rooms], ['members', data.members], ['reservations', data.reservations],
    ['ledger', data.ledger], ['feedback', data.feedback], ['branches', [data.branch]],
  ];
  for (const [collection, docs] of parts) {
    const report = await loadDocs({ url: couch.url, auth: admin, branchId, collection, docs: docs as Record<string, unknown>[] });
    if (report.rejected.length > 0) throw new Error(`server refused ${collection}: ${JSON.stringify(report.rejected[0])}`);
  }
}

export function setupFor(serverUrl: string, branchId: string): SyncSetup {
  return { server: serverUrl, branchId, user: branchUser(branchId).name, password: BRANCH_PASSWORD, setUpAt: NOW };
}

export interface Tablet {
  db: FrontDeskDatabase;
  /** Between this tablet and the server: its network. */
  proxy: FaultProxy;
  offline(): Promise<void>;
  online(): Promise<void>;
  sync: SyncHandle | null;
  ctx: CommandContext;
  start(serverUrl?: string): Promise<SyncHandle>;
  stop(): Promise<void>;
  close(): Promise<void>;
}

let counter = 0;

/** Collections a two-tablet test opens per tablet (the free edition allows 13 per process). */
export const TWO_TABLET_COLLECTIONS = ['members', 'reservations', 'ledger', 'branches', 'reviews', 'journal'] as const satisfies readonly (keyof FrontDeskCollections)[];

export async function tablet(
  serverUrl: string, branchId: string, deviceId: string,
  opts: Partial<SyncOptions> & { clock?: () => number; only?: readonly (keyof FrontDeskCollections)[] } = {},
): Promise<Tablet> {
  counter += 1;
  // Every command checks the acting staff member's role, so the staff collection is always
  // open and holds this tablet's staff member (a manager); it replicates only when asked for.
  const open = opts.only && !opts.only.includes('staff') ? [...opts.only, 'staff' as const] : opts.only;
  const db = await openFrontDeskDb({
    name: `tab-${deviceId}-${counter}-${Date.now().toString(36)}`.toLowerCase(),
    storage: wrappedValidateAjvStorage({ storage: getRxStorageMemory() }),
    ...(open ? { only: open } : {}),
  });
  await createStaff(db, { id: `staff-${deviceId}`, branchId, name: '测试店长', role: 'manager', pin: '2580' }, null, 1);
  const collections = (opts.collections ?? (opts.only ? REPLICATED_NAMES.filter((c) => (opts.only as readonly string[]).includes(c)) : undefined));
  const target = new URL(serverUrl);
  const proxy = await startFaultProxy({ targetPort: Number(target.port || 80), targetHost: target.hostname });
  let ids = 0;
  const clock = opts.clock ?? (() => Date.now());
  const t: Tablet = {
    db,
    proxy,
    async offline() { await proxy.set({ kind: 'refuse' }); },
    async online() { await proxy.set({ kind: 'pass' }); t.sync?.retryNow(); },
    sync: null,
    ctx: {
      staffId: `staff-${deviceId}`,
      deviceId,
      now: clock,
      newId: () => `${deviceId}-${++ids}`,
      syncStanding: () => t.sync?.standing() ?? { kind: 'synced', inStep: false, confirmedAt: 0 },
    },
    async start(url = proxy.url) {
      if (t.sync) await t.sync.stop();
      t.sync = await startSync(db, setupFor(url, branchId), {
        deviceId, waitForLeadership: false, pollMs: 500, maxBackoffMs: 2000, now: clock, ...opts,
        ...(collections ? { collections } : {}),
      });
      return t.sync;
    },
    async stop() {
      if (t.sync) await t.sync.stop();
      t.sync = null;
    },
    async close() {
      await t.stop();
      await db.close();
      await proxy.close();
    },
  };
  return t;
}

/** Everything of a replicated collection, as plain sorted JSON (for convergence checks). */
export async function snapshot(db: FrontDeskDatabase, collection: CollectionName): Promise<Record<string, unknown>[]> {
  const docs = await (db.collections[collection] as unknown as { find(): { exec(): Promise<{ toJSON(): object }[]> } }).find().exec();
  return docs.map((d) => d.toJSON() as Record<string, unknown>).sort((a, b) => String(a.id).localeCompare(String(b.id)));
}

export { REPLICATED_NAMES };

/**
 * Wait until every tablet holds the same documents in `collections` (sync
 * is eventually consistent: one tablet's merge reaches the other on its next
 * pull). Returns false on timeout, so the caller's assertions show what differs.
 */
export async function converged(tablets: Tablet[], collections: readonly CollectionName[], ms = 30_000): Promise<boolean> {
  const end = Date.now() + ms;
  for (;;) {
    await Promise.all(tablets.map((t) => t.sync?.awaitInSync()));
    let same = true;
    for (const c of collections) {
      const first = canonicalJson(await snapshot(tablets[0]!.db, c));
      for (const t of tablets.slice(1)) if (canonicalJson(await snapshot(t.db, c)) !== first) same = false;
    }
    if (same) return true;
    if (Date.now() > end) {
      for (const c of collections) {
        const first = await snapshot(tablets[0]!.db, c);
        for (const t of tablets.slice(1)) {
          const other = await snapshot(t.db, c);
          const diff = first.map((d, i) => [d, other[i]]).filter(([x, y]) => canonicalJson(x) !== canonicalJson(y));
          if (diff.length > 0 || other.length !== first.length) console.error(`not converged: ${c} (${first.length} vs ${other.length})`, JSON.stringify(diff.slice(0, 2)));
        }
      }
      return false;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Poll `read` until `ok` (or `ms` pass); returns the last value, so the caller's assertion shows it. */
export async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A fresh branch on the server (the small fixture branch) and two tablets of it, downloaded and syncing. */
export async function twoSyncedTablets(couch: CouchContext, prefix: string): Promise<{ branchId: string; a: Tablet; b: Tablet }> {
  const branchId = uniqueBranchId(prefix);
  await serverBranch(couch, branchId, branchCopy(smallBranch(), branchId));
  const a = await tablet(couch.url, branchId, 'tab-a', { only: TWO_TABLET_COLLECTIONS });
  const b = await tablet(couch.url, branchId, 'tab-b', { only: TWO_TABLET_COLLECTIONS });
  await (await a.start()).initialDone();
  await (await b.start()).initialDone();
  return { branchId, a, b };
}
