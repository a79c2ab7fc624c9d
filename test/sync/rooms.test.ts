/**
 * Two tablets changing the same rooms offline, through the real sync server
 * (pouchdb-server): the rule is fact by fact (src/domain/room-status.ts) —
 * the newest housekeeping report wins for cleanliness, occupancy follows the
 * stays — so neither tablet's status change is lost, and both converge.
 */
import { afterEach, describe, expect, inject, test } from 'vitest';
import { reportHousekeeping } from '../../src/data/commands/housekeeping';
import { moveRoom } from '../../src/data/commands/stay';
import { serverDbName } from '../../src/data/replicated';
import { NOW, smallBranch } from '../support/fixtures';
import { uniqueBranchId } from './server';
import { branchCopy, converged, serverBranch, tablet, type Tablet } from './tablets';
import { serverDocs } from './soak';

const couch = inject('couch');
const open: Tablet[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.close()));
});

const ONLY = ['rooms', 'reservations', 'branches', 'reviews', 'journal'] as const;
const T = NOW + 600_000;

describe('two tablets, one room', () => {
  test.each(['a-first', 'b-first'] as const)('a room move on one tablet and an out-of-order report on the other both survive; the newer clean report wins over an older out-of-order (%s)', async (order) => {
    const branchId = uniqueBranchId('rooms');
    await serverBranch(couch, branchId, branchCopy(smallBranch(), branchId));
    let clockA = T;
    let clockB = T;
    const a = await tablet(couch.url, branchId, 'tab-a', { only: ONLY, clock: () => clockA });
    const b = await tablet(couch.url, branchId, 'tab-b', { only: ONLY, clock: () => clockB });
    open.push(a, b);
    await (await a.start()).initialDone();
    await (await b.start()).initialDone();
    const rid = (no: string) => `${branchId}:${no}`;

    await a.offline();
    await b.offline();
    // Tablet B, first: room 302 reported out of order (a leak); room 802 reported out of order too.
    clockB = T + 1000;
    expect((await reportHousekeeping(b.db, { roomIds: [rid('302')], report: { kind: 'out-of-order', reason: '卫生间漏水' } }, b.ctx)).ok).toBe(true);
    expect((await reportHousekeeping(b.db, { roomIds: [rid('802')], report: { kind: 'out-of-order', reason: '门锁坏' } }, b.ctx)).ok).toBe(true);
    // Tablet A, later, not knowing: 李娜 moved from 301 into 302; room 802 reported clean.
    clockA = T + 2000;
    expect((await moveRoom(a.db, { reservationId: 'R-LI', toRoomId: rid('302'), reason: '空调坏了' }, a.ctx)).ok).toBe(true);
    expect((await reportHousekeeping(a.db, { roomIds: [rid('802')], report: { kind: 'clean' } }, a.ctx)).ok).toBe(true);

    // One tablet's changes reach the server before the other reconnects, in
    // both orders (a run each), so the other's push meets them there and the
    // rooms' handler merges; the order must not matter.
    const [first, second] = order === 'a-first' ? [a, b] : [b, a];
    await first.online();
    await first.sync!.awaitInSync();
    await second.online();
    expect(await converged([a, b], ['rooms', 'reservations'])).toBe(true);

    for (const t of [a, b]) {
      const room = async (no: string) => (await t.db.rooms.findOne(rid(no)).exec())!.toJSON();
      // 302: the stay that moved in holds it, and B's leak report is still there for when it leaves.
      expect(await room('302')).toMatchObject({ status: 'occupied', reservationId: 'R-LI', hk: 'out-of-order', hkReason: '卫生间漏水' });
      // 301: left by the move, to be cleaned.
      expect(await room('301')).toMatchObject({ status: 'vacant-dirty', reservationId: '' });
      // 802: the newer report (A's clean) wins.
      expect(await room('802')).toMatchObject({ status: 'vacant-clean', hk: 'clean', hkAt: T + 2000 });
      expect((await t.db.reservations.findOne('R-LI').exec())!.toJSON()).toMatchObject({ roomNo: '302', status: 'checked-in' });
    }
    // The server holds the same merged rooms.
    const server = await serverDocs(couch, serverDbName(branchId, 'rooms'));
    expect(server.find((d) => d._id === rid('302'))).toMatchObject({ status: 'occupied', hkReason: '卫生间漏水' });
    // No stay lost its room: nothing for the conflict log.
    expect(await a.db.reviews.count({ selector: { docCollection: 'rooms' } }).exec()).toBe(0);
  });
});
