import { firstValueFrom } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { FrontDeskDatabase } from '../../src/data/database';
import { addGuarantee, cancelBooking, changeBooking, makeBooking, previewCancellation, releaseGuarantee } from '../../src/data/commands/booking';
import { checkIn } from '../../src/data/commands/checkin';
import { upcomingBookings$ } from '../../src/data/queries-bookings';
import { balanceOnce } from '../../src/data/queries';
import { BRANCH_ID, IDS, NOW } from '../support/fixtures';
import { testCtx, testDb } from '../support/db';

let db: FrontDeskDatabase;
afterEach(async () => { await db?.close(); });

const snapshot = async (d: FrontDeskDatabase) => ({
  reservations: (await d.reservations.find().exec()).map((x) => x.toJSON()),
  ledger: (await d.ledger.find().exec()).map((x) => x.toJSON()),
  journal: await d.journal.count().exec(),
});

const phoneBooking = { memberId: 'M000000002', guestName: '李娜', guestPhone: '13987655678', channel: 'phone' as const, roomType: 'king' as const, rateFen: 19_800, expectedArrival: '21:00' };
/** 18:30 in Shanghai on the fixtures' business date (2026-11-23). */
const AT_1830 = Date.UTC(2026, 10, 23, 10, 30);

describe('bookings at the desk', () => {
  it('makes a future phone booking that the upcoming list shows, and refuses bad dates writing nothing', async () => {
    db = await testDb();
    const before = await snapshot(db);
    for (const [arrivalDate, departureDate] of [['2026-11-20', '2026-11-22'], ['2026-11-25', '2026-11-24'], ['2026-11-25', '2026-11-25'], ['2026-11-25', '2027-12-30']] as const) {
      const bad = await makeBooking(db, { ...phoneBooking, arrivalDate, departureDate }, testCtx());
      expect(bad.ok).toBe(false);
    }
    expect(await snapshot(db)).toEqual(before);
    const made = await makeBooking(db, { ...phoneBooking, arrivalDate: '2026-11-25', departureDate: '2026-11-28' }, testCtx());
    expect(made).toMatchObject({ ok: true, value: { reservation: { channel: 'phone', nights: 3, status: 'expected', memberRate: true } } });
    const upcoming = await firstValueFrom(upcomingBookings$(db, '2026-11-24'));
    expect(upcoming.map((r) => r.arrivalDate)).toEqual(['2026-11-25']);
  });

  it('changes the dates and room type of a booking, and refuses to change a checked-in stay', async () => {
    db = await testDb();
    const changed = await changeBooking(db, 'R-ZHANG', { arrivalDate: '2026-11-24', departureDate: '2026-11-25', roomType: 'family' }, testCtx());
    expect(changed).toMatchObject({ ok: true, value: { reservation: { arrivalDate: '2026-11-24', nights: 1, roomType: 'family', guaranteePoints: 500 } } });
    const before = await snapshot(db);
    expect(await changeBooking(db, 'R-LI', { arrivalDate: '2026-11-24', departureDate: '2026-11-25', roomType: 'king' }, testCtx()))
      .toEqual({ ok: false, error: { state: 'checkedIn' } });
    expect(await snapshot(db)).toEqual(before);
  });

  it('cancels inside the free window: the held guarantee comes back, and the stay can no longer be checked in', async () => {
    db = await testDb();
    expect(await previewCancellation(db, 'R-ZHANG', testCtx())).toMatchObject({ ok: true, free: true, release: 500, freeUntil: '19:00' });
    const res = await cancelBooking(db, { reservationId: 'R-ZHANG', expectFree: true }, testCtx());
    expect(res).toMatchObject({ ok: true, value: { reservation: { status: 'cancelled', cancelledAt: NOW, guaranteePoints: 0 } } });
    expect(await balanceOnce(db, 'M000000001')).toBe(3100);
    expect(await db.journal.count().exec()).toBe(0);
    const checkedIn = await checkIn(db, { reservationId: 'R-ZHANG', roomId: `${BRANCH_ID}:801`, idNumberRaw: IDS.zhang }, testCtx());
    expect(checkedIn.ok).toBe(false);
  });

  it('refuses to cancel a checked-in stay, writing nothing', async () => {
    db = await testDb();
    const before = await snapshot(db);
    expect(await cancelBooking(db, { reservationId: 'R-LI', expectFree: false }, testCtx())).toEqual({ ok: false, error: { state: 'checkedIn' } });
    expect(await snapshot(db)).toEqual(before);
  });

  it('does not turn a confirmed free cancellation into a chargeable one when the window closed meanwhile', async () => {
    db = await testDb();
    const made = await makeBooking(db, { ...phoneBooking, arrivalDate: '2026-11-23', departureDate: '2026-11-25' }, testCtx({ now: () => NOW - 5 * 3_600_000 }));
    if (!made.ok) throw new Error('booking refused');
    const id = made.value.reservation.id;
    const late = testCtx({ now: () => AT_1830 });
    expect(await previewCancellation(db, id, late)).toMatchObject({ free: false, penalty: 600 });
    const before = await snapshot(db);
    expect(await cancelBooking(db, { reservationId: id, expectFree: true }, late)).toMatchObject({ ok: false, error: { termsChanged: { free: false } } });
    expect(await snapshot(db)).toEqual(before);
    // Confirmed with the cost shown: cancelled now, the −600 comes with the night audit (it counts as a no-show).
    expect(await cancelBooking(db, { reservationId: id, expectFree: false }, late)).toMatchObject({ ok: true, value: { terms: { penalty: 600 } } });
    expect(await balanceOnce(db, 'M000000002')).toBe(150);
  });

  it('adds a guarantee on the phone (points held), refuses one past 23:00 writing nothing, and releases it', async () => {
    db = await testDb();
    const made = await makeBooking(db, { ...phoneBooking, memberId: 'M000000001', guestName: '张伟', guestPhone: '13812345678', arrivalDate: '2026-11-24', departureDate: '2026-11-25' }, testCtx());
    if (!made.ok) throw new Error('booking refused');
    const id = made.value.reservation.id;
    const before = await snapshot(db);
    expect(await addGuarantee(db, { reservationId: id, hours: 5 }, testCtx())).toMatchObject({ ok: false, error: { error: 'past-latest', maxHours: 4 } });
    expect(await addGuarantee(db, { reservationId: id, hours: 0 }, testCtx())).toMatchObject({ ok: false, error: { error: 'quantity' } });
    expect(await snapshot(db)).toEqual(before);
    expect(await addGuarantee(db, { reservationId: id, hours: 2 }, testCtx())).toMatchObject({ ok: true, value: { held: 1000, holdUntil: '21:00', balanceAfter: 1600 } });
    expect(await balanceOnce(db, 'M000000001')).toBe(1600);
    expect(await releaseGuarantee(db, { reservationId: id }, testCtx())).toMatchObject({ ok: true, value: { released: 1000 } });
    expect(await balanceOnce(db, 'M000000001')).toBe(2600);
    expect(await addGuarantee(db, { reservationId: id, hours: 1 }, testCtx())).toMatchObject({ ok: false, error: { error: 'releasedBefore' } });
  });
});
