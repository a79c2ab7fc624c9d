/**
 * The fixed facts of the demo branch (room layout, rates, channels) and the
 * generation context derived from the options (business date, clock). Points
 * rules (own channels, bonuses, prices) are not here: they come from the
 * rules table, src/domain/rules.ts.
 */
import type { Channel, EpochMs, IsoDate, RoomType } from '../domain/model';
import { dayOf, DAY_MS, localMs, MINUTE_MS } from './calendar';
import { weightedTable } from './prng';

export const DEFAULT_BRANCH_ID = 'gz-beijinglu';
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
export const DEFAULT_MEMBER_COUNT = 2000;

/** Other branches of the chain, where members also stay, as head office lists them (the desk names them so). */
export const OTHER_BRANCHES: readonly { id: string; name: string; nameEn: string; city: string }[] = [
  { id: 'gz-tianhe', name: '广州天河店', nameEn: 'Guangzhou Tianhe', city: '广州' },
  { id: 'gz-panyu', name: '广州番禺店', nameEn: 'Guangzhou Panyu', city: '广州' },
  { id: 'gz-baiyun', name: '广州白云店', nameEn: 'Guangzhou Baiyun', city: '广州' },
  { id: 'sz-luohu', name: '深圳罗湖店', nameEn: 'Shenzhen Luohu', city: '深圳' },
  { id: 'sz-nanshan', name: '深圳南山店', nameEn: 'Shenzhen Nanshan', city: '深圳' },
  { id: 'fs-chancheng', name: '佛山禅城店', nameEn: 'Foshan Chancheng', city: '佛山' },
  { id: 'cs-wuyi', name: '长沙五一广场店', nameEn: 'Changsha Wuyi Square', city: '长沙' },
  { id: 'wh-jianghan', name: '武汉江汉路店', nameEn: 'Wuhan Jianghan Road', city: '武汉' },
  { id: 'sh-pudong', name: '上海浦东店', nameEn: 'Shanghai Pudong', city: '上海' },
  { id: 'bj-wangfujing', name: '北京王府井店', nameEn: 'Beijing Wangfujing', city: '北京' },
  { id: 'cd-chunxi', name: '成都春熙路店', nameEn: 'Chengdu Chunxi Road', city: '成都' },
  { id: 'nn-chaoyang', name: '南宁朝阳店', nameEn: 'Nanning Chaoyang', city: '南宁' },
];
export const OTHER_BRANCH_IDS: readonly string[] = OTHER_BRANCHES.map((b) => b.id);

/** Member room-night rates in fen (whole yuan, so stay points are exact). */
export const MEMBER_RATE_FEN: Readonly<Record<RoomType, number>> = {
  'business-king': 23800,
  king: 19800,
  'economy-twin': 16800,
  family: 26800,
};

/** Rate for channels that are not at member price: OTA sells above, group-buy below. */
export function channelRateFen(type: RoomType, channel: Channel): number {
  const base = MEMBER_RATE_FEN[type];
  if (channel === 'ota') return base + 2000;
  if (channel === 'group-buy') return base - 2000;
  return base;
}

export function isMemberRateChannel(channel: Channel): boolean {
  return channel !== 'ota' && channel !== 'group-buy';
}

export const ROOM_TYPE_WEIGHTS = weightedTable<RoomType>([
  ['business-king', 30], ['king', 34], ['economy-twin', 30], ['family', 6],
]);

export interface RoomSpec {
  roomNo: string;
  floor: number;
  type: RoomType;
  smoking: boolean;
  quiet: boolean;
}

/**
 * 80 rooms on floors 2-9, ten a floor; the lift is by xx01, so xx08-xx10 are
 * quiet. Floor 3 is a smoking floor, and 702-703 are smoking rooms.
 */
export function roomLayout(): RoomSpec[] {
  const rooms: RoomSpec[] = [];
  for (let floor = 2; floor <= 9; floor++) {
    for (let pos = 1; pos <= 10; pos++) {
      let type: RoomType;
      if (pos === 1) type = floor <= 5 ? 'family' : 'business-king';
      else if (pos <= 4) type = 'economy-twin';
      else if (pos <= 7) type = 'king';
      else type = 'business-king';
      const roomNo = `${floor}${String(pos).padStart(2, '0')}`;
      rooms.push({
        roomNo,
        floor,
        type,
        smoking: floor === 3 || roomNo === '702' || roomNo === '703',
        quiet: pos >= 8,
      });
    }
  }
  return rooms;
}

export interface DemoContext {
  readonly branchId: string;
  readonly timeZone: string;
  readonly businessDate: IsoDate;
  readonly now: EpochMs;
  /** Day number of the business date. */
  readonly today: number;
  /** Minutes from local midnight of the business date to `now` (>= 1440 after midnight). */
  readonly nowMinute: number;
  /** The day the legacy system's balances were migrated; ledger detail starts here. */
  readonly cutoverDay: number;
  readonly rooms: readonly RoomSpec[];
}

export interface DemoContextOptions {
  businessDate: IsoDate;
  now: EpochMs;
  branchId?: string;
  timeZone?: string;
}

/** Days of itemised ledger history; older points are one migrated balance. */
export const LEDGER_DETAIL_DAYS = 100;

/** The moment the legacy balances were migrated: stays checked out from then on have itemised ledger lines. */
export function cutoverAt(ctx: DemoContext): EpochMs {
  return localMs(ctx.cutoverDay, 5 * 60 + 30);
}

export function createDemoContext(opts: DemoContextOptions): DemoContext {
  const today = dayOf(opts.businessDate);
  const start = localMs(today, 0);
  if (!Number.isSafeInteger(opts.now) || opts.now < start || opts.now >= start + DAY_MS + 12 * 3_600_000) {
    throw new RangeError(
      `Invalid now [${JSON.stringify(opts.now)}]: must fall on business date ${opts.businessDate} (UTC+8) or before noon the next day.`,
    );
  }
  const branchId = opts.branchId ?? DEFAULT_BRANCH_ID;
  if (branchId.length === 0) throw new RangeError('Invalid branchId []: must not be empty.');
  return {
    branchId,
    timeZone: opts.timeZone ?? DEFAULT_TIME_ZONE,
    businessDate: opts.businessDate,
    now: opts.now,
    today,
    nowMinute: Math.floor((opts.now - start) / MINUTE_MS),
    cutoverDay: today - LEDGER_DETAIL_DAYS,
    rooms: roomLayout(),
  };
}
