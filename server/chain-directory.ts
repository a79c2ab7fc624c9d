/**
 * The chain directory: a member of any branch at any desk.
 *
 * A branch's tablets hold only their branch's members, and a branch user can
 * read only its own branch's databases. A guest who is a member at another
 * branch is found here instead:
 *
 * - **The directory** is one admin-only database, `frontdesk-chain-members`
 *   (its `_security` admits the `_admin` role only, so no branch user can
 *   open, list or query it). It holds one small entry per member, kept
 *   current from every branch's members database by a `_changes` follower
 *   (`followOnce`, a checkpoint per branch in a `_local` document; on
 *   CouchDB a pass reads only the databases `_db_updates` names, so idle
 *   branches cost nothing, see db-updates.ts): the
 *   member number, home branch, the branches holding the member, tier, the
 *   name and phone already masked (张*, 138****5678), and the lookup keys:
 *   card number, phone, ID number and member number, each only as an
 *   HMAC-SHA-256 under a key kept in the directory (`_local/chain-key`), so
 *   the directory holds no card, phone or ID number in the clear. A view
 *   indexes the keys.
 * - **Lookup** (`GET /chain/lookup?q=…`): a branch's tablet, signed in with
 *   its own sync credentials (checked with CouchDB's `GET /_session`; the
 *   branch is the one its role names), asks for one exact key. Names, last
 *   four digits and prefixes are refused (400), so the directory cannot be
 *   listed through it, and each user gets at most `lookupsPerMinute` answers
 *   a minute (429 after). The answer is the masked entry, never the record.
 * - **Bring in** (`POST /chain/bring-in`): the service, as the server admin,
 *   copies the member's document and every ledger line from a branch holding
 *   the member (the home branch first) into the asking branch's databases,
 *   written only where missing (as `loadDocs` does), so running it twice
 *   changes nothing. The tablet's replication pulls them; from then on the
 *   desk works with the member offline, and the points exchange carries the
 *   member's new lines between the branches holding them. Ledger lines keep
 *   their ids and their original `branchId` (they are copies, which the
 *   exchange never copies on). A second sweep of the ledger follows a few
 *   seconds later, for a line written at the source while the exchange had
 *   not yet seen the member in the asking branch.
 * - **Ahead of arrivals** (`prefetchOnce`): a follower of each branch's
 *   reservations brings in the member of every expected booking (arriving
 *   today or later) whom the branch does not hold, so the member is on the
 *   branch's tablets before they walk in, offline or not.
 *
 * Plain CouchDB HTTP (`_all_dbs`, `_changes`, `_all_docs`, `_bulk_docs`,
 * views, `_local`, `_session`), so it runs against the embedded
 * pouchdb-server (`npm start`) and Apache CouchDB 3 alike.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { isServerSafeBranchId, serverDbName } from '../src/data/replicated';
import { classifySearch } from '../src/domain/search-query';
import { maskName } from '../src/domain/privacy';
import { maskPhone } from '../src/domain/phone';
import type { ChainMember } from '../src/sync/chain';
import { dbUpdatesFollower } from './db-updates';
import { couchClient, readChainBranches, type ChainBranchEntry, type CouchClient, type Credentials, type ServerOptions } from './provision';

export const CHAIN_DB = 'frontdesk-chain-members';
const KEY_DOC = '_local/chain-key';
const LOOKUP_DESIGN = '_design/lookup';
const LEDGER_DESIGN = '_design/chain';
const MEMBERS_DB = /^fd-([a-z][a-z0-9-]{0,30})-members$/;
const RESERVATIONS_DB = /^fd-([a-z][a-z0-9-]{0,30})-reservations$/;
/** The search kinds the chain answers: exact keys only. */
export const CHAIN_KINDS = ['cardNo', 'memberNo', 'idNumber', 'phone'] as const;
type ChainKind = (typeof CHAIN_KINDS)[number];

