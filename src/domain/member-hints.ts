/**
 * Hints a desk clerk acts on when a member is at the desk: greet a VIP,
 * wish a happy birthday, win back a lapsing member, welcome a new one,
 * replace a lost card. Pure: "today" is passed in as the branch's date.
 */
import { DEFAULT_TIME_ZONE, addDays, daysBetween, isIsoDate, isLeapYear, localDateOf } from './dates';
import type { IsoDate, Member, Tier } from './model';
import { DEFAULT_RULES } from './rules';

export const HINT_CODES = ['cardLost', 'vip', 'birthdayThisWeek', 'churnRisk', 'newMember'] as const;
export type Hint = (typeof HINT_CODES)[number];

export interface HintRules {
  /** Tiers greeted as VIP. */
  readonly vipTiers: readonly Tier[];
  /** A member tag (case-insensitive) that also makes a VIP. */
  readonly vipTag: string;
  /** Birthday window: today and the following days, `birthdayDays` days in all. */
  readonly birthdayDays: number;
  /** Churn risk when the last stay (or, never having stayed, the joining) is more than this many days ago. */
  readonly churnDays: number;
  /** New member while at most this many days have passed since joining. */
  readonly newMemberDays: number;
  /** Time zone in which `joinedAt` is read as a date. */
  readonly timeZone: string;
}

export const DEFAULT_HINT_RULES: HintRules = {
  // Assumption: VIP treatment matches the premium tiers (gold, platinum).
  vipTiers: DEFAULT_RULES.premiumTiers,
  vipTag: 'VIP',
  birthdayDays: 7,
  // Assumption: 180 days without a stay is a churn risk.
  churnDays: DEFAULT_RULES.churn.lapsedDays,
  // Assumption: the new-member period is 90 days, as for the 1.5x points.
  newMemberDays: DEFAULT_RULES.newMember.withinDays,
  timeZone: DEFAULT_TIME_ZONE,
};

export interface HintContext {
  /** The branch's business date. */
  today: IsoDate;
  /** The member's points balance (not used by the current hints). */
  balance: number;
}

const MONTH_DAY = /^(\d{2})-(\d{2})$/;

/** The birthday `MM-DD` in `year`; 29 February falls on the 28th in a common year. */
function birthdayIn(year: number, month: number, day: number): IsoDate {
  const d = month === 2 && day === 29 && !isLeapYear(year) ? 28 : day;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * Days from `today` to the member's next birthday (0 when it is today), or
 * null when `birthday` is not a real `MM-DD` date.
 */
export function daysUntilBirthday(birthday: string, today: IsoDate): number | null {
  const m = MONTH_DAY.exec(birthday);
  if (!m) return null;
  const month = Number(m[1]);
  const day = Number(m[2]);
  // Validate against a leap year so that 02-29 is accepted.
  if (!isIsoDate(`2000-${m[1]}-${m[2]}`)) return null;
  const year = Number(today.slice(0, 4));
  const thisYear = birthdayIn(year, month, day);
  const next = thisYear >= today ? thisYear : birthdayIn(year + 1, month, day);
  return daysBetween(today, next);
}

function isVip(member: Member, rules: HintRules): boolean {
  const tag = rules.vipTag.toUpperCase();
  return rules.vipTiers.includes(member.tier) || member.tags.some((t) => t.trim().toUpperCase() === tag);
}

/** Hints for the clerk, in the fixed order of HINT_CODES (most urgent first). */
export function memberHints(member: Member, ctx: HintContext, rules: HintRules = DEFAULT_HINT_RULES): Hint[] {
  const { today } = ctx;
  if (!isIsoDate(today)) {
    throw new RangeError(`Invalid today [${JSON.stringify(today)}]: expected a real YYYY-MM-DD date.`);
  }
  const joinedOn = localDateOf(member.joinedAt, rules.timeZone);
  const daysSinceJoin = daysBetween(joinedOn, today);
  const hints: Hint[] = [];

  if (member.cardLost) hints.push('cardLost');
  if (isVip(member, rules)) hints.push('vip');

  const untilBirthday = daysUntilBirthday(member.birthday, today);
  if (untilBirthday !== null && untilBirthday < rules.birthdayDays) hints.push('birthdayThisWeek');

  const lastSeen = member.lastStayDate !== '' && isIsoDate(member.lastStayDate) ? member.lastStayDate : null;
  const idleDays = lastSeen !== null ? daysBetween(lastSeen, today) : daysSinceJoin;
  if (idleDays > rules.churnDays) hints.push('churnRisk');

  // A join date after today (a device clock ahead) still counts as new.
  if (daysSinceJoin <= rules.newMemberDays) hints.push('newMember');

  return hints;
}

/** The date of the member's next birthday on or after `today`, or null. */
export function nextBirthday(birthday: string, today: IsoDate): IsoDate | null {
  const days = daysUntilBirthday(birthday, today);
  return days === null ? null : addDays(today, days);
}
