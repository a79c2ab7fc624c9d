/**
 * The reservations feed (server/reservations-feed.ts) against the real
 * server: head office's documents reach a tablet's live query while the desk
 * watches; a document the validator refuses is logged once and not sent again;
 * the demo feed fills the coming days without doubling anything.
 */
import { firstValueFrom } from 'rxjs';
import { filter, timeout } from 'rxjs/operators';
import { afterEach, describe, expect, inject, test } from 'vitest';
import { changeBooking } from '../../src/data/commands/booking';
import { upcomingBookings$ } from '../../src/data/queries-bookings';
import { serverDbName } from '../../src/data/replicated';
import { addDays } from '../../src/domain/dates';
import { feedBooking, feedCancellation, standingIds } from '../../server/feed-demo';
import { demoFeedPass, writeFeedDocs, type FeedDoc } from '../../server/reservations-feed';
import { BUSINESS_DATE, NOW, smallBranch } from '../support/fixtures';
import { uniqueBranchId } from './server';
import { branchCopy, serverBranch, tablet, TWO_TABLET_COLLECTIONS, until, type Tablet } from './tablets';

const couch = inject('couch');
const admin = { user: couch.adminUser, password: couch.adminPassword };
const auth = `Basic ${Buffer.from(`${couch.adminUser}:${couch.adminPassword}`).toString('base64')}`;
const open: Tablet[] = [];
afterEach(async () => { await Promise.all(open.splice(0).map((t) => t.close())); });

async function serverDoc(branchId: string, id: string): Promise<{ status: number; doc: Record<string, unknown> }> {
  const res = await fetch(`${couch.url}${serverDbName(branchId, 'reservations')}/${encodeURIComponent(id)}`, { headers: { Authorization: auth } });
  return { status: res.status, doc: (await res.json()) as Record<string, unknown> };
}

async function branch(prefix: string): Promise<string> {
  const id = uniqueBranchId(prefix);
  await serverBranch(couch, id, branchCopy(smallBranch(), id));
  return id;
}

