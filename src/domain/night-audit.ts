/**
 * Night audit (夜审) of one business date: find the no-shows, work out what
 * each costs, and roll the business date. Pure: the caller passes the
 * reservations, members, time zone and the local time; it writes the result.
 *
 * Rules (rules file "Penalties, cancellation and guarantees"; the numbers
 * come from the rules table, the decisions from ./guarantee):
 * - Candidates are the reservations arriving on the business date whose
 *   status is 'expected' or 'no-show' (not arrived by the cut-off; a
 *   'no-show' is one an earlier run already marked) or 'cancelled'.
 *   'checked-in' and 'checked-out' arrivals are not no-shows.
 * - Not arrived → `noShowOutcome`: a held guarantee is forfeited INSTEAD of
 *   the penalty; a booking made on the arrival day at or after 18:00 carries
 *   no penalty ('same-day-after-18'); otherwise −300 × booked nights, one
 *   line with id `${reservationId}:no-show`.
 * - Cancelled → `isFreeCancellation` with the member's tier (at audit time)
 *   and the branch-local date/time of `cancelledAt`: inside the free window
 *   (before the arrival day, or before 18:00 ordinary / 19:00 premium on it)
 *   costs nothing ('cancelled-in-free-window'); later counts as a no-show and
 *   goes through `noShowOutcome` exactly as above.
 * - Decision: a reservation without a member (memberId '' or not in
 *   `members`) has no points to lose: exempt 'no-member'. A cancelled
 *   reservation without a cancellation time (cancelledAt 0) is not
 *   penalised on missing data: exempt 'cancel-time-unknown', for review.
 * - Booking and cancellation instants become branch-local dates and times
 *   through `localDateOf` / `localTimeOf` in the time zone passed in.
 * - Every line id is deterministic (./guarantee, ./points `lineId`), and the
 *   same input always gives the same lines: two tablets auditing the same
 *   day, or one auditing twice, post the same ids, which the ledger counts
 *   once (./ledger `uniqueById`). Items are sorted by reservation id.
 * - Decision: the audit does not release a guarantee held for a reservation
 *   cancelled inside the free window; that belongs to the cancellation.
 * - `canRunAudit`: only once the cut-off has passed on the business date
 *   (at 23:00 exactly, yes), or on any later calendar date (past the
 *   morning hour of the next day it is late, ./business-day).
 */
import { ledgerEntryOf } from './ledger';
import { auditAvailability, type LocalNow } from './business-day';
import { addDays, DEFAULT_TIME_ZONE, localDateOf, localTimeOf } from './dates';
import { isFreeCancellation, noShowOutcome } from './guarantee';
import type { EpochMs, IsoDate, LedgerEntry, Member, Reservation } from './model';
import type { EarnLine, EarnNote } from './points';
import { DEFAULT_RULES } from './rules';
import type { ClockTime, Rules } from './rules';

export { auditReport, reportToCsv, REPORT_LABEL_KEYS } from './audit-report';
export type { AuditReport, AuditReportInput, DoorRow, NoShowRow, RedemptionRow, ReportLabelKey } from './audit-report';

export const EXEMPT_REASONS = ['same-day-after-18', 'cancelled-in-free-window', 'no-member', 'cancel-time-unknown'] as const;
export type ExemptReason = (typeof EXEMPT_REASONS)[number];

export const NO_SHOW_CAUSES = ['not-arrived', 'cancelled'] as const;
export type NoShowCause = (typeof NO_SHOW_CAUSES)[number];

export type NoShowResolution =
  | { kind: 'penalty'; lines: EarnLine[] }
  | { kind: 'forfeit'; lines: EarnLine[] }
  | { kind: 'exempt'; reason: ExemptReason; lines: EarnLine[]; notes: EarnNote[] };

export interface NoShowItem {
  reservation: Reservation;
  cause: NoShowCause;
  outcome: NoShowResolution;
  /** Sum of the lines' points (0 or negative; a forfeit line is 0, its hold already took the points). */
  points: number;
  /** Guarantee points forfeited, 0 when none. */
  forfeited: number;
}

export type { LocalNow } from './business-day';

export interface AuditInput {
  /** The arrivals of the business date (others are ignored). */
  reservations: readonly Reservation[];
  members: ReadonlyMap<string, Member>;
  businessDate: IsoDate;
  /** IANA time zone of the branch; default Asia/Shanghai. */
  timeZone?: string;
  /** The door cut-off; default the rules' door.cutoff (23:00). */
  cutoff?: ClockTime;
  /** When given, the audit refuses (RangeError) to run before the cut-off. */
  localNow?: LocalNow;
}

/**
 * May the audit of `businessDate` run at `localNow`? From the cut-off on the
 * business date; past the morning hour it is late but still allowed
 * (./business-day `auditAvailability`).
 */