export interface ChainDirectoryOptions extends ServerOptions {
  admin: Credentials;
  now?: () => number;
  /** Documents read per `_changes` request. */
  batch?: number;
  /** Answers per user per minute (default 60). */
  lookupsPerMinute?: number;
  /** Follow these branches only (default: every branch on the server). */
  branches?: readonly string[];
}

export class ChainError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) { super(message); this.name = 'ChainError'; }
}

/** One entry of the directory (admin-only). */
export interface DirectoryEntry {
  _id: string;
  _rev?: string;
  type: 'member';
  memberId: string;
  homeBranchId: string;
  /** Branches whose members database holds the member. */
  held: string[];
  maskedName: string;
  maskedPhone: string;
  tier: string;
  /** HMAC-SHA-256 of `<kind>:<value>` for card, phone, ID number and member number. */
  keys: string[];
  /** The member document's `updatedAt` the display fields come from. */
  updatedAt: number;
}

type Doc = Record<string, unknown> & { _id: string; _rev?: string; _deleted?: boolean };
type ChangesPage = { results: { id: string; doc?: Doc; deleted?: boolean }[]; last_seq: string | number };
const enc = encodeURIComponent;
const entryId = (memberId: string) => `member:${memberId}`;
const withoutRev = (d: Doc): Doc => Object.fromEntries(Object.entries(d).filter(([k]) => k !== '_rev')) as Doc;

const LOOKUP_VIEW = {
  _id: LOOKUP_DESIGN,
  language: 'javascript',
  views: { byKey: { map: "function (doc) { if (doc.type === 'member' && doc.keys) { for (var i = 0; i < doc.keys.length; i++) emit(doc.keys[i], null); } }" } },
};
const LEDGER_VIEW = {
  _id: LEDGER_DESIGN,
  language: 'javascript',
  views: { byMember: { map: 'function (doc) { if (typeof doc.memberId === "string" && doc.memberId) emit(doc.memberId, null); }' } },
};

/** The lookup keys of a member, as `<kind>:<normalised value>` before hashing. */
export function memberKeys(m: { id?: unknown; cardNo?: unknown; phone?: unknown; idNumber?: unknown }): string[] {
  const out: string[] = [];
  const add = (kind: ChainKind, value: unknown) => {
    if (typeof value !== 'string' || !value) return;
    const q = classifySearch(value);
    if (q.kind === kind) out.push(`${kind}:${q.value}`);
  };
  add('memberNo', m.id);
  add('cardNo', m.cardNo);
  add('phone', m.phone);
  add('idNumber', m.idNumber);
  return out;
}

/** A search's key, or null when the search is not one the chain answers (a name, last four digits…). */
export function queryKey(raw: string): string | null {
  const q = classifySearch(raw);
  return (CHAIN_KINDS as readonly string[]).includes(q.kind) ? `${q.kind}:${q.value}` : null;
}

