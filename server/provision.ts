/**
 * Provisioning of a branch on a CouchDB-compatible server: its user, its
 * databases (one per replicated collection), their `_security` and their
 * `validate_doc_update`. Plain HTTP with basic auth, no PouchDB client, so
 * the same code runs against the embedded pouchdb-server and Apache
 * CouchDB 3. Every step reads first and writes only what differs, so it can
 * be run again at any time.
 */
import { COLLECTION_SCHEMAS, type CollectionName } from '../src/data/database';
import { REPLICATED, REPLICATED_NAMES, branchUser, isServerSafeBranchId, serverDbName } from '../src/data/replicated';
import { validateDocUpdateSource } from './validate';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface Credentials {
  user: string;
  password: string;
}

export interface ServerOptions {
  /** The server's base URL, e.g. `https://couch.example.com/` (a trailing slash is optional). */
  url: string;
  fetch?: FetchLike;
}

export const DESIGN_DOC_ID = '_design/frontdesk';

export class CouchError extends Error {
  constructor(
    readonly status: number,
    readonly method: string,
    readonly path: string,
    readonly body: unknown,
  ) {
    const reason = typeof body === 'object' && body !== null ? JSON.stringify(body) : String(body);
    super(`${method} ${path} → ${status} ${reason}`);
    this.name = 'CouchError';
  }
}

export function basicAuth({ user, password }: Credentials): string {
  const bytes = new TextEncoder().encode(`${user}:${password}`);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return `Basic ${btoa(binary)}`;
}

/** A small CouchDB HTTP client: JSON in, JSON out, basic auth. */
export function couchClient(options: ServerOptions & { auth?: Credentials }) {
  const base = options.url.endsWith('/') ? options.url : `${options.url}/`;
  const doFetch: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.auth) headers.Authorization = basicAuth(options.auth);

  async function request(method: string, path: string, body?: unknown, okStatuses: readonly number[] = []): Promise<{ status: number; json: unknown }> {
    const init: RequestInit = { method, headers: { ...headers } };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      (init.headers as Record<string, string>)['Content-Type'] = 'application/json';
    }
    const response = await doFetch(base + path, init);
    const text = await response.text();
    let json: unknown = text;
    try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
    if (!response.ok && !okStatuses.includes(response.status)) throw new CouchError(response.status, method, path, json);
    return { status: response.status, json };
  }
  return { base, request };
}

export type CouchClient = ReturnType<typeof couchClient>;

const enc = encodeURIComponent;
const docPath = (db: string, id: string) => `${enc(db)}/${id.startsWith('_design/') ? `_design/${enc(id.slice(8))}` : enc(id)}`;

export type StepResult = 'created' | 'updated' | 'unchanged';

export interface DatabaseReport {
  collection: CollectionName;
  db: string;
  database: 'created' | 'unchanged';
  security: StepResult;
  design: StepResult;
}

export interface ProvisionReport {
  branchId: string;
  user: { name: string; role: string; result: StepResult | 'none' };
  databases: DatabaseReport[];
}

export interface ProvisionOptions extends ServerOptions {
  admin: Credentials;
  branchId: string;
  /** Required when the branch user does not exist yet; when given on a re-run, the user ends up with this password. */
  branchPassword?: string;
  /**
   * Create the branch's shared user (`branch-<branch>`, one password for all
   * its tablets; default true). False for a branch whose tablets each enrol
   * with a one-time code (server/enrolment.ts): only the role is needed.
   */
  sharedUser?: boolean;
  /** Shards of each new branch database on a CouchDB 3 cluster (default 1; pouchdb-server ignores it). */
  q?: number;
}

/** The `_security` object of every branch database: members are the branch role; admins are the server admins only. */
export function branchSecurity(branchId: string) {
  return { admins: { names: [] as string[], roles: [] as string[] }, members: { names: [] as string[], roles: [branchUser(branchId).role] } };
}

/** The design document of one branch database. */
export function designDocFor(branchId: string, collection: CollectionName) {
  return {
    _id: DESIGN_DOC_ID,
    language: 'javascript',
    validate_doc_update: validateDocUpdateSource({
      branchId,
      collection,
      schema: COLLECTION_SCHEMAS[collection] as unknown as Parameters<typeof validateDocUpdateSource>[0]['schema'],
      immutable: REPLICATED[collection].immutable,
    }),
  };
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
  }
  return value;
}

/** Does the server accept these credentials? (GET /_session with basic auth.) */
export async function canSignIn(options: ServerOptions & { auth: Credentials }): Promise<boolean> {
  const { request } = couchClient(options);
  const { status, json } = await request('GET', '_session', undefined, [401, 403]);
  if (status !== 200) return false;
  const name = (json as { userCtx?: { name?: string | null } } | null)?.userCtx?.name;
  return name === options.auth.user;
}

