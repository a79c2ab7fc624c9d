/**
 * A seeded door log for the chain tests: `buildLog(deviceId, count, seed)`
 * chains `count` plausible swipes with WebCrypto SHA-256, and
 * `expectBreak` checks a verifier result against the expected first bad link.
 */
import { expect } from 'vitest';
import { DOOR_REASONS, reasonAllows } from '../../src/domain/door';
import type { DoorEvent, DoorEventDraft } from '../../src/domain/door';
import { chainDoorEvent, verifyDoorChain } from '../../src/domain/door-chain';
import type { ChainResult, Sha256 } from '../../src/domain/door-chain';
import { BRANCH, intBelow, pick, prng, sh, shuffled } from './night-fixtures';

export const N = 10_000;
const NAMES = ['张小明', '李娜', '王芳', 'O\'Brien, "Jim"', 'Zoë', '欧阳 娜娜'];
const STAFF = ['S-night-1', 'S-night-2', 'S-mgr'];

export async function buildLog(deviceId: string, count: number, seed: number, hash: Sha256): Promise<DoorEvent[]> {
  const rand = prng(seed);
  const events: DoorEvent[] = [];
  let at = sh('2026-01-01', '23:00');
  let prev: DoorEvent | null = null;
  for (let i = 0; i < count; i += 1) {
    at += 1 + intBelow(rand, 20 * 60_000);
    const reason = pick(rand, DOOR_REASONS);
    const known = reason !== 'unknown-card';
    const draft: DoorEventDraft = {
      id: `${deviceId}:${String(i).padStart(6, '0')}`,
      branchId: BRANCH,
      deviceId,
      at,
      // 40 events a day, so the log spans many business dates.
      businessDate: `2026-${String(1 + Math.floor(i / 1000)).padStart(2, '0')}-${String(1 + (Math.floor(i / 40) % 25)).padStart(2, '0')}`,
      cardNo: `77${String(intBelow(rand, 1e10)).padStart(10, '0')}`,
      memberId: known ? `M${intBelow(rand, 1e6)}` : '',
      memberName: known ? pick(rand, NAMES) : '',
      roomNo: reason === 'in-house' || reason === 'checked-out' ? String(100 + intBelow(rand, 900)) : '',
      decision: reasonAllows(reason) ? 'granted' : 'denied',
      reason,
      staffId: pick(rand, STAFF),
    };
    prev = await chainDoorEvent(prev, draft, hash);
    events.push(prev);
  }
  return events;
}

export interface Expected {
  at: number;
  problem: string;
  eventId?: string;
  /** For a 'seq-gap': the sequence numbers reported missing. */
  missing?: { from: number; to: number };
}

export function expectBreak(result: ChainResult, want: Expected, label: string): void {
  expect(result.ok, label).toBe(false);
  if (result.ok) return;
  expect({ at: result.at, problem: result.problem }, label).toEqual({ at: want.at, problem: want.problem });
  if (want.eventId !== undefined) expect(result.eventId, label).toBe(want.eventId);
  if (want.missing !== undefined) expect(result.missing, label).toEqual(want.missing);
}

/** Verify a (tampered) copy of a device's log, shuffled first: a store's order means nothing. */
export function verifyShuffled(
  log: readonly DoorEvent[],
  rand: () => number,
  sha: Sha256,
  deviceId: string,
  head?: { seq: number; hash: string },
): Promise<ChainResult> {
  return verifyDoorChain(shuffled(rand, log), sha, head === undefined ? { deviceId } : { deviceId, head });
}

/** The draft an event was chained from. */
export function draftOf(e: DoorEvent): DoorEventDraft {
  return {
    id: e.id, branchId: e.branchId, deviceId: e.deviceId, at: e.at, businessDate: e.businessDate, cardNo: e.cardNo,
    memberId: e.memberId, memberName: e.memberName, roomNo: e.roomNo, decision: e.decision, reason: e.reason,
    staffId: e.staffId,
  };
}
