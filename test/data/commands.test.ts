import { afterEach, describe, expect, it } from 'vitest';
import type { FrontDeskDatabase } from '../../src/data/database';
import { checkIn } from '../../src/data/commands/checkin';
import { checkOut } from '../../src/data/commands/checkout';
import { redeemPoints } from '../../src/data/commands/redeem';
import { addFeedback, adoptSuggestion } from '../../src/data/commands/feedback';
import { draftWalkIn } from '../../src/data/commands/walk-in';
import { balanceOnce, ledgerOnce, lookupCard, searchMembers } from '../../src/data/queries';
import { BRANCH_ID, IDS, smallBranchLiDueOut } from '../support/fixtures';
import { testCtx, testDb } from '../support/db';

let db: FrontDeskDatabase;
afterEach(async () => { await db?.close(); });

const snapshot = async (d: FrontDeskDatabase) => ({
  reservations: (await d.reservations.find().exec()).map((x) => x.toJSON()),
  rooms: (await d.rooms.find().exec()).map((x) => x.toJSON()),
  members: (await d.members.find().exec()).map((x) => x.toJSON()),
  ledger: (await d.ledger.find().exec()).map((x) => x.toJSON()),
});

describe('check-in', () => {
  it('moves reservation and room together and releases the late-arrival guarantee', async () => {
    db = await testDb();
    expect(await balanceOnce(db, 'M000000001')).toBe(2600);
    const res = await checkIn(db, { reservationId: 'R-ZHANG', roomId: `${BRANCH_ID}:801`, idNumberRaw: IDS.zhang.toLowerCase() }, testCtx());
    expect(res.ok).toBe(true);
    const r = (await db.reservations.findOne('R-ZHANG').exec())?.toJSON();
    expect(r).toMatchObject({ status: 'checked-in', roomNo: '801', guestIdNumber: IDS.zhang, checkInStaffId: 'desk-test', checkInDeviceId: 'tab-test' });
    expect((await db.rooms.findOne(`${BRANCH_ID}:801`).exec())?.status).toBe('occupied');
    expect(await balanceOnce(db, 'M000000001')).toBe(3100);
    expect(await db.journal.count().exec()).toBe(0);
  });

  it('refuses a bad ID number, a dirty room and another person\'s ID, writing nothing', async () => {
    db = await testDb();
    const before = await snapshot(db);
    const bad = await checkIn(db, { reservationId: 'R-ZHANG', roomId: `${BRANCH_ID}:802`, idNumberRaw: IDS.zhang.slice(0, 17) + '0' }, testCtx());
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toEqual(expect.arrayContaining([{ field: 'room', code: 'dirty' }, { field: 'idNumber', code: 'checkChar' }]));
    const other = await checkIn(db, { reservationId: 'R-ZHANG', roomId: `${BRANCH_ID}:302`, idNumberRaw: IDS.li }, testCtx());
    expect(other).toEqual({ ok: false, error: [{ field: 'idNumber', code: 'notMembersId' }] });
    expect(await snapshot(db)).toEqual(before);
  });

  it('gives a room of another type only when the clerk allows it', async () => {
    db = await testDb();
    const twin = `${BRANCH_ID}:303`;
    const refused = await checkIn(db, { reservationId: 'R-ZHANG', roomId: twin, idNumberRaw: IDS.zhang }, testCtx());
    expect(refused).toEqual({ ok: false, error: [{ field: 'room', code: 'wrongType' }] });
    const upgraded = await checkIn(db, { reservationId: 'R-ZHANG', roomId: twin, idNumberRaw: IDS.zhang, allowOtherType: true }, testCtx());
    expect(upgraded.ok).toBe(true);
    expect((await db.rooms.findOne(twin).exec())?.reservationId).toBe('R-ZHANG');
  });

  it('enrols a walk-in guest as a member in the same change', async () => {
    db = await testDb();
    const reservationsBefore = await db.reservations.count().exec();
    const walk = await draftWalkIn(db, { memberId: '', guestName: '陈静', guestPhone: '13655556666', roomType: 'king', nights: 1, rateFen: 19_800 }, testCtx());
    if (!walk.ok) throw new Error('walk-in refused');
    const draft = walk.value.reservation;
    const reservationId = draft.id;
    const taken = await checkIn(db, { reservationId, walkIn: draft, roomId: `${BRANCH_ID}:302`, idNumberRaw: IDS.walkIn, enrol: { name: '陈静', phone: '13655556666', cardNo: '770000000002', feeWaived: false } }, testCtx());
    expect(taken).toEqual({ ok: false, error: [{ field: 'cardNo', code: 'taken' }] });
    const twice = await checkIn(db, { reservationId, walkIn: draft, roomId: `${BRANCH_ID}:302`, idNumberRaw: IDS.li, enrol: { name: '李娜', phone: '13655556666', cardNo: '770000008888', feeWaived: false } }, testCtx());
    expect(twice).toEqual({ ok: false, error: [{ field: 'idNumber', code: 'alreadyMember' }] });
    // Refused check-ins of a walk-in leave no reservation behind.
    expect(await db.reservations.count().exec()).toBe(reservationsBefore);
    const ok = await checkIn(db, { reservationId, walkIn: draft, roomId: `${BRANCH_ID}:302`, idNumberRaw: IDS.walkIn, enrol: { name: '陈静', phone: '13655556666', cardNo: '770000009999', feeWaived: true } }, testCtx());
    expect(ok.ok).toBe(true);
    // The same draft a second time (a double tap) does not check in twice.
    const again = await checkIn(db, { reservationId, walkIn: draft, roomId: `${BRANCH_ID}:308`, idNumberRaw: IDS.walkIn }, testCtx());
    expect(again).toEqual({ ok: false, error: [{ field: 'reservation', code: 'alreadyCheckedIn' }] });
    const m = (await db.members.findOne('M0000009999').exec())?.toJSON();
    expect(m).toMatchObject({ name: '陈静', nameInitials: 'CJ', joinFeeFen: 0, tier: 'registered', idNumber: IDS.walkIn });
    expect((await db.reservations.findOne(reservationId).exec())?.toJSON()).toMatchObject({ memberId: 'M0000009999', status: 'checked-in', channel: 'walk-in' });
    expect((await searchMembers(db, 'cj')).map((x) => x.id)).toContain('M0000009999');
  });
});

