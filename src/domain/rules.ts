/**
 * The one rules table of the 7天会 points programme. Every number the points
 * engine uses lives here, never as a literal in the engine, so a campaign or
 * a correction is a data change. Each value names its source: "Source" is
 * /work/shared/domain/7days-member-rules.md quoting the chain's own text;
 * "Assumption" is a default that the rules file (or the brief) marks as one.
 *
 * Conventions: points are whole numbers; any multiplied result is rounded
 * down (Assumption, rules file "How the pieces combine"); money is in fen;
 * wall-clock times are branch-local `HH:MM` strings.
 *
 * This file also lists every rule code and note code the engine can produce
 * (`RULE_CODES`, `NOTE_CODES`), so the text tables can be checked complete.
 */
import type { Channel, Tier } from './model';

/** A branch-local wall-clock time, `HH:MM` (24-hour). */
export type ClockTime = string;

export const REDEMPTION_ITEMS = ['milk', 'toiletries', 'lateCheckout', 'freeNight', 'memberCard'] as const;
export type RedemptionItem = (typeof REDEMPTION_ITEMS)[number];

export interface RedemptionRule {
  /** Points per unit (per item, or per hour for late checkout). */
  readonly points: number;
  /** Largest quantity in one redemption; 1 for everything but late checkout. */
  readonly maxQuantity: number;
}

export interface TierThreshold {
  readonly stays: number;
  readonly nights: number;
}

export interface Rules {
  readonly pointsPerYuan: number;
  readonly ownChannels: readonly Channel[];
  readonly ordinaryBookingBonus: number;
  readonly premiumTiers: readonly Tier[];
  readonly premiumBookingExtraPerNight: number;
  readonly bookingForOtherDivisor: number;
  readonly newMember: {
    readonly multiplierNumerator: number;
    readonly multiplierDenominator: number;
    readonly firstStays: number;
    readonly withinDays: number;
  };
  readonly suggestionAdoptedPoints: number;
  readonly voucher: { readonly paidNights: number; readonly windowDays: number };
  readonly noShow: { readonly penaltyPerNight: number; readonly sameDayBookingExemptAfter: ClockTime };
  readonly freeCancelUntil: { readonly ordinary: ClockTime; readonly premium: ClockTime };
  readonly guarantee: { readonly pointsPerHour: number; readonly latest: ClockTime };
  readonly redemptions: { readonly [K in RedemptionItem]: RedemptionRule };
  readonly joinFeeFen: number;
  readonly tierThresholds: {
    readonly windowMonths: number;
    readonly gold: TierThreshold;
    readonly platinum: TierThreshold;
  };
  readonly offlineRedemption: {
    readonly perTransactionMax: number;
    readonly perMemberPerDeviceMax: number;
    readonly confirmedBalanceMaxAgeHours: number;
  };
  readonly door: { readonly cutoff: ClockTime; readonly morningEnd: ClockTime };
  readonly churn: { readonly lapsedDays: number };
  readonly walkIn: {
    readonly guestNameMaxChars: number;
    readonly maxNights: number;
    readonly minRateFen: number;
    readonly maxRateFen: number;
  };
}

