/**
 * Redeeming points while the tablet cannot reach the server
 * (src/domain/offline-redemption.ts, limits in DEFAULT_RULES.offlineRedemption:
 * 2000 per redemption, 2000 per member per device since the last sync,
 * against a balance the server confirmed within 24 hours).
 *
 * Seeded so a run is reproducible. When a property fails, fast-check prints
 * `{ seed, path }`: replay it with `fc.assert(prop, { seed, path })`.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkOfflineRedemption, spentOfflineSince } from '../../src/domain/offline-redemption';
import type { SyncStanding } from '../../src/domain/offline-redemption';
import { DEFAULT_RULES as R } from '../../src/domain/rules';
import type { Rules } from '../../src/domain/rules';
import { LEDGER_KINDS } from '../../src/domain/model';
import type { EpochMs, LedgerKind } from '../../src/domain/model';
import { NOW, entry } from '../support/fixtures';

fc.configureGlobal({ seed: 24_2000, numRuns: 200 });

const HOUR = 3_600_000;
const MAX_AGE = 24 * HOUR;
const DEVICE = 'tab-A';

const offlineSince = (confirmedAt: EpochMs | 0): SyncStanding => ({ kind: 'synced', inStep: false, confirmedAt });

function check(standing: SyncStanding, cost: number, spentOffline = 0, now: EpochMs = NOW) {
  return checkOfflineRedemption({ standing, cost, now, spentOffline }, R);
}

/** A ledger line as the redeem command writes it (cost as negative points). */
function line(kind: LedgerKind, points: number, createdAt: EpochMs, deviceId = DEVICE) {
  return entry({ id: `${kind}-${deviceId}-${createdAt}-${points}`, memberId: 'M000000001', kind, points, createdAt, deviceId });
}

describe('the rules', () => {
  it('are 2000 per transaction, 2000 per member per device, 24 hours', () => {
    expect(R.offlineRedemption).toEqual({ perTransactionMax: 2000, perMemberPerDeviceMax: 2000, confirmedBalanceMaxAgeHours: 24 });
  });
});

describe('checkOfflineRedemption: no offline limit when the ledger is the only one or in step', () => {
  it('a stand-alone tablet always allows (the ordinary balance check still applies elsewhere)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 1_000_000 }), (cost, spent) => {
      expect(check({ kind: 'standalone' }, cost, spent)).toEqual({ ok: true, offline: false });
    }));
  });

  it('a synced tablet in step with the server always allows, even with an old or missing confirmation', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 1_000_000 }),
      fc.oneof(fc.constant(0), fc.integer({ min: NOW - 30 * 24 * HOUR, max: NOW })),
      (cost, spent, confirmedAt) => {
        expect(check({ kind: 'synced', inStep: true, confirmedAt }, cost, spent)).toEqual({ ok: true, offline: false });
      },
    ));
  });
});

describe('checkOfflineRedemption: the confirmed balance', () => {
  it('refuses when the server never confirmed the balance', () => {
    expect(check(offlineSince(0), 1)).toEqual({ ok: false, error: 'offlineNotConfirmed', confirmedAt: 0, maxAgeHours: 24 });
    // 0 means "never", not "at the epoch": refused even by a clock that reads less than 24 h after it.
    expect(check(offlineSince(0), 1, 0, 1000)).toMatchObject({ ok: false, error: 'offlineNotConfirmed' });
  });

  it('allows at exactly 24 hours, refuses 1 ms later', () => {
    expect(check(offlineSince(NOW - MAX_AGE), 100)).toEqual({ ok: true, offline: true });
    expect(check(offlineSince(NOW - MAX_AGE - 1), 100))
      .toEqual({ ok: false, error: 'offlineNotConfirmed', confirmedAt: NOW - MAX_AGE - 1, maxAgeHours: 24 });
    expect(check(offlineSince(NOW), 100)).toEqual({ ok: true, offline: true });
  });

  it('property: allowed within 24 h, refused beyond, whatever the cost', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 3 * MAX_AGE }), fc.integer({ min: 1, max: 5000 }), (age, cost) => {
      const r = check(offlineSince(NOW - age), cost);
      if (age > MAX_AGE) expect(r).toMatchObject({ ok: false, error: 'offlineNotConfirmed' });
      else expect(r).not.toMatchObject({ error: 'offlineNotConfirmed' });
    }));
  });

  it('the age limit follows the rules', () => {
    const rules: Rules = { ...R, offlineRedemption: { ...R.offlineRedemption, confirmedBalanceMaxAgeHours: 1 } };
    const at = (age: number) => checkOfflineRedemption({ standing: offlineSince(NOW - age), cost: 1, now: NOW, spentOffline: 0 }, rules);
    expect(at(HOUR)).toEqual({ ok: true, offline: true });
    expect(at(HOUR + 1)).toMatchObject({ ok: false, error: 'offlineNotConfirmed', maxAgeHours: 1 });
  });
});

