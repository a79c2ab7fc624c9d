/**
 * What the desk shows about sync, refreshed from the replications' state
 * (replicate.ts feeds it): the changes waiting per collection, the
 * collections' marks, whether the tablet is "in step", and the review log's
 * record of each reconnect.
 *
 * - A collection is "in step" when its replication is idle and the server
 *   answered recently; its mark (sync-store.ts) then moves to now. Documents
 *   written locally after their collection's mark are "not yet synced".
 * - One refresh at a time, 0.1 s after something changed (a write, a
 *   replication going idle or active) and every second.
 */
import type { CollectionName, FrontDeskDatabase } from '../data/database';
import { appendReview, changedSinceCount, saveSyncMarks, type SyncMarks, type SyncSetup } from '../data/sync-store';
import type { SyncStanding } from '../domain/offline-redemption';
import { setSyncStatus, useSyncStatus, type SyncErrorCode } from './status';
import { WaitingCounts } from './waiting-counts';

/** When the server last answered and last failed, and since when it has been out of reach. */
export class Connection {
  private lastOkAt = 0;
  private lastFailure = 0;
  /** When the current spell without the server began (0: none). */
  offlineSince = 0;
  /**
   * The browser says it is offline (its `offline` event, or offline when the
   * sync started): the server counts as out of reach whatever answers still
   * come in. A paused replication sends nothing (offline-pause.ts), so no
   * failure would follow an answer that arrived after the event, and the
   * marks would move while the tablet is offline.
   */
  browserOffline = false;

  constructor(private readonly now: () => number, private readonly freshMs: number) {}

  answered(): void {
    this.lastOkAt = this.now();
  }

  failed(): number {
    this.lastFailure = this.now();
    if (this.offlineSince === 0) this.offlineSince = this.lastFailure;
    return this.lastFailure;
  }

  /** The server answered after the last failure, and not longer ago than `freshMs`. */
  reachable(): boolean {
    return !this.browserOffline && this.lastOkAt > this.lastFailure && this.now() - this.lastOkAt <= this.freshMs;
  }

  /** Milliseconds since the last failure. */
  sinceFailure(): number {
    return this.now() - this.lastFailure;
  }
}

/** The sync's status shown on screen as an error code and a connection. */
export function failureStatus(code: SyncErrorCode, at: number, detail: string): void {
  const connection = code === 'unauthorized' ? 'unauthorized' : code === 'network' ? 'offline' : 'error';
  setSyncStatus({ connection, error: { code, at, detail } });
}

export interface RefreshContext {
  db: FrontDeskDatabase;
  setup: SyncSetup;
  names: readonly CollectionName[];
  marks: SyncMarks;
  connection: Connection;
  now: () => number;
  freshMs: number;
  deviceId: string;
  staffId: () => string;
  signal: AbortSignal;
}

/** Marks move when something was waiting, or to keep "confirmed" fresh (the 24-hour rule). */
const MARK_REFRESH_MS = 30_000;

export class StatusRefresh {
  /** Collections whose replication is idle. */
  readonly idle = new Map<CollectionName, boolean>();
  /** Collections whose first download is done. */
  readonly initialDone = new Set<CollectionName>();
  /** What this tablet pushed since it lost the server (for the reconnect report). */
  private readonly pushedThisSpell = new Map<CollectionName, string[]>();
  private readonly pendingBy = new Map<CollectionName, number>();
  /** The counts of changes waiting, read again only when a collection was written or its mark moved (see waiting-counts.ts). */
  private readonly waitingCounts: WaitingCounts<CollectionName>;
  private lastProgressAt = 0;
  private savingMarks: Promise<void> = Promise.resolve();
  /** Refreshes under way (scheduled or asked for by awaitInSync): settle() waits for them, so none saves marks or sets the status afterwards. */
  private readonly underWay = new Set<Promise<void>>();
  private queued = false;
  private refreshing = false;
  private again = false;

  constructor(private readonly c: RefreshContext) {
    this.waitingCounts = new WaitingCounts<CollectionName>((name, since) => changedSinceCount(c.db, name, since), c.now);
  }

  /** A document of `name` was written (here, by the pull, or in another tab). */
  written(name: CollectionName): void {
    this.waitingCounts.written(name);
  }

  /** Documents of `collection` went up to the server. */
  pushed(collection: CollectionName, ids: string[]): void {
    if (collection === 'reviews') return;
    const list = this.pushedThisSpell.get(collection) ?? [];
    list.push(...ids);
    this.pushedThisSpell.set(collection, list);
  }

