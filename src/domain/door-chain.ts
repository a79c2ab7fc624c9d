/**
 * Tamper evidence for the door-access log: each device's door events form a
 * hash chain. The hash function (SHA-256, WebCrypto in the app) is passed in.
 *
 * Canonical form (`canonicalDoorEvent`): a JSON object holding exactly the
 * DoorEvent fields except `hash` (`HASHED_FIELDS`, sorted by key, i.e.
 * at, branchId, businessDate, cardNo, decision, deviceId, id, memberId,
 * memberName, prevHash, reason, roomNo, seq, staffId), no white space, each
 * value written by JSON.stringify (a missing value as null). Extra fields a
 * store may add (`_rev`, `_meta`, ...) are not part of it. Changing the
 * field set is a new chain format. `hash` = lower-case hex SHA-256 of the
 * canonical form's UTF-8 bytes. Because `prevHash`, `seq` and `deviceId` are
 * hashed, every event is bound to its device, its position and everything
 * before it.
 *
 * Chain rules: the event with seq 0 has prevHash GENESIS; event n has seq n
 * and prevHash = hash of event n − 1. The caller chains a device's swipes one
 * at a time, each after `nextLink(newest stored event, the device's own head
 * record)`: the head record keeps the numbering going past deleted events.
 *
 * Verification (`verifyDoorChain`): the events of one device, in any order,
 * are placed by their `seq` and walked from position 0. At each position the
 * checks are, in order: the position is occupied ('seq-gap'), by exactly one
 * event ('seq-duplicate'), of this device ('device-mismatch'), linking to
 * the previous event ('first-not-genesis' at 0, else 'prev-mismatch'), and
 * the event's own hash ('hash-mismatch'). The first failing position is
 * reported: `at` is that position (= the seq the chain should have there),
 * so every event with seq < at is proven intact back to genesis.
 * `eventId` names the offending event: the one found there; for a
 * duplicate, the candidate that fails its own checks (or, when all pass, the
 * one the next event does not link to); for a gap, the event after the gap;
 * '' when there is none; a gap also carries `missing`, the sequence numbers
 * with no event (from `at` to the seq before the next event, or to the
 * head's seq when no event follows). Events whose seq is not an integer >= 0 cannot be
 * placed: 'seq-invalid' at the end of the intact chain.
 * Consequences: an edited field breaks its own hash; a deleted event leaves a
 * gap; an inserted event duplicates a position or breaks the next link; a
 * reordering (seq values swapped too) breaks a prev link; an event moved to
 * another device's log fails the device check (or its hash, if its deviceId
 * was rewritten). The order of the input array is irrelevant.
 * Limits (by design of an unkeyed chain): deleting the LAST events, or
 * appending well-formed new ones, is only detected against a known head
 * (`head`: the seq and hash of the latest event recorded elsewhere, e.g. the
 * device's own counter or the server's copy after a sync); and anyone able
 * to recompute every hash can rewrite a whole chain, which again only a head
 * recorded elsewhere exposes ('head-mismatch'). A deleted tail stays
 * detectable after later swipes because those are chained after the head
 * (`nextLink`), leaving a 'seq-gap' in the middle of the chain that no
 * head is needed to see; the README's "The door log: what the verifier
 * can and cannot detect" lists the cases.
 *
 * Per device and date (`verifyDoorLog` with `businessDate`): a day's
 * segment is only trustworthy if it links back to genesis, so the device's
 * WHOLE log is verified; the day counts as intact when the first break (if
 * any) lies after the day's last event (a head mismatch never does: the
 * whole chain may have been re-hashed), otherwise the break is reported.
 */
import { GENESIS_HASH } from './door';
import type { DoorEvent, DoorEventDraft } from './door';
import type { IsoDate } from './model';

export { GENESIS_HASH };
export const GENESIS = GENESIS_HASH;

export type Sha256 = (data: Uint8Array) => Promise<Uint8Array>;

/** Every DoorEvent field except `hash`, sorted: the canonical form's keys. */
export const HASHED_FIELDS = [
  'at', 'branchId', 'businessDate', 'cardNo', 'decision', 'deviceId', 'id', 'memberId', 'memberName',
  'prevHash', 'reason', 'roomNo', 'seq', 'staffId',
] as const satisfies readonly Exclude<keyof DoorEvent, 'hash'>[];

