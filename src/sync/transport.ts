/**
 * The only HTTP the desk does with the sync server. One `fetch` per
 * replicated collection, handed to RxDB's CouchDB replication:
 *
 * - adds the branch's credentials (Basic auth over the tablet's own origin,
 *   `/db/` in production sits behind the same reverse proxy as the app);
 * - keeps within the browser's 6 connections per origin: only the hot
 *   collections hold a long-poll open; the others' long-polls become a short
 *   poll every `pollMs`;
 * - backs off while the server is unreachable (full jitter under a ceiling of
 *   1 s doubling to `maxBackoffMs`, see `Backoff`),
 *   and tries at once when the browser says it is online again;
 * - drops design documents from the changes feed (pubkey/rxdb#7444);
 * - for insert-only collections, answers the push's existence pre-check
 *   itself (see `insertOnly`), saving a round trip per batch;
 * - turns a document the server refuses (`validate_doc_update`: 403
 *   forbidden) into a review record instead of an endless retry, so one bad
 *   document cannot block everything behind it;
 * - reports every success and failure to `Health`.
 */
import type { CollectionName } from '../data/database';
import { refusedAsWrittenOnce } from '../data/replicated';
import { Backoff, CredentialsGate, CredentialsRefusedError, heldUntil, REQUEST_MS, requestSignal, sleep, SyncStoppedError } from './backoff';
import { RevisionLog } from './revision-log';
import { basicAuth } from './service-call';

export { Backoff, CredentialsGate, CredentialsRefusedError, RevisionLog, SyncStoppedError };

export type FetchLike = (url: string, init?: RequestInit) => Promise<Response>;

export interface Rejection {
  collection: CollectionName;
  docId: string;
  doc: Record<string, unknown>;
  error: string;
  reason: string;
}

export interface TransportEvents {
  ok(collection: CollectionName): void;
  failed(collection: CollectionName, kind: 'network' | 'unauthorized' | 'server', detail: string): void;
  rejected(rejections: Rejection[]): Promise<void>;
  /** Ids the server confirmed written by a push. */
  pushed(collection: CollectionName, ids: string[]): void;
}

export interface TransportOptions {
  user: string;
  password: string;
  pollMs: number;
  maxBackoffMs: number;
  events: TransportEvents;
  /** The real fetch (tests may pass another one). */
  fetch?: FetchLike;
  /**
   * The collection's documents are written once and never edited (ledger,
   * door events, review records). RxDB's CouchDB push first asks the server
   * for the current version of every document in a batch (`POST _all_docs`),
   * to send each with its `_rev`. A document written once has no version to
   * update: it goes without `_rev` either way, and if the server already
   * holds that id, `_bulk_docs` answers `conflict` and the plugin fetches the
   * server's version and hands it to the conflict handler, exactly as the
   * pre-check would have. So the pre-check is answered here, "not found" for
   * every id, and each batch costs one round trip instead of two.
   */
  insertOnly?: boolean;
  /** Server revisions seen for this collection (see `RevisionLog`). */
  revisions?: RevisionLog;
  /**
   * While the collection's replication is paused (the browser is offline,
   * see offline-pause.ts): when it runs again. Its requests (the live feed
   * RxDB keeps asking for) wait for that instead of failing and retrying.
   */
  held?: () => Promise<void> | null;
}

/** A long-poll returns after this long without changes. */
const LONGPOLL_MS = 20_000;