  /**
   * `name`'s first replication after the sync started is done (RxDB's first
   * pull and push): everything written on the tablet before `startedAt` is on
   * the server, and the server's changes until then are here. A collection
   * without a mark (its first download) gets `startedAt` as its mark at once,
   * rather than at the next refresh in step (0.1 s to 1 s later): until its
   * first mark a collection's "changes waiting" are counted from 0, through
   * every document the download wrote, and a tablet that went offline in
   * between kept it so (issue #15: the sync bench's tablet went offline 22 ms
   * after its download; the ledger's count since 0 found none of its 1,000
   * offline lines behind the imported ones, see sync-store.ts changedSince).
   * `startedAt` is after every imported document (the import runs before the
   * replication starts).
   */
  firstReplicationDone(name: CollectionName, startedAt: number): void {
    this.initialDone.add(name);
    if (!((this.c.marks[name] ?? 0) > 0)) {
      this.c.marks[name] = startedAt;
      this.persistMarks();
      setSyncStatus({ marks: { ...this.c.marks } });
    }
    this.schedule();
  }

  /** Changes of `name` waiting to go up, as of the last refresh. */
  waiting(name: CollectionName): number {
    return this.pendingBy.get(name) ?? 0;
  }

  /** Where the tablet stands, for the offline redemption limits. */
  standing(): SyncStanding {
    const confirmedAt = this.c.marks.ledger ?? 0;
    const inStep = this.c.connection.reachable() && !!this.idle.get('ledger') && this.initialDone.has('ledger') && (this.pendingBy.get('ledger') ?? 1) === 0;
    return { kind: 'synced', inStep, confirmedAt };
  }

  /** A refresh soon (one at a time; changes meanwhile ask for one more after it). */
  schedule(): void {
    if (this.refreshing) { this.again = true; return; }
    if (this.queued) return;
    this.queued = true;
    setTimeout(() => {
      this.queued = false;
      this.refreshing = true;
      this.run().catch((e: unknown) => console.warn('sync status', e)).finally(() => {
        this.refreshing = false;
        if (this.again) { this.again = false; this.schedule(); }
      });
    }, 100);
  }

  /** A refresh now. */
  run(): Promise<void> {
    const run = this.refresh();
    this.underWay.add(run);
    const forget = () => { this.underWay.delete(run); };
    run.then(forget, forget);
    return run;
  }

  /** After the sync stopped: the refreshes under way and the marks' save are done. */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.underWay]);
    await this.savingMarks;
  }

  private persistMarks(): void {
    const copy = { ...this.c.marks };
    this.savingMarks = this.savingMarks.then(() => saveSyncMarks(this.c.db, copy)).catch((e: unknown) => console.warn('sync marks not saved', e));
  }

  private async refresh(): Promise<void> {
    const { db, names, marks, connection, now } = this.c;
    if (this.c.signal.aborted) return;
    const t = now();
    const up = connection.reachable();
    let moved = false;
    let pending = 0;
    for (const name of names) {
      // During a collection's very first download everything in it is new: nothing is waiting to go up.
      const everSynced = (marks[name] ?? 0) > 0;
      let waiting = everSynced || this.initialDone.has(name) ? await this.waitingCounts.count(name, marks[name] ?? 0) : 0;
      if (up && this.idle.get(name) && this.initialDone.has(name) && (waiting > 0 || t - (marks[name] ?? 0) >= MARK_REFRESH_MS)) {
        marks[name] = t;
        moved = true;
        waiting = 0;
      }
      this.pendingBy.set(name, waiting);
      pending += waiting;
    }
    if (moved) this.persistMarks();
    // Decided on the state after the counts (a failure may have come in meanwhile).
    const allInStep = up && connection.reachable() && pending === 0 && names.every((n) => this.idle.get(n) && this.initialDone.has(n));
    const patch: Parameters<typeof setSyncStatus>[0] = { pending, initialDownload: names.some((n) => !((marks[n] ?? 0) > 0)) };
    if (moved) patch.marks = { ...marks };
    if (patch.initialDownload && t - this.lastProgressAt >= 1000) {
      this.lastProgressAt = t;
      let downloaded = 0;
      for (const name of names) downloaded += await db.collections[name].count().exec();
      patch.downloaded = downloaded;
    }
    if (allInStep) {
      const end = now();
      patch.lastSyncAt = end;
      if (connection.offlineSince !== 0) await this.reportReconnect(end);
    }
    if (!up && useSyncStatus.getState().connection === 'online' && connection.sinceFailure() > this.c.freshMs) patch.connection = 'offline';
    setSyncStatus(patch);
  }

  private async reportReconnect(t: number): Promise<void> {
    const { connection } = this.c;
    const since = connection.offlineSince;
    connection.offlineSince = 0;
    const pushed: Record<string, number> = {};
    const ids: Record<string, string[]> = {};
    for (const [c, list] of this.pushedThisSpell) {
      pushed[c] = list.length;
      ids[c] = list.slice(0, 100);
    }
    this.pushedThisSpell.clear();
    await appendReview(this.c.db, {
      id: `reconnect:${this.c.deviceId}:${t}`.slice(0, 160),
      branchId: this.c.setup.branchId,
      kind: 'reconnect',
      docCollection: '',
      docId: '',
      refId: '',
      detail: { offlineSince: since, reconnectedAt: t, pushed, ids },
      createdAt: t,
      deviceId: this.c.deviceId,
      staffId: this.c.staffId(),
    });
  }
}