/**
 * `q` is the number of shards of a new database on a CouchDB 3 cluster
 * (pouchdb-server ignores it). A branch database is small: one shard
 * (q=1) instead of the server's default (2 on CouchDB 3.4) halves the
 * shard files, open handles and indexers a branch costs (docs/production.md).
 */
async function ensureDatabase(client: CouchClient, db: string, q?: number): Promise<'created' | 'unchanged'> {
  const head = await client.request('GET', enc(db), undefined, [404]);
  if (head.status === 200) return 'unchanged';
  // 412: created meanwhile by someone else.
  const put = await client.request('PUT', q ? `${enc(db)}?q=${q}` : enc(db), undefined, [412]);
  return put.status === 412 ? 'unchanged' : 'created';
}

async function ensureUser(client: CouchClient, options: ProvisionOptions): Promise<StepResult> {
  const { name, role } = branchUser(options.branchId);
  await ensureDatabase(client, '_users');
  const id = `org.couchdb.user:${name}`;
  const existing = await client.request('GET', docPath('_users', id), undefined, [404]);
  if (existing.status === 404) {
    if (!options.branchPassword) throw new Error(`The branch user ${name} does not exist yet: a branch password is needed to create it.`);
    await client.request('PUT', docPath('_users', id), { _id: id, name, type: 'user', roles: [role], password: options.branchPassword });
    return 'created';
  }
  const doc = existing.json as { _rev: string; name?: string; type?: string; roles?: string[] } & Record<string, unknown>;
  const roles = Array.isArray(doc.roles) ? doc.roles : [];
  const rolesOk = roles.includes(role);
  const shapeOk = doc.type === 'user' && doc.name === name;
  const passwordOk = !options.branchPassword
    || await canSignIn({ url: client.base, ...(options.fetch ? { fetch: options.fetch } : {}), auth: { user: name, password: options.branchPassword } });
  if (rolesOk && shapeOk && passwordOk) return 'unchanged';
  const updated: Record<string, unknown> = { ...doc, name, type: 'user', roles: rolesOk ? roles : [...roles, role] };
  if (!passwordOk && options.branchPassword) updated.password = options.branchPassword;
  await client.request('PUT', docPath('_users', id), updated);
  return 'updated';
}

/**
 * 'created' when the database is new (this run made it), whatever default
 * the server gave it: pouchdb-server an empty object, CouchDB 3 an
 * admin-only one. 'updated' only replaces a security object someone set.
 */
async function ensureSecurity(client: CouchClient, db: string, security: unknown, newDatabase: boolean): Promise<StepResult> {
  const current = await client.request('GET', `${enc(db)}/_security`);
  if (sameJson(current.json ?? {}, security)) return 'unchanged';
  const empty = !current.json || Object.keys(current.json as object).length === 0;
  await client.request('PUT', `${enc(db)}/_security`, security);
  return empty || newDatabase ? 'created' : 'updated';
}

async function ensureDesignDoc(client: CouchClient, db: string, design: { _id: string } & Record<string, unknown>): Promise<StepResult> {
  const current = await client.request('GET', docPath(db, design._id), undefined, [404]);
  if (current.status === 404) {
    await client.request('PUT', docPath(db, design._id), design);
    return 'created';
  }
  const doc = current.json as { _rev: string } & Record<string, unknown>;
  const { _rev, ...rest } = doc;
  if (sameJson(rest, design)) return 'unchanged';
  await client.request('PUT', docPath(db, design._id), { ...design, _rev });
  return 'updated';
}

/**
 * Creates or brings up to date everything a branch needs on the server.
 * Idempotent: a second run with the same input writes nothing and reports
 * every step `unchanged`.
 */
export async function provisionBranch(options: ProvisionOptions): Promise<ProvisionReport> {
  if (!isServerSafeBranchId(options.branchId)) throw new Error(`Branch id ${JSON.stringify(options.branchId)} is not usable on the server.`);
  const client = couchClient({ url: options.url, auth: options.admin, ...(options.fetch ? { fetch: options.fetch } : {}) });
  const { name, role } = branchUser(options.branchId);
  const userResult = options.sharedUser === false ? 'none' : await ensureUser(client, options);
  const security = branchSecurity(options.branchId);
  const databases: DatabaseReport[] = [];
  for (const collection of REPLICATED_NAMES) {
    const db = serverDbName(options.branchId, collection);
    const database = await ensureDatabase(client, db, options.q ?? 1);
    const securityResult = await ensureSecurity(client, db, security, database === 'created');
    const design = await ensureDesignDoc(client, db, designDocFor(options.branchId, collection));
    databases.push({ collection, db, database, security: securityResult, design });
  }
  return { branchId: options.branchId, user: { name, role, result: userResult }, databases };
}

