/**
 * Start-up: open the local database (finishing any interrupted change),
 * take a setup link if the URL carries one, and decide where the branch's
 * data comes from:
 *
 * - a tablet set up for sync downloads its branch from the server (the
 *   desk shows the download until the branch document has arrived);
 * - a tablet never set up gets the deterministic demo branch, on this
 *   tablet only (stand-alone).
 *
 * Switching a stand-alone tablet to a branch (or one branch to another)
 * clears the local database first: its demo data must never reach a
 * branch's server.
 */
import { openFrontDeskDb, type FrontDeskDatabase } from '../data/database';
import { isEmpty, loadBranch, type LoadProgress } from '../data/seed';
import { readSyncSetup, saveSyncSetup, type SyncSetup } from '../data/sync-store';
import { DEMO_SEED, DEMO_STAFF, demoBusinessDate } from './demo-config';
import { createStaff } from '../data/commands/staff';
import { parseSetupFragment, setupFrom, type SetupError } from '../sync/setup';
import { checkCredentials } from '../sync/check-credentials';

export const DB_NAME = 'qiantai-gz-beijinglu';

async function open(): Promise<FrontDeskDatabase> {
  const storage = import.meta.env.DEV ? await (await import('../data/dev-storage')).devStorage() : undefined;
  return openFrontDeskDb({ name: DB_NAME, ...(storage ? { storage } : {}) });
}

export interface Booted {
  db: FrontDeskDatabase;
  setup: SyncSetup | null;
  /** A setup link that was not kept, and why (its credentials were checked first). */
  linkRefused?: SetupError;
}

/** Keep `setup` on a database that holds nothing else (clearing it if it holds another branch or the demo). */
export async function adoptSetup(db: FrontDeskDatabase, setup: SyncSetup): Promise<FrontDeskDatabase> {
  const stored = await readSyncSetup(db);
  let target = db;
  const sameBranch = stored !== null && stored.branchId === setup.branchId && stored.server === setup.server;
  if (!sameBranch && !(await isEmpty(db))) {
    await db.remove();
    target = await open();
  }
  await saveSyncSetup(target, setup);
  return target;
}

/** A User Timing mark (seen in DevTools' performance panel and by the benchmark). */
function mark(name: string): void {
  globalThis.performance?.mark?.(name);
}

/** What the first start is doing, for the screen shown meanwhile. */
export type BootStep = { step: 'generate' } | { step: 'staff' } | ({ step: 'load' } & LoadProgress);

export async function boot(
  now: number,
  where: { hash: string; origin: string } | null = null,
  onStep: (s: BootStep) => void = () => undefined,
): Promise<Booted> {
  let db = await open();
  mark('boot:db-open');
  const fragment = where ? parseSetupFragment(where.hash) : null;
  let linkRefused: SetupError | undefined;
  if (fragment && where) {
    // The credentials leave the address bar (and history) at once.
    history.replaceState(null, '', `${location.pathname}${location.search}`);
    const made = setupFrom(fragment, where.origin, now);
    // Checked against the server before anything is kept: a wrong password
    // stored here would be retried towards the server's lockout.
    const checked = made.ok ? await checkCredentials(made.setup) : made;
    if (made.ok && checked.ok) db = await adoptSetup(db, made.setup);
    else if (!checked.ok) linkRefused = checked.error;
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
  return { db, setup, ...(linkRefused ? { linkRefused } : {}) };
}
