/**
 * Redeeming points while the tablet cannot reach the chain's server.
 *
 * Two tablets (or two branches) may both spend a member's points offline;
 * the server sees the overdraft only after they reconnect. To bound that
 * risk, a tablet that shares its ledger with the server (set up for sync)
 * redeems offline only within `rules.offlineRedemption`:
 *
 * - the balance it reads must have been confirmed by the server within
 *   `confirmedBalanceMaxAgeHours` (the last moment the tablet's ledger was
 *   in step with the server);
 * - one redemption costs at most `perTransactionMax` points;
 * - this device's offline redemptions for this member since that moment,
 *   plus this one, total at most `perMemberPerDeviceMax` points.
 *
 * While the ledger is in step with the server, or on a stand-alone tablet
 * whose ledger is the only one, no extra limit applies (the ordinary
 * balance check still does).
 */
import type { EpochMs, LedgerEntry } from './model';
import type { Rules } from './rules';

export type SyncStanding =
  /** Not set up for sync: this tablet's ledger is the only one. */
  | { kind: 'standalone' }
  /** Set up for sync. `inStep`: the ledger is in step with the server right now. */
  | { kind: 'synced'; inStep: boolean; confirmedAt: EpochMs | 0 };

export type OfflineRedemptionCheck =
  | { ok: true; offline: boolean }
  | { ok: false; error: 'offlineNotConfirmed'; confirmedAt: EpochMs | 0; maxAgeHours: number }
  | { ok: false; error: 'offlinePerTransaction'; cost: number; max: number }
  | { ok: false; error: 'offlinePerMember'; cost: number; spent: number; max: number };

/** Points this device redeemed for the member after `since` (the lines not yet confirmed by the server). */
export function spentOfflineSince(
  lines: readonly Pick<LedgerEntry, 'kind' | 'points' | 'deviceId' | 'createdAt'>[],
  deviceId: string,
  since: EpochMs,
): number {
  let spent = 0;
  for (const l of lines) if (l.kind === 'redeem' && l.deviceId === deviceId && l.createdAt > since) spent += -l.points;
  return spent;
}

export function checkOfflineRedemption(
  input: { standing: SyncStanding; cost: number; now: EpochMs; spentOffline: number },
  rules: Rules,
): OfflineRedemptionCheck {
  const { standing, cost, now, spentOffline } = input;
  if (standing.kind === 'standalone' || standing.inStep) return { ok: true, offline: false };
  const limits = rules.offlineRedemption;
  const maxAgeMs = limits.confirmedBalanceMaxAgeHours * 3_600_000;
  if (standing.confirmedAt <= 0 || !(now - standing.confirmedAt <= maxAgeMs)) {
    return { ok: false, error: 'offlineNotConfirmed', confirmedAt: standing.confirmedAt, maxAgeHours: limits.confirmedBalanceMaxAgeHours };
  }
  if (cost > limits.perTransactionMax) return { ok: false, error: 'offlinePerTransaction', cost, max: limits.perTransactionMax };
  if (spentOffline + cost > limits.perMemberPerDeviceMax) {
    return { ok: false, error: 'offlinePerMember', cost, spent: spentOffline, max: limits.perMemberPerDeviceMax };
  }
  return { ok: true, offline: true };
}
