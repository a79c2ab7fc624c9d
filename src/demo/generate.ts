/**
 * Deterministic demo data for one branch: rooms, members with their stay and
 * points history, today's arrivals and in-house guests, and feedback. Pure:
 * the same options always give deep-equal output (seeded PRNG, no clock).
 *
 * For large volumes (a benchmark, a server provisioning run) use
 * `memberChunks`, which streams members with their history a chunk at a time.
 */
import type { BranchData, EpochMs, IsoDate, LedgerEntry, Member, Reservation } from '../domain/model';
import { createDemoContext, DEFAULT_MEMBER_COUNT } from './context';
import type { DemoContext, DemoContextOptions } from './context';
import { buildFeedback } from './feedback';
import { MAX_MEMBERS } from './identity';
import { sortLedger } from './ledger';
import { memberRecordAt } from './members';
import type { MemberRecord } from './members';
import { buildToday } from './today';

export { createDemoContext } from './context';
export type { DemoContext, DemoContextOptions } from './context';
export { ledgerForMember, memberAt, memberRecordAt, pastStaysForMember } from './members';
export type { MemberRecord } from './members';
export { demoCardNumbers } from './demo-cards';
export type { DemoCard, DemoCardKey } from './demo-cards';

export const DEFAULT_BRANCH_NAME = '广州北京路店';
export const DEFAULT_BRANCH_NAME_EN = 'Guangzhou Beijing Road';
export const DEFAULT_CITY = '广州';

export interface DemoBranchOptions {
  seed: number;
  businessDate: IsoDate;
  now: EpochMs;
  branchId?: string;
  memberCount?: number;
  timeZone?: string;
  branchName?: string;
  city?: string;
}

/** The demo branch is ordinary branch data. */
export type DemoBranch = BranchData;

function checkCount(count: number, what: string): void {
  if (!Number.isSafeInteger(count) || count < 0 || count > MAX_MEMBERS) {
    throw new RangeError(`Invalid ${what} [${JSON.stringify(count)}]: must be an integer in [0, ${MAX_MEMBERS}].`);
  }
}

function contextOf(opts: DemoBranchOptions): DemoContext {
  const ctxOpts: DemoContextOptions = { businessDate: opts.businessDate, now: opts.now };
  if (opts.branchId !== undefined) ctxOpts.branchId = opts.branchId;
  if (opts.timeZone !== undefined) ctxOpts.timeZone = opts.timeZone;
  return createDemoContext(ctxOpts);
}

export function generateDemoBranch(opts: DemoBranchOptions): DemoBranch {
  const ctx = contextOf(opts);
  const count = opts.memberCount ?? DEFAULT_MEMBER_COUNT;
  checkCount(count, 'memberCount');
  const records: MemberRecord[] = [];
  for (let i = 0; i < count; i++) records.push(memberRecordAt(opts.seed, i, ctx));
  const today = buildToday(opts.seed, ctx, records);
  const fb = buildFeedback(opts.seed, ctx, records);

  const reservations: Reservation[] = [];
  const ledger: LedgerEntry[] = [];
  for (const rec of records) {
    for (const r of rec.reservations) reservations.push(r);
    for (const l of rec.ledger) ledger.push(l);
  }
  reservations.sort((a, b) => (a.arrivalDate < b.arrivalDate ? -1 : a.arrivalDate > b.arrivalDate ? 1 : 0));
  for (const r of today.reservations) reservations.push(r);
  for (const l of today.holds) ledger.push(l);
  for (const l of fb.ledger) ledger.push(l);

  return {
    branch: {
      id: ctx.branchId,
      name: opts.branchName ?? DEFAULT_BRANCH_NAME,
      ...(opts.branchName === undefined ? { nameEn: DEFAULT_BRANCH_NAME_EN } : {}),
      city: opts.city ?? DEFAULT_CITY,
      timeZone: ctx.timeZone,
      businessDate: ctx.businessDate,
      updatedAt: ctx.now,
    },
    rooms: today.rooms,
    members: records.map((r) => r.member),
    reservations,
    ledger: sortLedger(ledger),
    feedback: fb.feedback,
  };
}

export interface MemberChunk {
  /** Index of the first member in this chunk. */
  start: number;
  members: Member[];
  /** Checked-out reservations of these members at this branch. */
  reservations: Reservation[];
  /** Itemised history ledger of these members (per member time-ordered). */
  ledger: LedgerEntry[];
}

export interface MemberChunkOptions {
  /** Members to produce in total (from `start`). */
  count: number;
  chunkSize?: number;
  start?: number;
}

/**
 * Members `start .. start+count-1` with their history, `chunkSize` at a time.
 * Member i here is identical to member i of `generateDemoBranch` with the same
 * seed and context; today's holds and suggestion points are not included.
 */
export function* memberChunks(seed: number, ctx: DemoContext, opts: MemberChunkOptions): Generator<MemberChunk, void, undefined> {
  const start = opts.start ?? 0;
  const size = opts.chunkSize ?? 5000;
  checkCount(opts.count, 'count');
  checkCount(start + opts.count, 'start + count');
  if (!Number.isSafeInteger(size) || size < 1) throw new RangeError(`Invalid chunkSize [${JSON.stringify(size)}]: must be a positive integer.`);
  const end = start + opts.count;
  for (let from = start; from < end; from += size) {
    const chunk: MemberChunk = { start: from, members: [], reservations: [], ledger: [] };
    const to = Math.min(end, from + size);
    for (let i = from; i < to; i++) {
      const rec = memberRecordAt(seed, i, ctx);
      chunk.members.push(rec.member);
      for (const r of rec.reservations) chunk.reservations.push(r);
      for (const l of rec.ledger) chunk.ledger.push(l);
    }
    yield chunk;
  }
}
