/**
 * The replications while the browser says it is offline, and when it says
 * it is online again (replicate.ts wires the window's `offline`/`online`
 * events and the desk's "retry now" to this).
 *
 * While the browser says it is offline the replications are paused (RxDB
 * writes no record of a push it did not finish, see its upstream.ts), so
 * lines written offline wait on the tablet rather than behind a push that
 * fails and retries: on reconnect the restart's re-read sends them from the
 * checkpoint in batches of `pushBatchSize`, one request for 1,000, where
 * the failed first batch used to go alone before the rest (measured in the
 * sync bench: ~0.35 s of a ~0.8-s push). A paused collection makes no
 * requests: RxDB's live feed keeps asking while paused, and the transport
 * holds those requests until the collection runs again (`held`), rather
 * than letting them fail and retry all through the offline spell and all
 * go at once at the reconnect. A network that fails while the browser still
 * says online (the branch's line down, the Wi-Fi up) keeps the retries with
 * back-off.
 *
 * The network is back: the collections with changes waiting restart first,
 * the others once those are in step (replicate.ts; at most 2 s later), so
 * the push of what was written offline is not queued behind nine other
 * collections' re-reads and live feeds on the tablet and the server. Every
 * replication that was not paused re-reads the server's changes since its
 * checkpoint (reSync). The re-read is kept on purpose: RxDB holds a pulled
 * change while a push of the same collection is under way and applies it
 * afterwards; after an offline spell that change is often another tablet's
 * version, which our push has just merged and replaced, so the tablet would
 * show the older version until its next pull (traced in the two-tablet
 * test: 张伟's merged phone went back to the old one). A RESYNC makes RxDB
 * drop changes fetched before it; a paused replication's restart re-reads
 * from its checkpoint the same way.
 */
import { RxReplicationState } from 'rxdb/plugins/replication';
import type { RxCouchDBReplicationState } from 'rxdb/plugins/replication-couchdb';

type Replication = RxCouchDBReplicationState<unknown>;

/** The browser itself says there is no network (never true outside a browser). */
export function browserOffline(): boolean {
  return typeof window !== 'undefined' && typeof navigator !== 'undefined' && navigator.onLine === false;
}

export class OfflinePause<Name extends string> {
  /** Collections paused because the browser went offline: what lets their held requests go. */
  private readonly paused = new Map<Name, { release: () => void; released: Promise<void> }>();

  /** `enabled` false (an experiment for the benchmark): replications keep retrying while offline, as until 2026-12-07. */
  constructor(private readonly enabled: boolean) {}

  /** While `name` is paused: resolves when it runs again; null while it runs. */
  held(name: Name): Promise<void> | null {
    return this.paused.get(name)?.released ?? null;
  }

  /** A replication just opened: held if the browser is offline now. */
  opened(name: Name, s: Replication): void {
    if (this.enabled && browserOffline()) this.pause(name, s);
  }

  /** The browser says it is offline. */
  offline(states: Iterable<[Name, Replication]>): void {
    if (!this.enabled) return;
    for (const [name, s] of states) this.pause(name, s);
  }

  /** The network is back (the browser's `online`, or the desk's "retry now") for these collections. */
  online(states: Iterable<[Name, Replication]>): void {
    for (const [name, s] of states) {
      const paused = this.paused.get(name);
      if (!paused) s.reSync();
      else if (!browserOffline()) {
        // Asked to retry while the browser still says offline: it stays paused.
        this.paused.delete(name);
        paused.release();
        // Queued behind the pause (a pause still waiting for the state's start is undone too).
        // The class's own start(): replication-couchdb's start() (set on each state) opens one
        // more live `_changes` loop every call, and a 7th longpoll would stall the tablet's requests.
        void RxReplicationState.prototype.start.call(s);
      }
    }
  }

  private pause(name: Name, s: Replication): void {
    if (!this.paused.has(name)) {
      let release = () => {};
      const released = new Promise<void>((resolve) => { release = resolve; });
      this.paused.set(name, { release, released });
    }
    void s.pause();
  }
}
