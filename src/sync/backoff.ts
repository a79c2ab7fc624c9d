/**
 * What the transport (transport.ts) shares between a sync's collections:
 * the back-off while the server is unreachable, and the verdict on the
 * tablet's credentials; and the errors that end a request for good.
 */

/** Any request (long-polls included) taking longer than this is given up and retried. */
export const REQUEST_MS = 35_000;

export class SyncStoppedError extends Error {
  constructor() { super('Sync stopped.'); this.name = 'SyncStoppedError'; }
}

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(() => { signal.removeEventListener('abort', done); resolve(); }, ms);
    const done = () => { clearTimeout(t); resolve(); };
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * A request's signal: aborted when the sync stops, or after `ms` (as
 * `AbortSignal.timeout(ms)`, with the same TimeoutError), and for a hot
 * long-poll also after `quietMs` (then `quiet()` is true). `done()` clears
 * its timers once the request's body is read. `AbortSignal.timeout` cannot
 * be cleared: each request left a timer that fired 35 s later, building a
 * DOMException and aborting a signal nobody was waiting on any more; with a
 * request every second or so that was ~4 % of an idle chain-sim tablet's CPU.
 */
export function requestSignal(stop: AbortSignal, ms: number, quietMs?: number): { signal: AbortSignal; quiet(): boolean; done(): void } {
  const controller = new AbortController();
  let quiet = false;
  const timeUp = () => new DOMException('The operation was aborted due to timeout', 'TimeoutError');
  const timers = [setTimeout(() => controller.abort(timeUp()), ms)];
  if (quietMs !== undefined) timers.push(setTimeout(() => { quiet = true; controller.abort(timeUp()); }, quietMs));
  // Like AbortSignal.timeout's, these timers never keep a process alive by themselves.
  for (const t of timers) (t as { unref?: () => void }).unref?.();
  const onStop = () => controller.abort(stop.reason);
  let forget = () => {};
  if (stop.aborted) onStop();
  else forget = whenStopped(stop, onStop);
  return {
    signal: controller.signal,
    quiet: () => quiet,
    done() {
      for (const t of timers) clearTimeout(t);
      forget();
    },
  };
}

/** Resolves when `until` does or the sync stops, whichever comes first. */
export function heldUntil(until: Promise<void>, stop: AbortSignal): Promise<void> {
  if (stop.aborted) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const forget = whenStopped(stop, resolve);
    void until.then(() => { forget(); resolve(); });
  });
}

/**
 * The requests in flight on a stop signal, behind one 'abort' listener of
 * its own: a listener per request put more than 10 on the sync's signal
 * whenever 11 requests were in flight (Node's MaxListenersExceededWarning).
 */
const inFlight = new WeakMap<AbortSignal, Set<() => void>>();
function whenStopped(stop: AbortSignal, fn: () => void): () => void {
  let waiting = inFlight.get(stop);
  if (!waiting) {
    const all = new Set<() => void>();
    inFlight.set(stop, all);
    stop.addEventListener('abort', () => {
      const now = [...all];
      all.clear();
      for (const f of now) f();
    }, { once: true });
    waiting = all;
  }
  const set = waiting;
  set.add(fn);
  return () => { set.delete(fn); };
}

/**
 * Shared by all collections: one server, one back-off. Full jitter: after n
 * failures the wait is uniform in [0, min(max, 1 s × 2^(n-1))), so the
 * tablets of a branch that all lost the server at the same moment do not
 * all come back at the same moment (and again, in lockstep, after each
 * failed try). `random` is the source of uniform numbers in [0, 1); tests
 * pass a seeded one.
 */
export class Backoff {
  private failures = 0;
  private wake = new AbortController();
  constructor(private readonly maxMs: number, private readonly random: () => number = Math.random) {}
  /** The upper bound of the next wait (0 when nothing has failed). */
  ceiling(): number {
    return this.failures === 0 ? 0 : Math.min(this.maxMs, 1000 * 2 ** Math.min(this.failures - 1, 10));
  }
  /** The next wait: a fresh draw under `ceiling()` each time. */
  delay(): number {
    const cap = this.ceiling();
    return cap === 0 ? 0 : Math.floor(this.random() * cap);
  }
  failed(): void { this.failures += 1; }
  succeeded(): void { this.failures = 0; }
  /** The network is back (browser `online` event): stop waiting. */
  now(): void {
    this.failures = 0;
    this.wake.abort();
    this.wake = new AbortController();
  }
  async wait(stop: AbortSignal): Promise<void> {
    const ms = this.delay();
    if (ms === 0) return;
    const both = AbortSignal.any([stop, this.wake.signal]);
    await sleep(ms, both);
  }
}

/**
 * Shared by all collections: whether the server took this tablet's
 * credentials. CouchDB 3.4 locks a user out from a client address after 5
 * failed logins (`[chttpd_auth_lockout]`), and a tablet starts ~20 requests
 * at once; so until the server has accepted the credentials once, one
 * request goes and the others wait for its answer. A 401 stops every request
 * of this sync for good: only new credentials (a new sync) try again.
 */
export class CredentialsGate {
  private state: 'unknown' | 'accepted' | 'refused' = 'unknown';
  private probing = false;
  private wake = new AbortController();
  /** Requests waiting for the probe's answer (once the credentials are accepted, none ever waits again). */
  private waiting = 0;
  get refused(): boolean { return this.state === 'refused'; }
  /** Waits until this request may go; throws once the credentials were refused. */
  async enter(stop: AbortSignal, mayWait: boolean): Promise<void> {
    for (;;) {
      if (this.state === 'refused') throw new CredentialsRefusedError();
      if (this.state === 'accepted' || !mayWait) return;
      if (!this.probing) { this.probing = true; return; }
      this.waiting += 1;
      try {
        await sleep(REQUEST_MS, AbortSignal.any([stop, this.wake.signal]));
      } finally {
        this.waiting -= 1;
      }
      if (stop.aborted) throw new SyncStoppedError();
    }
  }
  /** The server answered a request: anything but 401 means it took the credentials (403 may be a lockout: no verdict). */
  answered(status: number): void {
    if (status === 401) this.state = 'refused';
    else if (status !== 403 && this.state === 'unknown') this.state = 'accepted';
    this.release();
  }
  /**
   * No answer (network): the next request asks again. Wakes the waiting
   * requests, if any: every answer comes here, and an abort (a DOMException
   * and an event) for nobody cost ~3 % of an idle chain-sim tablet's CPU.
   */
  release(): void {
    this.probing = false;
    if (this.waiting === 0) return;
    this.wake.abort();
    this.wake = new AbortController();
  }
}

export class CredentialsRefusedError extends Error {
  constructor() { super('The server refused this tablet\'s credentials (401); sync stopped until they are entered again.'); this.name = 'CredentialsRefusedError'; }
}
