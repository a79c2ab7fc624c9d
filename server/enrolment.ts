/**
 * The enrolment service: each tablet its own server user.
 *
 * A tablet of a branch used to sign in with the branch's shared password, so
 * a lost tablet could only be shut out by changing it on every tablet. Now a
 * manager creates a one-time code (single use, expires); the new tablet
 * sends it with a password it made itself, and this service, which holds
 * the server admin's credentials, creates a CouchDB user for that tablet
 * alone (`tablet-<branch>-<8 hex>`) with the branch's role, the role every
 * branch database's `_security` admits. Revoking a tablet deletes its user:
 * CouchDB refuses its next request (401) and the other tablets carry on.
 *
 * Plain HTTP in the style of the points exchange (admin-only server side,
 * CouchDB's documented API only: `_users`, `_session`, documents in one
 * admin-only database), so it runs beside pouchdb-server (`npm start`) and
 * beside CouchDB 3 (`npm run enrolment`), behind the same reverse proxy as
 * the app (`/enrol/`). The codes and the tablet list live in the database
 * `frontdesk-tablets`, whose `_security` admits server admins only:
 *
 * - `code:<sha256(branch:code)>`: a code is stored only as its hash, with its
 *   branch, expiry, who made it and, once used, by which device;
 * - `tablet:<user>`: name (editable, 前台1, 门禁), device id, enrolled,
 *   revoked, last sync and the staff member last signed in (reported by
 *   the tablet after a sync).
 *
 * A caller other than the redeeming tablet is one of the branch's own users
 * (its credentials are checked with CouchDB's `GET /_session`); the branch is
 * the one its role names. The desk shows code creation, the list and
 * revocation to managers only; on the server any enrolled tablet of the
 * branch may call them (it already holds the branch's data).
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { isServerSafeBranchId } from '../src/data/replicated';
import { couchClient, type CouchClient, type Credentials, type ServerOptions } from './provision';
import type { TabletInfo } from '../src/sync/enrol';

export const ENROL_DB = 'frontdesk-tablets';
/** Letters and digits that cannot be misread for one another (no 0/O, 1/I/L). */
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const CODE_LENGTH = 10; // 31^10 ≈ 2^49.5
export const DEFAULT_CODE_TTL_MS = 30 * 60_000;
const MIN_PASSWORD = 24;

export interface EnrolmentOptions extends ServerOptions {
  admin: Credentials;
  now?: () => number;
}

/** One tablet as the service lists it: the same wire shape the tablet reads (src/sync/enrol.ts). */
export type { TabletInfo };

type CodeDoc = { _id: string; _rev?: string; type: 'code'; branchId: string; createdAt: number; expiresAt: number; createdBy: string; usedAt: number; usedBy: string; user: string };
type TabletDoc = TabletInfo & { _id: string; _rev?: string; type: 'tablet' };

function infoOf(d: TabletDoc): TabletInfo {
  return {
    user: d.user, branchId: d.branchId, deviceId: d.deviceId, name: d.name, enrolledAt: d.enrolledAt,
    revokedAt: d.revokedAt, lastSyncAt: d.lastSyncAt, staffName: d.staffName,
  };
}

export class EnrolError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) { super(message); this.name = 'EnrolError'; }
}

export function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/[^0-9A-Z]/g, '');
}
export function codeHash(branchId: string, code: string): string {
  return createHash('sha256').update(`${branchId}:${normaliseCode(code)}`).digest('hex');
}
const enc = encodeURIComponent;
const userDocId = (user: string) => `org.couchdb.user:${user}`;