export function chainDirectory(options: ChainDirectoryOptions) {
  const couch: CouchClient = couchClient({ ...options, auth: options.admin });
  const now = options.now ?? (() => Date.now());
  const batch = options.batch ?? 500;
  const perMinute = options.lookupsPerMinute ?? 60;
  let secret: string | null = null;
  const ledgerViews = new Set<string>();
  /** Branch id → its name (from the branch's own `branches` document), for the lookup's answer; kept an hour. */
  const branchNames = new Map<string, { name: string | null; at: number }>();
  async function branchName(branchId: string): Promise<string | null> {
    const known = branchNames.get(branchId);
    if (known && now() - known.at < 3_600_000) return known.name;
    const { status, json } = await couch.request('GET', `${enc(serverDbName(branchId, 'branches'))}/${enc(branchId)}`, undefined, [404]);
    // A branch not on this server (or without a name there) is named by the chain's branch list.
    const name = status === 200 && typeof (json as { name?: unknown }).name === 'string'
      ? (json as { name: string }).name
      : (await branchList().catch(() => [])).find((b) => b.id === branchId)?.name ?? null;
    branchNames.set(branchId, { name, at: now() });
    return name;
  }
  /** The chain's branch list (head office's master data), read at most once a minute. */
  let listed: { branches: ChainBranchEntry[]; at: number } | null = null;
  async function branchList(): Promise<ChainBranchEntry[]> {
    if (listed && now() - listed.at < 60_000) return listed.branches;
    listed = { branches: await readChainBranches(couch), at: now() };
    return listed.branches;
  }
  /** What any branch's tablet may read of the list: every branch's id, name and city (nothing else is in it). */
  async function branches(): Promise<{ branches: ChainBranchEntry[] }> {
    return { branches: await branchList() };
  }
  const asked = new Map<string, number[]>();
  const updates = dbUpdatesFollower(couch, CHAIN_DB, 'db-updates');

  async function get<T>(db: string, id: string): Promise<T | null> {
    const path = id.startsWith('_design/') || id.startsWith('_local/') ? `${enc(db)}/${id.split('/')[0]}/${enc(id.slice(id.indexOf('/') + 1))}` : `${enc(db)}/${enc(id)}`;
    const { status, json } = await couch.request('GET', path, undefined, [404]);
    return status === 404 ? null : (json as T);
  }

  async function ensureDesign(db: string, design: { _id: string; views: unknown }): Promise<void> {
    const current = await get<{ _rev: string; views?: unknown }>(db, design._id);
    if (current && JSON.stringify(current.views) === JSON.stringify(design.views)) return;
    await couch.request('PUT', `${enc(db)}/_design/${enc(design._id.slice(8))}`, { ...design, ...(current ? { _rev: current._rev } : {}) }, [409]);
  }

  /** The admin-only directory, its view and its key (idempotent). */
  async function ensure(): Promise<void> {
    const head = await couch.request('GET', enc(CHAIN_DB), undefined, [404]);
    if (head.status === 404) await couch.request('PUT', enc(CHAIN_DB), undefined, [412]);
    // Members limited to the admin role: no branch user may open it (an empty members list would make it public).
    await couch.request('PUT', `${enc(CHAIN_DB)}/_security`, { admins: { names: [], roles: [] }, members: { names: [], roles: ['_admin'] } });
    await ensureDesign(CHAIN_DB, LOOKUP_VIEW);
    let key = await get<{ key: string }>(CHAIN_DB, KEY_DOC);
    if (!key) {
      await couch.request('PUT', `${enc(CHAIN_DB)}/${KEY_DOC}`, { key: randomBytes(32).toString('hex') }, [409]);
      key = await get<{ key: string }>(CHAIN_DB, KEY_DOC);
    }
    if (!key) throw new Error('The chain directory has no key.');
    secret = key.key;
  }

  function hash(key: string): string {
    if (!secret) throw new Error('chainDirectory: call ensure() first.');
    return createHmac('sha256', secret).update(key).digest('hex');
  }

  /** The branches whose database matches `pattern`, among `names` (the databases a pass was told changed) or all. */
  async function branchesWith(pattern: RegExp, names?: readonly string[]): Promise<string[]> {
    const dbs = names ?? (await couch.request('GET', '_all_dbs')).json as string[];
    const found = dbs.map((d) => pattern.exec(d)?.[1]).filter((b): b is string => typeof b === 'string').sort();
    return options.branches ? found.filter((b) => options.branches!.includes(b)) : found;
  }

  async function checkpoint(name: string): Promise<{ since: string | number; rev?: string }> {
    const doc = await get<{ since?: string | number; _rev?: string }>(CHAIN_DB, `_local/${name}`);
    return { since: doc?.since ?? 0, ...(doc?._rev ? { rev: doc._rev } : {}) };
  }
  async function saveCheckpoint(name: string, since: string | number, rev?: string): Promise<string | undefined> {
    const { json } = await couch.request('PUT', `${enc(CHAIN_DB)}/_local/${enc(name)}`, { since, ...(rev ? { _rev: rev } : {}) });
    return (json as { rev?: string }).rev;
  }

  /** Reads a database's changes since the checkpoint `name`, page by page, saving it after each page is handled. */
  async function follow(db: string, name: string, handle: (docs: Doc[]) => Promise<void>): Promise<number> {
    let { since, rev } = await checkpoint(name);
    let read = 0;
    for (;;) {
      const page = (await couch.request('GET', `${enc(db)}/_changes?include_docs=true&since=${enc(String(since))}&limit=${batch}`, undefined, [404])).json as ChangesPage | null;
      if (!page || !Array.isArray(page.results)) return read;
      const docs = page.results.map((r) => r.doc).filter((d): d is Doc => !!d && !d._id.startsWith('_design/') && !d._deleted);
      read += docs.length;
      if (docs.length > 0) await handle(docs);
      if (page.results.length > 0) rev = await saveCheckpoint(name, page.last_seq, rev);
      since = page.last_seq;
      if (page.results.length < batch) return read;
    }
  }

  function entryFrom(member: Doc, branchId: string, existing: DirectoryEntry | null): DirectoryEntry {
    const held = [...new Set([...(existing?.held ?? []), branchId])].sort();
    const updatedAt = typeof member.updatedAt === 'number' ? member.updatedAt : 0;
    if (existing && existing.updatedAt > updatedAt) return { ...existing, held };
    return {
      _id: entryId(member._id),
      ...(existing?._rev ? { _rev: existing._rev } : {}),
      type: 'member',
      memberId: member._id,
      homeBranchId: typeof member.homeBranchId === 'string' && member.homeBranchId ? member.homeBranchId : branchId,
      held,
      maskedName: maskName(String(member.name ?? '')),
      maskedPhone: maskPhone(String(member.phone ?? '')),
      tier: String(member.tier ?? ''),
      keys: memberKeys({ ...member, id: member._id }).map(hash),
      updatedAt,
    };
  }

  /** Entries for these members (one branch's new versions), written with retries on a concurrent update. */
  async function upsertEntries(branchId: string, members: Doc[]): Promise<number> {
    let pending = members;
    let written = 0;
    for (let attempt = 0; attempt < 5 && pending.length > 0; attempt++) {
      const { json } = await couch.request('POST', `${enc(CHAIN_DB)}/_all_docs?include_docs=true`, { keys: pending.map((m) => entryId(m._id)) });
      const current = new Map<string, DirectoryEntry>();
      for (const row of (json as { rows: { key: string; doc?: DirectoryEntry | null }[] }).rows) if (row.doc) current.set(row.key, row.doc);
      const docs = pending.map((m) => entryFrom(m, branchId, current.get(entryId(m._id)) ?? null));
      const rows = (await couch.request('POST', `${enc(CHAIN_DB)}/_bulk_docs`, { docs })).json as { id: string; ok?: boolean; error?: string }[];
      const retry = new Set(rows.filter((r) => r.error === 'conflict').map((r) => r.id));
      written += rows.filter((r) => r.ok || (!r.error && (r as { rev?: string }).rev)).length;
      pending = pending.filter((m) => retry.has(entryId(m._id)));
    }
    return written;
  }

  /** One pass of the directory's follower: every branch's new member versions into the directory. */
  async function followOnce(changed?: readonly string[]): Promise<{ branches: number; read: number }> {
    const branches = await branchesWith(MEMBERS_DB, changed);
    let read = 0;
    for (const b of branches) {
      read += await follow(serverDbName(b, 'members'), `members-${b}`, async (docs) => { await upsertEntries(b, docs); });
    }
    return { branches: branches.length, read };
  }

  function allowLookup(user: string): boolean {
    const t = now();
    const recent = (asked.get(user) ?? []).filter((x) => t - x < 60_000);
    if (recent.length >= perMinute) { asked.set(user, recent); return false; }
    recent.push(t);
    asked.set(user, recent);
    return true;
  }

  /** An exact lookup for a branch's user: the masked entries, at most 5. */
  async function lookup(who: { user: string; branchId: string }, raw: string): Promise<{ members: ChainMember[] }> {
    const key = queryKey(raw);
    if (!key) throw new ChainError(400, 'not-exact', 'The chain answers a card number, phone, ID number or member number only.');
    if (!allowLookup(who.user)) throw new ChainError(429, 'busy', 'Too many lookups; wait a minute.');
    const { json } = await couch.request('GET', `${enc(CHAIN_DB)}/_design/lookup/_view/byKey?key=${enc(JSON.stringify(hash(key)))}&include_docs=true&limit=5`);
    const entries = (json as { rows: { doc?: DirectoryEntry }[] }).rows.map((r) => r.doc).filter((d): d is DirectoryEntry => !!d);
    const members = await Promise.all(entries.map(async (d) => {
      // The clerk reads the home branch by its name; the id when the branch has no name on the server.
      const homeBranchName = await branchName(d.homeBranchId).catch(() => null);
      return {
        memberId: d.memberId, maskedName: d.maskedName, maskedPhone: d.maskedPhone, tier: d.tier, homeBranchId: d.homeBranchId,
        ...(homeBranchName ? { homeBranchName } : {}), heldHere: d.held.includes(who.branchId),
      };
    }));
    return { members };
  }

  /** Writes documents (without `_rev`) into a database where their ids are missing; returns how many were written. */
  async function writeMissing(db: string, docs: Doc[]): Promise<number> {
    if (docs.length === 0) return 0;
    const { json } = await couch.request('POST', `${enc(db)}/_all_docs`, { keys: docs.map((d) => d._id) });
    const present = new Set((json as { rows: { key: string; id?: string; error?: string }[] }).rows.filter((r) => !r.error && r.id).map((r) => r.key));
    const missing = docs.filter((d) => !present.has(d._id));
    if (missing.length === 0) return 0;
    const rows = (await couch.request('POST', `${enc(db)}/_bulk_docs`, { docs: missing })).json as { ok?: boolean; error?: string; reason?: string; id: string }[];
    const refused = rows.filter((r) => r.error && r.error !== 'conflict' && !String(r.reason ?? '').startsWith('immutable:'));
    if (refused.length > 0) throw new Error(`${db} refused ${refused[0]!.id}: ${refused[0]!.error} ${refused[0]!.reason ?? ''}`);
    return rows.filter((r) => !r.error).length;
  }

  async function memberLedger(branchId: string, memberId: string): Promise<Doc[]> {
    const db = serverDbName(branchId, 'ledger');
    if (!ledgerViews.has(db)) { await ensureDesign(db, LEDGER_VIEW); ledgerViews.add(db); }
    const { json } = await couch.request('GET', `${enc(db)}/_design/chain/_view/byMember?key=${enc(JSON.stringify(memberId))}&include_docs=true`);
    return (json as { rows: { doc?: Doc }[] }).rows.map((r) => r.doc).filter((d): d is Doc => !!d && !d._deleted)
      .map(withoutRev);
  }

  /**
   * Copies a member and their ledger from a branch holding them into
   * `branchId`'s databases on the server (idempotent). The member document
   * goes first: from then on the points exchange counts the branch as
   * holding the member.
   */
  async function bringIn(branchId: string, memberId: string): Promise<{ memberId: string; from: string; ledgerLines: number }> {
    if (!isServerSafeBranchId(branchId)) throw new ChainError(400, 'branch', 'Not a branch id.');
    if (typeof memberId !== 'string' || !/^[A-Za-z0-9]{1,16}$/.test(memberId)) throw new ChainError(400, 'member', 'Not a member number.');
    const entry = await get<DirectoryEntry>(CHAIN_DB, entryId(memberId));
    if (!entry) throw new ChainError(404, 'unknown', 'No such member in the chain.');
    const sources = [entry.homeBranchId, ...entry.held].filter((b, i, all) => b !== branchId && entry.held.includes(b) && all.indexOf(b) === i);
    const from = sources[0];
    if (!from) return { memberId, from: branchId, ledgerLines: 0 };
    const member = await get<Doc>(serverDbName(from, 'members'), memberId);
    if (!member) throw new ChainError(404, 'unknown', 'The member is no longer at their branch.');
    await writeMissing(serverDbName(branchId, 'members'), [withoutRev(member)]);
    const lines = await memberLedger(from, memberId);
    await writeMissing(serverDbName(branchId, 'ledger'), lines);
    return { memberId, from, ledgerLines: lines.length };
  }

  /** One pass ahead of arrivals: the members of every branch's new expected bookings that the branch does not hold, brought in. */
  async function prefetchOnce(changed?: readonly string[]): Promise<{ branches: number; broughtIn: string[] }> {
    const branches = await branchesWith(RESERVATIONS_DB, changed);
    const from = new Date(now() - 86_400_000).toISOString().slice(0, 10);
    const broughtIn: string[] = [];
    for (const b of branches) {
      await follow(serverDbName(b, 'reservations'), `prefetch-${b}`, async (docs) => {
        const wanted = [...new Set(docs.filter((d) => d.status === 'expected' && typeof d.memberId === 'string' && d.memberId
          && typeof d.arrivalDate === 'string' && d.arrivalDate >= from).map((d) => d.memberId as string))];
        if (wanted.length === 0) return;
        const { json } = await couch.request('POST', `${enc(serverDbName(b, 'members'))}/_all_docs`, { keys: wanted });
        const held = new Set((json as { rows: { key: string; id?: string; error?: string }[] }).rows.filter((r) => !r.error && r.id).map((r) => r.key));
        for (const memberId of wanted.filter((m) => !held.has(m))) {
          try {
            await bringIn(b, memberId);
            broughtIn.push(`${b}:${memberId}`);
          } catch (e) {
            if (!(e instanceof ChainError && e.status === 404)) throw e; // not a chain member (yet): nothing to bring
          }
        }
      });
    }
    return { branches: branches.length, broughtIn };
  }

  /** Who is calling: a user of one branch (CouchDB checks the password). */
  async function caller(auth: string | undefined): Promise<{ user: string; branchId: string }> {
    if (!auth) throw new ChainError(401, 'unauthorized', 'Sign in as a tablet of the branch.');
    const res = await (options.fetch ?? fetch)(`${couch.base}_session`, { headers: { Authorization: auth, Accept: 'application/json' } });
    const json = (await res.json().catch(() => ({}))) as { userCtx?: { name?: string | null; roles?: string[] } };
    // The server in trouble (5xx, or its lockout's 403) is not a wrong password: the tablet may ask again later.
    if (!res.ok && res.status !== 401) throw new ChainError(502, 'server', `The sync server answered ${res.status} to the sign-in check.`);
    const name = json.userCtx?.name;
    const role = (json.userCtx?.roles ?? []).find((r) => r.startsWith('branch-'));
    if (!res.ok || !name || !role) throw new ChainError(401, 'unauthorized', 'These credentials are not a tablet of a branch.');
    return { user: name, branchId: role.slice('branch-'.length) };
  }

  /** The databases changed since the last pass that committed (CouchDB's `_db_updates`; every database on pouchdb-server). */
  const changed = () => updates.changed();

  return { ensure, changed, followOnce, prefetchOnce, lookup, bringIn, branches, caller, hash };
}

export type ChainDirectory = ReturnType<typeof chainDirectory>;
