/**
 * Live replication of the branch's collections with the chain's
 * CouchDB-compatible server (RxDB's replication-couchdb plugin), and the
 * state the desk shows about it.
 *
 * - Every replicated collection syncs both ways, live, resuming by itself
 *   when the network returns; while the server is unreachable requests back
 *   off (see transport.ts) and the browser's `online` event retries at once.
 * - Conflicts are resolved by the collections' own handlers (src/data/conflicts.ts);
 *   refused documents and reconnect reports go to the review log.
 * - A collection is "in step" when its replication is idle and the server
 *   answered recently; its mark (sync-store.ts) then moves to now. Documents
 *   written locally after their collection's mark are "not yet synced".
 */
import { replicateCouchDB, type RxCouchDBReplicationState } from 'rxdb/plugins/replication-couchdb';
import { RxReplicationState } from 'rxdb/plugins/replication';
import type { CollectionName, FrontDeskDatabase } from '../data/database';
import { REPLICATED, REPLICATED_NAMES, serverDbName } from '../data/replicated';
import { attachConflictLog, attachStaleCheck } from '../data/conflicts';
import {
  appendReview, changedSinceCount, completeDeletionStub, readSyncMarks, saveSyncMarks, type SyncMarks, type SyncSetup,
} from '../data/sync-store';
import type { SyncStanding } from '../domain/offline-redemption';
import type { ImportCheckpoints } from '../data/replication-import';
import { waitForLeadership } from '../data/leadership';
import { Backoff, collectionFetch, CredentialsGate, RevisionLog, type FetchLike, type Rejection, type TransportEvents } from './transport';
import { initialSyncStatus, setSyncStatus, useSyncStatus, type SyncErrorCode } from './status';
import { WaitingCounts } from './waiting-counts';

export interface SyncOptions {
  deviceId: string;
  /** Staff currently signed in, for the records sync writes ('' when none). */
  staffId?: () => string;
  now?: () => number;
  /** Short-poll interval of the cold collections. */
  pollMs?: number;
  maxBackoffMs?: number;
  /** Uniform numbers in [0, 1) for the back-off's jitter (default Math.random; tests pass a seeded one). */
  random?: () => number;
  /** The server counts as reachable for this long after its last answer. */
  freshMs?: number;
  fetch?: FetchLike;
  /** Replicate only these collections (tests). */
  collections?: CollectionName[];
  /**
   * Push and pull batch size (default: pull 200, push 1000). A push batch is
   * one `_bulk_docs` request, and RxDB does its own bookkeeping for a batch
   * before and after each request, one batch after another: after a
   * reconnect its re-read (RESYNC) sends the waiting changes a batch at a
   * time, each batch's reads of its replication records, request and record
   * writes before the next batch starts (bench/sync.mjs, BENCH_SYNC_TRACE=1:
   * 1,000 ledger lines in batches of 500 went as 50 + 500 + 450 one after
   * another, ~0.9 s between the requests). 1,000 ledger lines are ~400 KB,
   * one request of a few seconds even on a slow branch line (a request may
   * take 35 s, transport.ts).
   */
  batchSize?: number;
  /** Push batch size alone (default: `batchSize`, else 1000). */
  pushBatchSize?: number;
  /** Replicate only in the tab that is leader (default true: all tabs share one database). */
  waitForLeadership?: boolean;
  /**
   * A collection that holds nothing yet is first downloaded as a bulk import
   * (first-download.ts; default true), `importPageSize` documents a request
   * (default 1000); false: RxDB's own pull downloads it.
   */
  bulkImport?: boolean;
  importPageSize?: number;
  /**
   * While the browser says it is offline the replications are paused (default
   * true); false (an experiment for the benchmark): they keep retrying, as
   * they did until 2026-12-07.
   */
  pauseWhenOffline?: boolean;
  /** An experiment for the benchmark: the import writes RxDB's replication records for the insert-only collections too. */
  importRecordsForAll?: boolean;
}

