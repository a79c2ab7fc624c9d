/**
 * Why a hint is shown, in numbers the clerk can say to the guest or act on:
 * which day the birthday falls on (date and weekday), and for a churn risk
 * the last stay and how the stays per year have moved (the last twelve
 * months against the twelve before). Pure: `today` is the branch's date.
 */
import { daysBetween, localDateOf } from './dates';
import { DEFAULT_HINT_RULES, daysUntilBirthday, nextBirthday } from './member-hints';
import type { HintRules } from './member-hints';
import type { IsoDate, Member } from './model';

/** 0 = Sunday … 6 = Saturday. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export function weekdayOf(date: IsoDate): Weekday {
  // 1970-01-01 was a Thursday (4).
  return ((((daysBetween('1970-01-01', date) + 4) % 7) + 7) % 7) as Weekday;
}

export interface BirthdayReason { date: IsoDate; month: number; day: number; weekday: Weekday; daysUntil: number }

export interface ChurnReason {
  /** '' when the member never stayed: then idle since joining. */
  lastStayDate: IsoDate | '';
  idleDays: number;
  /** Stays in the twelve months up to today, and in the twelve months before those. */
  staysLast12m: number;
  staysPrior12m: number;
}

export function birthdayReason(birthday: string, today: IsoDate): BirthdayReason | null {
  const date = nextBirthday(birthday, today);
  const daysUntil = daysUntilBirthday(birthday, today);
  if (date === null || daysUntil === null) return null;
  return { date, month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)), weekday: weekdayOf(date), daysUntil };
}

/**
 * `stayDates`: the dates of the member's stays known on this tablet (the
 * checkout date of each stay line in the chain-wide ledger).
 */
export function churnReason(member: Pick<Member, 'lastStayDate' | 'joinedAt'>, stayDates: readonly IsoDate[], today: IsoDate,
  rules: Pick<HintRules, 'timeZone'> = DEFAULT_HINT_RULES): ChurnReason {
  const since = member.lastStayDate !== '' ? member.lastStayDate : localDateOf(member.joinedAt, rules.timeZone);
  let staysLast12m = 0;
  let staysPrior12m = 0;
  for (const d of new Set(stayDates)) {
    const ago = daysBetween(d, today);
    if (ago < 0) continue;
    if (ago < 365) staysLast12m += 1;
    else if (ago < 730) staysPrior12m += 1;
  }
  return { lastStayDate: member.lastStayDate, idleDays: daysBetween(since, today), staysLast12m, staysPrior12m };
}
