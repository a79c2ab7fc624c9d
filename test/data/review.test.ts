/**
 * The manager's sync review against a real (memory) database: overdrafts
 * found after two tablets redeemed offline, answered by a reversal or a
 * write-off together with a resolution record; conflicts and rejections
 * acknowledged once; reconnect reports grouped by tablet. Every refusal
 * writes nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { firstValueFrom } from 'rxjs';
import type { FrontDeskDatabase } from '../../src/data/database';
import { createStaff } from '../../src/data/commands/staff';
import { acknowledgeReview, resolveOverdraft } from '../../src/data/commands/review';
import { balanceOnce, ledgerOnce } from '../../src/data/queries';
import { openReviews$, overdrafts$, reconnectReports$, REJECTION_REASONS, rejectionReasonOf } from '../../src/data/queries-review';
import { uniqueById, balance } from '../../src/domain/ledger';
import type { LedgerEntry } from '../../src/domain/model';
import type { ReviewRecord } from '../../src/domain/review';
import { BRANCH_ID, BUSINESS_DATE, NOW, entry } from '../support/fixtures';
import { REJECTION_KINDS } from '../../server/validate';
import { testCtx, testDb } from '../support/db';

const dbs: FrontDeskDatabase[] = [];
afterEach(async () => { await Promise.all(dbs.splice(0).map((d) => d.close())); });

const ITER = 1000;
const HOUR = 3_600_000;
const ZHANG = 'M000000001'; // 2,600 points in the fixtures
const boss = (over = {}) => testCtx({ staffId: 'S-boss', deviceId: 'tab-boss', now: () => NOW + 5 * HOUR, ...over });

/** A redemption as a tablet posts it (it arrives here by sync). */
function redemption(id: string, item: 'milk' | 'freeNight', cost: number, createdAt: number, deviceId: string): LedgerEntry {
  return entry({
    id: `${id}:redeem.${item}`, memberId: ZHANG, kind: 'redeem', rule: `redeem.${item}`, points: -cost,
    params: { item, quantity: 1, unitPoints: cost, cost, points: -cost }, businessDate: BUSINESS_DATE, createdAt, deviceId, staffId: 'S-desk',
  });
}

/** 张伟 (2,600): tablet A gives a free night and a milk offline, tablet B a free night: −1,600 after sync. */
const OFFLINE = [
  redemption('A1', 'freeNight', 2000, NOW - 3 * HOUR, 'tab-A'),
  redemption('A2', 'milk', 200, NOW - 2 * HOUR, 'tab-A'),
  redemption('B1', 'freeNight', 2000, NOW - HOUR, 'tab-B'),
];

async function overdrawnBranch(): Promise<FrontDeskDatabase> {
  const db = await testDb();
  dbs.push(db);
  await createStaff(db, { id: 'S-boss', branchId: BRANCH_ID, name: '陈经理', role: 'manager', pin: '2580' }, null, ITER);
  await createStaff(db, { id: 'S-desk', branchId: BRANCH_ID, name: '王小燕', role: 'front-desk', pin: '1357' }, null, ITER);
  await db.ledger.bulkInsert(OFFLINE);
  return db;
}

async function counts(db: FrontDeskDatabase) {
  return { ledger: await db.ledger.count().exec(), reviews: await db.reviews.count().exec(), journal: await db.journal.count().exec() };
}

function review(over: Partial<ReviewRecord> & Pick<ReviewRecord, 'id' | 'kind'>): ReviewRecord {
  return { branchId: BRANCH_ID, docCollection: '', docId: '', refId: '', detail: {}, createdAt: NOW, deviceId: 'tab-A', staffId: 'S-desk', ...over };
}