export const DEFAULT_RULES: Rules = {
  // Source: 按过夜房费,每1元可获得1分 (1 point per whole CNY of the room-night fee).
  pointsPerYuan: 1,
  // Source names the own web / SMS / app channels; WAP is the chain's own
  // mobile site. Assumption: the phone call centre is NOT an own channel here.
  ownChannels: ['web', 'app', 'wap', 'sms'],
  // Source: ordinary member +77 points per booking through an own channel
  // (Assumption: per booking, not per night).
  ordinaryBookingBonus: 77,
  // Assumption: "premium" (高级会员) benefits apply to gold and platinum.
  premiumTiers: ['gold', 'platinum'],
  // Source: 高级会员可多获得单倍过夜房费积分, i.e. an extra 1x the room-night fee
  // (Assumption: per earning room-night, instead of the +77).
  premiumBookingExtraPerNight: 1,
  // Source: 为他人代订 points halved. Assumption: applied to the stay's total
  // (stay + new-member bonus + booking points), rounded down.
  bookingForOtherDivisor: 2,
  newMember: {
    // Source: 新会员 … 1.5倍积分. Assumption: on stay points only, rounded down.
    multiplierNumerator: 3,
    multiplierDenominator: 2,
    // Assumption: the first 3 stays …
    firstStays: 3,
    // … within 90 days of joining.
    withinDays: 90,
  },
  // Source: 建议积分, 50 points per adopted suggestion.
  suggestionAdoptedPoints: 50,
  voucher: {
    // Source: 住七晚免费送一晚. Assumption: 7 paid room-nights …
    paidNights: 7,
    // … within a rolling 90 days earn one free-night voucher.
    windowDays: 90,
  },
  noShow: {
    // Source: 预订未到 −300 points per room-night.
    penaltyPerNight: 300,
    // Source: a same-day booking made after 18:00 carries no no-show penalty.
    sameDayBookingExemptAfter: '18:00',
  },
  freeCancelUntil: {
    // Source: ordinary member free cancellation until 18:00 on the arrival day.
    ordinary: '18:00',
    // Source: premium member until 19:00.
    premium: '19:00',
  },
  guarantee: {
    // Source: 积分担保延迟入住, each 500 points guarantees one more hour.
    pointsPerHour: 500,
    // Source: at most until 23:00.
    latest: '23:00',
  },
  redemptions: {
    // Source: 200 points, bedtime milk (睡前牛奶).
    milk: { points: 200, maxQuantity: 1 },
    // Source: 400 points, travel toiletry kit (旅行套装).
    toiletries: { points: 400, maxQuantity: 1 },
    // Source: 500 points per hour of late checkout. Assumption: at most 4 hours.
    lateCheckout: { points: 500, maxQuantity: 4 },
    // Source: 2000 points, one night in a big-bed room at any branch.
    freeNight: { points: 2000, maxQuantity: 1 },
    // Source: 100积分:兑换7天会会员实卡一张.
    memberCard: { points: 100, maxQuantity: 1 },
  },
  // Source: 入会费用为人民币77元 (money, not points; promotions may waive it).
  joinFeeFen: 7700,
  tierThresholds: {
    // Assumption: counted over the last 12 months.
    windowMonths: 12,
    // Assumption: gold at 10 stays or 15 room-nights.
    gold: { stays: 10, nights: 15 },
    // Assumption: platinum at 30 stays or 45 room-nights.
    platinum: { stays: 30, nights: 45 },
  },
  offlineRedemption: {
    // Assumption (for the offline sync work): at most 2000 points per redemption while offline …
    perTransactionMax: 2000,
    // … at most 2000 points per member per device until the next sync …
    perMemberPerDeviceMax: 2000,
    // … and only against a server-confirmed balance at most 24 hours old.
    confirmedBalanceMaxAgeHours: 24,
  },
  // Source: 每晚11点左右会有门禁 (the street door is locked at about 23:00):
  // door mode and the night audit's window open at the cut-off.
  // Assumption: the morning hour is 06:00: the street door opens again (door
  // mode ends) and the audit window closes (./business-day; later is late).
  door: { cutoff: '23:00', morningEnd: '06:00' },
  // Assumption: a member not seen for 180 days counts as lapsed (churn warning).
  churn: { lapsedDays: 180 },
  walkIn: {
    // Assumption: a guest name (Chinese, or a foreign name in Latin letters) fits in 32 characters.
    guestNameMaxChars: 32,
    // Assumption: a walk-in is booked for at most 30 nights; a longer stay is a
    // long-stay contract made with the branch manager, not at the desk.
    maxNights: 30,
    // Assumption: an economy branch's room-night fee lies between ¥1 and ¥2,000;
    // a free night is a redemption (免费大床房一晚), not a rate of ¥0.
    minRateFen: 100,
    maxRateFen: 200_000,
  },
};

/** Every rule code a ledger line can carry: the engine's, plus the legacy migration. */
export const RULE_CODES = [
  'stay',
  'new-member',
  'booking.ordinary',
  'booking.premium',
  'booking-for-other',
  'voucher.7nights',
  'suggestion',
  ...REDEMPTION_ITEMS.map((item) => `redeem.${item}` as const),
  'guarantee.hold',
  'guarantee.release',
  'guarantee.forfeit',
  'no-show',
  // Not made by the engine: the one-off line carrying a member's balance over
  // from the legacy system (kind 'adjust', params { reason, points }).
  'adjust.migration',
  // Not made by the engine: the manager's answers to an overdraft after sync
  // (./overdraft). A reversal gives back one redemption (params { of, points });
  // a write-off clears what is left (params { points, balanceBefore }).
  'adjust.reversal',
  'adjust.writeOff',
  // Not made by the engine: two records of one person merged by the manager
  // (./member-merge): the balance leaves the merged record (params { into, points })
  // and reaches the kept one (params { from, points }).
  'adjust.mergeOut',
  'adjust.mergeIn',
] as const;
export type RuleCode = (typeof RULE_CODES)[number];

/** Every note code: explanations of what did NOT earn (or was refused), for the clerk. */
export const NOTE_CODES = [
  'no-member',
  'rate.non-member',
  'channel.not-own',
  'extension.no-points',
  // Not a refusal: says why extension nights earn (booked in advance through an own channel).
  'extension.earns',
  // The guest left before the booked departure: points for the nights stayed only.
  'early-departure',
  'no-show.same-day-exempt',
  'redeem.insufficient',
  'redeem.quantity',
  'guarantee.insufficient',
  'guarantee.quantity',
  'guarantee.past-latest',
] as const;
export type NoteCode = (typeof NOTE_CODES)[number];

/** True when the tier gets the premium (高级会员) benefits. */
export function isPremium(tier: Tier, rules: Rules): boolean {
  return rules.premiumTiers.includes(tier);
}

/** True when the channel is one of the chain's own booking channels. */
export function isOwnChannel(channel: Channel, rules: Rules): boolean {
  return rules.ownChannels.includes(channel);
}