export function enrolment(options: EnrolmentOptions) {
  const couch: CouchClient = couchClient({ ...options, auth: options.admin });
  const now = options.now ?? (() => Date.now());

  async function get<T>(db: string, id: string): Promise<T | null> {
    const { status, json } = await couch.request('GET', `${enc(db)}/${enc(id)}`, undefined, [404]);
    return status === 404 ? null : (json as T);
  }
  async function put(db: string, doc: { _id: string } & object): Promise<'ok' | 'conflict'> {
    const { status } = await couch.request('PUT', `${enc(db)}/${enc(doc._id)}`, doc, [409]);
    return status === 409 ? 'conflict' : 'ok';
  }

  /** The admin-only database (idempotent). */
  async function ensure(): Promise<void> {
    const head = await couch.request('GET', enc(ENROL_DB), undefined, [404]);
    if (head.status === 404) await couch.request('PUT', enc(ENROL_DB), undefined, [412]);
    // Members limited to the admin role: nobody else may open it (an empty members list would make it public).
    await couch.request('PUT', `${enc(ENROL_DB)}/_security`, { admins: { names: [], roles: [] }, members: { names: [], roles: ['_admin'] } });
  }

  /** A new one-time code for the branch; only its hash is stored. */
  async function createCode(branchId: string, createdBy: string, ttlMs = DEFAULT_CODE_TTL_MS): Promise<{ code: string; expiresAt: number }> {
    if (!isServerSafeBranchId(branchId)) throw new EnrolError(400, 'branch', 'Not a branch id.');
    let code = '';
    for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
    const at = now();
    const doc: CodeDoc = { _id: `code:${codeHash(branchId, code)}`, type: 'code', branchId, createdAt: at, expiresAt: at + ttlMs, createdBy, usedAt: 0, usedBy: '', user: '' };
    await put(ENROL_DB, doc);
    return { code, expiresAt: doc.expiresAt };
  }

  async function passwordWorks(user: string, password: string): Promise<boolean> {
    const c = couchClient({ url: couch.base, ...(options.fetch ? { fetch: options.fetch } : {}), auth: { user, password } });
    const { status, json } = await c.request('GET', '_session', undefined, [401, 403]);
    return status === 200 && (json as { userCtx?: { name?: string } }).userCtx?.name === user;
  }

  /**
   * Turns a valid unused unexpired code into a tablet user with the branch's
   * role. Idempotent for the same device: a retry after a lost answer finds
   * the code used by this device and finishes (or confirms) the same user.
   */
  async function redeem(input: { branchId: string; code: string; deviceId: string; password: string; name?: string }): Promise<{ user: string; branchId: string }> {
    const { branchId, deviceId, password } = input;
    if (!isServerSafeBranchId(branchId)) throw new EnrolError(400, 'branch', 'Not a branch id.');
    if (typeof deviceId !== 'string' || !/^[A-Za-z0-9:_-]{1,64}$/.test(deviceId)) throw new EnrolError(400, 'device', 'A device id is needed.');
    if (typeof password !== 'string' || password.length < MIN_PASSWORD) throw new EnrolError(400, 'password', `The tablet's password must have at least ${MIN_PASSWORD} characters.`);
    const id = `code:${codeHash(branchId, String(input.code ?? ''))}`;
    const doc = await get<CodeDoc>(ENROL_DB, id);
    if (!doc || doc.branchId !== branchId) throw new EnrolError(403, 'invalid', 'This code is not valid for this branch.');
    let user = doc.user;
    if (doc.usedAt) {
      if (doc.usedBy !== deviceId) throw new EnrolError(410, 'used', 'This code has already been used.');
    } else {
      if (now() >= doc.expiresAt) throw new EnrolError(410, 'expired', 'This code has expired.');
      user = `tablet-${branchId}-${randomBytes(4).toString('hex')}`;
      // Claim the code first: of two tablets racing with it, one gets a conflict.
      const claimed: CodeDoc = { ...doc, usedAt: now(), usedBy: deviceId, user };
      if (await put(ENROL_DB, claimed) === 'conflict') {
        throw new EnrolError(410, 'used', 'This code has already been used.');
      }
    }
    const existing = await get<{ _rev: string }>('_users', userDocId(user));
    if (existing) {
      if (!(await passwordWorks(user, password))) throw new EnrolError(410, 'used', 'This code has already been used.');
    } else {
      const tablet = await get<TabletDoc>(ENROL_DB, `tablet:${user}`);
      if (tablet?.revokedAt) throw new EnrolError(410, 'used', 'This code has already been used.');
      await couch.request('PUT', `_users/${enc(userDocId(user))}`, { _id: userDocId(user), name: user, type: 'user', roles: [`branch-${branchId}`], password });
    }
    if (!(await get<TabletDoc>(ENROL_DB, `tablet:${user}`))) {
      const name = typeof input.name === 'string' ? input.name.trim().slice(0, 32) : '';
      const tablet: TabletDoc = { _id: `tablet:${user}`, type: 'tablet', user, branchId, deviceId, name, enrolledAt: now(), revokedAt: 0, lastSyncAt: 0, staffName: '' };
      await put(ENROL_DB, tablet);
    }
    return { user, branchId };
  }

  /** Who is calling: a user of one branch (CouchDB checks the password). */
  async function caller(auth: string | undefined): Promise<{ user: string; branchId: string }> {
    if (!auth) throw new EnrolError(401, 'unauthorized', 'Sign in as a tablet of the branch.');
    const res = await (options.fetch ?? fetch)(`${couch.base}_session`, { headers: { Authorization: auth, Accept: 'application/json' } });
    const json = (await res.json().catch(() => ({}))) as { userCtx?: { name?: string | null; roles?: string[] } };
    const name = json.userCtx?.name;
    const role = (json.userCtx?.roles ?? []).find((r) => r.startsWith('branch-'));
    if (!res.ok || !name || !role) throw new EnrolError(401, 'unauthorized', 'These credentials are not a tablet of a branch.');
    return { user: name, branchId: role.slice('branch-'.length) };
  }

  async function listTablets(branchId: string): Promise<TabletInfo[]> {
    const { json } = await couch.request('GET', `${enc(ENROL_DB)}/_all_docs?include_docs=true&startkey=${enc('"tablet:"')}&endkey=${enc('"tablet:\ufff0"')}`);
    return (json as { rows: { doc: TabletDoc }[] }).rows.map((r) => r.doc).filter((d) => d.branchId === branchId)
      .map(infoOf)
      .sort((a, b) => a.enrolledAt - b.enrolledAt || a.user.localeCompare(b.user));
  }

  async function tabletOf(branchId: string, user: string): Promise<TabletDoc> {
    const doc = await get<TabletDoc>(ENROL_DB, `tablet:${user}`);
    if (!doc || doc.branchId !== branchId) throw new EnrolError(404, 'unknown', 'No such tablet in this branch.');
    return doc;
  }

  async function updateTablet(branchId: string, user: string, change: (d: TabletDoc) => TabletDoc): Promise<TabletInfo> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const next = change(await tabletOf(branchId, user));
      if (await put(ENROL_DB, next) === 'ok') return infoOf(next);
    }
    throw new EnrolError(409, 'busy', 'The tablet list is changing; try again.');
  }

  /** The tablet's user is deleted: CouchDB refuses its next request. Idempotent. */
  async function revoke(branchId: string, user: string): Promise<TabletInfo> {
    await tabletOf(branchId, user);
    const existing = await get<{ _rev: string }>('_users', userDocId(user));
    if (existing) await couch.request('DELETE', `_users/${enc(userDocId(user))}?rev=${enc(existing._rev)}`, undefined, [404, 409]);
    return updateTablet(branchId, user, (d) => ({ ...d, revokedAt: d.revokedAt || now() }));
  }

  return {
    ensure, createCode, redeem, caller, listTablets, revoke,
    rename: (branchId: string, user: string, name: string) => updateTablet(branchId, user, (d) => ({ ...d, name: name.trim().slice(0, 32) })),
    seen: (branchId: string, user: string, staffName: string) => updateTablet(branchId, user, (d) => ({ ...d, lastSyncAt: now(), staffName: staffName.slice(0, 32) })),
  };
}

