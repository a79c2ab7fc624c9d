/**
 * The door chain: canonical form, chaining, an intact chain, and edits.
 * 10,000 events of one device (and 200 of a second) are built with
 * WebCrypto SHA-256 from a seeded PRNG; every trial makes ONE edit,
 * shuffles the stored events (their order in a store means nothing) and
 * checks that the verifier finds it and names the first bad link. Seeds are
 * pinned: a failure replays exactly. Deletions, insertions, reorderings and
 * moves are in door-chain-tamper.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DOOR_EVENT_FIELDS, DOOR_REASONS, GENESIS_HASH } from '../../src/domain/door';
import type { DoorEvent } from '../../src/domain/door';
import {
  canonicalDoorEvent, chainDoorEvent, GENESIS, hashDoorEvent, HASHED_FIELDS, verifyDoorChain, verifyDoorLog,
} from '../../src/domain/door-chain';
import type { ChainResult } from '../../src/domain/door-chain';
import { buildLog, draftOf, expectBreak, N, verifyShuffled } from './door-log-fixture';
import type { Expected } from './door-log-fixture';
import { intBelow, memoSha256, pick, prng, sha256, shuffled } from './night-fixtures';

type Field = (typeof DOOR_EVENT_FIELDS)[number];

let A: DoorEvent[];
let B: DoorEvent[];
const memo = memoSha256();

beforeAll(async () => {
  A = await buildLog('door-A', N, 20_261_124, sha256);
  B = await buildLog('door-B', 200, 77, sha256);
}, 120_000);

const idOf = (i: number): string => A[i]?.id ?? '?';
const headA = (): { seq: number; hash: string } => ({ seq: N - 1, hash: A[N - 1]?.hash ?? '' });

const verifyA = (log: DoorEvent[], rand: () => number, head = false): Promise<ChainResult> =>
  verifyShuffled(log, rand, memo, 'door-A', head ? headA() : undefined);

describe('canonical form and chaining', () => {
  it('hashes every field but hash, in sorted key order, whatever extra fields a store adds', async () => {
    const e = A[0] as DoorEvent;
    expect([...HASHED_FIELDS]).toEqual(DOOR_EVENT_FIELDS.filter((f) => f !== 'hash').sort());
    const canonical = canonicalDoorEvent(e);
    expect(Object.keys(JSON.parse(canonical) as object)).toEqual([...HASHED_FIELDS]);
    expect(canonical).not.toContain('"hash"');
    expect(canonicalDoorEvent({ ...e, _rev: '3-abc', _meta: { lwt: 1 } } as DoorEvent)).toBe(canonical);
    expect(await hashDoorEvent(e, sha256)).toBe(e.hash);
    expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('writes exactly what JSON.stringify writes, for awkward text and numbers too', () => {
    const reference = (e: Record<string, unknown>): string =>
      `{${HASHED_FIELDS.map((k) => `${JSON.stringify(k)}:${JSON.stringify(e[k]) ?? 'null'}`).join(',')}}`;
    const awkward = [
      { memberName: '"引号" \\ 反斜杠\n换行\u2028\u0000', roomNo: '😀', cardNo: '\ud800' },
      { at: 1e21, seq: -0, staffId: undefined },
      { at: Number.NaN, memberId: 42, decision: null },
    ];
    for (const over of awkward) {
      const e = { ...(A[7] as DoorEvent), ...over } as unknown as DoorEvent;
      expect(canonicalDoorEvent(e)).toBe(reference(e as unknown as Record<string, unknown>));
    }
  });

  it('starts at seq 0 from the genesis value and links each event to the one before', () => {
    expect(GENESIS).toBe(GENESIS_HASH);
    expect(A[0]?.seq).toBe(0);
    expect(A[0]?.prevHash).toBe(GENESIS);
    for (let i = 1; i < N; i += 1) {
      expect(A[i]?.seq).toBe(i);
      expect(A[i]?.prevHash).toBe(A[i - 1]?.hash);
    }
  });

  it('refuses to chain onto another device\'s event', async () => {
    await expect(chainDoorEvent(A[0] as DoorEvent, draftOf(B[0] as DoorEvent), sha256)).rejects.toThrow(RangeError);
  });
});

describe('an intact chain', () => {
  it('verifies, in any order, with or without its head', async () => {
    const rand = prng(1);
    expect(await verifyDoorChain(shuffled(rand, A), sha256)).toEqual({ ok: true, count: N });
    expect(await verifyA(A, rand, true)).toEqual({ ok: true, count: N });
    expect(await verifyDoorChain([], sha256)).toEqual({ ok: true, count: 0 });
  });

  it('verifies per device, and per device and date', async () => {
    const reports = await verifyDoorLog([...B, ...A], memo);
    expect(reports).toEqual([
      { deviceId: 'door-A', events: N, result: { ok: true, count: N } },
      { deviceId: 'door-B', events: 200, result: { ok: true, count: 200 } },
    ]);
    const day = A[5000]?.businessDate ?? '';
    const dayCount = A.filter((e) => e.businessDate === day).length;
    expect(await verifyDoorLog([...B, ...A], memo, { businessDate: day }))
      .toEqual([{ deviceId: 'door-A', events: dayCount, result: { ok: true, count: dayCount } }]);
  });
});

/** What the verifier must report when field `f` of event k is set to `v`. */
function expectedForEdit(k: number, f: Field, v: unknown, edited: DoorEvent): Expected {
  switch (f) {
    case 'prevHash':
      return { at: k, problem: k === 0 ? 'first-not-genesis' : 'prev-mismatch', eventId: idOf(k) };
    case 'deviceId':
      return { at: k, problem: 'device-mismatch', eventId: idOf(k) };
    case 'seq': {
      if (Number.isSafeInteger(v) && (v as number) >= 0) {
        const s = v as number;
        if (s < k) return { at: s, problem: 'seq-duplicate', eventId: idOf(k) };
        return { at: k, problem: 'seq-gap', eventId: k === N - 1 || s === k + 1 ? idOf(k) : idOf(k + 1) };
      }
      return k === N - 1 ? { at: k, problem: 'seq-invalid', eventId: idOf(k) } : { at: k, problem: 'seq-gap', eventId: idOf(k + 1) };
    }
    default:
      return { at: k, problem: 'hash-mismatch', eventId: String(edited.id) };
  }
}

