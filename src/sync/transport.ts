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
import { canonicalJson } from '../domain/merge';

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
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(() => { signal.removeEventListener('abort', done); resolve(); }, ms);
    const done = () => { clearTimeout(t); resolve(); };
    signal.addEventListener('abort', done, { once: true });
  });
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
  get refused(): boolean { return this.state === 'refused'; }
  /** Waits until this request may go; throws once the credentials were refused. */
  async enter(stop: AbortSignal, mayWait: boolean): Promise<void> {
    for (;;) {
      if (this.state === 'refused') throw new CredentialsRefusedError();
      if (this.state === 'accepted' || !mayWait) return;
      if (!this.probing) { this.probing = true; return; }
      await sleep(REQUEST_MS, AbortSignal.any([stop, this.wake.signal]));
      if (stop.aborted) throw new SyncStoppedError();
    }
  }
  /** The server answered a request: anything but 401 means it took the credentials (403 may be a lockout: no verdict). */
  answered(status: number): void {
    if (status === 401) this.state = 'refused';
    else if (status !== 403 && this.state === 'unknown') this.state = 'accepted';
    this.release();
  }
  /** No answer (network): the next request asks again. */
  release(): void {
    this.probing = false;
    this.wake.abort();
    this.wake = new AbortController();
  }
}

export class CredentialsRefusedError extends Error {
  constructor() { super('The server refused this tablet\'s credentials (401); sync stopped until they are entered again.'); this.name = 'CredentialsRefusedError'; }
}

function basic(user: string, password: string): string {
  const bytes = new TextEncoder().encode(`${user}:${password}`);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return `Basic ${btoa(bin)}`;
}

/** A long-poll returns after this long without changes. */
const LONGPOLL_MS = 20_000;
/** Any request (long-polls included) taking longer than this is given up and retried. */
const REQUEST_MS = 35_000;

export class SyncStoppedError extends Error {
  constructor() { super('Sync stopped.'); this.name = 'SyncStoppedError'; }
}