describe('overdrafts after sync', () => {
  it('are found with the offline redemptions behind them, newest first, with device and time', async () => {
    const db = await overdrawnBranch();
    const [o, ...rest] = await firstValueFrom(overdrafts$(db));
    expect(rest).toEqual([]);
    expect(o).toMatchObject({ memberId: ZHANG, name: '张伟', cardNo: '770000000001', balance: -1600, amount: 1600 });
    expect(o!.redemptions.map((l) => [l.id, l.deviceId, l.createdAt])).toEqual([
      ['B1:redeem.freeNight', 'tab-B', NOW - HOUR],
      ['A2:redeem.milk', 'tab-A', NOW - 2 * HOUR],
      ['A1:redeem.freeNight', 'tab-A', NOW - 3 * HOUR],
    ]);
  });

  it('a member whose last line is older than 30 business days is not looked at', async () => {
    const db = await overdrawnBranch();
    await db.ledger.insert(entry({ id: 'old-debt', memberId: 'M000000002', points: -1000, businessDate: '2026-10-01' }));
    expect((await firstValueFrom(overdrafts$(db))).map((o) => o.memberId)).toEqual([ZHANG]);
    expect((await firstValueFrom(overdrafts$(db, 60))).map((o) => o.memberId).sort()).toEqual([ZHANG, 'M000000002']);
  });

  it('reversal of one redemption, then a write-off: each with a resolution record, and the exception is gone', async () => {
    const db = await overdrawnBranch();
    const ctx = boss(); // one context: its ids are counted
    const rev = await resolveOverdraft(db, { memberId: ZHANG, how: 'reversal', lineId: 'A2:redeem.milk', note: ' 牛奶未送出 ' }, ctx);
    expect(rev).toEqual({ ok: true, value: { entryId: 'A2:redeem.milk:adjust.reversal', points: 200, balanceAfter: -1400 } });
    expect(await balanceOnce(db, ZHANG)).toBe(-1400);
    // The original redemption is untouched.
    expect((await db.ledger.findOne('A2:redeem.milk').exec())?.toJSON()).toMatchObject({ points: -200, kind: 'redeem' });
    expect(await resolveOverdraft(db, { memberId: ZHANG, how: 'reversal', lineId: 'A2:redeem.milk', note: '' }, ctx))
      .toEqual({ ok: false, error: 'alreadyReversed' });
    expect((await firstValueFrom(overdrafts$(db)))[0]?.redemptions.map((l) => l.id)).toEqual(['B1:redeem.freeNight', 'A1:redeem.freeNight']);

    const off = await resolveOverdraft(db, { memberId: ZHANG, how: 'writeOff', note: '' }, ctx);
    expect(off).toMatchObject({ ok: true, value: { points: 1400, balanceAfter: 0 } });
    expect(await balanceOnce(db, ZHANG)).toBe(0);
    expect(await firstValueFrom(overdrafts$(db))).toEqual([]);
    expect(await resolveOverdraft(db, { memberId: ZHANG, how: 'writeOff', note: '' }, ctx)).toEqual({ ok: false, error: 'notOverdrawn' });

    const resolutions = (await db.reviews.find({ selector: { kind: 'resolution' }, sort: [{ kind: 'asc' }, { createdAt: 'desc' }] }).exec()).map((d) => d.toJSON());
    expect(resolutions.map((r) => [r.refId, r.docCollection, r.staffId, r.deviceId, r.detail]).sort()).toEqual([
      [ZHANG, 'members', 'S-boss', 'tab-boss', { how: 'reversal', lineId: 'A2:redeem.milk', entryId: 'A2:redeem.milk:adjust.reversal', points: 200, balanceBefore: -1600, note: '牛奶未送出' }],
      [ZHANG, 'members', 'S-boss', 'tab-boss', { how: 'writeOff', lineId: '', entryId: off.ok ? off.value.entryId : '', points: 1400, balanceBefore: -1400, note: '' }],
    ].sort());
    const lines = await ledgerOnce(db, ZHANG);
    expect(lines.filter((l) => l.staffId === 'S-boss').map((l) => [l.rule, l.points, l.staffId])).toEqual([
      ['adjust.reversal', 200, 'S-boss'], ['adjust.writeOff', 1400, 'S-boss'],
    ]);
    expect(await db.journal.count().exec()).toBe(0);
  });

  it('the same write-off made on two tablets is one ledger line', async () => {
    // One database open at a time (the free RxDB edition allows 13 collections per process).
    const tablet = async (ctx: ReturnType<typeof boss>, note: string) => {
      const db = await overdrawnBranch();
      const result = await resolveOverdraft(db, { memberId: ZHANG, how: 'writeOff', note }, ctx);
      const lines = await ledgerOnce(db, ZHANG);
      for (const d of dbs.splice(0)) await d.close();
      return { result, lines };
    };
    const a = await tablet(boss(), '店长A');
    const b = await tablet(boss({ deviceId: 'tab-other', now: () => NOW + 7 * HOUR }), '店长B');
    expect(a.result.ok && b.result.ok && a.result.value.entryId === b.result.value.entryId).toBe(true);
    // What sync would bring together: both ledgers, each id counted once.
    const merged = [...a.lines, ...b.lines];
    expect(uniqueById(merged).filter((l) => l.rule === 'adjust.writeOff')).toHaveLength(1);
    expect(balance(merged)).toBe(0);
  });

  it('refuses, writing nothing: a front-desk clerk, an unknown member, a long note, no overdraft, a line that is not a redemption', async () => {
    const db = await overdrawnBranch();
    const before = await counts(db);
    const refusals = [
      [await resolveOverdraft(db, { memberId: ZHANG, how: 'writeOff', note: '' }, boss({ staffId: 'S-desk' })), 'forbidden'],
      [await resolveOverdraft(db, { memberId: ZHANG, how: 'writeOff', note: '' }, boss({ staffId: 'nobody' })), 'forbidden'],
      [await resolveOverdraft(db, { memberId: 'M999999999', how: 'writeOff', note: '' }, boss()), 'memberNotFound'],
      [await resolveOverdraft(db, { memberId: ZHANG, how: 'writeOff', note: '长'.repeat(201) }, boss()), 'noteTooLong'],
      [await resolveOverdraft(db, { memberId: 'M000000002', how: 'writeOff', note: '' }, boss()), 'notOverdrawn'],
      [await resolveOverdraft(db, { memberId: ZHANG, how: 'reversal', lineId: 'mig-zhang', note: '' }, boss()), 'notRedemption'],
      [await resolveOverdraft(db, { memberId: ZHANG, how: 'reversal', lineId: 'nope', note: '' }, boss()), 'lineNotFound'],
      [await resolveOverdraft(db, { memberId: ZHANG, how: 'reversal', note: '' }, boss()), 'lineNotFound'],
    ] as const;
    for (const [result, error] of refusals) expect(result).toEqual({ ok: false, error });
    expect(await counts(db)).toEqual(before);
  });
});

