/**
 * Identity numbers for demo people: resident ID numbers with real region
 * codes and a correct check character, mainland mobile numbers, member ids
 * and card numbers. Member ids and card numbers are bijections of the member
 * index, so they are unique without any bookkeeping and a member id can be
 * turned back into its index.
 */
import { idCheckChar } from '../domain/id-number';
import { isoOf } from './calendar';
import { weightedTable } from './prng';
import type { Rng } from './prng';

/** Real county-level region codes; Guangdong weighted up for a Guangzhou branch. */
const REGIONS = weightedTable<string>([
  ['440104', 12], // 广州越秀
  ['440106', 10], // 广州天河
  ['440105', 8], // 广州海珠
  ['440111', 7], // 广州白云
  ['440113', 6], // 广州番禺
  ['440303', 5], // 深圳罗湖
  ['440305', 5], // 深圳南山
  ['440604', 4], // 佛山禅城
  ['441302', 3], // 惠州惠城
  ['440802', 2], // 湛江赤坎
  ['445102', 2], // 潮州湘桥
  ['110105', 4], // 北京朝阳
  ['110108', 3], // 北京海淀
  ['310115', 4], // 上海浦东
  ['310104', 2], // 上海徐汇
  ['430102', 4], // 长沙芙蓉
  ['430104', 2], // 长沙岳麓
  ['431002', 2], // 郴州北湖
  ['510107', 3], // 成都武侯
  ['510104', 2], // 成都锦江
  ['420106', 3], // 武汉武昌
  ['450105', 2], // 郑州金水
  ['350203', 2], // 厦门思明
  ['360102', 2], // 南昌东湖
  ['360702', 2], // 赣州章贡
  ['450103', 3], // 南宁青秀
  ['450304', 2], // 桂林象山
  ['330106', 2], // 杭州西湖
  ['320106', 2], // 南京鼓楼
  ['500103', 2], // 重庆渝中
  ['610113', 2], // 西安雁塔
  ['370102', 1], // 济南历下
]);

/** An 18-character resident ID number born on `birthDay` with a sequence matching `gender`. */
export function makeIdNumber(rng: Rng, gender: 'M' | 'F', birthDay: number): string {
  const region = rng.weighted(REGIONS);
  const birth = isoOf(birthDay).replaceAll('-', '');
  const seq2 = String(rng.int(0, 99)).padStart(2, '0');
  const genderDigit = 2 * rng.int(0, 4) + (gender === 'M' ? 1 : 0);
  const first17 = region + birth + seq2 + String(genderDigit);
  return first17 + idCheckChar(first17);
}

const MOBILE_PREFIXES = weightedTable<string>([
  ...['130', '131', '132', '133', '134', '135', '136', '137', '138', '139'].map((p) => [p, 4] as const),
  ...['150', '151', '152', '153', '155', '156', '157', '158', '159'].map((p) => [p, 3] as const),
  ...['170', '173', '176', '177', '178'].map((p) => [p, 1] as const),
  ...['180', '181', '182', '183', '185', '186', '187', '188', '189'].map((p) => [p, 3] as const),
  ['199', 2], ['198', 1], ['166', 1],
]);

/**
 * A mobile number. For member `index` (0 <= index < 10^8) the last eight
 * digits are a bijection of the index, so members never share a number.
 */
export function makeMobile(rng: Rng, index?: number): string {
  const prefix = rng.weighted(MOBILE_PREFIXES);
  const tail = index === undefined ? rng.int(0, 99_999_999) : affine(index, 48_271n, 13_579_246n, 100_000_000n);
  return prefix + String(tail).padStart(8, '0');
}

function affine(x: number, a: bigint, b: bigint, m: bigint): number {
  return Number((BigInt(x) * a + b) % m);
}

function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [a % m, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1n) throw new RangeError('Multiplier is not invertible.');
  return ((oldS % m) + m) % m;
}

const MEMBER_MOD = 1_000_000_000n;
const MEMBER_MUL = 271_828_183n; // coprime with 10
const MEMBER_ADD = 314_159_265n;
const MEMBER_MUL_INV = modInverse(MEMBER_MUL, MEMBER_MOD);
export const MAX_MEMBERS = 100_000_000;

/** 'M' + 9 digits; unique for every index below 10^9. */
export function memberIdFor(index: number): string {
  return 'M' + String(affine(index, MEMBER_MUL, MEMBER_ADD, MEMBER_MOD)).padStart(9, '0');
}

/** The member index behind a generated member id, or -1 when it is not one. */
export function memberIndexOf(memberId: string): number {
  if (!/^M\d{9}$/.test(memberId)) return -1;
  const y = BigInt(memberId.slice(1));
  const x = ((((y - MEMBER_ADD) % MEMBER_MOD) + MEMBER_MOD) % MEMBER_MOD) * MEMBER_MUL_INV % MEMBER_MOD;
  return Number(x);
}

const CARD_MOD = 10_000_000_000n;
const CARD_MUL = 3_141_592_653n; // coprime with 10

/** '77' + 10 digits; unique for every index below 10^10 under one seed. */
export function cardNoFor(seed: number, index: number): string {
  const offset = BigInt(seed >>> 0) * 7_919n;
  const body = (BigInt(index) + offset) % CARD_MOD;
  return '77' + String(Number((body * CARD_MUL + 2_718_281_828n) % CARD_MOD)).padStart(10, '0');
}
