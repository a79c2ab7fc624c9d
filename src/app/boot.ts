/**
 * Start-up: open the local database (finishing any interrupted change) and,
 * on a device that has never been set up, load the deterministic demo
 * branch. (With sync, a new tablet pulls its branch from the server instead.)
 */
import { openFrontDeskDb, type FrontDeskDatabase } from '../data/database';
import { isEmpty, loadBranch } from '../data/seed';
import { localDateOf } from '../domain/dates';
import { DEMO_SEED, DEMO_STAFF, DEMO_TIME_ZONE } from './demo-config';
import { createStaff } from '../data/commands/staff';

export const DB_NAME = 'qiantai-gz-beijinglu';

export async function boot(now: number): Promise<FrontDeskDatabase> {
  const storage = import.meta.env.DEV ? await (await import('../data/dev-storage')).devStorage() : undefined;
  const db = await openFrontDeskDb({ name: DB_NAME, ...(storage ? { storage } : {}) });
  if (await isEmpty(db)) {
    const { generateDemoBranch } = await import('../demo/generate');
    const demo = generateDemoBranch({ seed: DEMO_SEED, businessDate: localDateOf(now, DEMO_TIME_ZONE), now });
    // Staff first: the branch document marks the load complete.
    for (const s of DEMO_STAFF) {
      if (!(await db.staff.findOne(s.id).exec())) await createStaff(db, { ...s, branchId: demo.branch.id }, null);
    }
    await loadBranch(db, demo);
  }
  return db;
}
