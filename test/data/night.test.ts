import { afterEach, describe, expect, it } from 'vitest';
import type { FrontDeskDatabase } from '../../src/data/database';
import { createStaff, signIn } from '../../src/data/commands/staff';
import { doorHead, recordDoorSwipe } from '../../src/data/commands/door';
import { nightAuditReport, runNightAudit } from '../../src/data/commands/audit';
import { balanceOnce, branchOnce, ledgerOnce } from '../../src/data/queries';
import { doorEventsOnce } from '../../src/data/queries-night';
import { sha256 } from '../../src/data/crypto';
import { verifyDoorLog } from '../../src/domain/door-chain';
import { BRANCH_ID, BUSINESS_DATE, NOW, reservation, smallBranch } from '../support/fixtures';
import { testCtx, testDb } from '../support/db';

let db: FrontDeskDatabase;
afterEach(async () => { await db?.close(); });

const ITER = 1000; // a fast PBKDF2 for tests; the app uses the policy's 210,000
/** 2026-11-23 23:30 in Shanghai. */
const NIGHT = Date.UTC(2026, 10, 23, 15, 30);

async function withStaff() {
  const data = smallBranch();
  // 孙丽 booked today at 10:00 and never came: a −300 × 2 no-show.
  data.reservations.push(reservation({ id: 'R-SUN', guestName: '孙丽', memberId: 'M000000002', bookedAt: Date.UTC(2026, 10, 23, 2, 0) }));
  db = await testDb(data);
  await createStaff(db, { id: 'S-desk', branchId: BRANCH_ID, name: '王小燕', role: 'front-desk', pin: '2580' }, null, ITER);
  await createStaff(db, { id: 'S-night', branchId: BRANCH_ID, name: '李建国', role: 'night-auditor', pin: '1357' }, null, ITER);
  return db;
}

describe('staff PIN sign-in', () => {
  it('stores only a salted hash, signs in with the right PIN and locks after five wrong ones', async () => {
    await withStaff();
    const stored = (await db.staff.findOne('S-desk').exec())!.toJSON();
    expect(JSON.stringify(stored)).not.toContain('2580');
    expect(stored.pin.salt).toMatch(/^[0-9a-f]{32}$/);
    expect((await signIn(db, 'S-desk', '2580', testCtx())).ok).toBe(true);
    for (let i = 0; i < 4; i++) expect((await signIn(db, 'S-desk', '0001', testCtx())).ok).toBe(false);
    expect(await signIn(db, 'S-desk', '0001', testCtx())).toMatchObject({ ok: false, error: { error: 'locked' } });
    // Locked: even the right PIN is refused until the lock runs out.
    expect(await signIn(db, 'S-desk', '2580', testCtx())).toMatchObject({ ok: false, error: { error: 'locked' } });
    expect((await signIn(db, 'S-desk', '2580', testCtx({ now: () => NOW + 6 * 60_000 }))).ok).toBe(true);
  });

  it('refuses a weak PIN when creating staff, and a front-desk clerk cannot create staff', async () => {
    await withStaff();
    const weak = await createStaff(db, { id: 'S-x', branchId: BRANCH_ID, name: '赵', role: 'front-desk', pin: '1234' }, testCtx({ staffId: 'S-night' }), ITER);
    expect(weak).toMatchObject({ ok: false });
    const clerk = await createStaff(db, { id: 'S-y', branchId: BRANCH_ID, name: '钱', role: 'manager', pin: '2468' }, testCtx({ staffId: 'S-desk' }), ITER);
    expect(clerk).toEqual({ ok: false, error: { error: 'forbidden' } });
  });
});

describe('door mode', () => {
  it('grants the in-house guest and the guaranteed late arrival, denies the rest, and chains every swipe', async () => {
    await withStaff();
    const ctx = testCtx({ staffId: 'S-night', now: () => NIGHT });
    const li = await recordDoorSwipe(db, '770000000002', ctx); // in house in 301
    const zhang = await recordDoorSwipe(db, '770000000001', ctx); // guaranteed arrival tonight
    const lost = await recordDoorSwipe(db, '770000000003', ctx); // card lost
    const unknown = await recordDoorSwipe(db, '779999999999', ctx);
    expect([li, zhang, lost, unknown].map((r) => r.ok && [r.value.decision, r.value.reason, r.value.roomNo])).toEqual([
      ['granted', 'in-house', '301'], ['granted', 'guaranteed-arrival', ''], ['denied', 'card-lost', ''], ['denied', 'unknown-card', ''],
    ]);
    const events = await doorEventsOnce(db);
    expect(events.map((e) => e.staffId)).toEqual(['S-night', 'S-night', 'S-night', 'S-night']);
    const head = await doorHead(db);
    expect(head?.seq).toBe(3);
    const [report] = await verifyDoorLog(events, sha256, { heads: { 'tab-test': head! } });
    expect(report?.result).toEqual({ ok: true, count: 4 });
    // Deleting the newest event is caught through the device's own head record.
    const shortened = events.filter((e) => e.seq !== 3);
    const [cut] = await verifyDoorLog(shortened, sha256, { heads: { 'tab-test': head! } });
    expect(cut?.result.ok).toBe(false);
  });

  it('a front-desk clerk cannot run door mode, and nothing is recorded', async () => {
    await withStaff();
    expect(await recordDoorSwipe(db, '770000000002', testCtx({ staffId: 'S-desk', now: () => NIGHT }))).toEqual({ ok: false, error: 'forbidden' });
    expect(await doorEventsOnce(db)).toHaveLength(0);
  });
});