export type Enrolment = ReturnType<typeof enrolment>;

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 16_384) throw new EnrolError(413, 'too-large', 'Request too large.');
    chunks.push(chunk as Buffer);
  }
  if (chunks.length === 0) return {};
  try {
    const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    throw new EnrolError(400, 'json', 'The request is not JSON.');
  }
}

/** Routes, relative to the service's root (the reverse proxy strips `/enrol`). */
export async function handle(service: Enrolment, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const send = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  };
  try {
    const path = new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/enrol(?=\/|$)/, '').replace(/\/+$/, '') || '/';
    const method = req.method ?? 'GET';
    if (method === 'POST' && path === '/redeem') {
      const b = await readJson(req);
      return send(200, await service.redeem({ branchId: String(b.branchId ?? ''), code: String(b.code ?? ''), deviceId: String(b.deviceId ?? ''), password: String(b.password ?? ''), ...(typeof b.name === 'string' ? { name: b.name } : {}) }));
    }
    const who = await service.caller(req.headers.authorization);
    if (method === 'POST' && path === '/codes') return send(201, await service.createCode(who.branchId, who.user));
    if (method === 'GET' && path === '/tablets') return send(200, { self: who.user, tablets: await service.listTablets(who.branchId) });
    if (method === 'POST' && path === '/seen') {
      const b = await readJson(req);
      return send(200, await service.seen(who.branchId, who.user, String(b.staffName ?? '')));
    }
    const m = /^\/tablets\/([^/]+)(\/revoke)?$/.exec(path);
    if (m) {
      const target = decodeURIComponent(m[1]!);
      if (method === 'POST' && m[2]) {
        if (target === who.user) throw new EnrolError(400, 'self', 'A tablet cannot revoke itself.');
        return send(200, await service.revoke(who.branchId, target));
      }
      if (method === 'PUT' && !m[2]) {
        const b = await readJson(req);
        return send(200, await service.rename(who.branchId, target, String(b.name ?? '')));
      }
    }
    send(404, { error: 'not_found', reason: 'No such enrolment endpoint.' });
  } catch (e) {
    if (e instanceof EnrolError) return send(e.status, { error: e.code, reason: e.message });
    send(502, { error: 'server', reason: e instanceof Error ? e.message : String(e) });
  }
}

/** Serves the enrolment API on loopback (or `host`); resolves with its URL. */
export async function startEnrolmentService(options: EnrolmentOptions & { port?: number; host?: string }): Promise<{ url: string; service: Enrolment; stop(): Promise<void> }> {
  const service = enrolment(options);
  await service.ensure();
  const server = createServer((req, res) => void handle(service, req, res));
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}/`,
    service,
    stop: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
