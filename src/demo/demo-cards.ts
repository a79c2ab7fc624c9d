/**
 * Member cards worth swiping in a demo, picked from generated data: each one
 * shows a different situation at the desk.
 */
import type { LocalNow } from '../domain/business-day';
import { isDoorModeTime } from '../domain/door';
import type { LedgerEntry, Member, Reservation, Tier } from '../domain/model';
import { DEFAULT_RULES } from '../domain/rules';
import { dayOf, monthDayOf } from './calendar';

export type DemoCardKey =
  | 'in-house'
  | 'gold-big-balance'
  | 'late-guarantee'
  | 'lost-card'
  | 'arriving-today'
  | 'birthday-this-week'
  | 'lapsed-vip'
  | 'new-member';

export interface DemoCard {
  key: DemoCardKey;
  cardNo: string;
  memberId: string;
  name: string;
  tier: Tier;
  description: string;
  descriptionZh: string;
}

export interface DemoCardSource {
  branch: { businessDate: string };
  members: readonly Member[];
  reservations: readonly Reservation[];
  ledger: readonly LedgerEntry[];
}

const TIER_RANK: Readonly<Record<Tier, number>> = { registered: 0, silver: 1, gold: 2, platinum: 3 };

/**
 * `now` is the branch's local date and time when the cards are printed:
 * after the guaranteed guest's expected hour, or after midnight while the
 * business day is still running, "arriving tonight" would be wrong.
 */