export interface DeleteBranchOptions extends ServerOptions {
  admin: Credentials;
  branchId: string;
  /** Also delete the branch user (default true). */
  deleteUser?: boolean;
}

/** Deletes a branch's databases (and user). Missing pieces are fine. */
export async function deleteBranch(options: DeleteBranchOptions): Promise<{ deletedDbs: string[]; userDeleted: boolean }> {
  const client = couchClient({ url: options.url, auth: options.admin, ...(options.fetch ? { fetch: options.fetch } : {}) });
  const deletedDbs: string[] = [];
  for (const collection of REPLICATED_NAMES) {
    const db = serverDbName(options.branchId, collection);
    // (PouchDB Server answers 200 to deleting a database that is not there.)
    if ((await client.request('GET', enc(db), undefined, [404])).status === 404) continue;
    const res = await client.request('DELETE', enc(db), undefined, [404]);
    if (res.status !== 404) deletedDbs.push(db);
  }
  let userDeleted = false;
  if (options.deleteUser ?? true) {
    const id = `org.couchdb.user:${branchUser(options.branchId).name}`;
    const existing = await client.request('GET', docPath('_users', id), undefined, [404]);
    if (existing.status === 200) {
      const rev = (existing.json as { _rev: string })._rev;
      await client.request('DELETE', `${docPath('_users', id)}?rev=${enc(rev)}`);
      userDeleted = true;
    }
  }
  return { deletedDbs, userDeleted };
}

export interface LoadDocsOptions extends ServerOptions {
  auth: Credentials;
  branchId: string;
  collection: CollectionName;
  /** Documents as RxDB holds them (primary key `id`). */
  docs: ReadonlyArray<Record<string, unknown>>;
  batchSize?: number;
}

export interface LoadDocsReport {
  db: string;
  written: number;
  /** Already on the server (including deleted ones, which are not brought back). */
  skipped: number;
  /** Refused by the server (validate_doc_update, conflicts). */
  rejected: Array<{ id: string; error: string; reason: string }>;
}

/** An RxDB document as CouchDB stores it: `id` → `_id`; RxDB's own underscore fields dropped. */
export function toCouchDoc(doc: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc)) {
    if (key === 'id' || key.startsWith('_')) continue;
    out[key] = value;
  }
  if (typeof doc.id !== 'string' || !doc.id) throw new Error(`A document without an id: ${JSON.stringify(doc).slice(0, 200)}`);
  return { _id: doc.id, ...out };
}

/**
 * Writes documents to a branch database with `_bulk_docs`, in batches;
 * documents whose id is already on the server are left alone, so loading
 * the same documents again writes nothing.
 */
export async function loadDocs(options: LoadDocsOptions): Promise<LoadDocsReport> {
  const client = couchClient({ url: options.url, auth: options.auth, ...(options.fetch ? { fetch: options.fetch } : {}) });
  const db = serverDbName(options.branchId, options.collection);
  const batchSize = Math.max(1, options.batchSize ?? 500);
  const report: LoadDocsReport = { db, written: 0, skipped: 0, rejected: [] };
  for (let start = 0; start < options.docs.length; start += batchSize) {
    const batch = options.docs.slice(start, start + batchSize).map(toCouchDoc);
    const keys = batch.map((d) => d._id as string);
    const existing = await client.request('POST', `${enc(db)}/_all_docs`, { keys });
    const present = new Set<string>();
    for (const row of (existing.json as { rows: Array<{ key: string; id?: string; error?: string }> }).rows) {
      if (!row.error && row.id) present.add(row.key);
    }
    const missing = batch.filter((d) => !present.has(d._id as string));
    report.skipped += batch.length - missing.length;
    if (missing.length === 0) continue;
    const written = await client.request('POST', `${enc(db)}/_bulk_docs`, { docs: missing });
    for (const row of written.json as Array<{ id: string; ok?: boolean; error?: string; reason?: string }>) {
      if (row.ok || (!row.error && (row as { rev?: string }).rev)) report.written += 1;
      else report.rejected.push({ id: row.id, error: row.error ?? 'unknown', reason: row.reason ?? '' });
    }
  }
  return report;
}

/** The chain's list of its branches (head office's master data: id, name, city), admin-only on the server. */
export const CHAIN_BRANCHES_DB = 'frontdesk-chain-branches';

