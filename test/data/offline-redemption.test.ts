/**
 * The redeem command's offline limit (src/domain/offline-redemption.ts), at
 * the data level: a tablet set up for sync but out of step with the server
 * redeems only against a recently confirmed balance, within the per-
 * redemption and per-member-per-device limits. A refusal names the limit
 * and writes nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { redeemPoints } from '../../src/data/commands/redeem';
import type { FrontDeskDatabase } from '../../src/data/database';
import { balanceOnce } from '../../src/data/queries';
import type { SyncStanding } from '../../src/domain/offline-redemption';
import { DEFAULT_RULES, type Rules } from '../../src/domain/rules';
import { testCtx, testDb } from '../support/db';
import { NOW } from '../support/fixtures';

let db: FrontDeskDatabase;
afterEach(async () => { await db?.close(); });

const HOUR = 3_600_000;
const ZHANG = 'M000000001'; // 2600 points in the fixture
const offline = (confirmedAt: number): SyncStanding => ({ kind: 'synced', inStep: false, confirmedAt });
const ledger = async (d: FrontDeskDatabase) => (await d.ledger.find().exec()).map((x) => x.toJSON()).sort((a, b) => a.id.localeCompare(b.id));

describe('redeeming while out of step with the server', () => {
  it('is refused without a server-confirmed balance, or with one older than 24 hours, writing nothing', async () => {
    db = await testDb();
    const before = await ledger(db);
    for (const confirmedAt of [0, NOW - 24 * HOUR - 1, NOW - 100 * HOUR]) {
      const res = await redeemPoints(db, { memberId: ZHANG, item: 'milk', quantity: 1 }, testCtx({ syncStanding: () => offline(confirmedAt) }));
      expect(res, `confirmed at ${confirmedAt}`).toEqual({ ok: false, error: { ok: false, error: 'offlineNotConfirmed', confirmedAt, maxAgeHours: 24 } });
    }
    expect(await ledger(db)).toEqual(before);
    // Exactly 24 hours old still counts as confirmed.
    expect((await redeemPoints(db, { memberId: ZHANG, item: 'milk', quantity: 1 }, testCtx({ syncStanding: () => offline(NOW - 24 * HOUR) }))).ok).toBe(true);
  });

  it('refuses one redemption above the per-redemption limit, writing nothing', async () => {
    db = await testDb();
    const rules: Rules = { ...DEFAULT_RULES, offlineRedemption: { ...DEFAULT_RULES.offlineRedemption, perTransactionMax: 300 } };
    const before = await ledger(db);
    const ctx = testCtx({ syncStanding: () => offline(NOW - HOUR) });
    expect(await redeemPoints(db, { memberId: ZHANG, item: 'toiletries', quantity: 1 }, ctx, rules))
      .toEqual({ ok: false, error: { ok: false, error: 'offlinePerTransaction', cost: 400, max: 300 } });
    expect(await ledger(db)).toEqual(before);
    // The same redemption in step with the server has no offline limit.
    const inStep = testCtx({ newId: () => 'in-step-1', syncStanding: () => ({ kind: 'synced', inStep: true, confirmedAt: NOW }) });
    expect(await redeemPoints(db, { memberId: ZHANG, item: 'toiletries', quantity: 1 }, inStep, rules)).toMatchObject({ ok: true });
  });

  it('refuses what would take this device past 2,000 points for the member since the confirmation, writing nothing', async () => {
    db = await testDb();
    const ctx = testCtx({ syncStanding: () => offline(NOW - HOUR) });
    expect(await redeemPoints(db, { memberId: ZHANG, item: 'freeNight', quantity: 1 }, ctx)).toMatchObject({ ok: true, value: { cost: 2000 } });
    expect(await balanceOnce(db, ZHANG)).toBe(600);
    const before = await ledger(db);
    // 600 points are left, but this device already spent its 2,000 offline.
    expect(await redeemPoints(db, { memberId: ZHANG, item: 'milk', quantity: 1 }, ctx))
      .toEqual({ ok: false, error: { ok: false, error: 'offlinePerMember', cost: 200, spent: 2000, max: 2000 } });
    expect(await ledger(db)).toEqual(before);
    // Another tablet's own allowance is separate, and a stand-alone tablet has no offline limit.
    expect(await redeemPoints(db, { memberId: ZHANG, item: 'milk', quantity: 1 }, testCtx({ deviceId: 'tab-other', newId: () => 'other-1', syncStanding: () => offline(NOW - HOUR) }))).toMatchObject({ ok: true });
    expect(await redeemPoints(db, { memberId: ZHANG, item: 'milk', quantity: 1 }, testCtx({ newId: () => 'alone-1' }))).toMatchObject({ ok: true });
    expect(await balanceOnce(db, ZHANG)).toBe(200);
  });
});
