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
 * Plain CouchDB HTTP with basic auth, so it runs unchanged against Apache
 * CouchDB 3: `npm run points-exchange` (scripts/points-exchange.mjs);
 * `npm start` runs it beside the embedded server.
 */
import { refusedAsWrittenOnce, serverDbName } from '../src/data/replicated';
import { couchClient, type CouchClient, type Credentials, type FetchLike, type ServerOptions } from './provision';
import { ensureExchangeDb, EXCHANGE_DB, holdersOf, indexBranchMembers, readCheckpoint, saveCheckpoint } from './exchange-holders';

export const EXCHANGE_CHECKPOINT_ID = '_local/points-exchange';
const BRANCH_DB = /^fd-([a-z][a-z0-9-]{0,30})-(ledger|members)$/;

export interface ExchangeOptions extends ServerOptions {
  admin: Credentials;
  /** Lines read per `_changes` request. */
  batch?: number;
  /** Exchange among these branches only (default: every branch on the server). */
  branches?: readonly string[];
  /** Branch databases read at the same time (default 4). */
  parallel?: number;
}

export interface ExchangeReport {
  /** How the pass learnt which branches changed: CouchDB's `_db_updates` feed, or a poll of every branch (`scan`). */
  mode: 'db-updates' | 'scan';
  /** Branch databases (ledger or members) the pass read. */
  branches: number;
  /** Original lines read since the last pass. */
  read: number;
  /** Copies written. */
  copied: number;
  /** Copies the receiving branch already held. */
  alreadyThere: number;
  /** (member, branch) pairs new to the holders index. */
  holdersAdded: number;
  /** Copies a branch's server refused (should not happen: reported, never retried forever). */
  refused: { branchId: string; id: string; reason: string }[];
  /** HTTP requests the pass made, and the bytes of their answers (for monitoring, and the tests of its cost). */
  requests: number;
  bytes: number;
}

type Doc = Record<string, unknown> & { _id: string; _rev?: string; _deleted?: boolean; branchId?: unknown; memberId?: unknown };
type ChangesPage = { results: { id: string; doc?: Doc; deleted?: boolean }[]; last_seq: string | number };
type BulkRow = { id: string; ok?: boolean; error?: string; reason?: string };
type Changed = { ledger: Set<string>; members: Set<string> };

const enc = encodeURIComponent;
const alreadyHeld = (row: BulkRow) => row.error === 'conflict' || refusedAsWrittenOnce(row);

function countingClient(options: ExchangeOptions): { couch: CouchClient; count: (report: ExchangeReport) => void } {
  let n = 0;
  let bytes = 0;
  const base: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  const counted: FetchLike = async (input, init) => {
    n += 1;
    const res = await base(input, init);
    const body = await res.arrayBuffer();
    bytes += body.byteLength;
    return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
  return { couch: couchClient({ url: options.url, fetch: counted, auth: options.admin }), count: (r) => { r.requests = n; r.bytes = bytes; } };
}

/** Every branch ledger and members database on the server (one `_all_dbs`). */
async function allBranchDbs(couch: CouchClient, only?: readonly string[]): Promise<Changed> {
  const dbs = (await couch.request('GET', '_all_dbs')).json as string[];
  return branchDbs(dbs, only);
}

function branchDbs(names: Iterable<string>, only?: readonly string[]): Changed {
  const out: Changed = { ledger: new Set(), members: new Set() };
  for (const name of names) {
    const m = BRANCH_DB.exec(name);
    if (!m || (only && !only.includes(m[1]!))) continue;
    out[m[2] as 'ledger' | 'members'].add(m[1]!);
  }
  return out;
}

/** Copies one branch's new original lines to the other branches holding their members. */
async function exchangeLedger(couch: CouchClient, from: string, batch: number, only: readonly string[] | undefined, report: ExchangeReport): Promise<void> {
  const db = serverDbName(from, 'ledger');
  const checkpoint = await readCheckpoint(couch, db, EXCHANGE_CHECKPOINT_ID);
  if (!checkpoint) return; // closed meanwhile
  let { since, rev } = checkpoint;
  for (;;) {
    const page = (await couch.request('GET', `${enc(db)}/_changes?include_docs=true&since=${enc(String(since))}&limit=${batch}`)).json as ChangesPage;
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
      const res = await couch.request('POST', `${enc(serverDbName(to, 'ledger'))}/_bulk_docs`, { docs }, [404]);
      if (res.status === 404) continue; // that branch was closed
      for (const row of res.json as BulkRow[]) {
        if (row.ok) report.copied += 1;
        else if (alreadyHeld(row)) report.alreadyThere += 1;
        else report.refused.push({ branchId: to, id: row.id, reason: `${row.error ?? 'error'}: ${row.reason ?? ''}` });
      }
    }
    // Only after every copy of this page is written: a crash re-reads it (copies are idempotent).
    if (page.results.length > 0) rev = await saveCheckpoint(couch, db, EXCHANGE_CHECKPOINT_ID, page.last_seq, rev);
    since = page.last_seq;
    if (page.results.length < batch) return;
  }
}

/** Runs `work` over `items`, `width` at a time. */
async function inParallel<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, async () => {
    for (let i = next++; i < items.length; i = next++) await work(items[i]!);
  }));
}