export function collectionFetch(
  collection: CollectionName,
  live: 'longpoll' | 'poll',
  opts: TransportOptions,
  backoff: Backoff,
  stop: AbortSignal,
  gate: CredentialsGate = new CredentialsGate(),
): FetchLike {
  const base = opts.fetch ?? ((u: string, i?: RequestInit) => fetch(u, i));
  const auth = basic(opts.user, opts.password);
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
  /** The database's current position (`update_seq`), for a live feed that starts "now". */
  const serverPosition = async (changesUrl: string): Promise<string | number> => {
    const dbUrl = changesUrl.slice(0, changesUrl.indexOf('_changes'));
    await backoff.wait(stop);
    await gate.enter(stop, true);
    if (stop.aborted) throw new SyncStoppedError();
    let res: Response;
    try {
      res = await base(dbUrl, { headers: { Authorization: auth, Accept: 'application/json' }, signal: AbortSignal.any([stop, AbortSignal.timeout(REQUEST_MS)]), cache: 'no-store', credentials: 'omit' });
      gate.answered(res.status);
      const info = res.ok ? (await res.json()) as { update_seq?: string | number } : null;
      if (info && info.update_seq !== undefined) return info.update_seq;
    } catch (err) {
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
    // A hot long-poll may wait 20 s for its answer: it never holds the others up.
    await gate.enter(stop, !(longpoll && live === 'longpoll'));
    if (stop.aborted) throw new SyncStoppedError();
    const headers = new Headers(init.headers);
    headers.set('Authorization', auth);
    headers.set('Accept', 'application/json');
    // A hot long-poll that outlives its own timeout (a server that ignores
    // `timeout`, as pouchdb-server does) is ended here and answered "no
    // changes since <since>", which is true: the next one asks again from there.
    const quiet = longpoll && live === 'longpoll' ? AbortSignal.timeout(LONGPOLL_MS + 5000) : null;
    const since = new URL(target, 'http://x').searchParams.get('since');
    const quietAnswer = () => {
      if (!quiet?.aborted || stop.aborted || since === null) return null;
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
      res = await base(target, { ...init, headers, signal: AbortSignal.any([stop, AbortSignal.timeout(REQUEST_MS), ...(quiet ? [quiet] : [])]), cache: 'no-store', credentials: 'omit' });
    } catch (err) {
      gate.release();
      return brokenOff(err);
    }
    gate.answered(res.status);
    const bulk = target.includes('/_bulk_docs');
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
    let body: string;
    try {
      body = await res.text();
    } catch (err) {
      return brokenOff(err);
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
        const more = await base(next.href, { ...init, headers, signal: AbortSignal.any([stop, AbortSignal.timeout(REQUEST_MS)]), cache: 'no-store', credentials: 'omit' });
        if (!more.ok) throw new Error(`Sync server answered ${more.status}.`);
        const extra = (await more.json()) as ChangesPage;
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

/** The generation of a CouchDB revision ("3-abc…" → 3); 0 when unreadable. */
function generation(rev: unknown): number {
  const n = typeof rev === 'string' ? Number.parseInt(rev, 10) : Number.NaN;
  return Number.isFinite(n) && n > 0 ? n : 0;
}

/** A document's content for matching (no id, no storage fields but the deletion flag), as a 53-bit hash. */
export function contentKey(doc: Record<string, unknown>): string {
  const out: Record<string, unknown> = { _deleted: doc._deleted === true };
  for (const [k, v] of Object.entries(doc)) if (!k.startsWith('_') && k !== 'id') out[k] = v;
  return cyrb53(canonicalJson(out));
}

/** cyrb53 (public domain): a fast 53-bit string hash, as base 36. */
function cyrb53(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/**
 * The server revisions this tablet has seen of a collection's documents:
 * each version pulled (with its revision) and each version its own push
 * wrote (with the revision the server gave it). A document's history on the
 * server is a line (every push names the revision it replaces), so a
 * version whose revision is older than one already seen is no longer the
 * server's.
 *
 * Why: RxDB holds a change pulled while a push of the same collection is
 * under way and applies it after the push (replication-protocol/downstream.js:
 * "while a push is running, we have to delay all incoming events"). After
 * two tablets reconnect at once that change is often the other tablet's
 * version, which our push has just merged with ours and replaced on the
 * server; applied late it puts the older version back on this tablet (a room
 * move or a housekeeping report vanished from the board until the next pull,
 * and a tablet that acted on it in between acted on a state long gone;
 * test/sync/rooms-race.test.ts). The collections' conflict handlers ask
 * `isStale` before RxDB writes a pulled version over this tablet's copy
 * (src/data/conflicts.ts `attachStaleCheck`), and keep their copy when it is.
 *
 * Bounded: the most recent `limit` documents are remembered (a stale change
 * is one of the last few pulled); a document forgotten is never called
 * stale, which is what RxDB did before.
 */
export class RevisionLog {
  private readonly docs = new Map<string, { newest: number; versions: Map<string, number> }>();
  constructor(private readonly limit = 5000, private readonly versionsPerDoc = 8) {}

  /** A server version of a document (CouchDB form: `_id`, `_rev`). */
  seen(doc: Record<string, unknown>): void {
    const id = String(doc._id ?? doc.id ?? '');
    const gen = generation(doc._rev);
    if (id === '' || gen === 0) return;
    let entry = this.docs.get(id);
    if (entry) this.docs.delete(id); // re-inserted below: most recently seen last
    else entry = { newest: 0, versions: new Map() };
    const key = contentKey(doc);
    entry.versions.set(key, Math.max(gen, entry.versions.get(key) ?? 0));
    entry.newest = Math.max(entry.newest, gen);
    if (entry.versions.size > this.versionsPerDoc) {
      const oldest = [...entry.versions].sort((x, y) => x[1] - y[1])[0]!;
      entry.versions.delete(oldest[0]);
    }
    this.docs.set(id, entry);
    if (this.docs.size > this.limit) this.docs.delete(this.docs.keys().next().value!);
  }

  /** True when this version of the document (RxDB form: `id`) is known to be older than one the server has had since. */
  isStale(doc: Record<string, unknown>): boolean {
    const entry = this.docs.get(String(doc.id ?? doc._id ?? ''));
    if (!entry) return false;
    const gen = entry.versions.get(contentKey(doc));
    return gen !== undefined && gen < entry.newest;
  }
}
