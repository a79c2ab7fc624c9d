/**
 * Room status (房态) as two independent facts, so that two tablets changing
 * the same room offline converge without losing a status change.
 *
 * - Housekeeping fact (`hk`, `hkAt`, `hkReason`, `hkStaffId`): what the
 *   housekeeping report last said — clean, dirty, or out of order with a
 *   reason. The newest report wins.
 * - Occupancy fact (`reservationId`, `occupancyAt`): which stay holds the
 *   room ('' when vacant). It follows the stays: the newest check-in,
 *   check-out or room move wins.
 *
 * The stored `status` is always derived from the two (`deriveStatus`):
 *   occupied        when a stay holds the room;
 *   out-of-order    when the newest report says so;
 *   vacant-clean    when the newest report is "clean" and came after the
 *                   room was last vacated;
 *   vacant-dirty    otherwise (a check-out leaves the room to be cleaned
 *                   without writing a housekeeping report, so an
 *                   out-of-order report made elsewhere meanwhile survives).
 *
 * Merge (`mergeRoom`): each fact is taken from the version that set it
 * later; equal times are broken by the fact's canonical JSON, so the merge
 * is commutative, associative and idempotent, whichever tablet resolves it.
 * A version whose fact lost while carrying a different value (two stays put
 * in one room, two reports at once) is returned as `lost` for the conflict
 * log: nothing is dropped silently.
 *
 * Documents written before schema v1 carry no facts: `factsOf` reads them
 * from the legacy `status` and `updatedAt`.
 */
import { canonicalJson } from './merge';
import type { EpochMs, Room, RoomStatus } from './model';

export const HOUSEKEEPING = ['clean', 'dirty', 'out-of-order'] as const;
export type Housekeeping = (typeof HOUSEKEEPING)[number];

/** An out-of-order reason: required, at most this many characters. */
export const MAX_REASON_CHARS = 100;

export interface HousekeepingFact {
  hk: Housekeeping;
  hkAt: EpochMs;
  hkReason: string;
  hkStaffId: string;
}

export interface OccupancyFact {
  reservationId: string;
  occupancyAt: EpochMs;
}

export interface RoomFacts {
  housekeeping: HousekeepingFact;
  occupancy: OccupancyFact;
}

/** The facts of a room, read from the legacy `status` for a document written before v1. */
export function factsOf(room: Room): RoomFacts {
  const legacyHk: Housekeeping =
    room.status === 'vacant-dirty' ? 'dirty' : room.status === 'out-of-order' ? 'out-of-order' : 'clean';
  return {
    housekeeping: {
      hk: room.hk ?? legacyHk,
      hkAt: room.hkAt ?? (room.status === 'occupied' ? 0 : room.updatedAt),
      hkReason: room.hkReason ?? '',
      hkStaffId: room.hkStaffId ?? '',
    },
    occupancy: {
      reservationId: room.reservationId,
      occupancyAt: room.occupancyAt ?? (room.status === 'occupied' ? room.updatedAt : 0),
    },
  };
}

export function deriveStatus(facts: RoomFacts): RoomStatus {
  const { housekeeping: h, occupancy: o } = facts;
  if (o.reservationId !== '') return 'occupied';
  if (h.hk === 'out-of-order') return 'out-of-order';
  if (h.hk === 'clean' && h.hkAt >= o.occupancyAt) return 'vacant-clean';
  return 'vacant-dirty';
}

/** The room with these facts written out and its status derived from them. */
export function withFacts(room: Room, facts: RoomFacts, updatedAt: EpochMs): Room {
  return {
    ...room,
    ...facts.housekeeping,
    ...facts.occupancy,
    status: deriveStatus(facts),
    updatedAt,
  };
}

/** A room as a v1 document (facts written out), e.g. after migration. */
export function normaliseRoom(room: Room): Room {
  return withFacts(room, factsOf(room), room.updatedAt);
}

/** An edit's time: `now`, but always after the fact's previous time (a tablet clock behind still wins over what it saw). */
function stamp(previous: EpochMs, now: EpochMs): EpochMs {
  return Math.max(now, previous + 1);
}

