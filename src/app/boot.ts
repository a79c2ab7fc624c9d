/**
 * Start-up: open the local database (finishing any interrupted change),
 * take a setup or enrolment link if the URL carries one, and decide where the branch's
 * data comes from:
 *
 * - a tablet set up for sync downloads its branch from the server (the
 *   desk shows the download until the branch document has arrived);
 * - a tablet never set up gets the deterministic demo branch, on this
 *   tablet only (stand-alone).
 *
 * Each branch has its own local database (`qiantai-branch-<branch>`; the
 * stand-alone demo `qiantai-demo`; a tablet set up before names existed
 * keeps `qiantai-gz-beijinglu`), and which one is this tablet's is a name
 * kept in localStorage (not a secret; the credentials stay in the
 * database). Switching a tablet to another branch opens that branch's own
 * database, so two branches' data never meet in one database and the demo
 * never reaches a server; the one it leaves is kept as it is. A switch away
 * from a branch that still has changes waiting to upload is refused (they
 * would sit unseen in a database nobody opens): sync first.
 */
import { openFrontDeskDb, type FrontDeskDatabase } from '../data/database';
import { isEmpty, loadBranch, type LoadProgress } from '../data/seed';
import { readChainBranches, saveChainBranches } from '../data/chain-branches';
import { readSyncSetup, saveSyncSetup, waitingToUpload, type SyncSetup } from '../data/sync-store';
import { DEMO_SEED, DEMO_STAFF, demoBusinessDate } from './demo-config';
import { createStaff } from '../data/commands/staff';
import { parseSetupFragment, setupFrom, type SetupError } from '../sync/setup';
import { checkCredentials } from '../sync/check-credentials';
import { parseEnrolFragment, redeemCode } from '../sync/enrol';

/** The one name every tablet used before databases were named per branch. */
export const LEGACY_DB_NAME = 'qiantai-gz-beijinglu';
export const DEMO_DB_NAME = 'qiantai-demo';
const CURRENT_KEY = 'qiantai.database';

/** The local database of a branch (branch ids are server-safe: lower case, digits, '-'). */
export function branchDbName(branchId: string): string {
  return `qiantai-branch-${branchId}`;
}

/** Where the tablet's databases live and which one is current. */
export interface TabletEnv {
  open(name: string): Promise<FrontDeskDatabase>;
  current(): string | null;
  setCurrent(name: string): void;
  /** Whether a database from before per-branch names holds this tablet's data. */
  legacyExists(): Promise<boolean>;
}

export function browserEnv(): TabletEnv {
  const store = globalThis.localStorage as Storage | undefined;
  return {
    async open(name) {
      const storage = import.meta.env.DEV ? await (await import('../data/dev-storage')).devStorage() : undefined;
      return openFrontDeskDb({ name, ...(storage ? { storage } : {}) });
    },
    current: () => store?.getItem(CURRENT_KEY) ?? null,
    setCurrent: (name) => store?.setItem(CURRENT_KEY, name),
    async legacyExists() {
      if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return false;
      // RxDB's Dexie storage keeps each collection in `rxdb-dexie-<database>--<version>--<collection>`.
      return (await indexedDB.databases()).some((d) => d.name?.startsWith(`rxdb-dexie-${LEGACY_DB_NAME}--`));
    },
  };
}

export interface Booted {
  db: FrontDeskDatabase;
  setup: SyncSetup | null;
  /** A setup link that was not kept, and why (its credentials were checked first). */
  linkRefused?: SetupError;
}

export type Adopted = { ok: true; db: FrontDeskDatabase } | { ok: false; error: 'unsynced'; branchId: string; waiting: number };

/**
 * Make `setup` this tablet's: the same branch keeps its database (a new
 * password, say); another branch gets its own database, opened (and made
 * current) here, unless the branch being left has changes waiting to upload.
 * `db` is closed when another database takes over.
 */