export interface SyncHandle {
  readonly states: ReadonlyMap<CollectionName, RxCouchDBReplicationState<unknown>>;
  /** Where the tablet stands, for the offline redemption limits. */
  standing(): SyncStanding;
  /** Resolves when every collection has finished its first download. */
  initialDone(): Promise<void>;
  /** Resolves when everything local is on the server and the pulls are idle. */
  awaitInSync(): Promise<void>;
  /** Retry now (e.g. the network came back). */
  retryNow(): void;
  stop(): Promise<void>;
}

/** The replication's name; with the database's URL, its identifier (RxDB keys its checkpoints and records by it). */
export const IDENTIFIER = 'frontdesk-v1';

/** The browser itself says there is no network (never true outside a browser). */
function browserOffline(): boolean {
  return typeof window !== 'undefined' && typeof navigator !== 'undefined' && navigator.onLine === false;
}

export async function startSync(db: FrontDeskDatabase, setup: SyncSetup, options: SyncOptions): Promise<SyncHandle> {
  const now = options.now ?? (() => Date.now());
  const staffId = options.staffId ?? (() => '');
  const pollMs = options.pollMs ?? 3000;
  const freshMs = options.freshMs ?? Math.max(15_000, pollMs * 4);
  const names = options.collections ?? REPLICATED_NAMES;
  const pauseWhenOffline = options.pauseWhenOffline ?? true;
  const stop = new AbortController();
  const backoff = new Backoff(options.maxBackoffMs ?? 16_000, options.random);
  /** One verdict on the credentials for all collections (a 401 stops them all). */
  const gate = new CredentialsGate();
  const marks: SyncMarks = await readSyncMarks(db);
  /** When the server last answered any collection. */
  let lastOkAt = 0;
  let lastFailure = 0;
  let offlineSince = 0;
  const pushedThisSpell = new Map<CollectionName, string[]>();
  const initialDone = new Set<CollectionName>();

  attachConflictLog(db.name, {
    append: (record) => appendReview(db, { ...record, staffId: staffId() }),
    branchId: () => setup.branchId,
    deviceId: () => options.deviceId,
    now,
  });

  setSyncStatus({
    ...initialSyncStatus,
    connection: 'connecting',
    branchId: setup.branchId,
    server: setup.server,
    marks: { ...marks },
    lastSyncAt: Math.min(...names.map((n) => marks[n] ?? 0)),
    initialDownload: names.some((n) => !marks[n]),
  });

  const fail = (code: SyncErrorCode, detail: string) => {
    lastFailure = now();
    if (offlineSince === 0) offlineSince = lastFailure;
    const connection = code === 'unauthorized' ? 'unauthorized' : code === 'network' ? 'offline' : 'error';
    setSyncStatus({ connection, error: { code, at: lastFailure, detail } });
  };

  const events: TransportEvents = {
    ok() {
      lastOkAt = now();
      const s = useSyncStatus.getState();
      if (s.connection !== 'online') setSyncStatus({ connection: 'online' });
      if (s.error && s.error.code !== 'rejected') setSyncStatus({ error: null });
    },
    failed(_collection, kind, detail) {
      fail(kind, detail);
    },
    async rejected(rejections: Rejection[]) {
      for (const r of rejections) {
        await appendReview(db, {
          id: `rejected:${r.collection}:${r.docId}:${now()}`.slice(0, 160),
          branchId: setup.branchId,
          kind: 'rejected',
          docCollection: r.collection,
          docId: r.docId.slice(0, 120),
          refId: '',
          detail: { error: r.error, reason: r.reason, doc: r.doc },
          createdAt: now(),
          deviceId: options.deviceId,
          staffId: staffId(),
        });
      }
      setSyncStatus({ error: { code: 'rejected', at: now(), detail: rejections.map((r) => `${r.docId}: ${r.reason}`).join('; ').slice(0, 300) } });
    },
    pushed(collection, ids) {
      if (collection === 'reviews') return;
      const list = pushedThisSpell.get(collection) ?? [];
      list.push(...ids);
      pushedThisSpell.set(collection, list);
    },
  };

  const states = new Map<CollectionName, RxCouchDBReplicationState<unknown>>();
  /** Replications paused because the browser went offline (see onOffline). */
  const pausedOffline = new Set<RxCouchDBReplicationState<unknown>>();
  const pauseOffline = (s: RxCouchDBReplicationState<unknown>) => {
    pausedOffline.add(s);
    void s.pause();
  };
  const leader = options.waitForLeadership ?? true;
  const stopped = new Promise<void>((resolve) => stop.signal.addEventListener('abort', () => resolve(), { once: true }));
  const idle = new Map<CollectionName, boolean>();
  /** A fresh collection's bulk import, then its live replication from where the import ended. */
  async function setUpCollection(name: CollectionName): Promise<void> {
    const url = `${setup.server}${serverDbName(setup.branchId, name)}/`;
    const replicationIdentifier = `${IDENTIFIER}:${url}`;
    // A pulled version older than one the server has had since (RxDB applies a change
    // pulled during our push after it) is not written over this tablet's copy.
    const revisions = new RevisionLog();
    attachStaleCheck(db.name, name, (doc) => revisions.isStale(doc));
    const fetch = collectionFetch(name, REPLICATED[name].live, {
      user: setup.user, password: setup.password, pollMs, maxBackoffMs: options.maxBackoffMs ?? 16_000, events,
      insertOnly: REPLICATED[name].immutable, revisions,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    }, backoff, stop.signal, gate);
    let from: ImportCheckpoints | null = null;
    if (options.bulkImport ?? true) {
      // One tab of the tablet replicates (and so imports).
      if (leader) await Promise.race([waitForLeadership(db), stopped]);
      if (stop.signal.aborted) return;
      try {
        // Loaded here, not with the first screen: only a fresh tablet imports (a chunk of its own, precached).
        const [{ openReplicationImport }, { firstDownload }] = await Promise.all([import('../data/replication-import'), import('./first-download')]);
        const im = await openReplicationImport(db, name, replicationIdentifier, options.importRecordsForAll ?? false);
        if (im) {
          try {
            const done = await firstDownload(fetch, url, options.importPageSize ?? 1000, (docs) => im.write(docs), stop.signal);
            from = im.finish(done.sequence);
          } finally {
            await im.close();
          }
        }
      } catch (err) {
        if (stop.signal.aborted || gate.refused) return;
        // The ordinary pull takes over from the start (what was imported counts as pulled, see replication-import.ts).
        console.warn(`sync ${name}: the first download as an import failed, pulling instead:`, err instanceof Error ? err.message : err);
      }
    }
    if (stop.signal.aborted) return;
    const state = replicateCouchDB<unknown>({
      replicationIdentifier,
      collection: db.collections[name] as never,
      url,
      fetch: fetch as never,
      live: true,
      retryTime: 1000,
      // Every tab of this tablet shares one database; one tab replicates.
      waitForLeadership: leader,
      autoStart: true,
      pull: {
        batchSize: options.batchSize ?? 200,
        heartbeat: 10_000,
        modifier: (doc: { _deleted: boolean }) => completeDeletionStub(db, name, doc),
        ...(from ? { initialCheckpoint: from.pull } : {}),
      },
      push: { batchSize: options.pushBatchSize ?? options.batchSize ?? 1000, ...(from?.push ? { initialCheckpoint: from.push } : {}) },
    });
    state.error$.subscribe((err) => {
      // Transport failures are already reported; anything else is shown too.
      if (stop.signal.aborted || gate.refused) return;
      const message = err instanceof Error ? err.message : String(err);
      if (now() - lastFailure > 2000) console.warn(`sync ${name}:`, message);
    });
    states.set(name, state);
    // Opened while the browser is offline: held until it is online (see onOffline).
    if (pauseWhenOffline && browserOffline()) pauseOffline(state);
    state.active$.subscribe((active) => { idle.set(name, !active); scheduleRefresh(); });
    state.awaitInitialReplication().then(() => {
      initialDone.add(name);
      scheduleRefresh();
    }).catch(() => undefined);
  }

  const reachable = () => {
    const t = now();
    return lastOkAt > lastFailure && t - lastOkAt <= freshMs;
  };

  let savingMarks: Promise<void> = Promise.resolve();
  const persistMarks = () => {
    const copy = { ...marks };
    savingMarks = savingMarks.then(() => saveSyncMarks(db, copy)).catch((e: unknown) => console.warn('sync marks not saved', e));
  };

  const pendingBy = new Map<CollectionName, number>();
  /** The counts of changes waiting, read again only when a collection was written or its mark moved (see waiting-counts.ts). */
  const waitingCounts = new WaitingCounts<CollectionName>((name, since) => changedSinceCount(db, name, since), now);
  let lastProgressAt = 0;
  /** Marks move when something was waiting, or to keep "confirmed" fresh (the 24-hour rule). */
  const MARK_REFRESH_MS = 30_000;
  async function refresh(): Promise<void> {
    if (stop.signal.aborted) return;
    const t = now();
    const up = reachable();
    let moved = false;
    let pending = 0;
    for (const name of names) {
      // During a collection's very first download everything in it is new: nothing is waiting to go up.
      const everSynced = (marks[name] ?? 0) > 0;
      let waiting = everSynced || initialDone.has(name) ? await waitingCounts.count(name, marks[name] ?? 0) : 0;
      if (up && idle.get(name) && initialDone.has(name) && (waiting > 0 || t - (marks[name] ?? 0) >= MARK_REFRESH_MS)) {
        marks[name] = t;
        moved = true;
        waiting = 0;
      }
      pendingBy.set(name, waiting);
      pending += waiting;
    }
    if (moved) persistMarks();
    // Decided on the state after the counts (a failure may have come in meanwhile).
    const allInStep = up && reachable() && pending === 0 && names.every((n) => idle.get(n) && initialDone.has(n));
    const patch: Parameters<typeof setSyncStatus>[0] = { pending, initialDownload: names.some((n) => !((marks[n] ?? 0) > 0)) };
    if (moved) patch.marks = { ...marks };
    if (patch.initialDownload && t - lastProgressAt >= 1000) {
      lastProgressAt = t;
      let downloaded = 0;
      for (const name of names) downloaded += await db.collections[name].count().exec();
      patch.downloaded = downloaded;
    }
    if (allInStep) {
      const end = now();
      patch.lastSyncAt = end;
      if (offlineSince !== 0) await reportReconnect(end);
    }
    if (!up && useSyncStatus.getState().connection === 'online' && t - lastFailure > freshMs) patch.connection = 'offline';
    setSyncStatus(patch);
  }

  async function reportReconnect(t: number): Promise<void> {
    const since = offlineSince;
    offlineSince = 0;
    const pushed: Record<string, number> = {};
    const ids: Record<string, string[]> = {};
    for (const [c, list] of pushedThisSpell) {
      pushed[c] = list.length;
      ids[c] = list.slice(0, 100);
    }
    pushedThisSpell.clear();
    await appendReview(db, {
      id: `reconnect:${options.deviceId}:${t}`.slice(0, 160),
      branchId: setup.branchId,
      kind: 'reconnect',
      docCollection: '',
      docId: '',
      refId: '',
      detail: { offlineSince: since, reconnectedAt: t, pushed, ids },
      createdAt: t,
      deviceId: options.deviceId,
      staffId: staffId(),
    });
  }

  /** Refreshes under way (scheduled or asked for by awaitInSync): stop() waits for them, so none saves marks or sets the status afterwards. */
  const underWay = new Set<Promise<void>>();
  const tracked = (): Promise<void> => {
    const run = refresh();
    underWay.add(run);
    const forget = () => { underWay.delete(run); };
    run.then(forget, forget);
    return run;
  };

  // One refresh at a time; changes meanwhile ask for one more after it.
  let refreshQueued = false;
  let refreshing = false;
  let again = false;
  const scheduleRefresh = () => {
    if (refreshing) { again = true; return; }
    if (refreshQueued) return;
    refreshQueued = true;
    setTimeout(() => {
      refreshQueued = false;
      refreshing = true;
      tracked().catch((e: unknown) => console.warn('sync status', e)).finally(() => {
        refreshing = false;
        if (again) { again = false; scheduleRefresh(); }
      });
    }, 100);
  };

  /** Every collection's replication started (after its import, if it had one). */
  const ready = Promise.all(names.map((name) => setUpCollection(name))).then(() => undefined);
  const ticker = setInterval(scheduleRefresh, 1000);
  const local = db.$.subscribe((ev) => {
    if (ev.collectionName) waitingCounts.written(ev.collectionName as CollectionName);
    scheduleRefresh();
  });

  // The network is back: requests waiting out their back-off go now, and
  // every collection re-reads the server's changes since its checkpoint.
  // The reSync costs the push ~0.4 s (measured: ten `_changes` requests and
  // a re-read of the local changes go first), and it is kept on purpose.
  // RxDB holds a pulled change while a push of the same collection is under
  // way and applies it afterwards; after an offline spell that change is
  // often another tablet's version, which our push has just merged and
  // replaced, so the tablet would show the older version until its next pull
  // (traced in the two-tablet test: 张伟's merged phone went back to the old
  // one). A RESYNC makes RxDB drop changes fetched before it.
  //
  // While the browser says it is offline the replications are paused (RxDB
  // writes no record of a push it did not finish, see its upstream.ts), so
  // lines written offline wait on the tablet rather than behind a push that
  // fails and retries: on reconnect the restart's re-read sends them from the
  // checkpoint in batches of `pushBatchSize`, one request for 1,000, where
  // the failed first batch used to go alone before the rest (measured in the
  // sync bench: ~0.35 s of a ~0.8-s push). A network that fails while the
  // browser still says online (the branch's line down, the Wi-Fi up) keeps
  // the retries with back-off.
  const onOnline = () => {
    backoff.now();
    for (const s of states.values()) {
      // Queued behind the pause (a pause still waiting for the state's start is undone too).
      // The class's own start(): replication-couchdb's start() (set on each state) opens one
      // more live `_changes` loop every call, and a 7th longpoll would stall the tablet's requests.
      // Asked to retry while the browser still says offline: they stay paused.
      if (!pausedOffline.has(s)) s.reSync();
      else if (!browserOffline()) {
        pausedOffline.delete(s);
        void RxReplicationState.prototype.start.call(s);
      }
    }
  };
  const onOffline = () => {
    fail('network', 'the browser is offline');
    if (pauseWhenOffline) for (const s of states.values()) pauseOffline(s);
  };
  if (typeof window !== 'undefined') {
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
  }

  return {
    states,
    standing(): SyncStanding {
      const confirmedAt = marks.ledger ?? 0;
      const inStep = reachable() && !!idle.get('ledger') && initialDone.has('ledger') && (pendingBy.get('ledger') ?? 1) === 0;
      return { kind: 'synced', inStep, confirmedAt };
    },
    async initialDone() {
      await ready;
      await Promise.all([...states.values()].map((s) => s.awaitInitialReplication()));
    },
    async awaitInSync() {
      await ready;
      await Promise.all([...states.values()].map((s) => s.awaitInSync()));
      await tracked();
    },
    retryNow: onOnline,
    async stop() {
      stop.abort();
      clearInterval(ticker);
      local.unsubscribe();
      if (typeof window !== 'undefined') {
        window.removeEventListener('online', onOnline);
        window.removeEventListener('offline', onOffline);
      }
      await ready;
      await Promise.all([...states.values()].map((s) => s.cancel()));
      for (const name of names) attachStaleCheck(db.name, name, null);
      // A refresh under way may still move the marks: its save is awaited below, not made after the database is gone.
      await Promise.allSettled([...underWay]);
      await savingMarks;
    },
  };
}
