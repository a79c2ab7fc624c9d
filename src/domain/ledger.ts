/**
 * Reading a member's points ledger, and the 7-nights-get-1 voucher.
 *
 * - `uniqueById(entries)`: one entry per id. Lines are posted with
 *   deterministic ids, so the same checkout posted by two tablets is the
 *   same id and must count once. Should two entries ever share an id with
 *   different points (a bug elsewhere), the one with the fewest points is
 *   kept, so the result never depends on the order of the entries.
 * - `balance(entries)`: the spendable balance, the sum over unique ids.
 *   A guarantee 'hold' line is negative, so held points are not spendable.
 * - `heldPoints(entries)`: points on hold for a late-arrival guarantee that
 *   have been neither released nor forfeited (see ./guarantee for the ids).
 * - `voucherSchedule(stays, rules)` / `vouchersEarned(stays, reservationId, rules)`
 *   / `voucherLine(reservationId, vouchers, rules)`: see below.
 */
import type { EpochMs, IsoDate, LedgerEntry } from './model';
import { DAY_MS, lineId } from './points';
import type { EarnLine } from './points';
import type { Rules } from './rules';

type Keyed = Pick<LedgerEntry, 'id' | 'points'>;

export function uniqueById<T extends Keyed>(entries: readonly T[]): T[] {
  const byId = new Map<string, T>();
  for (const entry of entries) {
    const seen = byId.get(entry.id);
    if (seen === undefined || entry.points < seen.points) byId.set(entry.id, entry);
  }
  return [...byId.values()];
}

/** Spendable balance: each id counted once. */
export function balance(entries: readonly Keyed[]): number {
  return uniqueById(entries).reduce((sum, entry) => sum + entry.points, 0);
}

export const GUARANTEE_SUFFIX = {
  hold: ':guarantee.hold',
  release: ':guarantee.release',
  forfeit: ':guarantee.forfeit',
} as const;

function reservationOf(id: string, suffix: string): string | null {
  return id.endsWith(suffix) ? id.slice(0, -suffix.length) : null;
}

/**
 * Points held by guarantees still open: for each reservation with a hold
 * line and neither a release nor a forfeit line, the held amount. Entries
 * are matched by id (`${reservationId}:guarantee.hold|release|forfeit`).
 */
export function heldPoints(entries: readonly Pick<LedgerEntry, 'id' | 'kind' | 'points'>[]): number {
  const unique = uniqueById(entries);
  const closed = new Set<string>();
  for (const entry of unique) {
    const released = entry.kind === 'release' ? reservationOf(entry.id, GUARANTEE_SUFFIX.release) : null;
    const forfeited = entry.kind === 'forfeit' ? reservationOf(entry.id, GUARANTEE_SUFFIX.forfeit) : null;
    if (released !== null) closed.add(released);
    if (forfeited !== null) closed.add(forfeited);
  }
  let held = 0;
  for (const entry of unique) {
    const reservationId = entry.kind === 'hold' ? reservationOf(entry.id, GUARANTEE_SUFFIX.hold) : null;
    if (reservationId !== null && !closed.has(reservationId)) held += -entry.points;
  }
  return held;
}

/** A checked-out stay as the voucher rule sees it. */
export interface PaidStay {
  reservationId: string;
  checkoutAt: EpochMs;
  /** Room-nights the member paid for (free-night vouchers and redeemed nights excluded). */
  paidNights: number;
}

/**
 * 7-nights-get-1 (Assumption: 7 paid room-nights within a rolling 90 days
 * earn one free-night voucher). Definition, deterministic and independent
 * of the order the stays are given in:
 * 1. Stays are de-duplicated by reservation id and sorted by checkout time
 *    (then reservation id). A stay's nights all count at its checkout time.
 * 2. Walking that order, a pool holds the nights not yet used by a voucher.
 *    At each checkout, nights whose checkout is 90 × 24 h or more before
 *    this one leave the pool (so a window is (checkout − 90 d, checkout]);
 *    this stay's nights join it; then while the pool holds ≥ 7 nights, one
 *    voucher is issued to THIS checkout and its 7 oldest nights are used.
 * So a voucher for a checkout depends only on that stay and the ones before
 * it; a 14-night stay earns 2; nights are never used twice.
 * Returns reservationId → vouchers, for stays that earn at least one.
 */
