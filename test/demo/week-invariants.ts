/**
 * What must hold at the end of every business day of the week at the desk
 * (test/e2e/week.test.ts), as pure checks over one snapshot of a branch:
 * each returns the problems it found, in words, and an empty list when the
 * day is sound. Unit-checked on deliberately broken snapshots in
 * ./week-invariants.test.ts, so each of them can fail.
 */
import { addDays } from '../../src/domain/dates';
import { businessDateOf, tallyArrivals } from '../../src/domain/business-day';
import { ROOM_STATUSES, type LedgerEntry, type Member, type Reservation, type Room } from '../../src/domain/model';
import { auditNoShows } from '../../src/domain/night-audit';
import { DEFAULT_RULES } from '../../src/domain/rules';

/** One closed business day as the audits collection holds it. */
export interface AuditRecord {
  id: string;
  businessDate: string;
  noShows: number;
  penalties: number;
}

export interface WeekSnapshot {
  branchBusinessDate: string;
  rooms: readonly Room[];
  reservations: readonly Reservation[];
  members: readonly Member[];
  ledger: readonly LedgerEntry[];
  audits: readonly AuditRecord[];
}

/**
 * Every room is in exactly one known state, an occupied room names the stay
 * in it and only an occupied room names one; and the occupied rooms are
 * exactly the in-house stays: each checked-in reservation sits in the room
 * its roomNo names, and no stay is in two rooms.
 */
export function roomProblems(s: Pick<WeekSnapshot, 'rooms' | 'reservations'>): string[] {
  const out: string[] = [];
  const byId = new Map(s.reservations.map((r) => [r.id, r]));
  const roomOf = new Map<string, string>();
  for (const room of s.rooms) {
    if (!ROOM_STATUSES.includes(room.status)) out.push(`room ${room.roomNo}: unknown state ${JSON.stringify(room.status)}`);
    if (room.status === 'occupied') {
      if (room.reservationId === '') { out.push(`room ${room.roomNo}: occupied by nobody`); continue; }
      const stay = byId.get(room.reservationId);
      if (!stay) out.push(`room ${room.roomNo}: occupied by ${room.reservationId}, which does not exist`);
      else if (stay.status !== 'checked-in') out.push(`room ${room.roomNo}: occupied by ${stay.id}, which is ${stay.status}`);
      else if (stay.roomNo !== room.roomNo) out.push(`room ${room.roomNo}: occupied by ${stay.id}, which says room ${stay.roomNo}`);
      const other = roomOf.get(room.reservationId);
      if (other !== undefined) out.push(`stay ${room.reservationId} occupies rooms ${other} and ${room.roomNo}`);
      roomOf.set(room.reservationId, room.roomNo);
    } else if (room.reservationId !== '') {
      out.push(`room ${room.roomNo}: ${room.status} but names stay ${room.reservationId}`);
    }
  }
  for (const r of s.reservations) {
    if (r.status === 'checked-in' && roomOf.get(r.id) !== r.roomNo) {
      out.push(`stay ${r.id} (${r.guestName}) is in house in room ${r.roomNo || '—'}, but that room is not occupied by it`);
    }
  }
  return out;
}

/**
 * Every ledger line is an integer on a member of the branch, each id once,
 * and every balance a tablet showed equals the sum of that member's ledger.
 */
export function ledgerProblems(s: Pick<WeekSnapshot, 'members' | 'ledger'>, shownBalances: ReadonlyMap<string, number>): string[] {
  const out: string[] = [];
  const members = new Set(s.members.map((m) => m.id));
  const sums = new Map<string, number>();
  const ids = new Set<string>();
  for (const l of s.ledger) {
    if (ids.has(l.id)) out.push(`ledger line ${l.id} twice`);
    ids.add(l.id);
    if (!Number.isInteger(l.points)) out.push(`ledger line ${l.id}: ${l.points} points is not an integer`);
    if (!members.has(l.memberId)) out.push(`ledger line ${l.id}: no member ${l.memberId}`);
    sums.set(l.memberId, (sums.get(l.memberId) ?? 0) + l.points);
  }
  for (const [memberId, shown] of shownBalances) {
    const sum = sums.get(memberId) ?? 0;
    if (shown !== sum) out.push(`member ${memberId}: the desk shows ${shown} points, the ledger sums to ${sum}`);
  }
  return out;
}

/** Every reservation was made by someone known: the demo branch, the feed (head office) or a desk action of the test. */
export function unknownReservations(s: Pick<WeekSnapshot, 'reservations'>, madeBy: { initial: ReadonlySet<string>; feed: ReadonlySet<string>; desk: ReadonlySet<string> }): string[] {
  return s.reservations
    .filter((r) => !madeBy.initial.has(r.id) && !madeBy.feed.has(r.id) && !madeBy.desk.has(r.id))
    .map((r) => `reservation ${r.id} (${r.guestName}, ${r.arrivalDate}, ${r.status}) was made by nobody`);
}

/**
 * The audit of `closed` agrees with the reservations: none of its arrivals
 * is still expected, and its record's no-shows and penalties are what the
 * audit's own rule makes of those reservations now.
 */
export function auditProblems(s: Pick<WeekSnapshot, 'audits' | 'reservations' | 'members'>, closed: string): string[] {
  const out: string[] = [];
  const records = s.audits.filter((a) => a.businessDate === closed);
  if (records.length !== 1) return [`${records.length} audit records for ${closed}`];
  const record = records[0]!;
  const tally = tallyArrivals(s.reservations, closed);
  if (tally.expected !== 0) out.push(`${closed}: ${tally.expected} arrivals still expected after the audit`);
  const items = auditNoShows({ reservations: s.reservations, members: new Map(s.members.map((m) => [m.id, m])), businessDate: closed }, DEFAULT_RULES);
  const noShows = items.filter((i) => i.outcome.kind !== 'exempt').length;
  const penalties = -items.reduce((sum, i) => sum + i.points, 0);
  if (record.noShows !== noShows) out.push(`${closed}: the audit recorded ${record.noShows} no-shows, the reservations make ${noShows}`);
  if (record.penalties !== penalties) out.push(`${closed}: the audit recorded ${record.penalties} penalty points, the reservations make ${penalties}`);
  if (tally.noShow + tally.cancelled < noShows) out.push(`${closed}: ${noShows} no-shows counted from ${tally.noShow} no-shows and ${tally.cancelled} cancellations`);
  return out;
}

/** The business date moved on exactly once, from `closed` to the next day: one audit per day from `first`, none after `closed`. */
export function businessDateProblems(s: Pick<WeekSnapshot, 'audits' | 'branchBusinessDate'>, first: string, closed: string): string[] {
  const out: string[] = [];
  const dates = s.audits.map((a) => a.businessDate).sort();
  const want: string[] = [];
  for (let d = first; d <= closed; d = addDays(d, 1)) want.push(d);
  if (dates.join() !== want.join()) out.push(`closed days ${dates.join(', ') || '(none)'}, expected ${want.join(', ')}`);
  const open = businessDateOf(s.branchBusinessDate, dates);
  if (open !== addDays(closed, 1)) out.push(`the open business date is ${open}, expected ${addDays(closed, 1)}`);
  return out;
}