/**
 * Members first (so a page of lines finds its holders), then the lines; a
 * few databases at a time (two writing the same copy is harmless).
 */
async function exchangeChanged(couch: CouchClient, changed: Changed, options: ExchangeOptions, report: ExchangeReport): Promise<void> {
  const batch = options.batch ?? 500;
  const width = options.parallel ?? 4;
  report.branches = changed.ledger.size + changed.members.size;
  await inParallel([...changed.members].sort(), width, async (b) => { const added = await indexBranchMembers(couch, b, batch); report.holdersAdded += added; });
  await inParallel([...changed.ledger].sort(), width, (b) => exchangeLedger(couch, b, batch, options.branches, report));
}

const emptyReport = (mode: ExchangeReport['mode']): ExchangeReport =>
  ({ mode, branches: 0, read: 0, copied: 0, alreadyThere: 0, holdersAdded: 0, refused: [], requests: 0, bytes: 0 });

/**
 * One pass over every branch (no feed): each branch's new members indexed
 * and new original lines copied, up to now. One request or so per branch
 * database and pass, for `--once` (a cron job, or after a bulk load) and the
 * tests; the long-running exchange uses `createExchange`.
 */
export async function exchangeOnce(options: ExchangeOptions): Promise<ExchangeReport> {
  const { couch, count } = countingClient(options);
  const report = emptyReport('scan');
  await ensureExchangeDb(couch);
  await exchangeChanged(couch, await allBranchDbs(couch, options.branches), options, report);
  count(report);
  return report;
}

type FeedPage = { results: { db_name: string }[]; last_seq: string };

/** The checkpoint of the `_db_updates` feed, one per set of branches exchanged among. */
function feedCheckpointId(branches?: readonly string[]): string {
  if (!branches) return '_local/db-updates';
  let h = 0;
  for (const ch of [...branches].sort().join(',')) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return `_local/db-updates-${(h >>> 0).toString(36)}`;
}

/** Reads `_db_updates` since `since`; null when the server has no such feed. */
async function readFeed(couch: CouchClient, since: string): Promise<FeedPage | null> {
  const path = `_db_updates?feed=normal&since=${enc(since)}`;
  let res = await couch.request('GET', path, undefined, [400, 404, 500, 501]);
  if (res.status === 404) {
    // CouchDB 3 records database updates only once `_global_changes` exists (a cluster's setup creates it).
    await couch.request('PUT', '_global_changes', undefined, [412]);
    res = await couch.request('GET', path, undefined, [400, 404, 500, 501]);
  }
  return res.status === 200 ? (res.json as FeedPage) : null;
}

/**
 * The long-running exchange's passes. The first pass reads everything
 * (like `exchangeOnce`) after noting where CouchDB's `_db_updates` feed
 * stands; later passes read only the databases the feed names. A server
 * without the feed is scanned every pass.
 */
export function createExchange(options: ExchangeOptions): { pass(): Promise<ExchangeReport> } {
  let feed: boolean | null = null;
  let ensured = false;
  return {
    async pass() {
      const { couch, count } = countingClient(options);
      if (!ensured) { await ensureExchangeDb(couch); ensured = true; }
      const cpId = feedCheckpointId(options.branches);
      const cp = feed === false ? null : await readCheckpoint(couch, EXCHANGE_DB, cpId);
      let page: FeedPage | null = null;
      if (feed !== false) {
        page = await readFeed(couch, cp && cp.since !== 0 ? String(cp.since) : 'now');
        feed = page !== null;
      }
      const report = emptyReport(page ? 'db-updates' : 'scan');
      // No checkpoint yet: everything written before the feed's position is read once, in full.
      const changed = page && cp && cp.since !== 0
        ? branchDbs(page.results.map((r) => r.db_name), options.branches)
        : await allBranchDbs(couch, options.branches);
      await exchangeChanged(couch, changed, options, report);
      if (page && (!cp || String(cp.since) !== page.last_seq)) await saveCheckpoint(couch, EXCHANGE_DB, cpId, page.last_seq, cp?.rev);
      count(report);
      return report;
    },
  };
}

/**
 * Keep exchanging: a pass every `intervalMs` after the last one ended (the
 * server being away is logged once and retried next time, never fatal).
 */
export function startPointsExchange(options: ExchangeOptions & { intervalMs?: number; log?: (line: string) => void; onPass?: (report: ExchangeReport) => void }): { stop(): Promise<void> } {
  const interval = options.intervalMs ?? 2000;
  const log = options.log ?? ((line: string) => console.log(line));
  const exchange = createExchange(options);
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<void> = Promise.resolve();
  let lastError = '';
  const pass = async () => {
    try {
      const r = await exchange.pass();
      lastError = '';
      options.onPass?.(r);
      if (r.copied > 0 || r.refused.length > 0) log(`points exchange: ${r.copied} ${r.copied === 1 ? 'line' : 'lines'} copied between branches${r.refused.length ? `, ${r.refused.length} refused: ${r.refused.slice(0, 3).map((x) => `${x.branchId} ${x.id} ${x.reason}`).join('; ')}` : ''}`);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (message !== lastError) log(`points exchange: ${message} (retrying)`);
      lastError = message;
    }
  };
  const loop = () => {
    if (stopped) return;
    running = pass().finally(() => { if (!stopped) timer = setTimeout(loop, interval); });
  };
  timer = setTimeout(loop, 0);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
