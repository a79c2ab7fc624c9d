/**
 * Calendar arithmetic for the demo generator. Days are counted as whole days
 * since 1970-01-01 (a "day number"); local time is fixed at UTC+8, which is
 * right for Asia/Shanghai (no daylight saving since 1991).
 */
import type { EpochMs, IsoDate } from '../domain/model';

export const DAY_MS = 86_400_000;
export const MINUTE_MS = 60_000;
const LOCAL_OFFSET_MS = 8 * 3_600_000;

/** Day number of an ISO date; throws on anything that is not a real date. */
export function dayOf(iso: IsoDate): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new RangeError(`Invalid ISO date [${JSON.stringify(iso)}]: expected YYYY-MM-DD.`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw new RangeError(`Invalid ISO date [${JSON.stringify(iso)}]: no such day.`);
  }
  return Math.round(ms / DAY_MS);
}

/** Year, month (1-12) and date of a day number (Hinnant's civil_from_days; no Date, so it is fast). */
export function civilOf(day: number): [number, number, number] {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

const pad2 = (n: number): string => (n < 10 ? '0' : '') + String(n);

export function isoOf(day: number): IsoDate {
  const [y, m, d] = civilOf(day);
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

/** Compact form used in ids: 20250612. */
export function ymdOf(day: number): string {
  const [y, m, d] = civilOf(day);
  return `${y}${pad2(m)}${pad2(d)}`;
}

/** Day number from calendar parts (month 1-12). */
export function dayFromParts(year: number, month: number, date: number): number {
  return Math.round(Date.UTC(year, month - 1, date) / DAY_MS);
}

export function yearOf(day: number): number {
  return civilOf(day)[0];
}

/** MM-DD of a day number. */
export function monthDayOf(day: number): string {
  return isoOf(day).slice(5);
}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Epoch ms of `minute` minutes after local midnight of `day` (minute may exceed 1440). */
export function localMs(day: number, minute: number): EpochMs {
  return day * DAY_MS + minute * MINUTE_MS - LOCAL_OFFSET_MS;
}

/** Local day number of an instant. */
export function dayOfMs(ms: EpochMs): number {
  return Math.floor((ms + LOCAL_OFFSET_MS) / DAY_MS);
}

/** Local ISO date of an instant. */
export function isoOfMs(ms: EpochMs): IsoDate {
  return isoOf(dayOfMs(ms));
}

/** Minutes after local midnight as HH:MM. */
export function hhmm(minute: number): string {
  const h = Math.floor(minute / 60);
  const m = minute % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}
