/**
 * The demo branch on the sync server, for `npm start`, the end-to-end tests
 * and benchmarks: provisions the branch (user, databases, security,
 * validators) and, when the server does not hold the branch yet, loads the
 * same deterministic demo the stand-alone tablet generates, with the demo
 * staff and their PINs. Re-runnable: an existing branch is left as it is.
 */
import { DEMO_SEED, DEMO_STAFF, demoBusinessDate } from '../src/app/demo-config';
import { derivePin, randomSalt } from '../src/data/crypto';
import type { CollectionName } from '../src/data/database';
import { serverDbName } from '../src/data/replicated';
import type { BranchData, LedgerEntry, Member, Reservation, Room } from '../src/domain/model';
import { hashPin, type Staff } from '../src/domain/staff';
import { DEFAULT_BRANCH_NAME, DEFAULT_BRANCH_NAME_EN, DEFAULT_CITY, generateDemoBranch } from '../src/demo/generate';
import { DEFAULT_BRANCH_ID, OTHER_BRANCHES } from '../src/demo/context';
import type { DemoCardSource } from '../src/demo/demo-cards';
import { basicAuth, couchClient, loadDocs, provisionBranch, registerChainBranches, type Credentials } from './provision';

export interface DemoOptions {
  url: string;
  admin: Credentials;
  /** Needed when the branch user does not exist yet; given again, it becomes the user's password. */
  branchPassword?: string;
  now: number;
  /** Generate the demo for another branch id (tests). */
  branchId?: string;
  /** Lower PIN hashing cost (tests only). */
  pinIterations?: number;
  /** Fewer members than the demo's 2,000 (tests: a smaller branch downloads faster). */
  memberCount?: number;
}

export interface DemoReport {
  branchId: string;
  loaded: boolean;
  documents: number;
}

async function branchPresent(url: string, admin: Credentials, branchId: string): Promise<boolean> {
  const base = url.endsWith('/') ? url : `${url}/`;
  const res = await fetch(`${base}${serverDbName(branchId, 'branches')}/${encodeURIComponent(branchId)}`, {
    headers: { Authorization: basicAuth(admin), Accept: 'application/json' },
  });
  return res.status === 200;
}

export async function demoStaff(branchId: string, now: number, iterations?: number): Promise<Staff[]> {
  const out: Staff[] = [];
  for (const s of DEMO_STAFF) {
    const pin = await hashPin(s.pin, randomSalt(), derivePin, iterations);
    out.push({ id: s.id, branchId, name: s.name, role: s.role, pin, active: true, updatedAt: now });
  }
  return out;
}

/** Documents of a branch, per collection, in load order (the branch document last: it marks the load complete). */
export function branchDocuments(data: BranchData, staff: Staff[]): [CollectionName, object[]][] {
  return [
    ['staff', staff], ['rooms', data.rooms], ['members', data.members], ['reservations', data.reservations],
    ['ledger', data.ledger], ['feedback', data.feedback], ['branches', [data.branch]],
  ];
}

export async function provisionDemo(options: DemoOptions): Promise<DemoReport> {
  const branchId = options.branchId ?? DEFAULT_BRANCH_ID;
  await provisionBranch({ url: options.url, admin: options.admin, branchId, ...(options.branchPassword ? { branchPassword: options.branchPassword } : {}) });
  // The chain's branch list (head office's): the demo branch (named as generateDemoBranch names it) and the
  // branches its members also stay at, by name; only where the list has no entry (head office's names stay).
  await registerChainBranches({
    url: options.url, admin: options.admin, onlyMissing: true,
    branches: [
      { id: branchId, name: DEFAULT_BRANCH_NAME, nameEn: DEFAULT_BRANCH_NAME_EN, city: DEFAULT_CITY },
      ...OTHER_BRANCHES.filter((b) => b.id !== branchId),
    ],
  });
  if (await branchPresent(options.url, options.admin, branchId)) return { branchId, loaded: false, documents: 0 };
  const demo = generateDemoBranch({
    seed: DEMO_SEED, businessDate: demoBusinessDate(options.now), now: options.now,
    ...(branchId !== DEFAULT_BRANCH_ID ? { branchId } : {}),
    ...(options.memberCount !== undefined ? { memberCount: options.memberCount } : {}),
  });
  let documents = 0;
  for (const [collection, docs] of branchDocuments(demo, await demoStaff(branchId, options.now, options.pinIterations))) {
    const report = await loadDocs({ url: options.url, auth: options.admin, branchId, collection, docs: docs as Record<string, unknown>[] });
    if (report.rejected.length > 0) throw new Error(`The server refused demo ${collection}: ${JSON.stringify(report.rejected[0])}`);
    documents += report.written + report.skipped;
  }
  return { branchId, loaded: true, documents };
}

/**
 * What the branch holds on the server now, as the demo cards are picked
 * from it (`npm start` on a server loaded on an earlier day: the cards must
 * be the members the desk shows, not those of a demo generated today).
 * Null when the branch is not on the server.
 */
export async function branchCardSource(url: string, admin: Credentials, branchId = DEFAULT_BRANCH_ID): Promise<(DemoCardSource & { rooms: Room[] }) | null> {
  const client = couchClient({ url, auth: admin });
  const all = async <T>(collection: CollectionName): Promise<T[]> => {
    const { status, json } = await client.request('GET', `${encodeURIComponent(serverDbName(branchId, collection))}/_all_docs?include_docs=true`, undefined, [404]);
    if (status === 404) return [];
    const rows = (json as { rows: { id: string; doc?: Record<string, unknown> }[] }).rows;
    return rows.filter((r) => r.doc && !r.id.startsWith('_design/') && r.doc._deleted !== true).map((r) => {
      const { _id, _rev, ...rest } = r.doc!;
      void _rev;
      return { id: _id, ...rest } as T;
    });
  };
  const branch = (await all<{ id: string; businessDate: string }>('branches')).find((b) => b.id === branchId);
  if (!branch) return null;
  const [members, reservations, ledger, rooms] = await Promise.all([
    all<Member>('members'), all<Reservation>('reservations'), all<LedgerEntry>('ledger'), all<Room>('rooms'),
  ]);
  return { branch, members, reservations, ledger, rooms };
}
