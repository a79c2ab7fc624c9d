/**
 * The door chain against deletions, insertions, reorderings and moves to
 * another device, on a seeded log of 10,000 events (and 200 of a second
 * device). Every trial makes ONE tamper, shuffles the stored events and
 * checks that the verifier names the first bad link. (Edits are in
 * door-chain.test.ts; the two files run in parallel.)
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { DoorEvent } from '../../src/domain/door';
import { GENESIS, hashDoorEvent, verifyDoorChain, verifyDoorLog } from '../../src/domain/door-chain';
import type { ChainResult } from '../../src/domain/door-chain';
import { buildLog, draftOf, expectBreak, N, verifyShuffled } from './door-log-fixture';
import { intBelow, memoSha256, prng, sha256, shuffled } from './night-fixtures';

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

describe('tampering with 10,000 events: every tamper is found at the first bad link', () => {
  it('deleting an event leaves a gap named at the event after it', async () => {
    const rand = prng(303);
    const ks = [0, 1, N - 2, ...Array.from({ length: 60 }, () => intBelow(rand, N - 1))];
    for (const k of ks) {
      const log = A.filter((_, i) => i !== k);
      expectBreak(await verifyA(log, rand), { at: k, problem: 'seq-gap', eventId: idOf(k + 1), missing: { from: k, to: k } }, `delete #${k}`);
    }
  }, 120_000);

  it('deleting the last events is found against the recorded head (and only then)', async () => {
    const rand = prng(404);
    expectBreak(await verifyA(A.slice(0, N - 1), rand, true), { at: N - 1, problem: 'seq-gap', eventId: '', missing: { from: N - 1, to: N - 1 } }, 'truncate 1');
    expectBreak(await verifyA(A.slice(0, 7000), rand, true), { at: 7000, problem: 'seq-gap', eventId: '', missing: { from: 7000, to: N - 1 } }, 'truncate 3000');
    // The documented limit of an unkeyed chain: without a head, a shorter chain is still a valid chain.
    expect(await verifyA(A.slice(0, N - 1), rand)).toEqual({ ok: true, count: N - 1 });
  }, 60_000);

  async function forged(at: number, seq: number, prevHash: string): Promise<DoorEvent> {
    const base = A[at] as DoorEvent;
    const unhashed: Omit<DoorEvent, 'hash'> = {
      ...draftOf(base), id: `forged-${seq}-${at}`, seq, prevHash, cardNo: '770099999999', decision: 'granted', reason: 'in-house',
    };
    return { ...unhashed, hash: await hashDoorEvent(unhashed, sha256) };
  }

  it('inserting a forged event, even one correctly hashed for its own content', async () => {
    const rand = prng(505);
    for (let t = 0; t < 50; t += 1) {
      const p = intBelow(rand, N - 1); // a position with a real event after it
      const linked = await forged(p, p, p === 0 ? GENESIS : (A[p - 1]?.hash ?? ''));
      const unlinked = await forged(p, p, (A[intBelow(rand, N)]?.hash ?? '').replace(/^./, 'f'));
      for (const fake of [linked, unlinked]) {
        expectBreak(await verifyA([...A, fake], rand), { at: p, problem: 'seq-duplicate', eventId: fake.id }, `insert at ${p}`);
      }
      // Renumbering the events after it does not help: the next link breaks.
      const renumbered = [...A.slice(0, p), linked, ...A.slice(p).map((e) => ({ ...e, seq: e.seq + 1 }))];
      expectBreak(await verifyA(renumbered, rand), { at: p + 1, problem: 'prev-mismatch', eventId: idOf(p) }, `insert+renumber at ${p}`);
    }
    // Beyond the end, with a seq that skips: a gap before it.
    const far = await forged(N - 1, N + 5, A[N - 1]?.hash ?? '');
    expectBreak(await verifyA([...A, far], rand), { at: N, problem: 'seq-gap', eventId: far.id }, 'insert far');
    // At the last position: found, whichever of the two is named.
    const last = await forged(N - 1, N - 1, A[N - 2]?.hash ?? '');
    expectBreak(await verifyA([...A, last], rand), { at: N - 1, problem: 'seq-duplicate' }, 'insert at last');
    // A well-formed append is only found against the recorded head.
    const append = await forged(N - 1, N, A[N - 1]?.hash ?? '');
    expect(await verifyA([...A, append], rand)).toEqual({ ok: true, count: N + 1 });
    expect((await verifyA([...A, append], rand, true)).ok).toBe(true); // the head is still there, unchanged
  }, 300_000);

  it('swapping two events (seq values swapped too) breaks the link at the earlier position', async () => {
    const rand = prng(606);
    const pairs: [number, number][] = [[0, 1], [N - 2, N - 1], [0, N - 1]];
    for (let t = 0; t < 80; t += 1) {
      const i = intBelow(rand, N - 1);
      pairs.push([i, t % 3 === 0 ? i + 1 : i + 1 + intBelow(rand, N - 1 - i)]);
    }
    for (const [i, j] of pairs) {
      const log = A.slice();
      log[i] = { ...(A[j] as DoorEvent), seq: i };
      log[j] = { ...(A[i] as DoorEvent), seq: j };
      const want = { at: i, problem: i === 0 ? 'first-not-genesis' : 'prev-mismatch', eventId: idOf(j) };
      expectBreak(await verifyA(log, rand), want, `swap ${i}<->${j}`);
    }
  }, 300_000);

  it('moving an event to another device\'s log', async () => {
    const rand = prng(707);
    for (let t = 0; t < 24; t += 1) {
      const k = t % 2 === 0 ? intBelow(rand, 200) : 200 + intBelow(rand, N - 201);
      const moved = A[k] as DoorEvent;
      const rewritten = { ...moved, deviceId: 'door-B' };
      for (const e of [moved, rewritten]) {
        const bLog = shuffled(rand, [...B, e]);
        const want = k < 200 ? { at: k, problem: 'seq-duplicate', eventId: moved.id } : { at: 200, problem: 'seq-gap', eventId: moved.id };
        expectBreak(await verifyDoorChain(bLog, memo, { deviceId: 'door-B' }), want, `move #${k} (${e.deviceId})`);
        expectBreak(await verifyA(A.filter((_, i) => i !== k), rand), { at: k, problem: 'seq-gap', eventId: idOf(k + 1) }, `moved away #${k}`);
      }
      // In one shared store: the rewritten event breaks both devices' chains.
      const reports = await verifyDoorLog([...A.filter((_, i) => i !== k), ...B, rewritten], memo);
      expect(reports.map((r) => r.result.ok)).toEqual([false, false]);
    }
  }, 300_000);

});