export function demoCardNumbers(source: DemoCardSource, now?: LocalNow): DemoCard[] {
  const today = source.branch.businessDate;
  const todayDay = dayOf(today);
  const byId = new Map(source.members.map((m) => [m.id, m]));
  const balance = new Map<string, number>();
  for (const l of source.ledger) balance.set(l.memberId, (balance.get(l.memberId) ?? 0) + l.points);
  const bal = (m: Member): number => balance.get(m.id) ?? 0;
  const used = new Set<string>();
  const cards: DemoCard[] = [];

  const add = (key: DemoCardKey, m: Member | undefined, description: string, descriptionZh: string): void => {
    if (!m) return;
    used.add(m.id);
    cards.push({ key, cardNo: m.cardNo, memberId: m.id, name: m.name, tier: m.tier, description, descriptionZh });
  };
  const usable = (m: Member | undefined): m is Member => m !== undefined && !m.cardLost && !used.has(m.id);
  const best = (ms: Member[], score: (m: Member) => number): Member | undefined =>
    ms.reduce<Member | undefined>((acc, m) => (acc === undefined || score(m) > score(acc) ? m : acc), undefined);
  const membersOf = (rs: Reservation[]): Member[] => rs.map((r) => byId.get(r.memberId)).filter(usable);

  const inHouse = source.reservations.filter((r) => r.status === 'checked-in' && r.arrivalDate < today && !r.bookedForOther);
  const guest = best(membersOf(inHouse), (m) => TIER_RANK[m.tier]);
  const room = inHouse.find((r) => r.memberId === guest?.id)?.roomNo ?? '';
  add('in-house', guest, `In house in room ${room} since an earlier day; the card opens the door.`, `在住客人（${room}房），会员卡可作门卡`);

  const gold = best(source.members.filter((m) => m.tier === 'gold' && usable(m)), bal);
  add('gold-big-balance', gold, `Gold member with ${gold ? bal(gold) : 0} points: try a redemption.`, `金卡会员，积分${gold ? bal(gold) : 0}，可演示兑换`);

  const guaranteed = source.reservations.filter((r) => r.arrivalDate === today && r.status === 'expected' && r.guaranteePoints > 0);
  const late = membersOf(guaranteed)[0];
  const held = guaranteed.find((r) => r.memberId === late?.id);
  if (held) {
    const [en, zh] = lateGuaranteeText(today, held.expectedArrival, held.guaranteePoints, now);
    add('late-guarantee', late, en, zh);
  }

  add('lost-card', source.members.find((m) => m.cardLost && !used.has(m.id)), 'Card reported lost: swiping it must be refused.', '已挂失的会员卡，刷卡应被拒绝');

  const arriving = source.reservations
    .filter((r) => r.arrivalDate === today && r.status === 'expected' && r.guaranteePoints === 0 && !r.bookedForOther)
    .sort((a, b) => (a.expectedArrival < b.expectedArrival ? -1 : a.expectedArrival > b.expectedArrival ? 1 : 0));
  // After midnight the business day is still the one before ("today" would name the wrong day); in the
  // door's hours an unguaranteed guest is checked in at the desk, the door does not open for them.
  const doorHours = now !== undefined && isDoorModeTime(now.time, DEFAULT_RULES.door.cutoff, DEFAULT_RULES.door.morningEnd);
  const day = now !== undefined && now.date !== today ? [`on this business day (${today})`, `本营业日（${today}）`] : ['today', '今日'];
  const expected = membersOf(arriving)[0];
  if (doorHours) {
    add('arriving-today', expected, `Expected ${day[0]}, not yet checked in: check them in at the desk (not guaranteed, so the door does not open for them).`,
      `${day[1]}预抵，尚未入住，可在前台办理入住（未担保，门禁不放行）`);
  } else {
    add('arriving-today', expected, `Expected ${day[0]}, not yet checked in: check them in.`, `${day[1]}预抵，尚未入住，可演示办理入住`);
  }

  const week = new Set<string>();
  for (let d = 0; d <= 7; d++) week.add(monthDayOf(todayDay + d));
  add('birthday-this-week', source.members.find((m) => usable(m) && week.has(m.birthday) && m.lastStayDate !== ''),
    'Birthday within the coming week.', '本周生日的会员');

  const { lapsedDays } = DEFAULT_RULES.churn;
  const lapsed = source.members.filter((m) => usable(m) && TIER_RANK[m.tier] >= 2 && m.lastStayDate !== '' && todayDay - dayOf(m.lastStayDate) > lapsedDays);
  add('lapsed-vip', best(lapsed, bal), `Valuable member not seen for over ${lapsedDays} days: churn warning.`, `超过${lapsedDays}天未入住的高价值会员（流失预警）`);

  const { withinDays, multiplierNumerator, multiplierDenominator } = DEFAULT_RULES.newMember;
  const multiplier = multiplierNumerator / multiplierDenominator;
  const joinedSince = Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)) - 1, Number(today.slice(8, 10))) - withinDays * 86_400_000;
  add('new-member', source.members.find((m) => usable(m) && m.joinedAt >= joinedSince && m.lastStayDate !== ''),
    `New member (joined within ${withinDays} days): ${multiplier}x stay points.`, `新会员（入会${withinDays}天内），住宿积分${multiplier}倍`);

  return cards;
}

/** The late-guarantee card's line, as true at `now` (before the hour, after it, after midnight). */
export function lateGuaranteeText(businessDate: string, expectedArrival: string, points: number, now?: LocalNow): [string, string] {
  const holds = [`${points} points hold the room until the night audit.`, `已用${points}积分担保，房间保留到夜审`];
  if (!now || (now.date === businessDate && now.time < expectedArrival)) {
    return [`Arriving tonight at ${expectedArrival}, ${points} points held as a late-arrival guarantee.`, `今晚${expectedArrival}到店，已用${points}积分担保延迟入住`];
  }
  if (now.date === businessDate) return [`Expected tonight at ${expectedArrival}, not here yet: ${holds[0]}`, `预计今晚${expectedArrival}到店，尚未到店；${holds[1]}`];
  if (dayOf(now.date) - dayOf(businessDate) === 1) return [`Expected last night at ${expectedArrival}, not here yet: ${holds[0]}`, `预计昨晚${expectedArrival}到店，尚未到店；${holds[1]}`];
  return [`Expected on ${businessDate} at ${expectedArrival}, not here: ${holds[0]}`, `预计${businessDate} ${expectedArrival}到店，尚未到店；${holds[1]}`];
}
