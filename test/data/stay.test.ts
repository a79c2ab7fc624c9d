/**
 * Rooms and stay changes against a real (in-memory) RxDB: housekeeping's
 * report, extension, early departure at check-out, room move. Refusals
 * write nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { checkOut, previewCheckOut } from '../../src/data/commands/checkout';
import { reportHousekeeping } from '../../src/data/commands/housekeeping';
import { extendStay, moveRoom } from '../../src/data/commands/stay';
import type { FrontDeskDatabase } from '../../src/data/database';
import { balanceOnce } from '../../src/data/queries';
import { testCtx, testDb } from '../support/db';
import { BRANCH_ID, NOW } from '../support/fixtures';

let db: FrontDeskDatabase;
afterEach(async () => { await db?.close(); });

const rid = (no: string) => `${BRANCH_ID}:${no}`;
async function roomOf(no: string) { return (await db.rooms.findOne(rid(no)).exec())!.toJSON(); }
async function everything() {
  const out: Record<string, unknown[]> = {};
  for (const name of ['rooms', 'reservations', 'ledger', 'members', 'journal'] as const) {
    out[name] = (await db[name].find().exec()).map((d) => d.toJSON());
  }
  return out;
}

describe('housekeeping report', () => {
  it('marks several rooms clean at once, and a room out of order with a reason, then back', async () => {
    db = await testDb();
    await db.rooms.upsert({ ...(await roomOf('302')), status: 'vacant-dirty' });
    const res = await reportHousekeeping(db, { roomIds: [rid('802'), rid('302')], report: { kind: 'clean' } }, testCtx());
    expect(res).toMatchObject({ ok: true, value: { unchanged: 0 } });
    expect((await roomOf('802'))).toMatchObject({ status: 'vacant-clean', hk: 'clean', hkAt: NOW, hkStaffId: 'desk-test' });
    expect((await roomOf('302')).status).toBe('vacant-clean');

    expect(await reportHousekeeping(db, { roomIds: [rid('308')], report: { kind: 'out-of-order', reason: '空调漏水' } }, testCtx()))
      .toMatchObject({ ok: true });
    expect(await roomOf('308')).toMatchObject({ status: 'out-of-order', hkReason: '空调漏水' });
    await reportHousekeeping(db, { roomIds: [rid('308')], report: { kind: 'clean' } }, testCtx({ now: () => NOW + 1000 }));
    expect(await roomOf('308')).toMatchObject({ status: 'vacant-clean', hkReason: '' });
  });

  it('refuses the whole report, naming the room, when one room is occupied; no reason; no rooms; writes nothing', async () => {
    db = await testDb();
    const before = await everything();
    expect(await reportHousekeeping(db, { roomIds: [rid('802'), rid('301')], report: { kind: 'clean' } }, testCtx()))
      .toEqual({ ok: false, error: { code: 'occupied', roomNo: '301' } });
    expect(await reportHousekeeping(db, { roomIds: [rid('802')], report: { kind: 'out-of-order', reason: ' ' } }, testCtx()))
      .toEqual({ ok: false, error: { code: 'reasonRequired' } });
    expect(await reportHousekeeping(db, { roomIds: [], report: { kind: 'clean' } }, testCtx()))
      .toEqual({ ok: false, error: { code: 'noRooms' } });
    expect(await reportHousekeeping(db, { roomIds: [rid('999')], report: { kind: 'clean' } }, testCtx()))
      .toEqual({ ok: false, error: { code: 'notFound', roomNo: '999' } });
    expect(await everything()).toEqual(before);
  });

  it('check-out makes the room vacant dirty; the clean report returns it to sale', async () => {
    db = await testDb();
    await checkOut(db, 'R-LI', testCtx());
    expect((await roomOf('301')).status).toBe('vacant-dirty');
    await reportHousekeeping(db, { roomIds: [rid('301')], report: { kind: 'clean' } }, testCtx({ now: () => NOW + 60_000 }));
    expect((await roomOf('301')).status).toBe('vacant-clean');
  });
});

describe('extension (续住)', () => {
  it('extends at the desk: more nights, and the check-out says the extra nights earn nothing', async () => {
    db = await testDb();
    const res = await extendStay(db, { reservationId: 'R-LI', departureDate: '2026-11-25', advanceOwnChannel: false }, testCtx());
    expect(res).toMatchObject({ ok: true, value: { addedNights: 1, reservation: { nights: 2, extensionNights: 1, extensionAdvanceOwnChannel: false } } });
  });

  it('an advance own-channel extension earns at check-out, and the preview says which nights and why', async () => {
    const data = (await import('../support/fixtures')).smallBranchLiDueOut();
    data.branch.businessDate = '2026-11-24';
    db = await testDb(data);
    await extendStay(db, { reservationId: 'R-LI', departureDate: '2026-11-24', advanceOwnChannel: true }, testCtx());
    const p = await previewCheckOut(db, 'R-LI', NOW);
    expect(p?.earnings.lines.map((l) => [l.rule, l.points])).toEqual([['stay', 597], ['booking.ordinary', 154]]);
    expect(p?.earnings.notes).toEqual([{ rule: 'extension.earns', params: { nights: 1 } }]);
  });

  it('refuses 0 or 400 nights, a bad date, a guest not in house; writes nothing', async () => {
    db = await testDb();
    const before = await everything();
    const ext = (reservationId: string, departureDate: string) => extendStay(db, { reservationId, departureDate, advanceOwnChannel: false }, testCtx());
    expect(await ext('R-LI', '2026-11-24')).toEqual({ ok: false, error: 'notLater' });
    expect(await ext('R-LI', '2027-12-29')).toEqual({ ok: false, error: 'tooLong' });
    expect(await ext('R-LI', '24/11/2026')).toEqual({ ok: false, error: 'invalid' });
    expect(await ext('R-ZHANG', '2026-11-28')).toEqual({ ok: false, error: 'notInHouse' });
    expect(await ext('R-NONE', '2026-11-28')).toEqual({ ok: false, error: 'notFound' });
    expect(await everything()).toEqual(before);
  });
});

describe('early departure', () => {
  it('posts points for the nights stayed only, says so, and keeps the booked departure', async () => {
    db = await testDb(); // 李娜 booked 2 nights from 2026-11-22; today is 2026-11-23
    const p = await previewCheckOut(db, 'R-LI', NOW);
    expect(p?.nights).toEqual({ booked: 2, stayed: 1, early: true });
    expect(p?.earnings.notes).toEqual([{ rule: 'early-departure', params: { booked: 2, stayed: 1 } }]);
    const res = await checkOut(db, 'R-LI', testCtx());
    expect(res.ok).toBe(true);
    expect(await balanceOnce(db, 'M000000002')).toBe(150 + 199 + 77);
    expect((await db.reservations.findOne('R-LI').exec())?.toJSON()).toMatchObject({ status: 'checked-out', nights: 2, nightsStayed: 1, arrivalDate: '2026-11-22' });
    expect((await db.members.findOne('M000000002').exec())?.toJSON()).toMatchObject({ stays12m: 4, nights12m: 5 });
  });
});

describe('room move (换房)', () => {
  it('moves the stay to a clean room with a reason: one reservation, old room dirty, new room occupied', async () => {
    db = await testDb();
    const res = await moveRoom(db, { reservationId: 'R-LI', toRoomId: rid('302'), reason: '空调坏了' }, testCtx());
    expect(res.ok).toBe(true);
    expect((await db.reservations.findOne('R-LI').exec())?.toJSON()).toMatchObject({
      status: 'checked-in', roomNo: '302', roomMoves: [{ fromRoomNo: '301', toRoomNo: '302', reason: '空调坏了', at: NOW, staffId: 'desk-test' }],
    });
    expect(await roomOf('301')).toMatchObject({ status: 'vacant-dirty', reservationId: '' });
    expect(await roomOf('302')).toMatchObject({ status: 'occupied', reservationId: 'R-LI' });
    expect(await db.journal.count().exec()).toBe(0);
    // The stay checks out of the new room.
    expect((await checkOut(db, 'R-LI', testCtx())).ok).toBe(true);
    expect((await roomOf('302')).status).toBe('vacant-dirty');
  });

  it('refuses an out-of-order or dirty room, no reason, another type without saying so; writes nothing', async () => {
    db = await testDb();
    await reportHousekeeping(db, { roomIds: [rid('308')], report: { kind: 'out-of-order', reason: '漏水' } }, testCtx());
    const before = await everything();
    const mv = (to: string, reason = '噪音', allowOtherType = false) => moveRoom(db, { reservationId: 'R-LI', toRoomId: rid(to), reason, allowOtherType }, testCtx());
    expect(await mv('308')).toEqual({ ok: false, error: ['outOfOrder'] });
    expect(await mv('802')).toEqual({ ok: false, error: ['dirty'] });
    expect(await mv('302', '')).toEqual({ ok: false, error: ['reasonRequired'] });
    expect(await mv('303')).toEqual({ ok: false, error: ['wrongType'] });
    expect(await everything()).toEqual(before);
    expect((await mv('303', '升级', true)).ok).toBe(true);
  });
});
