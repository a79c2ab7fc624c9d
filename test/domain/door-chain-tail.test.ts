/**
 * The door log's tail (issue #12, item 3): a device deletes its newest
 * door events, then swipes again k times. Each swipe is chained after
 * `nextLink(newest stored event, the device's head record)`, as the door
 * command does, so the deleted events stay a gap in the chain and the
 * verifier reports it with their sequence numbers, with or without a head
 * given to it. Seeded (fast-check); regression seeds: none so far.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DoorEvent, DoorEventDraft } from '../../src/domain/door';
import { chainDoorEvent, nextLink, verifyDoorChain, type ChainHead } from '../../src/domain/door-chain';
import { BRANCH, memoSha256 } from './night-fixtures';

const sha256 = memoSha256();
const DEVICE = 'door-tail';

function draft(i: number): DoorEventDraft {
  return {
    id: `${DEVICE}:${i}`, branchId: BRANCH, deviceId: DEVICE, at: 1_790_000_000_000 + i * 60_000, businessDate: '2026-11-24',
    cardNo: `7700${String(i).padStart(8, '0')}`, memberId: '', memberName: '', roomNo: '', decision: 'denied', reason: 'unknown-card', staffId: 'S-night',
  };
}

/** A device: its stored events and its own head record, swiping as the door command does. */
class Device {
  events: DoorEvent[] = [];
  head: ChainHead | null = null;
  private swipes = 0;

  async swipe(): Promise<DoorEvent> {
    const stored = this.events.reduce<DoorEvent | null>((last, e) => (last === null || e.seq > last.seq ? e : last), null);
    const event = await chainDoorEvent(nextLink(stored, this.head, DEVICE), draft(this.swipes), sha256);
    this.swipes += 1;
    this.events.push(event);
    this.head = { seq: event.seq, hash: event.hash };
    return event;
  }
}

describe('a deleted tail of the door log', () => {
  it('is reported as a gap with its sequence numbers after any number of later swipes', async () => {
    await fc.assert(fc.asyncProperty(
      fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 8 }), fc.boolean(),
      async (length, cut, later, giveHead) => {
        const n = cut > length ? length : cut; // delete the last 1..length events
        const device = new Device();
        for (let i = 0; i < length; i += 1) await device.swipe();
        device.events = device.events.slice(0, length - n);
        const after: DoorEvent[] = [];
        for (let i = 0; i < later; i += 1) after.push(await device.swipe());
        // The new events number on from the head, not from the surviving event.
        expect(after.map((e) => e.seq)).toEqual(Array.from({ length: later }, (_, i) => length + i));
        const options = giveHead && device.head ? { deviceId: DEVICE, head: device.head } : { deviceId: DEVICE };
        const result = await verifyDoorChain(device.events, sha256, options);
        if (later === 0 && !giveHead) {
          // Nothing after the cut and no head: a shorter chain is still a valid chain (the documented limit).
          expect(result).toEqual({ ok: true, count: length - n });
          return;
        }
        expect(result).toEqual({
          ok: false, at: length - n, problem: 'seq-gap', missing: { from: length - n, to: length - 1 }, eventId: after[0]?.id ?? '',
        });
      },
    ), { seed: 1_207_2026, numRuns: 120 });
  }, 60_000);

  it('a tablet that lost its head record too: the copy on the server (or another tablet) reports the reused seq numbers', async () => {
    const device = new Device();
    for (let i = 0; i < 6; i += 1) await device.swipe();
    const server = [...device.events]; // all six reached the server before the tampering
    device.events = device.events.slice(0, 3);
    device.head = null; // the head record wiped as well
    const reused = await device.swipe();
    expect(reused.seq).toBe(3);
    // The tablet's own copy cannot tell (documented limit)...
    expect(await verifyDoorChain(device.events, sha256, { deviceId: DEVICE })).toEqual({ ok: true, count: 4 });
    // ...but the server's, holding the deleted events and the new one, can.
    expect(await verifyDoorChain([...server, reused], sha256, { deviceId: DEVICE })).toMatchObject({ ok: false, at: 3, problem: 'seq-duplicate' });
  });

  it('nextLink: the head record wins over the store unless the store is ahead of it', async () => {
    const d = new Device();
    const [e0, e1] = [await d.swipe(), await d.swipe()];
    const head = (e: DoorEvent): ChainHead => ({ seq: e.seq, hash: e.hash });
    expect(nextLink(null, null, DEVICE)).toBeNull();
    expect(nextLink(e1!, null, DEVICE)).toBe(e1);
    // Tail deleted: the head is ahead of the store.
    expect(nextLink(e0!, head(e1!), DEVICE)).toEqual({ deviceId: DEVICE, seq: 1, hash: e1!.hash });
    // The head record's write was interrupted: the store is ahead.
    expect(nextLink(e1!, head(e0!), DEVICE)).toBe(e1);
    // The newest event replaced by another at its seq: the head's hash is kept, so the next link exposes it.
    expect(nextLink({ ...e1!, hash: 'f'.repeat(64) }, head(e1!), DEVICE)).toEqual({ deviceId: DEVICE, seq: 1, hash: e1!.hash });
    expect(() => nextLink(e1!, null, 'another-device')).toThrow(RangeError);
    expect(() => nextLink(null, { seq: -1, hash: '' }, DEVICE)).toThrow(RangeError);
  });
});
