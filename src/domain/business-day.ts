/**
 * The business day (营业日) of a branch, and the one tally of its arrivals.
 *
 * Rules
 * - The business date changes only through the night audit, never by the
 *   wall clock. It is the day after the newest closed day (the audit
 *   records), or the branch document's date when that is later
 *   (`businessDateOf`). A branch that has never been audited starts on
 *   `openingBusinessDate`: the branch-local date, or the day before it
 *   while the night of that day is still running (before the morning hour).
 * - The night of business date B runs from the cut-off (rules
 *   `door.cutoff`, 23:00) on B until the morning hour (`door.morningEnd`,
 *   06:00) on B + 1. `dayPhase` places "now" against it:
 *     'day'     before the cut-off of B (also while the clock is still on
 *               an earlier date: the audit of the previous day ran early,
 *               e.g. at 23:30, and B is already tomorrow);
 *     'audit'   inside the night window: the audit may run;
 *     'overdue' past the morning hour of B + 1 and B is still open: the
 *               audit was missed. Decision: it may still run (late), or
 *               the branch could never leave B; the desk says it is late.
 *   A cut-off after midnight (e.g. 00:30) puts the window on B + 1 from
 *   the cut-off to the morning hour; equal times make an empty window.
 * - Door mode switches on by the clock only inside the window's hours
 *   (`doorModeByClock`, the same hours as `isDoorModeTime`): the street
 *   door is a physical fact, independent of which day the audit closed.
 * - One tally (`tallyArrivals`) for the banner, the arrivals tiles and the
 *   audit report, over the reservations whose arrival date is B:
 *     expected  (待到) status 'expected': not arrived yet, not yet judged;
 *     arrived   (已到) 'checked-in' or 'checked-out' (a walk-in arrives too);
 *     noShow    (未到) 'no-show': marked by the night audit;
 *     cancelled (已取消) 'cancelled'.
 *   total = expected + arrived + noShow + cancelled. After the audit of B,
 *   expected is 0 (the audit marks every expected arrival a no-show).
 */
import { addDays, daysBetween, isIsoDate, localDateOf, localTimeOf } from './dates';
import { isDoorModeTime } from './door';
import { clockMinutes } from './guarantee';
import type { EpochMs, IsoDate, Reservation } from './model';
import type { ClockTime, Rules } from './rules';

/** The branch-local date and time of "now". */
export interface LocalNow {
  date: IsoDate;
  time: ClockTime;
}

export type DoorHours = Rules['door'];

/** The branch-local date and time of an instant. */
export function localNowOf(epochMs: EpochMs, timeZone: string): LocalNow {
  return { date: localDateOf(epochMs, timeZone), time: localTimeOf(epochMs, timeZone) };
}

export const DAY_PHASES = ['day', 'audit', 'overdue'] as const;
export type DayPhase = (typeof DAY_PHASES)[number];

const DAY_MINUTES = 1440;

function checkDate(label: string, d: string): void {
  if (!isIsoDate(d)) throw new RangeError(`Invalid ${label} [${JSON.stringify(d)}]: expected a real YYYY-MM-DD date.`);
}

/**
 * The open business date: the day after the newest closed day, unless the
 * branch document already says later. `closedDates` are the audit records'
 * dates (any order, may be empty).
 */
export function businessDateOf(branchDate: IsoDate, closedDates: readonly IsoDate[]): IsoDate {
  checkDate('branch business date', branchDate);
  let open = branchDate;
  for (const d of closedDates) {
    checkDate('closed business date', d);
    const next = addDays(d, 1);
    if (next > open) open = next;
  }
  return open;
}

/** The night window of business date B in minutes from B's midnight: [start, end). */
function nightWindow(hours: DoorHours): { start: number; end: number } {
  const cutoff = clockMinutes(hours.cutoff);
  const morning = clockMinutes(hours.morningEnd);
  const end = DAY_MINUTES + morning;
  if (cutoff === morning) return { start: end, end };
  return { start: cutoff > morning ? cutoff : DAY_MINUTES + cutoff, end };
}

/** Minutes from the business date's midnight to now (negative while the clock is on an earlier date). */
function minutesInto(now: LocalNow, businessDate: IsoDate): number {
  checkDate('local date', now.date);
  checkDate('business date', businessDate);
  return daysBetween(businessDate, now.date) * DAY_MINUTES + clockMinutes(now.time);
}

/** Where "now" stands against the night of the open business date. */
export function dayPhase(now: LocalNow, businessDate: IsoDate, hours: DoorHours): DayPhase {
  const { start, end } = nightWindow(hours);
  const at = minutesInto(now, businessDate);
  if (at < start) return 'day';
  return at < end ? 'audit' : 'overdue';
}

export type AuditAvailability =
  | { ok: true; late: boolean }
  /** Too early: the audit of `businessDate` opens at `opensAt` on `opensOn`. */
  | { ok: false; reason: 'before-cutoff'; opensOn: IsoDate; opensAt: ClockTime };

/** May the audit of the open business date run now? From the cut-off on (late past the morning hour). */
export function auditAvailability(now: LocalNow, businessDate: IsoDate, hours: DoorHours): AuditAvailability {
  const phase = dayPhase(now, businessDate, hours);
  if (phase !== 'day') return { ok: true, late: phase === 'overdue' };
  const { start } = nightWindow(hours);
  return { ok: false, reason: 'before-cutoff', opensOn: addDays(businessDate, Math.floor(start / DAY_MINUTES)), opensAt: hours.cutoff };
}

/** Is the street door in door mode by the clock (from the cut-off until the morning hour)? */
export function doorModeByClock(now: LocalNow, hours: DoorHours): boolean {
  return isDoorModeTime(now.time, hours.cutoff, hours.morningEnd);
}

/**
 * The business date a branch starts on when no audit has closed a day: the
 * local date, or the day before while that day's night is still running
 * (before the morning hour, or before a cut-off after midnight has passed
 * its window). Used for the demo branch and a branch's first day.
 */
export function openingBusinessDate(now: LocalNow, hours: DoorHours): IsoDate {
  checkDate('local date', now.date);
  const yesterday = addDays(now.date, -1);
  return dayPhase(now, yesterday, hours) === 'overdue' ? now.date : yesterday;
}

/** The four words of the tally, as the desk shows them (banner, tiles, report). */
export const TALLY_CODES = ['expected', 'arrived', 'noShow', 'cancelled'] as const;
export type TallyCode = (typeof TALLY_CODES)[number];

/** The one count of a business date's arrivals (see the rules at the top). */
export interface DayTally {
  total: number;
  expected: number;
  arrived: number;
  /** Of `arrived`: still in house, and already left. */
  checkedIn: number;
  checkedOut: number;
  noShow: number;
  cancelled: number;
}

export function tallyArrivals(reservations: readonly Pick<Reservation, 'arrivalDate' | 'status'>[], businessDate: IsoDate): DayTally {
  checkDate('business date', businessDate);
  const t: DayTally = { total: 0, expected: 0, arrived: 0, checkedIn: 0, checkedOut: 0, noShow: 0, cancelled: 0 };
  for (const r of reservations) {
    if (r.arrivalDate !== businessDate) continue;
    t.total += 1;
    if (r.status === 'expected') t.expected += 1;
    else if (r.status === 'checked-in') t.checkedIn += 1;
    else if (r.status === 'checked-out') t.checkedOut += 1;
    else if (r.status === 'no-show') t.noShow += 1;
    else t.cancelled += 1;
  }
  t.arrived = t.checkedIn + t.checkedOut;
  return t;
}
