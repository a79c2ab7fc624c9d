/**
 * The manager's staff list (src/data/commands/staff-admin.ts): a changed PIN
 * is the one that signs in, a stopped account cannot sign in, and no change
 * leaves the branch without an active manager or stops the manager making it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FrontDeskDatabase } from '../../src/data/database';
import { createStaff, signIn } from '../../src/data/commands/staff';
import { updateStaff } from '../../src/data/commands/staff-admin';
import type { Staff } from '../../src/domain/staff';
import { testCtx, testDb } from '../support/db';
import { BRANCH_ID } from '../support/fixtures';

let db: FrontDeskDatabase;
afterEach(async () => { await db?.close(); });

const boss = testCtx({ staffId: 'S-boss' });

async function setUp(): Promise<FrontDeskDatabase> {
  const d = await testDb();
  await createStaff(d, { id: 'S-boss', branchId: BRANCH_ID, name: '陈经理', role: 'manager', pin: '2580' }, null, 1);
  await createStaff(d, { id: 'S-front', branchId: BRANCH_ID, name: '王小燕', role: 'front-desk', pin: '2580' }, null, 1);
  return d;
}
const staffDocs = async () => (await db.staff.find().exec()).map((d) => d.toJSON() as Staff).sort((a, b) => a.id.localeCompare(b.id));

describe('the manager changes staff', () => {
  it('a new PIN signs in and the old one no longer does; the record never holds the PIN', async () => {
    db = await setUp();
    const res = await updateStaff(db, { staffId: 'S-front', pin: '3690', iterations: 1 }, boss);
    expect(res).toMatchObject({ ok: true, value: { id: 'S-front', name: '王小燕' } });
    expect(JSON.stringify(await staffDocs())).not.toContain('3690');
    expect(await signIn(db, 'S-front', '2580', boss)).toMatchObject({ ok: false, error: { error: 'wrongPin' } });
    expect(await signIn(db, 'S-front', '3690', boss)).toMatchObject({ ok: true });
  });

  it('a stopped account cannot sign in, and comes back when restored', async () => {
    db = await setUp();
    expect(await updateStaff(db, { staffId: 'S-front', active: false }, boss)).toMatchObject({ ok: true });
    expect(await signIn(db, 'S-front', '2580', boss)).toMatchObject({ ok: false, error: { error: 'unknown' } });
    expect(await updateStaff(db, { staffId: 'S-front', active: true }, boss)).toMatchObject({ ok: true });
    expect(await signIn(db, 'S-front', '2580', boss)).toMatchObject({ ok: true });
  });

  it('renames and changes a role; each write is later than the one before', async () => {
    db = await setUp();
    const before = (await staffDocs()).find((s) => s.id === 'S-front')!;
    expect(await updateStaff(db, { staffId: 'S-front', name: ' 王燕 ', role: 'night-auditor' }, testCtx({ staffId: 'S-boss', now: () => before.updatedAt - 5 }))).toMatchObject({ ok: true });
    const after = (await staffDocs()).find((s) => s.id === 'S-front')!;
    expect(after).toMatchObject({ name: '王燕', role: 'night-auditor' });
    expect(after.updatedAt).toBeGreaterThan(before.updatedAt);
  });

  it('a manager cannot stop or demote themself', async () => {
    db = await setUp();
    await createStaff(db, { id: 'S-boss2', branchId: BRANCH_ID, name: '刘经理', role: 'manager', pin: '2580' }, null, 1);
    const before = await staffDocs();
    expect(await updateStaff(db, { staffId: 'S-boss', active: false }, boss)).toEqual({ ok: false, error: { error: 'self' } });
    expect(await updateStaff(db, { staffId: 'S-boss', role: 'front-desk' }, boss)).toEqual({ ok: false, error: { error: 'self' } });
    expect(await staffDocs()).toEqual(before);
    // Another manager may.
    expect(await updateStaff(db, { staffId: 'S-boss', role: 'front-desk' }, testCtx({ staffId: 'S-boss2' }))).toMatchObject({ ok: true });
  });

  it('never leaves the branch without an active manager (a clerk with the manager\'s PIN in place cannot stop that manager)', async () => {
    db = await setUp();
    const before = await staffDocs();
    const clerkWithBoss = testCtx({ staffId: 'S-front', authorisedBy: 'S-boss' });
    expect(await updateStaff(db, { staffId: 'S-boss', active: false }, clerkWithBoss)).toEqual({ ok: false, error: { error: 'lastManager' } });
    expect(await staffDocs()).toEqual(before);
  });

  it('bad input gets a reason and writes nothing', async () => {
    db = await setUp();
    const before = await staffDocs();
    expect(await updateStaff(db, { staffId: 'S-front', name: '  ' }, boss)).toEqual({ ok: false, error: { error: 'name' } });
    expect(await updateStaff(db, { staffId: 'S-front', name: '王'.repeat(33) }, boss)).toEqual({ ok: false, error: { error: 'name' } });
    expect(await updateStaff(db, { staffId: 'S-front', pin: '1234' }, boss)).toEqual({ ok: false, error: { error: 'pin', reason: 'sequence' } });
    expect(await updateStaff(db, { staffId: 'S-front', pin: '12a4' }, boss)).toEqual({ ok: false, error: { error: 'pin', reason: 'format' } });
    expect(await updateStaff(db, { staffId: 'S-front', role: 'owner' as never }, boss)).toEqual({ ok: false, error: { error: 'role' } });
    expect(await updateStaff(db, { staffId: 'S-nobody', pin: '3690' }, boss)).toEqual({ ok: false, error: { error: 'notFound' } });
    expect(await updateStaff(db, { staffId: 'S-front' }, boss)).toEqual({ ok: false, error: { error: 'nothing' } });
    expect(await updateStaff(db, { staffId: 'S-boss', pin: '3690' }, testCtx({ staffId: 'S-front' }))).toEqual({ ok: false, error: { error: 'forbidden' } });
    expect(await staffDocs()).toEqual(before);
  });
});