describe('checkOfflineRedemption: the amounts', () => {
  const fresh = offlineSince(NOW - HOUR);

  it('per transaction: 2000 allowed, 2001 refused', () => {
    expect(check(fresh, 2000)).toEqual({ ok: true, offline: true });
    expect(check(fresh, 2001)).toEqual({ ok: false, error: 'offlinePerTransaction', cost: 2001, max: 2000 });
  });

  it('per member per device: up to 2000 in total since the confirmation', () => {
    expect(check(fresh, 500, 1500)).toEqual({ ok: true, offline: true });
    expect(check(fresh, 501, 1500)).toEqual({ ok: false, error: 'offlinePerMember', cost: 501, spent: 1500, max: 2000 });
    expect(check(fresh, 1, 2000)).toEqual({ ok: false, error: 'offlinePerMember', cost: 1, spent: 2000, max: 2000 });
  });

  it('an old confirmation is reported before the amount', () => {
    expect(check(offlineSince(NOW - MAX_AGE - 1), 5000, 5000)).toMatchObject({ error: 'offlineNotConfirmed' });
  });

  it('property: with a fresh confirmation, allowed exactly when cost ≤ 2000 and spent + cost ≤ 2000', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 4000 }), fc.integer({ min: 0, max: 4000 }), (cost, spent) => {
      const r = check(fresh, cost, spent);
      if (cost > 2000) expect(r).toEqual({ ok: false, error: 'offlinePerTransaction', cost, max: 2000 });
      else if (spent + cost > 2000) expect(r).toEqual({ ok: false, error: 'offlinePerMember', cost, spent, max: 2000 });
      else expect(r).toEqual({ ok: true, offline: true });
    }));
  });

  it('property: redeeming a sequence offline, the allowed costs never total more than 2000', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 2600 }), { maxLength: 30 }), (costs) => {
      let spent = 0;
      for (const cost of costs) {
        const r = check(fresh, cost, spent);
        if (r.ok) spent += cost;
        // Nothing is refused that would still have fitted.
        else expect(cost > 2000 || spent + cost > 2000).toBe(true);
        expect(spent).toBeLessThanOrEqual(2000);
      }
    }));
  });

  it('property: the same, with the spent amount read back from the ledger, other tablets redeeming alongside', () => {
    const step = fc.record({
      cost: fc.integer({ min: 1, max: 2600 }),
      device: fc.constantFrom(DEVICE, DEVICE, 'tab-B'),
      after: fc.integer({ min: 1, max: HOUR }),
    });
    fc.assert(fc.property(fc.integer({ min: 0, max: 23 * HOUR }), fc.array(step, { maxLength: 25 }), (age, steps) => {
      const confirmedAt = NOW - age;
      const standing = offlineSince(confirmedAt);
      // Lines from before the confirmation are already on the server: they do not count.
      const lines = [line('redeem', -1500, confirmedAt), line('redeem', -800, confirmedAt - 5)];
      let now = confirmedAt;
      const allowedBy: Record<string, number> = {};
      for (const { cost, device, after } of steps) {
        now = Math.min(now + after, confirmedAt + MAX_AGE);
        const spentOffline = spentOfflineSince(lines, device, confirmedAt);
        const r = checkOfflineRedemption({ standing, cost, now, spentOffline }, R);
        if (r.ok) {
          lines.push(line('redeem', -cost, now, device));
          allowedBy[device] = (allowedBy[device] ?? 0) + cost;
        }
      }
      for (const total of Object.values(allowedBy)) expect(total).toBeLessThanOrEqual(2000);
      expect(spentOfflineSince(lines, DEVICE, confirmedAt)).toBe(allowedBy[DEVICE] ?? 0);
    }));
  });
});

describe('spentOfflineSince', () => {
  const since = NOW - 2 * HOUR;

  it('counts this device’s redemptions after the confirmation, as positive points', () => {
    const lines = [
      line('redeem', -300, since + 1),
      line('redeem', -700, NOW),
      line('redeem', -1000, since), // at the confirmation: already confirmed
      line('redeem', -400, since - HOUR),
      line('redeem', -900, NOW, 'tab-B'), // another tablet's
      line('earn', 199, NOW),
      line('hold', -500, NOW),
      line('penalty', -100, NOW),
      line('forfeit', -500, NOW),
      line('adjust', -50, NOW),
    ];
    expect(spentOfflineSince(lines, DEVICE, since)).toBe(1000);
    expect(spentOfflineSince(lines, 'tab-B', since)).toBe(900);
    expect(spentOfflineSince(lines, 'tab-C', since)).toBe(0);
    expect(spentOfflineSince([], DEVICE, since)).toBe(0);
    expect(spentOfflineSince(lines, DEVICE, 0)).toBe(2400);
  });

  const lineArb = fc.record({
    kind: fc.constantFrom(...LEDGER_KINDS),
    points: fc.integer({ min: -3000, max: 3000 }),
    deviceId: fc.constantFrom(DEVICE, 'tab-B', 'legacy'),
    createdAt: fc.integer({ min: since - 5, max: since + 5 }),
  });

  it('property: lines of other kinds, other devices or up to the confirmation change nothing', () => {
    const noise = lineArb.filter((l) => l.kind !== 'redeem' || l.deviceId !== DEVICE || l.createdAt <= since);
    fc.assert(fc.property(fc.array(lineArb, { maxLength: 20 }), fc.array(noise, { maxLength: 20 }), (lines, extra) => {
      expect(spentOfflineSince([...lines, ...extra], DEVICE, since)).toBe(spentOfflineSince(lines, DEVICE, since));
    }));
  });

  it('property: each redemption of this device after the confirmation adds its cost; order does not matter', () => {
    fc.assert(fc.property(
      fc.array(lineArb, { maxLength: 20 }),
      fc.array(fc.record({ cost: fc.integer({ min: 1, max: 3000 }), dt: fc.integer({ min: 1, max: 10 }) }), { maxLength: 10 }),
      (lines, redemptions) => {
        const mine = redemptions.map(({ cost, dt }) => ({ kind: 'redeem' as const, points: -cost, deviceId: DEVICE, createdAt: since + dt }));
        const total = redemptions.reduce((s, r) => s + r.cost, 0);
        const all = [...mine, ...lines];
        expect(spentOfflineSince(all, DEVICE, since)).toBe(spentOfflineSince(lines, DEVICE, since) + total);
        expect(spentOfflineSince([...all].reverse(), DEVICE, since)).toBe(spentOfflineSince(all, DEVICE, since));
      },
    ));
  });
});