export function voucherSchedule(stays: readonly PaidStay[], rules: Rules): Map<string, number> {
  const { paidNights: need, windowDays } = rules.voucher;
  const windowMs = windowDays * DAY_MS;
  const sorted = [...stays].sort(
    (a, b) =>
      a.checkoutAt - b.checkoutAt ||
      (a.reservationId < b.reservationId ? -1 : a.reservationId > b.reservationId ? 1 : 0) ||
      a.paidNights - b.paidNights,
  );
  const seen = new Set<string>();
  const pool: { at: EpochMs; nights: number }[] = [];
  const result = new Map<string, number>();
  for (const stay of sorted) {
    if (seen.has(stay.reservationId)) continue;
    seen.add(stay.reservationId);
    if (!Number.isSafeInteger(stay.paidNights) || stay.paidNights < 0) {
      throw new RangeError(`Invalid paidNights [${JSON.stringify(stay.paidNights)}] for ${stay.reservationId}.`);
    }
    while (pool.length > 0 && (pool[0]?.at ?? 0) <= stay.checkoutAt - windowMs) pool.shift();
    pool.push({ at: stay.checkoutAt, nights: stay.paidNights });
    let inPool = pool.reduce((sum, bucket) => sum + bucket.nights, 0);
    let vouchers = 0;
    while (inPool >= need) {
      vouchers += 1;
      inPool -= need;
      let toUse = need;
      while (toUse > 0) {
        const oldest = pool[0];
        if (oldest === undefined) break;
        const used = Math.min(oldest.nights, toUse);
        oldest.nights -= used;
        toUse -= used;
        if (oldest.nights === 0) pool.shift();
      }
    }
    if (vouchers > 0) result.set(stay.reservationId, vouchers);
  }
  return result;
}

/** Vouchers the checkout of `reservationId` earns, given the member's stays (including it). */
export function vouchersEarned(stays: readonly PaidStay[], reservationId: string, rules: Rules): number {
  return voucherSchedule(stays, rules).get(reservationId) ?? 0;
}

/**
 * The ledger line carrying vouchers: kind 'earn', 0 points (the one 0-point
 * line the engine posts), rule 'voucher.7nights', id `${reservationId}:voucher.7nights`.
 * Null when no voucher is earned.
 */
export function voucherLine(reservationId: string, vouchers: number, rules: Rules): EarnLine | null {
  if (!Number.isSafeInteger(vouchers) || vouchers < 0) {
    throw new RangeError(`Invalid voucher count [${JSON.stringify(vouchers)}].`);
  }
  if (vouchers === 0) return null;
  return {
    id: lineId(reservationId, 'voucher.7nights'),
    rule: 'voucher.7nights',
    kind: 'earn',
    points: 0,
    params: { vouchers, paidNights: rules.voucher.paidNights, windowDays: rules.voucher.windowDays },
  };
}

/** Who, where and when a ledger line is posted. */
export interface Provenance {
  memberId: string;
  branchId: string;
  reservationId: string;
  businessDate: IsoDate;
  createdAt: EpochMs;
  deviceId: string;
  staffId: string;
}

/** An engine line as the immutable ledger document that records it. */
export function ledgerEntryOf(line: Pick<EarnLine, 'id' | 'rule' | 'kind' | 'points' | 'params'>, at: Provenance): LedgerEntry {
  return {
    id: line.id,
    memberId: at.memberId,
    branchId: at.branchId,
    kind: line.kind,
    rule: line.rule,
    points: line.points,
    params: { ...line.params },
    reservationId: at.reservationId,
    businessDate: at.businessDate,
    createdAt: at.createdAt,
    deviceId: at.deviceId,
    staffId: at.staffId,
  };
}
