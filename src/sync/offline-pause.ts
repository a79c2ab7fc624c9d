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
 * sync bench: ~0.35 s of a ~0.8-s push). A network that fails while the
 * browser still says online (the branch's line down, the Wi-Fi up) keeps
 * the retries with back-off.
 *
 * The network is back: every replication that was not paused re-reads the
 * server's changes since its checkpoint (reSync). The reSync costs the push
 * ~0.4 s (measured: ten `_changes` requests and a re-read of the local
 * changes go first), and it is kept on purpose. RxDB holds a pulled change
 * while a push of the same collection is under way and applies it
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

export class OfflinePause {
  /** Replications paused because the browser went offline. */
  private readonly paused = new Set<Replication>();

  /** `enabled` false (an experiment for the benchmark): replications keep retrying while offline, as until 2026-12-07. */
  constructor(private readonly enabled: boolean) {}

  /** A replication just opened: held if the browser is offline now. */
  opened(s: Replication): void {
    if (this.enabled && browserOffline()) this.pause(s);
  }

  /** The browser says it is offline. */
  offline(states: Iterable<Replication>): void {
    if (!this.enabled) return;
    for (const s of states) this.pause(s);
  }

  /** The network is back (the browser's `online`, or the desk's "retry now"). */
  online(states: Iterable<Replication>): void {
    for (const s of states) {
      if (!this.paused.has(s)) s.reSync();
      else if (!browserOffline()) {
        // Asked to retry while the browser still says offline: it stays paused.
        this.paused.delete(s);
        // Queued behind the pause (a pause still waiting for the state's start is undone too).
        // The class's own start(): replication-couchdb's start() (set on each state) opens one
        // more live `_changes` loop every call, and a 7th longpoll would stall the tablet's requests.
        void RxReplicationState.prototype.start.call(s);
      }
    }
  }

  private pause(s: Replication): void {
    this.paused.add(s);
    void s.pause();
  }
}