/** A different value for field f of event e: same type usually, sometimes another type. */
function otherValue(rand: () => number, e: DoorEvent, f: Field): unknown {
  const current = e[f];
  const candidates: unknown[] = typeof current === 'number'
    ? [current + 1, current - 1, current + 1 + intBelow(rand, 1e6), String(current), current + 0.5, -1, null]
    : [`${current}x`, current.slice(1), current.toUpperCase() === current ? `${current}!` : current.toUpperCase(),
      `${current} `, '张', '', 0, null];
  if (f === 'decision') candidates.push(current === 'granted' ? 'denied' : 'granted');
  if (f === 'reason') candidates.push(...DOOR_REASONS.filter((r) => r !== current));
  if (f === 'seq') candidates.push(intBelow(rand, N), N + intBelow(rand, 100));
  const different = candidates.filter((c) => c !== current);
  return pick(rand, different);
}

describe('tampering with 10,000 events: every tamper is found at the first bad link', () => {
  async function editTrial(rand: () => number, k: number, f: Field, v: unknown): Promise<void> {
    const log = A.slice();
    const edited = { ...(A[k] as DoorEvent), [f]: v } as DoorEvent;
    log[k] = edited;
    expectBreak(await verifyA(log, rand), expectedForEdit(k, f, v, edited), `edit ${f} of #${k} to ${JSON.stringify(v)}`);
  }

  it('an edit of each field, at the start, the middle and the end', async () => {
    const rand = prng(101);
    for (const f of DOOR_EVENT_FIELDS) {
      for (const k of [0, 1 + intBelow(rand, N - 2), N - 1]) await editTrial(rand, k, f, otherValue(rand, A[k] as DoorEvent, f));
    }
  }, 120_000);

  it('300 random single-field edits', async () => {
    const rand = prng(202);
    for (let t = 0; t < 300; t += 1) {
      const k = intBelow(rand, N);
      const f = pick(rand, DOOR_EVENT_FIELDS);
      await editTrial(rand, k, f, otherValue(rand, A[k] as DoorEvent, f));
    }
  }, 300_000);

  it('re-hashing a whole chain after an edit is found only against the recorded head', async () => {
    const k = 4321;
    const rebuilt: DoorEvent[] = A.slice(0, k);
    let prev = A[k - 1] ?? null;
    for (const e of A.slice(k)) {
      const draft = draftOf(e);
      prev = await chainDoorEvent(prev, e.seq === k ? { ...draft, decision: 'denied', reason: 'unknown-card' } : draft, sha256);
      rebuilt.push(prev);
    }
    const rand = prng(808);
    expect(await verifyA(rebuilt, rand)).toEqual({ ok: true, count: N });
    expectBreak(await verifyA(rebuilt, rand, true), { at: N - 1, problem: 'head-mismatch', eventId: idOf(N - 1) }, 'rehash');
  }, 120_000);

  it('per device and date: a day before the break is intact, a day after it is not', async () => {
    const k = 6000;
    const log = A.slice();
    log[k] = { ...(A[k] as DoorEvent), memberName: '改' };
    const before = A[1000]?.businessDate ?? '';
    const after = A[9000]?.businessDate ?? '';
    const [early] = await verifyDoorLog(log, memo, { businessDate: before });
    expect(early?.result.ok).toBe(true);
    const [late] = await verifyDoorLog(log, memo, { businessDate: after });
    expect(late?.result).toEqual({ ok: false, at: k, eventId: idOf(k), problem: 'hash-mismatch' });
  }, 60_000);

  it('an event whose seq cannot be placed, or an exact copy of an event, is reported', async () => {
    const five = A.slice(0, 5);
    const lastInvalid = [...five.slice(0, 4), { ...(A[4] as DoorEvent), seq: -1 }];
    expectBreak(await verifyDoorChain(lastInvalid, sha256), { at: 4, problem: 'seq-invalid', eventId: idOf(4) }, 'seq -1');
    const stringSeq = [...five.slice(0, 4), { ...(A[4] as DoorEvent), seq: '4' } as unknown as DoorEvent];
    expectBreak(await verifyDoorChain(stringSeq, sha256), { at: 4, problem: 'seq-invalid', eventId: idOf(4) }, 'seq "4"');
    expectBreak(await verifyDoorChain([...five, A[2] as DoorEvent], sha256), { at: 2, problem: 'seq-duplicate', eventId: idOf(2) }, 'copy');
  });

  it('a head recorded for a device with no events, and a re-hashed chain, clear no day', async () => {
    const head = { seq: 3, hash: A[3]?.hash ?? '' };
    expect(await verifyDoorLog(B, sha256, { heads: { 'door-A': head } })).toEqual([
      { deviceId: 'door-A', events: 0, result: { ok: false, at: 0, eventId: '', problem: 'seq-gap', missing: { from: 0, to: 3 } } },
      { deviceId: 'door-B', events: 200, result: { ok: true, count: 200 } },
    ]);
    const wrongHead = { seq: 199, hash: B[198]?.hash ?? '' };
    const day = B[10]?.businessDate ?? '';
    const [report] = await verifyDoorLog(B, sha256, { businessDate: day, heads: { 'door-B': wrongHead } });
    expect(report?.result).toEqual({ ok: false, at: 199, eventId: B[199]?.id, problem: 'head-mismatch' });
  });

  it('a chain from another device, or a wrong first link, is named at position 0', async () => {
    expectBreak(await verifyDoorChain(A.slice(0, 5), sha256, { deviceId: 'door-B' }), { at: 0, problem: 'device-mismatch', eventId: idOf(0) }, 'device');
    const wrongStart = [{ ...(A[0] as DoorEvent), prevHash: A[3]?.hash ?? '' }, ...A.slice(1, 5)];
    expectBreak(await verifyDoorChain(wrongStart, sha256), { at: 0, problem: 'first-not-genesis', eventId: idOf(0) }, 'genesis');
  });
});
