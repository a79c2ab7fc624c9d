/**
 * Pure calendar arithmetic on ISO dates (`YYYY-MM-DD`) and conversion of an
 * instant to a branch's local date and wall-clock time. No clock: the instant
 * is always passed in. Dates are treated as plain calendar days (computed in
 * UTC), so daylight-saving changes can never shift a day count.
 */
import type { EpochMs, IsoDate } from './model';

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Days since 1970-01-01 for a calendar date. */
function toDayNumber(iso: IsoDate): number {
  if (!isIsoDate(iso)) {
    throw new RangeError(`Invalid ISO date [${JSON.stringify(iso)}]: expected a real YYYY-MM-DD date.`);
  }
  const d = new Date(0);
  d.setUTCFullYear(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
  return Math.round(d.getTime() / DAY_MS);
}

function fromDayNumber(dayNumber: number): IsoDate {
  const d = new Date(dayNumber * DAY_MS);
  const y = String(d.getUTCFullYear()).padStart(4, '0');
  const m = String(d.getUTCMonth() + 1).padStart(2, '0');
  const day = String(d.getUTCDate()).padStart(2, '0');
  return `${y}-${m}-${day}`;
}

/** The date `n` days after `iso` (before, when `n` is negative). */
export function addDays(iso: IsoDate, n: number): IsoDate {
  if (!Number.isSafeInteger(n)) {
    throw new RangeError(`Invalid day count [${JSON.stringify(n)}]: must be an integer.`);
  }
  return fromDayNumber(toDayNumber(iso) + n);
}

/** Whole days from `a` to `b`: positive when `b` is later. `daysBetween(d, addDays(d, n)) === n`. */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return toDayNumber(b) - toDayNumber(a);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // Throws a RangeError for an unknown time zone, which is what we want.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function localParts(epochMs: EpochMs, timeZone: string): Record<string, string> {
  if (!Number.isFinite(epochMs)) {
    throw new RangeError(`Invalid instant [${JSON.stringify(epochMs)}]: must be finite epoch milliseconds.`);
  }
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(epochMs)) parts[p.type] = p.value;
  return parts;
}

/** The calendar date of an instant in a time zone, e.g. a branch's local date. */
export function localDateOf(epochMs: EpochMs, timeZone: string = DEFAULT_TIME_ZONE): IsoDate {
  const p = localParts(epochMs, timeZone);
  return `${(p.year ?? '').padStart(4, '0')}-${p.month ?? ''}-${p.day ?? ''}`;
}

/** The wall-clock time `HH:MM` (24-hour) of an instant in a time zone. */
export function localTimeOf(epochMs: EpochMs, timeZone: string = DEFAULT_TIME_ZONE): string {
  const p = localParts(epochMs, timeZone);
  return `${p.hour ?? ''}:${p.minute ?? ''}`;
}
