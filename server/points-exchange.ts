/**
 * The chain's points exchange. A 7天会 member has one points balance across
 * the chain, but a branch's tablets sync only their own branch's databases
 * (a branch can neither read nor write another's). So a member's ledger
 * line written at one branch is copied, by the chain's server side, into the
 * ledger database of every other branch that holds that member. Then:
 *
 * - each branch's tablets see the member's chain-wide balance once synced;
 * - two branches that both redeemed the same points offline both see the
 *   member overdrawn after reconnecting, and the manager's review (a
 *   compensating reversal or write-off) resolves it at both, because the
 *   compensating line is exchanged in turn.
 *
 * Only original lines are copied (the line's `branchId` is the branch whose
 * database it was written to); copies are never copied on. A copy keeps its
 * `_id` and content, so copying again is a no-op: the receiving database
 * already holds that id (`conflict`, or pouchdb-server's validator's
 * `immutable:` refusal; both mean "already there"). The exchange writes as
 * the server admin, whom the validators let write another branch's lines;
 * it never edits or deletes a line.
 *
 * Each branch's ledger remembers how far the exchange has read it, in a
 * `_local` document (not replicated to tablets), so a restart resumes. A
 * member loaded into a further branch later brings its history with it
 * through the head office's load (server/provision.ts loadDocs), as before.
 *
 * The work scales with what happened, not with the chain (issue #14):
 * - which branch databases changed comes from CouchDB's `_db_updates` feed
 *   (checkpointed in `chain-exchange/_local/…`), so an idle branch costs
 *   nothing; a server without it (pouchdb-server) is polled: one `_changes`
 *   request per branch database per pass, still never per member;
 * - who holds a member comes from the holders index (server/exchange-holders.ts),
 *   a CouchDB view over write-once (member, branch) pairs that the exchange
 *   adds from each branch's members `_changes`;
 * - a page of new lines costs one view lookup for its members and one
 *   `_bulk_docs` per branch that holds one of them.
 * So a pass costs in proportion to the changed databases, the new lines and
 * their members' holders. Two copies, or a restart, re-offer lines at most:
 * every copy keeps its `_id`, so a second write is a `conflict`.
 *
 * A pass is time-boxed (`passBudgetMs`): databases wait in a queue and a
 * pass reads one page of each in turn until its time is up; a database with
 * more to read goes to the back. What the feed names goes to the front, so
 * a backlog (the first pass after a start, a bulk load, a branch provisioned
 * with its history) is worked through over several passes without holding up
 * a line written a moment ago. The feed's checkpoint is saved only when the
 * queue is empty: a restart then re-reads the feed from a point where every
 * database it had named was read in full.
 *
 * Between passes an idle exchange waits on the feed itself (a longpoll
 * `_db_updates?feed=longpoll&since=…&timeout=…` from where the last pass read
 * it): a line written at a branch starts the next pass as soon as CouchDB
 * records the write (its `_global_changes` batches them, ~0.4 s here), not
 * at the next tick of a 2-s timer. The timer stays where there is no feed.
 *
 * Plain CouchDB HTTP with basic auth, so it runs unchanged against Apache
 * CouchDB 3: `npm run points-exchange` (scripts/points-exchange.mjs);
 * `npm start` runs it beside the embedded server.
 */
import { refusedAsWrittenOnce, serverDbName } from '../src/data/replicated';
import { readDbUpdates, waitForDbUpdates, type FeedWait } from './db-updates';
import { couchClient, type CouchClient, type Credentials, type FetchLike, type ServerOptions } from './provision';
import {
  advanceCheckpoint, cachedCheckpoint, ensureExchangeDb, EXCHANGE_DB, holdersOf, indexMembersPage, readCheckpoint, saveCheckpoint, type CheckpointCache,
} from './exchange-holders';

export const EXCHANGE_CHECKPOINT_ID = '_local/points-exchange';
const BRANCH_DB = /^fd-([a-z][a-z0-9-]{0,30})-(ledger|members)$/;

export interface ExchangeOptions extends ServerOptions {
  admin: Credentials;
  /** Lines read per `_changes` request. */
  batch?: number;
  /** Exchange among these branches only (default: every branch on the server). */
  branches?: readonly string[];
  /** Branch databases read at the same time (default 4; 8 did worse at 100 branches on a starved server, docs/production.md). */
  parallel?: number;
  /**
   * A pass takes no further database page after this many ms (default 1000);
   * what is left waits for the next pass. A pass reads at least one page.
   */
  passBudgetMs?: number;
}