const KEY_PREFIXES = HASHED_FIELDS.map((key, i) => `${i === 0 ? '{' : ','}${JSON.stringify(key)}:`);

/** Characters JSON.stringify would escape (or that need its lone-surrogate handling). */
// eslint-disable-next-line no-control-regex -- JSON escapes exactly the control characters
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** JSON.stringify(value), with fast paths giving the same text for plain strings and finite numbers. */
function jsonValue(value: unknown): string {
  if (typeof value === 'string' && !NEEDS_ESCAPE.test(value)) return `"${value}"`;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return JSON.stringify(value) ?? 'null';
}

export function canonicalDoorEvent(e: Omit<DoorEvent, 'hash'>): string {
  const record = e as unknown as Record<string, unknown>;
  let out = '';
  for (let i = 0; i < HASHED_FIELDS.length; i += 1) {
    out += (KEY_PREFIXES[i] ?? '') + jsonValue(record[HASHED_FIELDS[i] as string]);
  }
  return `${out}}`;
}

const encoder = new TextEncoder();

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

export function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const b of bytes) hex += HEX[b] ?? '';
  return hex;
}

/** Lower-case hex SHA-256 of the event's canonical form. */
export function hashDoorEvent(e: Omit<DoorEvent, 'hash'>, sha256: Sha256): Promise<string> {
  return sha256(encoder.encode(canonicalDoorEvent(e))).then(toHex);
}

/** What the next event of a device links to: the device, seq and hash of its newest event. */
export type ChainLink = Pick<DoorEvent, 'deviceId' | 'seq' | 'hash'>;

/**
 * Where a device's next swipe goes: after the newer of the newest event
 * still stored (`stored`) and the device's own record of the newest event
 * it wrote (`head`). When the newest events were deleted, the head is ahead
 * of the store and the next event takes seq head.seq + 1 and links to the
 * deleted event's hash, so the gap stays in the chain, with its sequence
 * numbers, after any number of later swipes (chaining after the surviving
 * event instead would close it for good). A head behind the store (a write
 * interrupted between the event and the head record) yields to the store;
 * a head at the same seq with another hash (the newest event replaced) wins,
 * so the replacement breaks the next link. Null: the device's first event.
 */
export function nextLink(stored: DoorEvent | null, head: ChainHead | null, deviceId: string): ChainLink | null {
  if (head !== null && !isSeq(head.seq)) throw new RangeError(`Invalid chain head seq [${JSON.stringify(head.seq)}].`);
  if (stored !== null && stored.deviceId !== deviceId) {
    throw new RangeError(`Invalid chain: stored event is from device [${stored.deviceId}], not [${deviceId}].`);
  }
  if (head === null) return stored;
  if (stored === null || head.seq >= stored.seq) return { deviceId, seq: head.seq, hash: head.hash };
  return stored;
}

/** Number, link and hash the next event of a device. `prev` is what it follows (see `nextLink`), null for its first. */
export async function chainDoorEvent(prev: ChainLink | null, draft: DoorEventDraft, sha256: Sha256): Promise<DoorEvent> {
  if (prev !== null && prev.deviceId !== draft.deviceId) {
    throw new RangeError(`Invalid chain: previous event is from device [${prev.deviceId}], not [${draft.deviceId}].`);
  }
  if (!Number.isSafeInteger(draft.at)) throw new RangeError(`Invalid door event time [${JSON.stringify(draft.at)}].`);
  // Only the DoorEvent fields: nothing else a draft object may carry is stored or hashed.
  const unhashed: Omit<DoorEvent, 'hash'> = {
    id: draft.id, branchId: draft.branchId, deviceId: draft.deviceId, seq: prev === null ? 0 : prev.seq + 1,
    at: draft.at, businessDate: draft.businessDate, cardNo: draft.cardNo, memberId: draft.memberId,
    memberName: draft.memberName, roomNo: draft.roomNo, decision: draft.decision, reason: draft.reason,
    staffId: draft.staffId, prevHash: prev === null ? GENESIS : prev.hash,
  };
  return { ...unhashed, hash: await hashDoorEvent(unhashed, sha256) };
}

export type ChainProblem =
  | 'hash-mismatch' | 'prev-mismatch' | 'seq-gap' | 'seq-duplicate' | 'device-mismatch'
  | 'first-not-genesis' | 'seq-invalid' | 'head-mismatch';