export function collectionFetch(
  collection: CollectionName,
  live: 'longpoll' | 'poll',
  opts: TransportOptions,
  backoff: Backoff,
  stop: AbortSignal,
  gate: CredentialsGate = new CredentialsGate(),
): FetchLike {
  const base = opts.fetch ?? ((u: string, i?: RequestInit) => fetch(u, i));
  const auth = basicAuth(opts.user, opts.password);
  /** The last position the download (checkpointed pull) handed to RxDB (null until the first). */
  let delivered: string | number | null = null;
  /**
   * Where the live feed stands: the position its last answer handed to RxDB,
   * or, before any answer, the server's position when the live feed began.
   * Kept apart from the download's: a live feed restarted from the middle
   * of a first download re-reads the rest of it a page per poll (issue #13).
   */
  let liveSince: string | number | null = null;
  /** Learning where the live feed begins failed once: changes since then may be missed by a later "now". */
  let liveStartLost = false;
  // After this tablet's own push lands, a polled collection asks for its
  // changes at once instead of after `pollMs`. RxDB may apply a change it
  // pulled during the push only after the push, and that change can be
  // older than what the push just wrote (another tablet's version, merged
  // into ours); the next page brings our version back, so it should come now.
  let pollSoon = false;
  let wake = new AbortController();
  /** Waits while the collection is paused (`held`), checked last before a request goes: one that was waiting out a poll or a back-off when the pause came waits too. */
  const unlessHeld = async () => {
    const hold = opts.held?.();
    if (hold) await heldUntil(hold, stop);
  };
  /** The database's current position (`update_seq`), for a live feed that starts "now". */
  const serverPosition = async (changesUrl: string): Promise<string | number> => {
    const dbUrl = changesUrl.slice(0, changesUrl.indexOf('_changes'));
    await backoff.wait(stop);
    await unlessHeld();
    await gate.enter(stop, true);
    if (stop.aborted) throw new SyncStoppedError();
    let res: Response;
    const request = requestSignal(stop, REQUEST_MS);
    try {
      res = await base(dbUrl, { headers: { Authorization: auth, Accept: 'application/json' }, signal: request.signal, cache: 'no-store', credentials: 'omit' });
      gate.answered(res.status);
      const info = res.ok ? (await res.json()) as { update_seq?: string | number } : null;
      request.done();
      if (info && info.update_seq !== undefined) return info.update_seq;
    } catch (err) {
      request.done();
      gate.release();
      if (stop.aborted) throw new SyncStoppedError();
      liveStartLost = true;
      backoff.failed();
      opts.events.failed(collection, 'network', err instanceof Error ? err.message : String(err));
      throw err;
    }
    liveStartLost = true;
    if (res.status === 401) {
      opts.events.failed(collection, 'unauthorized', `401 ${await res.text().catch(() => '')}`.slice(0, 300));
      throw new CredentialsRefusedError();
    }
    backoff.failed();
    const kind = res.status === 403 ? 'unauthorized' : 'server';
    opts.events.failed(collection, kind, `${res.status} ${await res.text().catch(() => '')}`.slice(0, 300));
    throw new Error(`Sync server answered ${res.status}.`);
  };
  return async (url, init = {}) => {
    if (stop.aborted) throw new SyncStoppedError();
    if (gate.refused) throw new CredentialsRefusedError();
    let target = url;
    if (opts.insertOnly && isPushPrecheck(target, init)) {
      const { keys } = JSON.parse(String(init.body)) as { keys: string[] };
      return jsonResponse({ total_rows: 0, offset: 0, rows: keys.map((key) => ({ key, error: 'not_found' })) });
    }
    // RxDB's push re-reads what changed on the tablet since its checkpoint,
    // versions the pull wrote included, and compares each with what it
    // assumes the server holds, read later: if the pull wrote a newer version
    // in between, it would send the older one back over it. A version the
    // server has already replaced (see `RevisionLog`) is not sent: it is
    // answered as a conflict, so RxDB fetches the server's version and the
    // handler keeps it (src/data/conflicts.ts).
    const heldBack: string[] = [];
    if (opts.revisions && /\/_bulk_docs(\?|$)/.test(target) && typeof init.body === 'string') {
      const sent = JSON.parse(init.body) as { docs: Record<string, unknown>[] };
      const fresh = sent.docs.filter((d) => {
        const stale = opts.revisions!.isStale(d);
        if (stale) heldBack.push(String(d._id));
        return !stale;
      });
      if (heldBack.length > 0) {
        if (fresh.length === 0) return jsonResponse(heldBack.map(conflictRow));
        init = { ...init, body: JSON.stringify({ ...sent, docs: fresh }) };
      }
    }
    const longpoll = target.includes('feed=longpoll');
    // RxDB's live pull starts at since=now and, when an answer is lost,
    // asks since=now again: every change in between would be skipped for
    // good. So "now" is pinned once, when the live feed begins (before a
    // polled collection's first wait), and every later "now" asks from the
    // live feed's own last position.
    if (longpoll && /[?&]since=now(&|$)/.test(target)) {
      if (liveSince === null) {
        // After a failed attempt the download's position is the safe
        // (if slower) start: nothing after it can have been missed.
        if (liveStartLost && delivered !== null) liveSince = delivered;
        else liveSince = await serverPosition(target);
      }
      const u = new URL(target);
      u.searchParams.set('since', String(liveSince));
      target = u.href;
    }
    if (longpoll && live === 'poll') {
      if (!pollSoon) await sleep(opts.pollMs, AbortSignal.any([stop, wake.signal]));
      pollSoon = false;
      target = target.replace('feed=longpoll', 'feed=normal');
    } else if (longpoll) {
      // A long-poll that ends by itself (no endless heartbeat), so a
      // connection that silently died is noticed and replaced.
      target = target.replace(/heartbeat=\d+/, `timeout=${LONGPOLL_MS}`);
    }
    await backoff.wait(stop);
    await unlessHeld();
    // A hot long-poll may wait 20 s for its answer: it never holds the others up.
    await gate.enter(stop, !(longpoll && live === 'longpoll'));
    if (stop.aborted) throw new SyncStoppedError();
    const headers = new Headers(init.headers);
    headers.set('Authorization', auth);
    headers.set('Accept', 'application/json');
    // A hot long-poll that outlives its own timeout (a server that ignores
    // `timeout`, as pouchdb-server does) is ended here and answered "no
    // changes since <since>", which is true: the next one asks again from there.
    const request = requestSignal(stop, REQUEST_MS, longpoll && live === 'longpoll' ? LONGPOLL_MS + 5000 : undefined);
    const since = new URL(target, 'http://x').searchParams.get('since');
    const quietAnswer = () => {
      if (!request.quiet() || stop.aborted || since === null) return null;
      return jsonResponse({ results: [], last_seq: since });
    };
    /** A request that broke off: the sync was stopped, a quiet long-poll ended, or the network failed. */
    const brokenOff = (err: unknown): Response => {
      if (stop.aborted) throw new SyncStoppedError();
      const nothingNew = quietAnswer();
      if (nothingNew) return nothingNew;
      backoff.failed();
      opts.events.failed(collection, 'network', err instanceof Error ? err.message : String(err));
      throw err;
    };
    let res: Response;
    try {
      res = await base(target, { ...init, headers, signal: request.signal, cache: 'no-store', credentials: 'omit' });
    } catch (err) {
      request.done();
      gate.release();
      return brokenOff(err);
    }
    const bulk = target.includes('/_bulk_docs');
    let body: string;
    try {
      gate.answered(res.status);
      if (res.status === 401) {
        // No retry: every further request would be another failed login
        // towards the server's lockout. New credentials start a new sync.
        opts.events.failed(collection, 'unauthorized', `401 ${await res.text().catch(() => '')}`.slice(0, 300));
        throw new CredentialsRefusedError();
      }
      if (res.status === 403 && !bulk) {
        backoff.failed();
        opts.events.failed(collection, 'unauthorized', `${res.status} ${await res.text().catch(() => '')}`.slice(0, 300));
        throw new Error(`The server refused this tablet's credentials (${res.status}).`);
      }
      if (!res.ok && !(bulk && res.status === 417)) {
        backoff.failed();
        const text = await res.text().catch(() => '');
        opts.events.failed(collection, 'server', `${res.status} ${text}`.slice(0, 300));
        throw new Error(`Sync server answered ${res.status}.`);
      }
      // Read the whole body before calling it a success: a connection reset
      // mid-body is a failure like any other.
      try {
        body = await res.text();
      } catch (err) {
        return brokenOff(err);
      }
    } finally {
      request.done();
    }
    backoff.succeeded();
    opts.events.ok(collection);
    if (target.includes('/_changes')) {
      const page = JSON.parse(body) as ChangesPage;
      if (!page.results) return jsonResponse(page);
      // Design documents are not the app's. RxDB ends a download at the
      // first page shorter than it asked for, so a page that only design
      // documents made short is filled up from the pages that follow.
      const asked = Number(new URL(target, 'http://x').searchParams.get('limit'));
      const results = page.results.filter(notDesign);
      let raw = page.results.length;
      let limit = asked;
      while (!longpoll && Number.isFinite(asked) && asked > 0 && results.length < asked && raw === limit) {
        limit = asked - results.length;
        const next = new URL(target);
        next.searchParams.set('since', String(page.last_seq));
        next.searchParams.set('limit', String(limit));
        const further = requestSignal(stop, REQUEST_MS);
        let extra: ChangesPage;
        try {
          const more = await base(next.href, { ...init, headers, signal: further.signal, cache: 'no-store', credentials: 'omit' });
          if (!more.ok) throw new Error(`Sync server answered ${more.status}.`);
          extra = (await more.json()) as ChangesPage;
        } finally {
          further.done();
        }
        raw = extra.results?.length ?? 0;
        results.push(...(extra.results ?? []).filter(notDesign));
        page.last_seq = extra.last_seq;
      }
      page.results = results;
      for (const r of results) if (r.doc) opts.revisions?.seen(r.doc);
      if (longpoll) liveSince = page.last_seq;
      else delivered = page.last_seq;
      return jsonResponse(page);
    }
    if (bulk) {
      const rows = await settleBulk(collection, init, body, opts.events, opts.insertOnly ?? false, opts.revisions);
      if (live === 'poll' && rows.some((r) => r.ok && r.rev)) {
        pollSoon = true;
        wake.abort();
        wake = new AbortController();
      }
      return jsonResponse([...rows, ...heldBack.map(conflictRow)]);
    }
    return new Response(body, { status: res.status, headers: { 'content-type': 'application/json' } });
  };
}

