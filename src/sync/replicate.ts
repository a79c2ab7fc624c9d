/**
 * Live replication of the branch's collections with the chain's
 * CouchDB-compatible server (RxDB's replication-couchdb plugin), and the
 * state the desk shows about it.
 *
 * - Every replicated collection syncs both ways, live, resuming by itself
 *   when the network returns; while the server is unreachable requests back
 *   off (see transport.ts) and the browser's `online` event retries at once;
 *   while the browser says it is offline they are paused (offline-pause.ts).
 * - Conflicts are resolved by the collections' own handlers (src/data/conflicts.ts);
 *   refused documents and reconnect reports go to the review log.
 * - What the desk shows (changes waiting, marks, "in step") is refreshed by
 *   status-refresh.ts from the replications' state.
 */
import { replicateCouchDB, type RxCouchDBReplicationState } from 'rxdb/plugins/replication-couchdb';
import type { CollectionName, FrontDeskDatabase } from '../data/database';
import { REPLICATED, REPLICATED_NAMES, serverDbName } from '../data/replicated';
import { attachConflictLog, attachStaleCheck } from '../data/conflicts';
import { appendReview, completeDeletionStub, readSyncMarks, type SyncMarks, type SyncSetup } from '../data/sync-store';
import type { SyncStanding } from '../domain/offline-redemption';
import type { ImportCheckpoints } from '../data/replication-import';
import { waitForLeadership } from '../data/leadership';
import { Backoff, collectionFetch, CredentialsGate, RevisionLog, type FetchLike, type Rejection, type TransportEvents } from './transport';
import { sleep } from './backoff';
import { initialSyncStatus, setSyncStatus, useSyncStatus, type SyncErrorCode } from './status';
import { Connection, failureStatus, StatusRefresh } from './status-refresh';
import { browserOffline, OfflinePause } from './offline-pause';

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
  /**
   * When the network is back, the collections with changes waiting to go up
   * restart first, the others once those are in step (at most 2 s later);
   * default true. False (an experiment for the benchmark): all at once.
   */
  pushFirst?: boolean;
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

export async function startSync(db: FrontDeskDatabase, setup: SyncSetup, options: SyncOptions): Promise<SyncHandle> {
  const now = options.now ?? (() => Date.now());
  const staffId = options.staffId ?? (() => '');
  const pollMs = options.pollMs ?? 3000;
  const freshMs = options.freshMs ?? Math.max(15_000, pollMs * 4);
  const names = options.collections ?? REPLICATED_NAMES;
  const pauseWhenOffline = options.pauseWhenOffline ?? true;
  const pushFirst = options.pushFirst ?? true;
  const stop = new AbortController();
  const backoff = new Backoff(options.maxBackoffMs ?? 16_000, options.random);
  /** One verdict on the credentials for all collections (a 401 stops them all). */
  const gate = new CredentialsGate();
  const marks: SyncMarks = await readSyncMarks(db);
  /** When the server last answered any collection, and last failed. */
  const connection = new Connection(now, freshMs);
  const status = new StatusRefresh({ db, setup, names, marks, connection, now, freshMs, deviceId: options.deviceId, staffId, signal: stop.signal });

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

  const fail = (code: SyncErrorCode, detail: string) => failureStatus(code, connection.failed(), detail);

  // Opened while the browser says it is offline: out of reach until it says online (its replications start paused).
  if (pauseWhenOffline && browserOffline()) {
    connection.browserOffline = true;
    fail('network', 'the browser is offline');
  }

  const events: TransportEvents = {
    ok() {
      // An answer that arrives after the browser said offline changes nothing (see Connection.browserOffline).
      if (connection.browserOffline) return;
      connection.answered();
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
      status.pushed(collection, ids);
    },
  };

  const states = new Map<CollectionName, RxCouchDBReplicationState<unknown>>();
  /** Each collection's first replication done and noted by the status (its mark set if it had none). */
  const firstDone = new Map<CollectionName, Promise<void>>();
  const offlinePause = new OfflinePause<CollectionName>(pauseWhenOffline);
  const leader = options.waitForLeadership ?? true;
  const stopped = new Promise<void>((resolve) => stop.signal.addEventListener('abort', () => resolve(), { once: true }));
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
      insertOnly: REPLICATED[name].immutable, revisions, held: () => offlinePause.held(name),
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
    // Everything written here before this moment is pushed, and the server's changes until it pulled, once the first replication is done.
    const startedAt = now();
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
      if (connection.sinceFailure() > 2000) console.warn(`sync ${name}:`, message);
    });
    states.set(name, state);
    // Opened while the browser is offline: held until it is online (see onOffline).
    offlinePause.opened(name, state);
    state.active$.subscribe((active) => { status.idle.set(name, !active); status.schedule(); });
    firstDone.set(name, state.awaitInitialReplication().then(() => status.firstReplicationDone(name, startedAt)).catch(() => undefined));
  }

  /** Every collection's replication started (after its import, if it had one). */
  const ready = Promise.all(names.map((name) => setUpCollection(name))).then(() => undefined);
  const ticker = setInterval(() => status.schedule(), 1000);
  const local = db.$.subscribe((ev) => {
    if (ev.collectionName) status.written(ev.collectionName as CollectionName);
    status.schedule();
  });

  // The network is back: requests waiting out their back-off go now, and the
  // replications re-read or restart (offline-pause.ts says why).
  const onOnline = () => {
    // Also the desk's "retry now": the browser may still say offline.
    connection.browserOffline = pauseWhenOffline && browserOffline();
    backoff.now();
    const all = [...states];
    const first = pushFirst ? all.filter(([name]) => status.waiting(name) > 0) : [];
    if (first.length === 0 || first.length === all.length) {
      offlinePause.online(all);
      return;
    }
    // The push of what was written offline goes before the other collections' re-reads
    // and live feeds (offline-pause.ts); they follow once it is in step, at most 2 s later.
    offlinePause.online(first);
    const rest = all.filter((e) => !first.includes(e));
    void Promise.race([Promise.all(first.map(([, s]) => s.awaitInSync())), sleep(2000, stop.signal)]).then(() => {
      if (!stop.signal.aborted) offlinePause.online(rest);
    });
  };
  const onOffline = () => {
    if (pauseWhenOffline) connection.browserOffline = true;
    fail('network', 'the browser is offline');
    offlinePause.offline(states);
  };
  if (typeof window !== 'undefined') {
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
  }

  return {
    states,
    standing: () => status.standing(),
    async initialDone() {
      await ready;
      await Promise.all([...states.values()].map((s) => s.awaitInitialReplication()));
      await Promise.all(firstDone.values());
    },
    async awaitInSync() {
      await ready;
      await Promise.all([...states.values()].map((s) => s.awaitInSync()));
      await status.run();
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
      await status.settle();
    },
  };
}