/** Sequence numbers with no event, first to last inclusive (a 'seq-gap'). */
export interface MissingSeqs {
  from: number;
  to: number;
}

export type ChainResult =
  | { ok: true; count: number }
  | { ok: false; at: number; eventId: string; problem: ChainProblem; missing?: MissingSeqs };

/** The latest event of a device as recorded elsewhere (device counter, server copy). */
export interface ChainHead {
  seq: number;
  hash: string;
}

export interface VerifyOptions {
  /** The device whose log this is; by default the device most events carry (ties: smallest id). */
  deviceId?: string;
  /** When given, the chain must reach this seq and have this hash there. */
  head?: ChainHead;
}

type Failure = Extract<ChainResult, { ok: false }>;

const fail = (at: number, eventId: string, problem: ChainProblem): Failure => ({ ok: false, at, eventId, problem });
const gap = (from: number, to: number, eventId: string): Failure => ({ ok: false, at: from, eventId, problem: 'seq-gap', missing: { from, to } });

function majorityDevice(events: readonly DoorEvent[]): string {
  const counts = new Map<string, number>();
  for (const e of events) counts.set(String(e.deviceId), (counts.get(String(e.deviceId)) ?? 0) + 1);
  let best = '';
  let bestCount = 0;
  for (const [device, count] of counts) {
    if (count > bestCount || (count === bestCount && device < best)) [best, bestCount] = [device, count];
  }
  return best;
}

const isSeq = (seq: unknown): seq is number => Number.isSafeInteger(seq) && (seq as number) >= 0;

function byIdThenHash(a: DoorEvent, b: DoorEvent): number {
  const x = `${String(a.id)}\u0000${String(a.hash)}`;
  const y = `${String(b.id)}\u0000${String(b.hash)}`;
  return x < y ? -1 : x > y ? 1 : 0;
}

const BATCH = 256;

function pushTo<K>(map: Map<K, DoorEvent[]>, key: K, e: DoorEvent): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [e]);
  else list.push(e);
}

/** Verify one device's chain. See the file comment for what is checked and reported. */
export async function verifyDoorChain(
  events: readonly DoorEvent[],
  sha256: Sha256,
  options: VerifyOptions = {},
): Promise<ChainResult> {
  if (options.head !== undefined && !isSeq(options.head.seq)) {
    throw new RangeError(`Invalid chain head seq [${JSON.stringify(options.head.seq)}].`);
  }
  const device = options.deviceId ?? majorityDevice(events);
  // Place events by seq without sorting: slots for seq < n; a seq >= n can never be
  // reached before a gap, so those only matter for naming the event after a gap.
  const n = events.length;
  const slots: (DoorEvent | undefined)[] = new Array<DoorEvent | undefined>(n);
  const extra = new Map<number, DoorEvent[]>();
  const beyond: DoorEvent[] = [];
  const invalid: DoorEvent[] = [];
  for (const e of events) {
    if (!isSeq(e.seq)) invalid.push(e);
    else if (e.seq >= n) beyond.push(e);
    else if (slots[e.seq] === undefined) slots[e.seq] = e;
    else pushTo(extra, e.seq, e);
  }
  const placedCount = n - invalid.length;
  const at = (seq: number): DoorEvent[] => {
    const first = seq < n ? slots[seq] : undefined;
    const all = first === undefined ? beyond.filter((e) => e.seq === seq) : [first, ...(extra.get(seq) ?? [])];
    return all.length > 1 ? all.sort(byIdThenHash) : all;
  };
  const nextSeqAfter = (pos: number): number => {
    for (let s = pos + 1; s < n; s += 1) if (slots[s] !== undefined) return s;
    return beyond.reduce((min, e) => Math.min(min, e.seq), Number.POSITIVE_INFINITY);
  };
  const hashOk = (e: DoorEvent): Promise<boolean> => hashDoorEvent(e, sha256).then((h) => h === e.hash);

  // 1. Structural walk (no hashing): the first position that is not a clean link.
  //    Each clean position uses up one event, so the walk ends when all are used.
  const chain: DoorEvent[] = [];
  let structural: Failure | null = null;
  let prevHash = GENESIS;
  for (let pos = 0; pos < placedCount && structural === null; pos += 1) {
    const cands = at(pos);
    const e = cands[0];
    if (e === undefined) {
      const nextSeq = nextSeqAfter(pos);
      const run = at(nextSeq);
      const flags = await Promise.all(run.map(hashOk));
      const named = run.find((_, j) => !flags[j]) ?? run[0];
      structural = gap(pos, nextSeq - 1, named === undefined ? '' : String(named.id));
    } else if (cands.length > 1) {
      const linkedForward = new Set(at(pos + 1).map((next) => String(next.prevHash)));
      const bad = await Promise.all(cands.map(async (c) => c.deviceId !== device || c.prevHash !== prevHash || !(await hashOk(c))));
      const named = cands.find((_, j) => bad[j]) ?? cands.find((c) => !linkedForward.has(String(c.hash))) ?? e;
      structural = fail(pos, String(named.id), 'seq-duplicate');
    } else if (e.deviceId !== device) {
      structural = fail(pos, String(e.id), 'device-mismatch');
    } else if (e.prevHash !== prevHash) {
      structural = fail(pos, String(e.id), pos === 0 ? 'first-not-genesis' : 'prev-mismatch');
    } else {
      chain.push(e);
      prevHash = e.hash;
    }
  }
  if (structural === null && invalid.length > 0) {
    const named = invalid.slice().sort(byIdThenHash)[0];
    structural = fail(chain.length, named === undefined ? '' : String(named.id), 'seq-invalid');
  }

  // 2. Own hashes of the linked prefix, in batches; a hash failure before the structural one wins.
  const limit = structural === null ? chain.length : Math.min(structural.at, chain.length);
  for (let from = 0; from < limit; from += BATCH) {
    const batch = chain.slice(from, Math.min(limit, from + BATCH));
    const flags = await Promise.all(batch.map(hashOk));
    const i = flags.indexOf(false);
    const e = batch[i];
    if (i >= 0 && e !== undefined) return fail(from + i, String(e.id), 'hash-mismatch');
  }
  if (structural !== null) return structural;

  // 3. The head recorded elsewhere, when given.
  const { head } = options;
  if (head !== undefined) {
    if (head.seq >= chain.length) return gap(chain.length, head.seq, '');
    const atHead = chain[head.seq];
    if (atHead !== undefined && atHead.hash !== head.hash) return fail(head.seq, String(atHead.id), 'head-mismatch');
  }
  return { ok: true, count: chain.length };
}