export interface ExchangeReport {
  /** How the pass learnt which branches changed: CouchDB's `_db_updates` feed, or a poll of every branch (`scan`). */
  mode: 'db-updates' | 'scan';
  /** Branch databases (ledger or members) the pass read. */
  branches: number;
  /** Pages of `_changes` the pass read. */
  pages: number;
  /** Branch databases left with more to read (the next pass goes on). */
  pending: number;
  /** Original lines read since the last pass. */
  read: number;
  /** Copies written. */
  copied: number;
  /** Copies the receiving branch already held. */
  alreadyThere: number;
  /** (member, branch) pairs new to the holders index. */
  holdersAdded: number;
  /** (member, branch) pairs dropped: the member was deleted from that branch. */
  holdersDropped: number;
  /** Copies a branch's server refused (should not happen: reported, never retried forever). */
  refused: { branchId: string; id: string; reason: string }[];
  /** HTTP requests the pass made, and the bytes of their answers (for monitoring, and the tests of its cost). */
  requests: number;
  bytes: number;
  /** How long the pass took. */
  ms: number;
}

type Doc = Record<string, unknown> & { _id: string; _rev?: string; _deleted?: boolean; branchId?: unknown; memberId?: unknown };
type ChangesPage = { results: { id: string; doc?: Doc; deleted?: boolean }[]; last_seq: string | number };
type BulkRow = { id: string; ok?: boolean; error?: string; reason?: string };
type Kind = 'ledger' | 'members';

const enc = encodeURIComponent;
const alreadyHeld = (row: BulkRow) => row.error === 'conflict' || refusedAsWrittenOnce(row);

