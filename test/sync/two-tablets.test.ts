/**
 * Two tablets of one branch against the real sync server (pouchdb-server,
 * started by the test setup): both work offline, reconnect, and converge,
 * and nothing a clerk typed is silently overwritten.
 */
import { afterEach, describe, expect, inject, test } from 'vitest';
import { redeemPoints, updateMemberProfile } from '../../src/data';
import { ledgerOnce } from '../../src/data/queries';
import { balance } from '../../src/domain/ledger';
import { serverDbName } from '../../src/data/replicated';
import { canonicalJson } from '../../src/domain/merge';
import { member, smallBranch } from '../support/fixtures';
import { uniqueBranchId } from './server';
import { branchCopy, converged, serverBranch, snapshot, tablet, twoSyncedTablets, until, type Tablet } from './tablets';
import { serverDocs } from './soak';

const couch = inject('couch');
const open: Tablet[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.close()));
});

describe('two tablets, one branch', () => {
  test('a new tablet downloads its branch from the server', async () => {
    const branchId = uniqueBranchId('dl');
    await serverBranch(couch, branchId, branchCopy(smallBranch(), branchId));
    const a = await tablet(couch.url, branchId, 'tab-a');
    open.push(a);
    await (await a.start()).initialDone();
    expect((await a.db.members.find().exec()).length).toBe(3);
    expect((await a.db.branches.findOne().exec())?.id).toBe(branchId);
    expect(balance(await ledgerOnce(a.db, 'M000000001'))).toBe(2600);
  });

  test('a new tablet downloads every document, past the first page of changes (design documents do not end it early)', async () => {
    const branchId = uniqueBranchId('big');
    const data = branchCopy(smallBranch(), branchId);
    for (let i = 0; i < 450; i++) {
      const n = String(100 + i).padStart(9, '0');
      data.members.push(member({ id: `M${n}`, name: '测试', cardNo: `77${n}0`, phone: `139${n.slice(1)}`, phoneLast4: n.slice(-4) }));
    }
    await serverBranch(couch, branchId, data);
    const a = await tablet(couch.url, branchId, 'tab-a');
    open.push(a);
    await (await a.start()).initialDone();
    expect(await a.db.members.count().exec()).toBe(data.members.length);
  });

  test('offline edits on two tablets converge: both field edits survive, the check-in beats the no-show, both redemptions stand', async () => {
    const { branchId, a, b } = await twoSyncedTablets(couch, 'two');
    open.push(a, b);
    await a.sync!.awaitInSync();
    await b.sync!.awaitInSync();

    // Both lose the network.
    await a.offline();
    await b.offline();

    // A: new phone for 张伟, redeem milk; and 赵强's reservation checked in (status moves on).
    expect((await updateMemberProfile(a.db, { memberId: 'M000000001', phone: '13600001234' }, a.ctx)).ok).toBe(true);
    const ra = await redeemPoints(a.db, { memberId: 'M000000001', item: 'milk', quantity: 1 }, a.ctx);
    expect(ra).toMatchObject({ ok: true });
    const ota = (await a.db.reservations.findOne('R-OTA').exec())!;
    await ota.incrementalPatch({ status: 'checked-in', roomNo: '302', checkedInAt: Date.now(), updatedAt: Date.now() });

    // B, a little later: 张伟's pillow, a toiletry kit, and the same reservation marked no-show.
    await new Promise((r) => setTimeout(r, 5));
    expect((await updateMemberProfile(b.db, { memberId: 'M000000001', prefs: { pillow: 'soft' } }, b.ctx)).ok).toBe(true);
    expect(await redeemPoints(b.db, { memberId: 'M000000001', item: 'toiletries', quantity: 1 }, b.ctx)).toMatchObject({ ok: true });
    const otb = (await b.db.reservations.findOne('R-OTA').exec())!;
    await otb.incrementalPatch({ status: 'no-show', updatedAt: Date.now() + 10 });

    // The network comes back.
    await a.online();
    await b.online();
    expect(await converged([a, b], ['members', 'reservations', 'ledger'])).toBe(true);

    if (process.env.SYNC_DEBUG) {
      for (const t of [a, b]) console.log(t.ctx.deviceId, JSON.stringify((await t.db.members.findOne('M000000001').exec())!.toJSON()));
      console.log('server', JSON.stringify((await serverDocs(couch, serverDbName(branchId, 'members'))).find((d) => d._id === 'M000000001')));
    }
    for (const t of [a, b]) {
      const m = (await t.db.members.findOne('M000000001').exec())!.toJSON();
      expect(m.phone).toBe('13600001234');
      expect(m.phoneLast4).toBe('1234');
      expect(m.prefs.pillow).toBe('soft');
      const r = (await t.db.reservations.findOne('R-OTA').exec())!.toJSON();
      expect(r.status).toBe('checked-in');
      expect(balance(await ledgerOnce(t.db, 'M000000001'))).toBe(2600 - 200 - 400);
    }
    // The replicas hold the same documents, and so does the server.
    for (const c of ['members', 'reservations', 'ledger'] as const) {
      const sa = await snapshot(a.db, c);
      const sb = await snapshot(b.db, c);
      expect(canonicalJson(sb)).toBe(canonicalJson(sa));
    }
    const serverMembers = await serverDocs(couch, serverDbName(branchId, 'members'));
    const zhang = serverMembers.find((d) => d._id === 'M000000001')!;
    expect(zhang.phone).toBe('13600001234');
    expect((zhang.prefs as { pillow: string }).pillow).toBe('soft');
    const serverLedger = await serverDocs(couch, serverDbName(branchId, 'ledger'));
    expect(serverLedger.filter((d) => d.memberId === 'M000000001').reduce((s, d) => s + (d.points as number), 0)).toBe(2000);
    expect(serverLedger.filter((d) => d._conflicts !== undefined)).toEqual([]);

    // The losing reservation version is in the conflict log, on both tablets.
    for (const t of [a, b]) {
      const log = await until(
        async () => (await t.db.reviews.find({ selector: { kind: 'conflict' } }).exec()).map((d) => d.toJSON()),
        (l) => l.some((r) => r.docId === 'R-OTA'),
      );
      const rec = log.find((r) => r.docId === 'R-OTA')!;
      expect(((rec.detail as Record<string, unknown>).lost as { status: string }).status).toBe('no-show');
      expect(((rec.detail as Record<string, unknown>).kept as { status: string }).status).toBe('checked-in');
    }
  });
});
