import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { openFrontDeskDb, type FrontDeskDatabase } from '../../src/data/database';
import type { CommandContext } from '../../src/data/commands/context';
import { createStaff } from '../../src/data/commands/staff';
import { loadBranch, type BranchData } from '../../src/data/seed';
import { NOW, smallBranch } from './fixtures';

let counter = 0;

/** The front-desk clerk `testCtx()` acts as (every command checks the acting staff member's role). */
export const DESK_STAFF_ID = 'desk-test';
/** A second front-desk clerk, for what one clerk may not do alone (adopting their own suggestion). */
export const OTHER_DESK_STAFF_ID = 'desk-other';

/** A fresh in-memory database (schema-validated) loaded with `data`, and the front-desk clerk of `testCtx()`. */
export async function testDb(data: BranchData | null = smallBranch()): Promise<FrontDeskDatabase> {
  counter += 1;
  const db = await openFrontDeskDb({
    name: `test-${counter}-${Math.random().toString(36).slice(2)}`,
    storage: wrappedValidateAjvStorage({ storage: getRxStorageMemory() }),
  });
  if (data) {
    await loadBranch(db, data);
    await createStaff(db, { id: DESK_STAFF_ID, branchId: data.branch.id, name: '王前台', role: 'front-desk', pin: '2580' }, null, 1);
    await createStaff(db, { id: OTHER_DESK_STAFF_ID, branchId: data.branch.id, name: '李前台', role: 'front-desk', pin: '2580' }, null, 1);
  }
  return db;
}

/** A fixed clock and counting ids, so results are repeatable. */
export function testCtx(over: Partial<CommandContext> = {}): CommandContext {
  let n = 0;
  return { staffId: DESK_STAFF_ID, deviceId: 'tab-test', now: () => NOW, newId: () => `id-${++n}`, ...over };
}