describe('conflicts and server rejections', () => {
  const rejected = review({
    id: 'rejected:ledger:X:1', kind: 'rejected', docCollection: 'ledger', docId: 'X:redeem.milk',
    detail: { error: 'forbidden', reason: 'wrong-branch: branchId is "sz-1", this database is gz-test\'s', doc: { id: 'X:redeem.milk', memberId: ZHANG, rule: 'redeem.milk', points: -200 } },
  });
  const conflict = review({
    id: 'conflict:reservations:R-LI:abc', kind: 'conflict', docCollection: 'reservations', docId: 'R-LI', createdAt: NOW + 1,
    detail: { reason: 'status-order', kept: { id: 'R-LI', status: 'checked-out', roomNo: '301' }, lost: { id: 'R-LI', status: 'checked-in', roomNo: '301' } },
  });

  it('are open until acknowledged, once, by a manager', async () => {
    const db = await overdrawnBranch();
    await db.reviews.bulkInsert([rejected, conflict, review({ id: 'reconnect:tab-A:1', kind: 'reconnect' })]);
    const open = await firstValueFrom(openReviews$(db));
    expect(open.rejected.map((r) => [r.record.id, r.reason, r.message, r.summary])).toEqual([
      ['rejected:ledger:X:1', 'wrong-branch', 'branchId is "sz-1", this database is gz-test\'s', [`memberId: ${ZHANG}`, 'rule: redeem.milk', 'points: -200']],
    ]);
    expect(open.conflicts.map((c) => [c.record.id, c.reason, c.changes])).toEqual([
      ['conflict:reservations:R-LI:abc', 'status-order', [{ field: 'status', kept: 'checked-out', lost: 'checked-in' }]],
    ]);

    const before = await counts(db);
    expect(await acknowledgeReview(db, { reviewId: rejected.id, note: '' }, boss({ staffId: 'S-desk' }))).toEqual({ ok: false, error: 'forbidden' });
    expect(await acknowledgeReview(db, { reviewId: 'nope', note: '' }, boss())).toEqual({ ok: false, error: 'notFound' });
    expect(await acknowledgeReview(db, { reviewId: 'reconnect:tab-A:1', note: '' }, boss())).toEqual({ ok: false, error: 'notAcknowledgeable' });
    expect(await acknowledgeReview(db, { reviewId: rejected.id, note: 'x'.repeat(201) }, boss())).toEqual({ ok: false, error: 'noteTooLong' });
    expect(await counts(db)).toEqual(before);

    expect(await acknowledgeReview(db, { reviewId: rejected.id, note: '已通知该平板重新登记' }, boss())).toMatchObject({ ok: true });
    expect(await acknowledgeReview(db, { reviewId: rejected.id, note: '' }, boss())).toEqual({ ok: false, error: 'alreadyResolved' });
    const after = await firstValueFrom(openReviews$(db));
    expect(after.rejected).toEqual([]);
    expect(after.conflicts).toHaveLength(1);
    const answer = (await db.reviews.findOne({ selector: { kind: 'resolution', refId: rejected.id } }).exec())?.toJSON();
    expect(answer).toMatchObject({ docCollection: 'ledger', docId: 'X:redeem.milk', staffId: 'S-boss', detail: { how: 'acknowledge', of: 'rejected', note: '已通知该平板重新登记' } });
  });

  it('reads the server\'s refusal kind, and anything else as other', () => {
    expect(rejectionReasonOf('malformed: points must be an integer')).toEqual({ reason: 'malformed', message: 'points must be an integer' });
    expect(rejectionReasonOf('immutable: ledger lines are never edited')).toMatchObject({ reason: 'immutable' });
    expect(rejectionReasonOf('You are not allowed to access this db.')).toEqual({ reason: 'other', message: 'You are not allowed to access this db.' });
    // The screen has words for every kind the server's validator gives.
    expect(REJECTION_REASONS.filter((r) => r !== 'other').sort()).toEqual(Object.values(REJECTION_KINDS).sort());
  });
});

