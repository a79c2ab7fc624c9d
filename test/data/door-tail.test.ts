/**
 * The door log's tail at the data level (issue #12, item 3): the tablet's
 * newest door events are deleted, the door tablet swipes k more times, and
 * the audit's check (the device's events and its head record, as the audit
 * screen reads them) reports the gap with its sequence numbers. Before,
 * the next swipe linked to the surviving event and overwrote the head
 * record, and the shortened chain verified as intact.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FrontDeskDatabase } from '../../src/data/database';
import { createStaff } from '../../src/data/commands/staff';
import { doorHead, recordDoorSwipe } from '../../src/data/commands/door';
import { doorEventsOnce } from '../../src/data/queries-night';
import { sha256 } from '../../src/data/crypto';
import { verifyDoorLog } from '../../src/domain/door-chain';
import { BRANCH_ID } from '../support/fixtures';
import { testCtx, testDb } from '../support/db';

let db: FrontDeskDatabase;
afterEach(async () => { await db?.close(); });

/** 2026-11-23 23:30 in Shanghai. */
const NIGHT = Date.UTC(2026, 10, 23, 15, 30);
const DEVICE = 'tab-test';

async function swipes(count: number, from: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const res = await recordDoorSwipe(db, '779999999999', testCtx({ staffId: 'S-night', now: () => NIGHT + (from + i) * 1000, newId: () => `s${from + i}` }));
    if (!res.ok) throw new Error(`swipe refused: ${res.error}`);
    ids.push(res.value.id);
  }
  return ids;
}

/** What the audit screen does: this device's events and its own head record. */
async function audit() {
  const head = await doorHead(db);
  return verifyDoorLog(await doorEventsOnce(db), sha256, head ? { heads: { [DEVICE]: head } } : {});
}

describe('deleting the newest door events, then swiping again', () => {
  for (const [before, deleted, later] of [[5, 1, 1], [5, 2, 3], [4, 4, 2], [6, 3, 0], [3, 1, 5]] as const) {
    it(`${before} swipes, the last ${deleted} deleted, ${later} more: the gap is reported with its sequence numbers`, async () => {
      db = await testDb();
      await createStaff(db, { id: 'S-night', branchId: BRANCH_ID, name: '李建国', role: 'night-auditor', pin: '1357' }, null, 1000);
      await swipes(before, 0);
      await db.doorEvents.find({ selector: { seq: { $gte: before - deleted } } }).remove();
      const after = await swipes(later, before);
      const events = await doorEventsOnce(db);
      // The new events number on past the deleted ones.
      expect(events.filter((e) => after.includes(e.id)).map((e) => e.seq).sort((a, b) => a - b))
        .toEqual(Array.from({ length: later }, (_, i) => before + i));
      expect(await doorHead(db)).toMatchObject({ seq: before + later - 1 });
      expect(await audit()).toEqual([{
        deviceId: DEVICE, events: before - deleted + later,
        result: { ok: false, at: before - deleted, problem: 'seq-gap', missing: { from: before - deleted, to: before - 1 }, eventId: after[0] ?? '' },
      }]);
    });
  }

  it('with nothing deleted the chain and its head verify', async () => {
    db = await testDb();
    await createStaff(db, { id: 'S-night', branchId: BRANCH_ID, name: '李建国', role: 'night-auditor', pin: '1357' }, null, 1000);
    await swipes(4, 0);
    expect(await audit()).toEqual([{ deviceId: DEVICE, events: 4, result: { ok: true, count: 4 } }]);
  });
});
