/**
 * The exclusive section of every command takes the Web Lock named after
 * its database where the platform has Web Locks (browsers), so tabs and
 * windows of the origin write one at a time; Node has none and keeps the
 * in-page queue. The cross-tab race itself runs in Chromium:
 * test/e2e/tabs-lock.test.ts.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { commandLockName } from '../../src/data/commands/context';
import { redeemPoints } from '../../src/data/commands/redeem';
import type { FrontDeskDatabase } from '../../src/data/database';
import { testCtx, testDb } from '../support/db';

let dbs: FrontDeskDatabase[] = [];
afterEach(async () => {
  vi.unstubAllGlobals();
  await Promise.all(dbs.map((d) => d.close()));
  dbs = [];
});

/** A stand-in LockManager: records each request and whether the section ran while it was held. */
function fakeLocks() {
  const log: { name: string; mode: string | undefined }[] = [];
  let held = 0;
  let maxHeld = 0;
  const locks = {
    async request(name: string, options: { mode?: string }, work: () => Promise<unknown>) {
      log.push({ name, mode: options.mode });
      held += 1;
      maxHeld = Math.max(maxHeld, held);
      try { return await work(); } finally { held -= 1; }
    },
  };
  return { locks, log, isHeld: () => held > 0, maxHeld: () => maxHeld };
}

describe('the command lock', () => {
  it('runs every command inside an exclusive Web Lock named after its database, one at a time', async () => {
    const fake = fakeLocks();
    const one = await testDb();
    dbs.push(one);
    vi.stubGlobal('navigator', { locks: fake.locks });
    let insertedUnderLock: boolean | null = null;
    one.ledger.preInsert(() => { insertedUnderLock = fake.isHeld(); }, false);
    const results = await Promise.all([
      redeemPoints(one, { memberId: 'M000000001', item: 'milk', quantity: 1 }, testCtx({ newId: () => 'a' })),
      redeemPoints(one, { memberId: 'M000000001', item: 'milk', quantity: 1 }, testCtx({ newId: () => 'b' })),
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, true]);
    expect(insertedUnderLock).toBe(true);
    expect(fake.log).toEqual([
      { name: commandLockName(one), mode: 'exclusive' },
      { name: commandLockName(one), mode: 'exclusive' },
    ]);
    expect(fake.maxHeld()).toBe(1);
    // Another database (another branch set up in the same browser) has a lock of its own.
    expect(commandLockName({ name: 'other' } as FrontDeskDatabase)).not.toBe(commandLockName(one));
    expect(commandLockName(one)).toContain(one.name);
  });
});
