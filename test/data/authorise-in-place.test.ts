/**
 * A manager's PIN entered in place on a clerk's session (issue #11): the
 * PIN is checked as at sign-in, the manager must be allowed the action, the
 * one command runs as the clerk with `authorisedBy`, and the record it
 * writes names both. Without the authorisation the clerk is refused.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FrontDeskDatabase } from '../../src/data/database';
import { authoriseInPlace, createStaff } from '../../src/data/commands/staff';
import { redeemPoints, reverseRedemption } from '../../src/data/commands/redeem';
import { ledgerOnce } from '../../src/data/queries';
import type { ReviewRecord } from '../../src/domain/review';
import { DESK_STAFF_ID, testCtx, testDb } from '../support/db';
import { BRANCH_ID } from '../support/fixtures';

const dbs: FrontDeskDatabase[] = [];
afterEach(async () => { await Promise.all(dbs.splice(0).map((d) => d.close())); });

const ZHANG = 'M000000001';

async function setUp() {
  const db = await testDb();
  dbs.push(db);
  await createStaff(db, { id: 'S-boss', branchId: BRANCH_ID, name: '陈敏', role: 'manager', pin: '3691' }, null, 1);
  await createStaff(db, { id: 'S-night', branchId: BRANCH_ID, name: '李建国', role: 'night-auditor', pin: '1357' }, null, 1);
  const redeemed = await redeemPoints(db, { memberId: ZHANG, item: 'milk', quantity: 1 }, testCtx());
  if (!redeemed.ok) throw new Error('fixture redemption refused');
  const line = (await ledgerOnce(db, ZHANG)).find((l) => l.rule === 'redeem.milk');
  if (!line) throw new Error('no redemption line');
  return { db, lineId: line.id };
}

const resolutions = async (db: FrontDeskDatabase) =>
  (await db.reviews.find({ selector: { kind: 'resolution' } }).exec()).map((d) => d.toJSON() as ReviewRecord);

describe('a manager\'s PIN in place (issue #11)', () => {
  it('checks the PIN and the role: the manager passes, a wrong PIN or a non-manager does not', async () => {
    const { db } = await setUp();
    const ctx = testCtx();
    expect(await authoriseInPlace(db, 'S-boss', '3691', ['resolveExceptions'], ctx)).toMatchObject({ ok: true, value: { id: 'S-boss', name: '陈敏' } });
    expect(await authoriseInPlace(db, 'S-boss', '3692', ['resolveExceptions'], ctx)).toEqual({ ok: false, error: { error: 'wrongPin', attemptsLeft: 4 } });
    expect(await authoriseInPlace(db, 'S-night', '1357', ['resolveExceptions'], ctx)).toEqual({ ok: false, error: { error: 'notAllowed' } });
    expect(await authoriseInPlace(db, 'nobody', '3691', ['resolveExceptions'], ctx)).toEqual({ ok: false, error: { error: 'unknown' } });
  });

  it('the clerk\'s reversal runs once with the manager\'s authorisation, and the record names both', async () => {
    const { db, lineId } = await setUp();
    expect(await reverseRedemption(db, { memberId: ZHANG, lineId }, testCtx())).toEqual({ ok: false, error: 'forbidden' });
    expect(await resolutions(db)).toEqual([]);

    const res = await reverseRedemption(db, { memberId: ZHANG, lineId }, testCtx({ authorisedBy: 'S-boss' }));
    expect(res.ok).toBe(true);
    const [record] = await resolutions(db);
    expect(record).toMatchObject({ staffId: DESK_STAFF_ID, authorisedBy: 'S-boss', detail: { how: 'reversal', lineId } });
    const reversal = (await ledgerOnce(db, ZHANG)).find((l) => l.rule === 'adjust.reversal');
    expect(reversal).toMatchObject({ staffId: DESK_STAFF_ID, points: 200 });
    expect(record?.detail).toMatchObject({ entryId: reversal?.id });
  });

  it('a manager acting alone, or a clerk\'s own desk action, records no authoriser', async () => {
    const { db, lineId } = await setUp();
    // A desk action the clerk may do anyway: the authoriser is not needed, so not recorded.
    expect((await redeemPoints(db, { memberId: ZHANG, item: 'milk', quantity: 1 }, testCtx({ authorisedBy: 'S-boss', newId: () => 'second' }))).ok).toBe(true);
    const res = await reverseRedemption(db, { memberId: ZHANG, lineId }, testCtx({ staffId: 'S-boss', authorisedBy: 'S-night' }));
    expect(res.ok).toBe(true);
    const [record] = await resolutions(db);
    expect(record?.staffId).toBe('S-boss');
    expect(record).not.toHaveProperty('authorisedBy');
  });
});