export function canRunAudit(
  localNow: LocalNow,
  businessDate: IsoDate,
  cutoff: ClockTime = DEFAULT_RULES.door.cutoff,
  morningEnd: ClockTime = DEFAULT_RULES.door.morningEnd,
): boolean {
  return auditAvailability(localNow, businessDate, { cutoff, morningEnd }).ok;
}

/** The business date after `d` (rolled by the night audit). */
export function nextBusinessDate(d: IsoDate): IsoDate {
  return addDays(d, 1);
}

function exempt(reason: ExemptReason, notes: EarnNote[] = []): NoShowResolution {
  return { kind: 'exempt', reason, lines: [], notes };
}

function resolveNoShow(r: Reservation, timeZone: string, rules: Rules): NoShowResolution {
  const { lines, notes } = noShowOutcome(
    {
      reservationId: r.id,
      nights: r.nights,
      guaranteePoints: r.guaranteePoints,
      bookedOnArrivalDay: localDateOf(r.bookedAt, timeZone) === r.arrivalDate,
      bookedAtLocal: localTimeOf(r.bookedAt, timeZone),
    },
    rules,
  );
  const line = lines[0];
  if (line === undefined) return exempt('same-day-after-18', notes);
  return line.kind === 'forfeit' ? { kind: 'forfeit', lines } : { kind: 'penalty', lines };
}

function resolve(r: Reservation, member: Member | undefined, timeZone: string, rules: Rules): NoShowResolution {
  if (member === undefined) return exempt('no-member');
  if (r.status !== 'cancelled') return resolveNoShow(r, timeZone, rules);
  if (r.cancelledAt === 0) return exempt('cancel-time-unknown');
  const free = isFreeCancellation(
    member.tier,
    r.arrivalDate,
    localDateOf(r.cancelledAt, timeZone),
    localTimeOf(r.cancelledAt, timeZone),
    rules,
  );
  return free ? exempt('cancelled-in-free-window') : resolveNoShow(r, timeZone, rules);
}

const CANDIDATE_STATUSES: readonly Reservation['status'][] = ['expected', 'no-show', 'cancelled'];

/** The no-shows (and cancellations) of the business date and what each costs. */
export function auditNoShows(input: AuditInput, rules: Rules): NoShowItem[] {
  const { businessDate, members } = input;
  const timeZone = input.timeZone ?? DEFAULT_TIME_ZONE;
  const cutoff = input.cutoff ?? rules.door.cutoff;
  if (input.localNow !== undefined && !canRunAudit(input.localNow, businessDate, cutoff)) {
    throw new RangeError(
      `Too early for the night audit of ${businessDate}: it runs after ${cutoff} (now ${input.localNow.date} ${input.localNow.time}).`,
    );
  }
  const items: NoShowItem[] = [];
  for (const r of input.reservations) {
    if (r.arrivalDate !== businessDate || !CANDIDATE_STATUSES.includes(r.status)) continue;
    const member = r.memberId === '' ? undefined : members.get(r.memberId);
    const outcome = resolve(r, member, timeZone, rules);
    const forfeitLine = outcome.lines.find((l) => l.kind === 'forfeit');
    items.push({
      reservation: r,
      cause: r.status === 'cancelled' ? 'cancelled' : 'not-arrived',
      outcome,
      points: outcome.lines.reduce((sum, l) => sum + l.points, 0),
      forfeited: forfeitLine === undefined ? 0 : r.guaranteePoints,
    });
  }
  return items.sort((a, b) => (a.reservation.id < b.reservation.id ? -1 : a.reservation.id > b.reservation.id ? 1 : 0));
}

/** Who, where and when the audit posts its lines. */
export interface AuditPostContext {
  businessDate: IsoDate;
  createdAt: EpochMs;
  deviceId: string;
  staffId: string;
}

/**
 * The ledger entries the audit posts: one per outcome line, ids unchanged
 * (deterministic), so posting them again, from any tablet, adds nothing.
 */
export function noShowLedgerEntries(items: readonly NoShowItem[], ctx: AuditPostContext): LedgerEntry[] {
  return items.flatMap((item) =>
    item.outcome.lines.map((line) => ledgerEntryOf(line, {
      ...ctx, memberId: item.reservation.memberId, branchId: item.reservation.branchId, reservationId: item.reservation.id,
    })),
  );
}

/** Reservations to mark 'no-show': the 'expected' ones that did not arrive. */
export function markNoShows(items: readonly NoShowItem[], now: EpochMs): Reservation[] {
  return items
    .filter((item) => item.cause === 'not-arrived' && item.reservation.status === 'expected')
    .map((item) => ({ ...item.reservation, status: 'no-show', updatedAt: now }));
}
