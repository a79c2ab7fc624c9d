import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { openFrontDeskDb, type FrontDeskDatabase } from '../../src/data/database';
import type { CommandContext } from '../../src/data/commands/context';
import { loadBranch, type BranchData } from '../../src/data/seed';
import { NOW, smallBranch } from './fixtures';

let counter = 0;

/** A fresh in-memory database (schema-validated) loaded with `data`. */
export async function testDb(data: BranchData | null = smallBranch()): Promise<FrontDeskDatabase> {
  counter += 1;
  const db = await openFrontDeskDb({
    name: `test-${counter}-${Math.random().toString(36).slice(2)}`,
    storage: wrappedValidateAjvStorage({ storage: getRxStorageMemory() }),
  });
  if (data) await loadBranch(db, data);
  return db;
}

/** A fixed clock and counting ids, so results are repeatable. */
export function testCtx(over: Partial<CommandContext> = {}): CommandContext {
  let n = 0;
  return { staffId: 'desk-test', deviceId: 'tab-test', now: () => NOW, newId: () => `id-${++n}`, ...over };
}