describe('reconnect reports', () => {
  it('are grouped by tablet, newest first, with pushed ledger lines named', async () => {
    const db = await overdrawnBranch();
    await db.reviews.bulkInsert([
      review({ id: 'reconnect:tab-A:1', kind: 'reconnect', deviceId: 'tab-A', createdAt: NOW - 30 * 60_000, detail: {
        offlineSince: NOW - 4 * HOUR, reconnectedAt: NOW - 30 * 60_000,
        pushed: { ledger: 2, members: 1 }, ids: { ledger: ['A1:redeem.freeNight', 'A2:redeem.milk'], members: ['M000000002'] },
      } }),
      review({ id: 'reconnect:tab-B:1', kind: 'reconnect', deviceId: 'tab-B', createdAt: NOW - 10 * 60_000, detail: {
        offlineSince: NOW - 2 * HOUR, reconnectedAt: NOW - 10 * 60_000, pushed: { ledger: 1, reservations: 1 }, ids: { ledger: ['B1:redeem.freeNight'], reservations: ['R-OTA'] },
      } }),
      review({ id: 'reconnect:tab-A:0', kind: 'reconnect', deviceId: 'tab-A', createdAt: NOW - 20 * HOUR, detail: { offlineSince: NOW - 21 * HOUR, reconnectedAt: NOW - 20 * HOUR, pushed: {}, ids: {} } }),
    ]);
    const devices = await firstValueFrom(reconnectReports$(db));
    expect(devices.map((d) => [d.deviceId, d.reports.map((r) => r.id)])).toEqual([
      ['tab-B', ['reconnect:tab-B:1']],
      ['tab-A', ['reconnect:tab-A:1', 'reconnect:tab-A:0']],
    ]);
    const a = devices[1]!.reports[0]!;
    expect(a).toMatchObject({ offlineSince: NOW - 4 * HOUR, reconnectedAt: NOW - 30 * 60_000 });
    expect(a.pushed.map((p) => [p.collection, p.count])).toEqual([['ledger', 2], ['members', 1]]);
    expect(a.pushed[0]!.items).toEqual([
      { kind: 'ledger', id: 'A1:redeem.freeNight', memberId: ZHANG, memberName: '张伟', rule: 'redeem.freeNight', points: -2000, params: OFFLINE[0]!.params },
      { kind: 'ledger', id: 'A2:redeem.milk', memberId: ZHANG, memberName: '张伟', rule: 'redeem.milk', points: -200, params: OFFLINE[1]!.params },
    ]);
    expect(a.pushed[1]!.items).toEqual([{ kind: 'member', id: 'M000000002', name: '李娜' }]);
    expect(devices[0]!.reports[0]!.pushed[1]).toEqual({ collection: 'reservations', count: 1, items: [{ kind: 'doc', id: 'R-OTA' }] });
  });
});
