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
 * Plain CouchDB HTTP with basic auth (`_all_dbs`, `_changes`, `_all_docs`,
 * `_bulk_docs`, `_local`), so it runs unchanged against Apache CouchDB 3:
 * `npm run points-exchange` (scripts/points-exchange.mjs); `npm start` runs
 * it beside the embedded server.
 */
import { refusedAsWrittenOnce, serverDbName } from '../src/data/replicated';
import { couchClient, type CouchClient, type Credentials, type ServerOptions } from './provision';

export const EXCHANGE_CHECKPOINT_ID = '_local/points-exchange';
const LEDGER_DB = /^fd-([a-z][a-z0-9-]{0,30})-ledger$/;

export interface ExchangeOptions extends ServerOptions {
  admin: Credentials;
  /** Lines read per `_changes` request. */
  batch?: number;
  /** Exchange among these branches only (default: every branch on the server). */
  branches?: readonly string[];
}

export interface ExchangeReport {
  branches: number;
  /** Original lines read since the last pass. */
  read: number;
  /** Copies written. */
  copied: number;
  /** Copies the receiving branch already held. */
  alreadyThere: number;
  /** Copies a branch's server refused (should not happen: reported, never retried forever). */
  refused: { branchId: string; id: string; reason: string }[];
}

type Doc = Record<string, unknown> & { _id: string; _rev?: string; _deleted?: boolean; branchId?: unknown; memberId?: unknown };
type ChangesPage = { results: { id: string; doc?: Doc; deleted?: boolean }[]; last_seq: string | number };
type BulkRow = { id: string; ok?: boolean; error?: string; reason?: string };

const enc = encodeURIComponent;

/** The branches with a ledger database on the server. */
async function exchangeBranches(couch: CouchClient): Promise<string[]> {
  const dbs = (await couch.request('GET', '_all_dbs')).json as string[];
  return dbs.map((d) => LEDGER_DB.exec(d)?.[1]).filter((b): b is string => typeof b === 'string').sort();
}

async function memberIds(couch: CouchClient, branchId: string): Promise<Set<string>> {
  const { status, json } = await couch.request('GET', `${enc(serverDbName(branchId, 'members'))}/_all_docs`, undefined, [404]);
  if (status === 404) return new Set();
  return new Set((json as { rows: { id: string }[] }).rows.map((r) => r.id).filter((id) => !id.startsWith('_design/')));
}

async function readCheckpoint(couch: CouchClient, db: string): Promise<{ since: string | number; rev?: string }> {
  const { status, json } = await couch.request('GET', `${enc(db)}/${EXCHANGE_CHECKPOINT_ID}`, undefined, [404]);
  if (status === 404) return { since: 0 };
  const doc = json as { since?: string | number; _rev?: string };
  return { since: doc.since ?? 0, ...(doc._rev ? { rev: doc._rev } : {}) };
}

async function saveCheckpoint(couch: CouchClient, db: string, since: string | number, rev?: string): Promise<string | undefined> {
  const { json } = await couch.request('PUT', `${enc(db)}/${EXCHANGE_CHECKPOINT_ID}`, { since, ...(rev ? { _rev: rev } : {}) });
  return (json as { rev?: string }).rev;
}

const alreadyHeld = (row: BulkRow) => row.error === 'conflict' || refusedAsWrittenOnce(row);

/** One pass: every branch's new original lines copied to the other branches holding their members. */
export async function exchangeOnce(options: ExchangeOptions): Promise<ExchangeReport> {
  const couch = couchClient({ ...options, auth: options.admin });
  const batch = options.batch ?? 500;
  const onServer = await exchangeBranches(couch);
  const branches = options.branches ? onServer.filter((b) => options.branches!.includes(b)) : onServer;
  const report: ExchangeReport = { branches: branches.length, read: 0, copied: 0, alreadyThere: 0, refused: [] };
  if (branches.length < 2) return report;
  const members = new Map<string, Set<string>>();
  for (const b of branches) members.set(b, await memberIds(couch, b));

  for (const from of branches) {
    const db = serverDbName(from, 'ledger');
    let { since, rev } = await readCheckpoint(couch, db);
    for (;;) {
      const page = (await couch.request('GET', `${enc(db)}/_changes?include_docs=true&since=${enc(String(since))}&limit=${batch}`)).json as ChangesPage;
      const originals = page.results
        .map((r) => r.doc)
        .filter((d): d is Doc => !!d && !d._id.startsWith('_design/') && !d._deleted && d.branchId === from && typeof d.memberId === 'string');
      report.read += originals.length;
      for (const to of branches) {
        if (to === from) continue;
        const held = members.get(to)!;
        const docs = originals.filter((d) => held.has(d.memberId as string)).map(({ _rev, ...rest }) => rest);
        if (docs.length === 0) continue;
        const rows = (await couch.request('POST', `${enc(serverDbName(to, 'ledger'))}/_bulk_docs`, { docs })).json as BulkRow[];
        for (const row of rows) {
          if (row.ok) report.copied += 1;
          else if (alreadyHeld(row)) report.alreadyThere += 1;
          else report.refused.push({ branchId: to, id: row.id, reason: `${row.error ?? 'error'}: ${row.reason ?? ''}` });
        }
      }
      // Only after every copy of this page is written: a crash re-reads it (copies are idempotent).
      if (page.results.length > 0) rev = await saveCheckpoint(couch, db, page.last_seq, rev);
      since = page.last_seq;
      if (page.results.length < batch) break;
    }
  }
  return report;
}

/**
 * Keep exchanging: a pass every `intervalMs` after the last one ended (the
 * server being away is logged once and retried next time, never fatal).
 */
export function startPointsExchange(options: ExchangeOptions & { intervalMs?: number; log?: (line: string) => void }): { stop(): Promise<void> } {
  const interval = options.intervalMs ?? 2000;
  const log = options.log ?? ((line: string) => console.log(line));
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<void> = Promise.resolve();
  let lastError = '';
  const pass = async () => {
    try {
      const r = await exchangeOnce(options);
      lastError = '';
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