describe('the reservations feed', () => {
  test('a booking head office writes reaches the desk\'s live list while it watches, and so does its cancellation', async () => {
    const branchId = await branch('rf');
    const t = await tablet(couch.url, branchId, 'tab-feed', { only: TWO_TABLET_COLLECTIONS });
    open.push(t);
    await (await t.start()).initialDone();
    const id = 'hq:app-20261124-0001';
    const arrived = firstValueFrom(upcomingBookings$(t.db, BUSINESS_DATE).pipe(filter((list) => list.some((r) => r.id === id)), timeout(30_000)));
    const booking = feedBooking({ id, branchId, arrivalDate: addDays(BUSINESS_DATE, 1), member: null, bookedAt: Date.now() });
    const logged: string[] = [];
    const first = await writeFeedDocs({ url: couch.url, admin, branchId, log: (l) => logged.push(l) }, [booking]);
    expect(first).toMatchObject({ written: [id], refused: [] });
    expect((await arrived).find((r) => r.id === id)).toMatchObject({ status: 'expected', channel: 'ota', arrivalDate: addDays(BUSINESS_DATE, 1) });

    // The cancellation is a new version of the same document, written with the revision the feed read.
    const { doc } = await serverDoc(branchId, id);
    const gone = firstValueFrom(upcomingBookings$(t.db, BUSINESS_DATE).pipe(filter((list) => list.every((r) => r.id !== id)), timeout(30_000)));
    const cancel: FeedDoc = { ...feedCancellation(booking, Date.now() + 1), _rev: String(doc._rev) };
    expect(await writeFeedDocs({ url: couch.url, admin, branchId, log: (l) => logged.push(l) }, [cancel])).toMatchObject({ written: [id] });
    await gone;
    expect((await t.db.reservations.findOne(id).exec())?.status).toBe('cancelled');
    expect(logged).toEqual([]);
  });

  test('a document the validator refuses is logged with the server\'s reason and not sent again', async () => {
    const branchId = await branch('rx');
    const good = feedBooking({ id: 'hq:web-ok', branchId, arrivalDate: BUSINESS_DATE, member: null, bookedAt: NOW });
    const bad = { ...feedBooking({ id: 'hq:web-bad', branchId, arrivalDate: BUSINESS_DATE, member: null, bookedAt: NOW }), nights: 400 };
    const logged: string[] = [];
    const options = { url: couch.url, admin, branchId, log: (l: string) => logged.push(l) };
    const first = await writeFeedDocs(options, [bad, good]);
    expect(first.written).toEqual(['hq:web-ok']);
    expect(first.refused).toHaveLength(1);
    expect(first.refused[0]?.id).toBe('hq:web-bad');
    expect(first.refused[0]?.reason).toMatch(/nights/);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('hq:web-bad');

    // The next pass offers the same version again: it is not sent (nothing new logged); the good one is already there.
    const again = await writeFeedDocs(options, [bad, good]);
    expect(again).toMatchObject({ written: [], refused: [], skippedRefused: 1, alreadyThere: 1 });
    expect(logged).toHaveLength(1);
    expect((await serverDoc(branchId, 'hq:web-bad')).status).toBe(404);
    // A corrected version (a later updatedAt) goes through.
    const fixed = await writeFeedDocs(options, [{ ...bad, nights: 2, updatedAt: bad.updatedAt + 1 }]);
    expect(fixed.written).toEqual(['hq:web-bad']);
  });

  test('the demo feed keeps every coming day booked, all accepted by the validator, and a second pass adds no standing booking twice', async () => {
    const branchId = await branch('rd');
    const now = Date.parse(`${BUSINESS_DATE}T10:00:00+08:00`);
    const logged: string[] = [];
    const options = { url: couch.url, admin, branchId, log: (l: string) => logged.push(l), perDay: 4, daysAhead: 2 };
    const first = await demoFeedPass({ ...options, now });
    expect(first.refused).toEqual([]);
    const standing = [0, 1, 2].flatMap((d) => standingIds(addDays(BUSINESS_DATE, d), 4));
    for (const id of standing) expect((await serverDoc(branchId, id)).doc).toMatchObject({ status: 'expected', branchId });
    const second = await demoFeedPass({ ...options, now: now + 30_000 });
    expect(second.refused).toEqual([]);
    expect(second.written.filter((id) => standing.includes(id) && !first.written.includes(id))).toEqual([]);
    expect(second.events.some((e) => e.includes('topped up'))).toBe(false);
    expect(logged).toEqual([]);
  });

  test('the desk changes a feed booking offline while head office cancels it: the cancellation wins on both sides, the desk\'s change is in the conflict log', async () => {
    const branchId = await branch('rc');
    const t = await tablet(couch.url, branchId, 'tab-rc', { only: TWO_TABLET_COLLECTIONS });
    open.push(t);
    await (await t.start()).initialDone();
    const id = 'hq:app-conflict-1';
    const booking = feedBooking({ id, branchId, arrivalDate: addDays(BUSINESS_DATE, 2), member: null, bookedAt: Date.now() - 60_000 });
    const options = { url: couch.url, admin, branchId, log: () => {} };
    await writeFeedDocs(options, [booking]);
    await until(async () => (await t.db.reservations.findOne(id).exec())?.status, (s) => s === 'expected');

    await t.offline();
    const changed = await changeBooking(t.db, id, { arrivalDate: addDays(BUSINESS_DATE, 3), departureDate: addDays(BUSINESS_DATE, 5), roomType: 'family' }, t.ctx);
    expect(changed.ok).toBe(true);
    const { doc } = await serverDoc(branchId, id);
    expect(await writeFeedDocs(options, [{ ...feedCancellation(booking, Date.now() - 1000), _rev: String(doc._rev) }])).toMatchObject({ written: [id] });
    await t.online();

    expect(await until(async () => (await t.db.reservations.findOne(id).exec())?.status, (s) => s === 'cancelled', 30_000)).toBe('cancelled');
    await t.sync!.awaitInSync();
    expect((await serverDoc(branchId, id)).doc).toMatchObject({ status: 'cancelled', arrivalDate: addDays(BUSINESS_DATE, 2) });
    const logged = await until(
      async () => (await t.db.reviews.find({ selector: { kind: 'conflict' } }).exec()).map((d) => d.toJSON() as { docId: string; detail: { reason: string; lost: { roomType?: string } } }),
      (list) => list.some((r) => r.docId === id),
      30_000,
    );
    expect(logged.find((r) => r.docId === id)?.detail).toMatchObject({ reason: 'status-order', lost: { roomType: 'family' } });
  });
});