describe('check-out', () => {
  it('posts the stay\'s points once, even when posted twice', async () => {
    db = await testDb(smallBranchLiDueOut());
    const first = await checkOut(db, 'R-LI', testCtx());
    expect(first.ok).toBe(true);
    // 2 nights × 199 = 398 stay points, +77 own-channel (web) booking, silver member.
    expect(await balanceOnce(db, 'M000000002')).toBe(150 + 398 + 77);
    expect((await db.rooms.findOne(`${BRANCH_ID}:301`).exec())?.status).toBe('vacant-dirty');
    const member = (await db.members.findOne('M000000002').exec())?.toJSON();
    expect(member).toMatchObject({ stays12m: 4, nights12m: 6, lastStayDate: '2026-11-23' });
    const second = await checkOut(db, 'R-LI', testCtx());
    expect(second).toEqual({ ok: false, error: 'notCheckedIn' });
    expect(await balanceOnce(db, 'M000000002')).toBe(625);
  });
});

describe('redemption', () => {
  it('refuses an overdraw without writing, and deducts when covered', async () => {
    db = await testDb();
    const refused = await redeemPoints(db, { memberId: 'M000000002', item: 'milk', quantity: 1 }, testCtx());
    expect(refused).toEqual({ ok: false, error: { ok: false, error: 'insufficient', cost: 200, shortBy: 50 } });
    expect(await balanceOnce(db, 'M000000002')).toBe(150);
    expect(await ledgerOnce(db, 'M000000002')).toHaveLength(1);
    const kit = await redeemPoints(db, { memberId: 'M000000001', item: 'toiletries', quantity: 1 }, testCtx());
    expect(kit).toEqual({ ok: true, value: { balanceAfter: 2200, cost: 400 } });
    const late = await redeemPoints(db, { memberId: 'M000000001', item: 'lateCheckout', quantity: 5 }, testCtx());
    expect(late).toEqual({ ok: false, error: { ok: false, error: 'quantity' } });
  });

  it('two quick redemptions cannot both spend the same points', async () => {
    db = await testDb();
    const ctx = testCtx();
    const [a, b] = await Promise.all([
      redeemPoints(db, { memberId: 'M000000001', item: 'freeNight', quantity: 1 }, ctx),
      redeemPoints(db, { memberId: 'M000000001', item: 'freeNight', quantity: 1 }, ctx),
    ]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    expect(await balanceOnce(db, 'M000000001')).toBe(600);
  });
});

describe('feedback', () => {
  it('records a complaint, refuses an empty one, and adopting a suggestion awards 50 once', async () => {
    db = await testDb();
    expect(await addFeedback(db, { memberId: 'M000000002', kind: 'complaint', text: '   ' }, testCtx())).toEqual({ ok: false, error: 'empty' });
    const s = await addFeedback(db, { memberId: 'M000000002', kind: 'suggestion', text: '建议增加荞麦枕' }, testCtx());
    if (!s.ok) throw new Error('refused');
    const other = testCtx({ staffId: 'desk-other' });
    expect(await adoptSuggestion(db, s.value.id, other)).toEqual({ ok: true, value: { points: 50 } });
    expect(await adoptSuggestion(db, s.value.id, other)).toEqual({ ok: false, error: 'alreadyAdopted' });
    expect(await balanceOnce(db, 'M000000002')).toBe(200);
  });

  it('refuses the clerk who recorded a suggestion adopting it, and writes nothing (issue #11)', async () => {
    db = await testDb();
    const s = await addFeedback(db, { memberId: 'M000000002', kind: 'suggestion', text: '建议增加荞麦枕' }, testCtx());
    if (!s.ok) throw new Error('refused');
    const before = await balanceOnce(db, 'M000000002');
    expect(await adoptSuggestion(db, s.value.id, testCtx())).toEqual({ ok: false, error: 'ownSuggestion' });
    expect(await balanceOnce(db, 'M000000002')).toBe(before);
    expect((await db.feedback.findOne(s.value.id).exec())?.adopted).toBe(false);
  });
});

describe('key-card lookup', () => {
  it('finds member, balance and in-house room; unknown card gives null', async () => {
    db = await testDb();
    const found = await lookupCard(db, '770000000002');
    expect(found?.member.name).toBe('李娜');
    expect(found?.balance).toBe(150);
    expect(found?.stay?.roomNo).toBe('301');
    expect(await lookupCard(db, '779999999999')).toBeNull();
  });
});