export interface DeviceChainReport {
  deviceId: string;
  /** Events of this device in the input (of the business date, when one is asked for). */
  events: number;
  result: ChainResult;
}

export interface VerifyLogOptions {
  /** Narrow the answer to one business date (the whole device log is still verified). */
  businessDate?: IsoDate;
  /** Known heads per device id. */
  heads?: Readonly<Record<string, ChainHead>>;
}

/**
 * Group a door log by device (the event's deviceId) and verify each chain.
 * Devices sorted by id. With a business date, only devices with events that
 * day are reported, and a break after the day's last event leaves the day intact.
 */
export async function verifyDoorLog(
  events: readonly DoorEvent[],
  sha256: Sha256,
  options: VerifyLogOptions = {},
): Promise<DeviceChainReport[]> {
  const byDevice = new Map<string, DoorEvent[]>();
  for (const e of events) pushTo(byDevice, String(e.deviceId), e);
  const { businessDate, heads = {} } = options;
  if (businessDate === undefined) for (const device of Object.keys(heads)) if (!byDevice.has(device)) byDevice.set(device, []);

  const reports: DeviceChainReport[] = [];
  for (const deviceId of [...byDevice.keys()].sort()) {
    const log = byDevice.get(deviceId) ?? [];
    const head = heads[deviceId];
    const result = await verifyDoorChain(log, sha256, head === undefined ? { deviceId } : { deviceId, head });
    if (businessDate === undefined) {
      reports.push({ deviceId, events: log.length, result });
      continue;
    }
    const day = log.filter((e) => e.businessDate === businessDate);
    if (day.length === 0) continue;
    const lastOfDay = day.reduce((last, e) => Math.max(last, isSeq(e.seq) ? e.seq : Number.POSITIVE_INFINITY), -1);
    // A head mismatch means the whole chain may have been re-hashed: it clears no day.
    const dayIntact = result.ok || (result.problem !== 'head-mismatch' && result.at > lastOfDay);
    reports.push({ deviceId, events: day.length, result: dayIntact ? { ok: true, count: day.length } : result });
  }
  return reports;
}