function countingClient(options: ExchangeOptions): { couch: CouchClient; count: (report: ExchangeReport) => void } {
  let n = 0;
  let bytes = 0;
  const t0 = Date.now();
  const base: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  const counted: FetchLike = async (input, init) => {
    n += 1;
    const res = await base(input, init);
    const body = await res.arrayBuffer();
    bytes += body.byteLength;
    return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
  return { couch: couchClient({ url: options.url, fetch: counted, auth: options.admin }), count: (r) => { r.requests = n; r.bytes = bytes; r.ms = Date.now() - t0; } };
}

/** Every branch ledger and members database on the server (one `_all_dbs`). */
async function allBranchDbs(couch: CouchClient, only?: readonly string[]): Promise<[Kind, string][]> {
  const dbs = (await couch.request('GET', '_all_dbs')).json as string[];
  return branchDbs(dbs, only);
}

function branchDbs(names: Iterable<string>, only?: readonly string[]): [Kind, string][] {
  const out: [Kind, string][] = [];
  for (const name of names) {
    const m = BRANCH_DB.exec(name);
    if (!m || (only && !only.includes(m[1]!))) continue;
    out.push([m[2] as Kind, m[1]!]);
  }
  return out.sort(([, a], [, b]) => a.localeCompare(b));
}

/**
 * Copies one page of a branch's new original lines to the other branches
 * holding their members: one view lookup for the page, one `_bulk_docs` per
 * receiving branch. Returns whether a further page waits (null: the database is gone).
 */
async function exchangeLedgerPage(couch: CouchClient, cache: CheckpointCache, from: string, batch: number, only: readonly string[] | undefined, report: ExchangeReport): Promise<boolean | null> {
  const db = serverDbName(from, 'ledger');
  const cp = await cachedCheckpoint(couch, cache, db, EXCHANGE_CHECKPOINT_ID);
  if (!cp) return null; // closed meanwhile
  const res = await couch.request('GET', `${enc(db)}/_changes?include_docs=true&since=${enc(String(cp.since))}&limit=${batch}`, undefined, [404]);
  if (res.status === 404) { cache.delete(db); return null; }
  const page = res.json as ChangesPage;
  const originals = page.results
    .map((r) => r.doc)
    .filter((d): d is Doc => !!d && !d._id.startsWith('_design/') && !d._deleted && d.branchId === from && typeof d.memberId === 'string');
  report.read += originals.length;
  const holders = await holdersOf(couch, [...new Set(originals.map((d) => d.memberId as string))]);
  const byTarget = new Map<string, Record<string, unknown>[]>();
  for (const original of originals) {
    const doc: Record<string, unknown> = { ...original };
    delete doc._rev; // a copy is a new document at the other branch, with the same id
    for (const to of holders.get(original.memberId as string) ?? []) {
      if (to === from || (only && !only.includes(to))) continue;
      byTarget.set(to, [...(byTarget.get(to) ?? []), doc]);
    }
  }
  for (const [to, docs] of [...byTarget].sort(([a], [b]) => a.localeCompare(b))) {
    const put = await couch.request('POST', `${enc(serverDbName(to, 'ledger'))}/_bulk_docs`, { docs }, [404]);
    if (put.status === 404) continue; // that branch was closed
    for (const row of put.json as BulkRow[]) {
      if (row.ok) report.copied += 1;
      else if (alreadyHeld(row)) report.alreadyThere += 1;
      else report.refused.push({ branchId: to, id: row.id, reason: `${row.error ?? 'error'}: ${row.reason ?? ''}` });
    }
  }
  // Only after every copy of this page is written: a crash re-reads it (copies are idempotent).
  await advanceCheckpoint(couch, cache, db, EXCHANGE_CHECKPOINT_ID, cp, page);
  return page.results.length >= batch;
}

/**
 * The branch databases waiting to be read: members databases, then ledgers.
 * `first` puts one at the front (the feed just named it); otherwise it joins
 * the back unless it already waits. A database read in part goes to the
 * back: a backlog is read round-robin, a page a turn. No ledger is taken
 * while a members database waits, so a page of lines finds every holder
 * indexed up to then.
 */
export class ExchangeQueue {
  private readonly lists: Record<Kind, string[]> = { members: [], ledger: [] };
  add(kind: Kind, branchId: string, first: boolean): void {
    const list = this.lists[kind];
    const at = list.indexOf(branchId);
    if (first) { if (at >= 0) list.splice(at, 1); list.unshift(branchId); }
    else if (at < 0) list.push(branchId);
  }
  addAll(dbs: readonly [Kind, string][], first: boolean): void {
    for (const [kind, b] of first ? [...dbs].reverse() : dbs) this.add(kind, b, first);
  }
  take(): [Kind, string] | null {
    const m = this.lists.members.shift();
    if (m) return ['members', m];
    const l = this.lists.ledger.shift();
    return l ? ['ledger', l] : null;
  }
  get size(): number { return this.lists.members.length + this.lists.ledger.length; }
}

/**
 * Works through the queue, `width` databases at a time, one page each a
 * turn, until it is empty or the pass's time is up (a pass reads at least
 * one page). Two copies of the exchange writing the same copy is harmless.
 */
async function work(couch: CouchClient, queue: ExchangeQueue, cache: CheckpointCache, options: ExchangeOptions, report: ExchangeReport): Promise<void> {
  const batch = options.batch ?? 500;
  const width = options.parallel ?? 4;
  const budget = options.passBudgetMs ?? 1000;
  const t0 = Date.now();
  let taken = 0;
  const read = new Set<string>();
  const turn = async (kind: Kind, b: string): Promise<boolean | null> => {
    if (kind === 'ledger') return exchangeLedgerPage(couch, cache, b, batch, options.branches, report);
    const page = await indexMembersPage(couch, cache, b, batch);
    report.holdersAdded += page?.added ?? 0;
    report.holdersDropped += page?.dropped ?? 0;
    return page?.more ?? null;
  };
  // A page of lines waits for the members pages being read (a member just indexed is a holder).
  const membersReading = new Set<Promise<unknown>>();
  const next = () => (taken === 0 || Date.now() - t0 < budget ? queue.take() : null);
  await Promise.all(Array.from({ length: width }, async () => {
    for (let item = next(); item; item = next()) {
      const [kind, b] = item;
      taken += 1;
      read.add(`${kind}:${b}`);
      report.pages += 1;
      if (kind === 'ledger') while (membersReading.size > 0) await Promise.all(membersReading);
      const reading = turn(kind, b);
      if (kind === 'members') { membersReading.add(reading); void reading.finally(() => membersReading.delete(reading)).catch(() => {}); }
      if (await reading) queue.add(kind, b, false); // more to read: to the back
    }
  }));
  report.branches = read.size;
  report.pending = queue.size;
}

const emptyReport = (mode: ExchangeReport['mode']): ExchangeReport =>
  ({ mode, branches: 0, pages: 0, pending: 0, read: 0, copied: 0, alreadyThere: 0, holdersAdded: 0, holdersDropped: 0, refused: [], requests: 0, bytes: 0, ms: 0 });

/**
 * One pass over every branch (no feed, no time box): each branch's new
 * members indexed and new original lines copied, up to now. For `--once`
 * (a cron job, or after a bulk load) and the tests; the long-running
 * exchange uses `createExchange`.
 */
export async function exchangeOnce(options: ExchangeOptions): Promise<ExchangeReport> {
  const { couch, count } = countingClient(options);
  const report = emptyReport('scan');
  await ensureExchangeDb(couch);
  const queue = new ExchangeQueue();
  queue.addAll(await allBranchDbs(couch, options.branches), false);
  await work(couch, queue, new Map(), { ...options, passBudgetMs: Infinity }, report);
  count(report);
  return report;
}

/** The checkpoint of the `_db_updates` feed, one per set of branches exchanged among. */
function feedCheckpointId(branches?: readonly string[]): string {
  if (!branches) return '_local/db-updates';
  let h = 0;
  for (const ch of [...branches].sort().join(',')) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return `_local/db-updates-${(h >>> 0).toString(36)}`;
}

/**
 * The long-running exchange's passes. With CouchDB's `_db_updates` feed, the
 * databases it names since the last pass go to the front of the queue; the
 * first pass without a saved feed position queues every branch database (a
 * catch-up, worked through over passes). A server without the feed has every
 * branch database queued again whenever the queue is empty (a polling round).
 */
export interface Exchange {
  pass(): Promise<ExchangeReport>;
  /**
   * Between passes: waits at most `timeoutMs` for `_db_updates` to name one of
   * the exchanged branch databases past where the last pass read the feed
   * (a longpoll). `unavailable` at once when there is no feed (pouchdb-server),
   * no pass has read it yet, or the server refuses or is away.
   */
  wait(timeoutMs: number, signal: AbortSignal): Promise<FeedWait>;
}

export function createExchange(options: ExchangeOptions): Exchange {
  let feed: boolean | null = null;
  let ensured = false;
  const queue = new ExchangeQueue();
  const cache: CheckpointCache = new Map();
  const cpId = feedCheckpointId(options.branches);
  let since: string | null = null; // the feed read up to here
  let saved: { since: string | number; rev?: string } | null = null; // …and saved up to here
  return {
    async pass() {
      const { couch, count } = countingClient(options);
      if (!ensured) { await ensureExchangeDb(couch); ensured = true; }
      let catchUp = false;
      if (feed !== false && since === null) {
        saved = await readCheckpoint(couch, EXCHANGE_DB, cpId);
        catchUp = !saved || saved.since === 0;
        since = catchUp ? 'now' : String(saved!.since);
      }
      const page = feed === false ? null : await readDbUpdates(couch, since ?? 'now');
      feed = page !== null;
      const report = emptyReport(page ? 'db-updates' : 'scan');
      // Polled (no feed): a round over every branch database, once the last round is through.
      if (catchUp || (!page && queue.size === 0)) queue.addAll(await allBranchDbs(couch, options.branches), false);
      if (page) {
        queue.addAll(branchDbs(page.results.map((r) => r.db_name), options.branches), true);
        since = page.last_seq;
      }
      await work(couch, queue, cache, options, report);
      if (page && queue.size === 0 && String(saved?.since) !== since) {
        if (!saved) saved = await readCheckpoint(couch, EXCHANGE_DB, cpId);
        const rev = await saveCheckpoint(couch, EXCHANGE_DB, cpId, since!, saved?.rev);
        saved = rev === null ? null : { since: since!, rev };
      }
      count(report);
      return report;
    },
    async wait(timeoutMs, signal) {
      if (!feed || since === null || since === 'now') return 'unavailable';
      const base: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
      const couch = couchClient({ url: options.url, auth: options.admin, fetch: (input, init) => base(input, { ...init, signal }) });
      const wakes = (db: string) => branchDbs([db], options.branches).length > 0;
      return waitForDbUpdates(couch, since, timeoutMs, wakes, signal);
    },
  };
}