/** The push's `POST _all_docs` (keys): the plugin's only POST to `_all_docs` (its conflict re-read is a GET). */
function isPushPrecheck(url: string, init: RequestInit): boolean {
  return (init.method ?? 'GET').toUpperCase() === 'POST' && /\/_all_docs(\?|$)/.test(url) && typeof init.body === 'string';
}

type ChangesPage = { results?: { id: string; doc?: Record<string, unknown> }[]; last_seq: string | number };
const notDesign = (r: { id: string }) => !r.id.startsWith('_design/');

function jsonResponse(value: unknown): Response {
  return new Response(JSON.stringify(value), { status: 200, headers: { 'content-type': 'application/json' } });
}

type BulkRow = { id: string; ok?: boolean; rev?: string; error?: string; reason?: string };

const conflictRow = (id: string): BulkRow => ({ id, error: 'conflict', reason: 'Document update conflict.' });

/**
 * A `_bulk_docs` answer: conflicts go back to RxDB (its conflict handler
 * resolves them); refusals are recorded and reported as settled, because
 * retrying a document the server's rules refuse can never succeed and would
 * hold up every later change. The refused document stays on this tablet.
 */
async function settleBulk(
  collection: CollectionName, init: RequestInit, body: string, events: TransportEvents, insertOnly: boolean, revisions?: RevisionLog,
): Promise<BulkRow[]> {
  const rows = JSON.parse(body) as BulkRow[];
  const sent = JSON.parse(String(init.body ?? '{"docs":[]}')) as { docs: Record<string, unknown>[] };
  const byId = new Map(sent.docs.map((d) => [String(d._id), d]));
  const rejections: Rejection[] = [];
  const pushed: string[] = [];
  const out = rows.map((row) => {
    if (row.ok) {
      pushed.push(row.id);
      const doc = byId.get(row.id);
      if (doc && row.rev) revisions?.seen({ ...doc, _id: row.id, _rev: row.rev });
      return row;
    }
    if (row.error === 'conflict') return row;
    const doc = { ...(byId.get(row.id) ?? {}) };
    // The id is already on the server (see `insertOnly`): answered as the
    // conflict it is, so the plugin fetches the server's version for the
    // conflict handler.
    if (insertOnly && refusedAsWrittenOnce(row) && doc._rev === undefined && !doc._deleted) {
      return { id: row.id, error: 'conflict', reason: 'Document update conflict.' };
    }
    delete doc._rev;
    rejections.push({ collection, docId: row.id, doc, error: row.error ?? 'error', reason: row.reason ?? '' });
    return { id: row.id, ok: true, rev: '' };
  });
  if (rejections.length > 0) await events.rejected(rejections);
  if (pushed.length > 0) events.pushed(collection, pushed);
  return out;
}