/** A branch as the chain lists it: what a desk needs to name a branch it is not. */
export interface ChainBranchEntry {
  id: string;
  name: string;
  nameEn?: string;
  city: string;
}

/** Checks one entry of the chain's branch list; the message says what is wrong. */
export function chainBranchProblem(b: Partial<ChainBranchEntry>): string | null {
  if (typeof b.id !== 'string' || !isServerSafeBranchId(b.id)) return `branch id ${JSON.stringify(b.id)}: a lower-case letter, then letters, digits and '-', at most 31`;
  if (typeof b.name !== 'string' || !b.name.trim() || b.name.length > 60) return `branch ${b.id}: a name of 1–60 characters`;
  if (b.nameEn !== undefined && (typeof b.nameEn !== 'string' || b.nameEn.length > 80)) return `branch ${b.id}: an English name of at most 80 characters`;
  if (typeof b.city !== 'string' || b.city.length > 40) return `branch ${b.id}: a city of at most 40 characters`;
  return null;
}

/**
 * Writes branches into the chain's branch list (creating the admin-only
 * database when missing): an entry that differs is replaced, an equal one
 * left alone. Refuses the whole list, writing nothing, if one entry is bad.
 */
export async function registerChainBranches(options: ServerOptions & {
  admin: Credentials;
  branches: readonly ChainBranchEntry[];
  /** Add the branches the list does not have, leave the others as head office wrote them (the demo's loader). */
  onlyMissing?: boolean;
}): Promise<{ written: number; unchanged: number }> {
  const seen = new Set<string>();
  for (const b of options.branches) {
    const problem = chainBranchProblem(b) ?? (seen.has(b.id) ? `branch ${b.id} is listed twice` : null);
    if (problem) throw new Error(`Chain branch list: ${problem}. Nothing was written.`);
    seen.add(b.id);
  }
  const client = couchClient({ url: options.url, auth: options.admin, ...(options.fetch ? { fetch: options.fetch } : {}) });
  const created = (await ensureDatabase(client, CHAIN_BRANCHES_DB)) === 'created';
  await ensureSecurity(client, CHAIN_BRANCHES_DB, { admins: { names: [], roles: [] }, members: { names: [], roles: ['_admin'] } }, created);
  if (options.branches.length === 0) return { written: 0, unchanged: 0 };
  const { json } = await client.request('POST', `${enc(CHAIN_BRANCHES_DB)}/_all_docs?include_docs=true`, { keys: options.branches.map((b) => b.id) });
  const current = new Map<string, Record<string, unknown>>();
  for (const row of (json as { rows: { key: string; doc?: Record<string, unknown> | null }[] }).rows) if (row.doc) current.set(row.key, row.doc);
  const docs: Record<string, unknown>[] = [];
  for (const b of options.branches) {
    const want = { _id: b.id, name: b.name, ...(b.nameEn ? { nameEn: b.nameEn } : {}), city: b.city };
    const have = current.get(b.id);
    if (have && options.onlyMissing) continue;
    if (have) {
      const { _rev, ...rest } = have;
      if (sameJson(rest, want)) continue;
      docs.push({ ...want, _rev });
    } else docs.push(want);
  }
  if (docs.length > 0) {
    const rows = (await client.request('POST', `${enc(CHAIN_BRANCHES_DB)}/_bulk_docs`, { docs })).json as { id: string; error?: string; reason?: string }[];
    const failed = rows.filter((r) => r.error);
    if (failed.length > 0) throw new Error(`Chain branch list: ${failed.length} not written (${failed[0]!.id}: ${failed[0]!.error} ${failed[0]!.reason ?? ''}); run again.`);
  }
  return { written: docs.length, unchanged: options.branches.length - docs.length };
}

/** The chain's branch list as the server holds it (empty when nothing was registered). */
export async function readChainBranches(client: CouchClient): Promise<ChainBranchEntry[]> {
  const { status, json } = await client.request('GET', `${enc(CHAIN_BRANCHES_DB)}/_all_docs?include_docs=true`, undefined, [404]);
  if (status === 404) return [];
  const out: ChainBranchEntry[] = [];
  for (const row of (json as { rows: { id: string; doc?: Record<string, unknown> }[] }).rows) {
    const d = row.doc;
    if (!d || row.id.startsWith('_design/')) continue;
    const entry = { id: row.id, name: String(d.name ?? ''), ...(typeof d.nameEn === 'string' ? { nameEn: d.nameEn } : {}), city: String(d.city ?? '') };
    if (!chainBranchProblem(entry)) out.push(entry);
  }
  return out;
}