describe('night audit', () => {
  it('refuses before the cut-off and for a clerk; after it, penalises once, forfeits the guarantee and rolls the date', async () => {
    await withStaff();
    expect(await runNightAudit(db, testCtx({ staffId: 'S-night', now: () => Date.UTC(2026, 10, 23, 14, 59) }))).toEqual({ ok: false, error: 'tooEarly' });
    expect(await runNightAudit(db, testCtx({ staffId: 'S-desk', now: () => NIGHT }))).toEqual({ ok: false, error: 'forbidden' });

    const res = await runNightAudit(db, testCtx({ staffId: 'S-night', now: () => NIGHT }));
    expect(res.ok).toBe(true);
    // 张伟's 500 held points are forfeited (the hold already took them): balance stays 2,600.
    expect(await balanceOnce(db, 'M000000001')).toBe(2600);
    expect((await ledgerOnce(db, 'M000000001')).map((l) => l.rule)).toContain('guarantee.forfeit');
    // 孙丽's booking (member 李娜) costs −300 × 2 nights.
    expect(await balanceOnce(db, 'M000000002')).toBe(150 - 600);
    expect((await db.reservations.findOne('R-SUN').exec())?.status).toBe('no-show');
    expect((await db.branches.findOne(BRANCH_ID).exec())?.businessDate).toBe('2026-11-24');
    expect((await db.audits.findOne(`${BRANCH_ID}:${BUSINESS_DATE}`).exec())?.penalties).toBe(600);

    // A tablet whose branch document is stale but which holds the audit record knows the day is closed:
    // its business date is the day after the record (the audit of 11-24 is not due yet).
    const branch = (await db.branches.findOne(BRANCH_ID).exec())!.toJSON();
    await db.branches.upsert({ ...branch, businessDate: BUSINESS_DATE });
    expect((await branchOnce(db))?.businessDate).toBe('2026-11-24');
    expect(await runNightAudit(db, testCtx({ staffId: 'S-night', deviceId: 'tab-2', now: () => NIGHT + 60_000 }))).toEqual({ ok: false, error: 'tooEarly' });
    // A second tablet auditing the same day from a copy that has neither adds nothing.
    await (await db.audits.findOne(`${BRANCH_ID}:${BUSINESS_DATE}`).exec())!.remove();
    expect((await runNightAudit(db, testCtx({ staffId: 'S-night', deviceId: 'tab-2', now: () => NIGHT + 60_000 }))).ok).toBe(true);
    expect(await balanceOnce(db, 'M000000002')).toBe(-450);

    const report = await nightAuditReport(db, BUSINESS_DATE);
    expect(report.noShows.rows.map((r) => [r.guestName, r.outcome, r.points])).toEqual(expect.arrayContaining([
      ['孙丽', 'penalty', -600], ['张伟', 'forfeit', 0],
    ]));
  });

  it("counts this branch's redemptions only, not a member's lines the points exchange brought from another branch", async () => {
    await withStaff();
    const line = (id: string, branchId: string) => ({
      id, memberId: 'M000000001', branchId, kind: 'redeem' as const, rule: 'redeem.milk', points: -200, params: { item: 'milk', quantity: 1 },
      reservationId: '', businessDate: BUSINESS_DATE, createdAt: NOW, deviceId: 'tab-1', staffId: 'S-desk',
    });
    await db.ledger.bulkInsert([line('here:redeem.milk', BRANCH_ID), line('there:redeem.milk', 'sh-elsewhere')]);
    const report = await nightAuditReport(db, BUSINESS_DATE);
    expect(report.redemptions.find((r) => r.item === 'milk')?.redemptions).toBe(1);
    expect(await balanceOnce(db, 'M000000001')).toBe(2600 - 400);
  });
});