export async function adoptSetup(db: FrontDeskDatabase, setup: SyncSetup, env: TabletEnv = browserEnv()): Promise<Adopted> {
  const stored = await readSyncSetup(db);
  if (stored !== null && stored.branchId === setup.branchId && stored.server === setup.server) {
    await saveSyncSetup(db, setup);
    env.setCurrent(db.name);
    return { ok: true, db };
  }
  if (stored !== null) {
    const waiting = await waitingToUpload(db);
    if (waiting > 0) return { ok: false, error: 'unsynced', branchId: stored.branchId, waiting };
  }
  const name = branchDbName(setup.branchId);
  let target: FrontDeskDatabase;
  if (name === db.name) {
    // The same branch from another server: that server's data, not a mix of both.
    target = db;
  } else {
    await db.close();
    target = await env.open(name);
  }
  const there = await readSyncSetup(target);
  const sameThere = there !== null && there.branchId === setup.branchId && there.server === setup.server;
  if (!sameThere && !(await isEmpty(target))) {
    await target.remove();
    target = await env.open(name);
  }
  await saveSyncSetup(target, setup);
  env.setCurrent(target.name);
  return { ok: true, db: target };
}

/** A User Timing mark (seen in DevTools' performance panel and by the benchmark). */
function mark(name: string): void {
  globalThis.performance?.mark?.(name);
}

/** What the first start is doing, for the screen shown meanwhile. */
export type BootStep = { step: 'generate' } | { step: 'staff' } | ({ step: 'load' } & LoadProgress);

export async function boot(
  now: number,
  where: { hash: string; origin: string; deviceId?: string } | null = null,
  onStep: (s: BootStep) => void = () => undefined,
  env: TabletEnv = browserEnv(),
): Promise<Booted> {
  const name = env.current() ?? ((await env.legacyExists()) ? LEGACY_DB_NAME : DEMO_DB_NAME);
  let db = await env.open(name);
  env.setCurrent(name);
  mark('boot:db-open');
  const fragment = where ? parseSetupFragment(where.hash) : null;
  const enrol = where ? parseEnrolFragment(where.hash) : null;
  let linkRefused: SetupError | undefined;
  if ((fragment || enrol) && where) {
    // The code or credentials leave the address bar (and history) at once.
    history.replaceState(null, '', `${location.pathname}${location.search}`);
    // An enrolment link: a one-time code becomes this tablet's own user.
    const made = fragment
      ? setupFrom(fragment, where.origin, now)
      : await redeemCode({ ...enrol!, deviceId: where.deviceId ?? 'tab-unknown' }, where.origin, now);
    // Checked against the server before anything is kept: a wrong password
    // stored here would be retried towards the server's lockout.
    const checked = made.ok ? await checkCredentials(made.setup) : made;
    if (made.ok && checked.ok) {
      const adopted = await adoptSetup(db, made.setup, env);
      if (adopted.ok) db = adopted.db;
      else linkRefused = adopted.error;
    } else if (!checked.ok) linkRefused = checked.error;
  }
  const setup = await readSyncSetup(db);
  if (!setup && (await isEmpty(db))) {
    mark('demo:start');
    onStep({ step: 'generate' });
    const { generateDemoBranch } = await import('../demo/generate');
    const demo = generateDemoBranch({ seed: DEMO_SEED, businessDate: demoBusinessDate(now), now });
    mark('demo:generated');
    onStep({ step: 'staff' });
    // Staff first: the branch document marks the load complete.
    for (const s of DEMO_STAFF) {
      if (!(await db.staff.findOne(s.id).exec())) await createStaff(db, { ...s, branchId: demo.branch.id }, null);
    }
    mark('demo:staff');
    await loadBranch(db, demo, (p) => onStep({ step: 'load', ...p }));
    mark('demo:loaded');
  }
  if (!setup && !(await readChainBranches(db))) {
    // The stand-alone demo's chain branch list, as head office would send it: the demo's members also stay at
    // these branches (also for a demo loaded before the list existed). Read at time 0 and through no server,
    // so a tablet set up for a server later replaces it with the server's list at once.
    const { OTHER_BRANCHES } = await import('../demo/context');
    const own = (await db.branches.findOne().exec())?.toJSON();
    const here = own ? [{ id: own.id, name: own.name, ...(own.nameEn ? { nameEn: own.nameEn } : {}), city: own.city }] : [];
    await saveChainBranches(db, [...here, ...OTHER_BRANCHES.filter((b) => b.id !== own?.id)], 0);
  }
  return { db, setup, ...(linkRefused ? { linkRefused } : {}) };
}
