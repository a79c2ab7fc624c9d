import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Backoff } from '../../src/sync/transport';
import { getEventListeners } from 'node:events';
import { CredentialsGate, CredentialsRefusedError, requestSignal } from '../../src/sync/backoff';
import { mulberry32 } from '../../src/demo/prng';

function failedTimes(b: Backoff, n: number): Backoff {
  for (let i = 0; i < n; i++) b.failed();
  return b;
}

describe('the sync back-off (full jitter)', () => {
  it('waits nothing before a failure, and under the doubling ceiling after one', () => {
    fc.assert(fc.property(fc.integer(), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1000, max: 60_000 }), (seed, n, max) => {
      const b = failedTimes(new Backoff(max, mulberry32(seed)), n);
      const cap = n === 0 ? 0 : Math.min(max, 1000 * 2 ** Math.min(n - 1, 10));
      expect(b.ceiling()).toBe(cap);
      const d = b.delay();
      expect(d).toBeGreaterThanOrEqual(0);
      expect(n === 0 ? d === 0 : d < cap).toBe(true);
    }));
  });

  it('spreads the tablets of a branch over the whole window after a shared outage', () => {
    // 20 tablets, each with its own seeded source, all failed 5 times (ceiling 16 s).
    const delays = Array.from({ length: 20 }, (_, i) => failedTimes(new Backoff(16_000, mulberry32(1000 + i)), 5).delay());
    expect(new Set(delays).size).toBe(20);
    // Spread over the window: some in each quarter of [0, 16 s) for this seed set.
    const quarters = new Set(delays.map((d) => Math.floor(d / 4000)));
    expect(quarters.size).toBe(4);
  });

  it('draws afresh on each wait, so one tablet does not retry on a fixed beat', () => {
    const b = failedTimes(new Backoff(16_000, mulberry32(7)), 4);
    const draws = Array.from({ length: 10 }, () => b.delay());
    expect(new Set(draws).size).toBeGreaterThan(5);
  });

  it('is deterministic for a seed, and back to no wait after a success', () => {
    const a = failedTimes(new Backoff(16_000, mulberry32(42)), 3);
    const b = failedTimes(new Backoff(16_000, mulberry32(42)), 3);
    expect([a.delay(), a.delay()]).toEqual([b.delay(), b.delay()]);
    a.succeeded();
    expect(a.delay()).toBe(0);
  });
});

describe("a request's signal (requestSignal)", () => {
  const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

  it('aborts with a TimeoutError after its time, as AbortSignal.timeout does', async () => {
    const r = requestSignal(new AbortController().signal, 20);
    expect(r.signal.aborted).toBe(false);
    await sleep(60);
    expect(r.signal.aborted).toBe(true);
    expect((r.signal.reason as DOMException).name).toBe('TimeoutError');
    expect(r.quiet()).toBe(false);
  });

  it('aborts with the sync\'s reason when the sync stops, before or during the request', () => {
    const stop = new AbortController();
    const r = requestSignal(stop.signal, 10_000);
    stop.abort(new Error('stopped'));
    expect(r.signal.reason).toEqual(new Error('stopped'));
    expect(requestSignal(stop.signal, 10_000).signal.aborted).toBe(true);
    r.done();
  });

  it('tells a quiet long-poll ended by its own timer from other aborts', async () => {
    const r = requestSignal(new AbortController().signal, 10_000, 20);
    await sleep(60);
    expect(r.signal.aborted).toBe(true);
    expect(r.quiet()).toBe(true);
    r.done();
  });

  it('many in flight on one stop signal: one listener on it (Node warns past 10), and the stop aborts them all', () => {
    const stop = new AbortController();
    const requests = Array.from({ length: 20 }, () => requestSignal(stop.signal, 10_000));
    expect(getEventListeners(stop.signal, 'abort').length).toBe(1);
    requests[0]!.done();
    stop.abort(new Error('stopped'));
    expect(requests.map((r) => r.signal.aborted)).toEqual([false, ...Array<boolean>(19).fill(true)]);
    for (const r of requests) r.done();
  });

  it('once done, neither its timers nor a later stop abort it', async () => {
    const stop = new AbortController();
    const r = requestSignal(stop.signal, 20, 20);
    r.done();
    await sleep(60);
    stop.abort();
    expect(r.signal.aborted).toBe(false);
  });
});

describe('the credentials gate', () => {
  it('holds requests back until the first answer, then lets them all go; a refusal reaches those waiting', async () => {
    const stop = new AbortController().signal;
    const gate = new CredentialsGate();
    await gate.enter(stop, true); // the probe
    let through = 0;
    const waiting = [gate.enter(stop, true), gate.enter(stop, true)].map((p) => p.then(() => { through += 1; }));
    await new Promise((r) => setTimeout(r, 20));
    expect(through).toBe(0);
    gate.answered(200);
    await Promise.all(waiting);
    expect(through).toBe(2);
    // Accepted: nobody waits, and further answers change nothing.
    gate.answered(200);
    gate.release();
    await gate.enter(stop, true);

    const refused = new CredentialsGate();
    await refused.enter(stop, true);
    const held = refused.enter(stop, true);
    refused.answered(401);
    await expect(held).rejects.toBeInstanceOf(CredentialsRefusedError);
  });

  it('after a probe with no answer (network), the next waiting request probes', async () => {
    const stop = new AbortController().signal;
    const gate = new CredentialsGate();
    await gate.enter(stop, true);
    const next = gate.enter(stop, true);
    gate.release();
    await next; // it is the new probe
    const after = gate.enter(stop, true).then(() => 'through');
    expect(await Promise.race([after, new Promise((r) => setTimeout(() => r('held'), 30))])).toBe('held');
    gate.answered(200);
    expect(await after).toBe('through');
  });
});