/** A stay takes the room (check-in, or the new room of a move). */
export function occupy(room: Room, reservationId: string, now: EpochMs): Room {
  const f = factsOf(room);
  return withFacts(room, { ...f, occupancy: { reservationId, occupancyAt: stamp(f.occupancy.occupancyAt, now) } }, now);
}

/** The stay leaves the room (check-out, or the old room of a move): it is left to be cleaned. */
export function vacate(room: Room, now: EpochMs): Room {
  const f = factsOf(room);
  return withFacts(room, { ...f, occupancy: { reservationId: '', occupancyAt: stamp(f.occupancy.occupancyAt, now) } }, now);
}

export type HousekeepingReport =
  | { kind: 'clean' }
  | { kind: 'dirty' }
  | { kind: 'out-of-order'; reason: string };

export type HousekeepingError = 'occupied' | 'reasonRequired' | 'reasonTooLong' | 'unchanged';

/** Why a report cannot apply to this room, or null. Pure check of the report and the room's current status. */
export function checkReport(room: Room, report: HousekeepingReport): HousekeepingError | null {
  if (report.kind === 'out-of-order') {
    const reason = report.reason.trim();
    if (reason === '') return 'reasonRequired';
    if ([...reason].length > MAX_REASON_CHARS) return 'reasonTooLong';
  }
  if (room.status === 'occupied') return 'occupied';
  const target: RoomStatus =
    report.kind === 'clean' ? 'vacant-clean' : report.kind === 'dirty' ? 'vacant-dirty' : 'out-of-order';
  const f = factsOf(room);
  if (room.status === target && (report.kind !== 'out-of-order' || f.housekeeping.hkReason === report.reason.trim())) return 'unchanged';
  return null;
}

/** The room after a housekeeping report (checked first with `checkReport`). */
export function applyReport(room: Room, report: HousekeepingReport, staffId: string, now: EpochMs): Room {
  const f = factsOf(room);
  return withFacts(room, {
    ...f,
    housekeeping: {
      hk: report.kind,
      hkAt: stamp(f.housekeeping.hkAt, now),
      hkReason: report.kind === 'out-of-order' ? report.reason.trim() : '',
      hkStaffId: staffId,
    },
  }, now);
}

function later<T extends object>(a: T, b: T, time: (x: T) => number): { winner: T; loser: T | null } {
  const ja = canonicalJson(a);
  const jb = canonicalJson(b);
  if (ja === jb) return { winner: a, loser: null };
  const ta = time(a);
  const tb = time(b);
  const aWins = ta !== tb ? ta > tb : ja < jb;
  return aWins ? { winner: a, loser: b } : { winner: b, loser: a };
}

export interface RoomMerge {
  merged: Room;
  /**
   * Set when a fact lost to another value that is not simply its successor:
   * two different stays in one room. The losing version, for the conflict log.
   */
  lost: Room | null;
}

/** Fact by fact: the newer housekeeping report and the newer occupancy change both survive. */
export function mergeRoom(a: Room, b: Room): RoomMerge {
  const fa = factsOf(a);
  const fb = factsOf(b);
  const hk = later(fa.housekeeping, fb.housekeeping, (x) => x.hkAt);
  const occ = later(fa.occupancy, fb.occupancy, (x) => x.occupancyAt);
  // The static fields (number, floor, type…) come from the later document; ties by canonical JSON.
  const base = later(a, b, (x) => x.updatedAt).winner;
  const merged = withFacts(base, { housekeeping: hk.winner, occupancy: occ.winner }, Math.max(a.updatedAt, b.updatedAt));
  // Two stays in one room (both tablets gave it away offline): the one kept is the later;
  // the other stay's claim goes to the conflict log for the desk to move it.
  const twoStays = occ.loser !== null && occ.loser.reservationId !== '' && occ.winner.reservationId !== ''
    && occ.loser.reservationId !== occ.winner.reservationId;
  const lost = twoStays ? (occ.loser === fa.occupancy ? a : b) : null;
  return { merged, lost };
}
