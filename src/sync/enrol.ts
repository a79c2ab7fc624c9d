/**
 * The tablet's side of enrolment (server/enrolment.ts): each tablet signs
 * in as its own server user, made from a one-time code a manager created.
 *
 * - The enrolment link `#enrol=<branch>:<code>` (or the code typed in) is
 *   redeemed once: the tablet makes its own long random password, sends it
 *   with the code, and keeps the user the service made (in the local
 *   database, like every sync setup). The link carries no reusable secret:
 *   the code is single use and expires.
 * - A manager's tablets dialog lists the branch's tablets (name, last sync,
 *   staff last signed in), creates codes and revokes a tablet.
 * - After a sync and at each sign-in the tablet tells the service which
 *   staff member is signed in (the list's "last signed in").
 *
 * The service sits beside the sync server on the app's origin: `/enrol/`
 * next to `/db/` (the same reverse proxy).
 */
import { isServerSafeBranchId } from '../data/replicated';
import type { SyncSetup } from '../data/sync-store';
import { defaultServer, linkFragment, normaliseServer, parseLinkFragment } from './setup';
import { jsonBody, serviceCall } from './service-call';
import type { FetchLike } from './transport';

export type EnrolError = 'branchId' | 'codeInvalid' | 'codeUsed' | 'codeExpired' | 'network' | 'serverError';

export interface EnrolInput { branchId: string; code: string; server?: string }

export interface TabletInfo {
  user: string;
  branchId: string;
  deviceId: string;
  name: string;
  enrolledAt: number;
  revokedAt: number;
  lastSyncAt: number;
  staffName: string;
}

/** `#enrol=<branch>:<code>` or `#enrol=<branch>:<code>@<server>` (each part URI-encoded). */
export function parseEnrolFragment(hash: string): EnrolInput | null {
  const link = parseLinkFragment('enrol', hash);
  return link && { branchId: link.branchId, code: link.secret, ...(link.server !== undefined ? { server: link.server } : {}) };
}

export function enrolFragment(input: EnrolInput): string {
  return linkFragment('enrol', input.branchId, input.code, input.server);
}

/** The service's address beside the sync server's `/db/`. */
export function enrolBase(server: string): string {
  return new URL('../enrol/', server).href;
}


/** 32 random bytes, base64url: the tablet's own password, never shown to anyone. */
export function newTabletPassword(random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  const bytes = random(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const defaultFetch: FetchLike = (u, i) => fetch(u, i);

/** Redeem a code: the tablet's own user, or why not. */
export async function redeemCode(
  input: EnrolInput & { deviceId: string; name?: string },
  origin: string,
  now: number,
  fetchImpl: FetchLike = defaultFetch,
  password = newTabletPassword(),
): Promise<{ ok: true; setup: SyncSetup } | { ok: false; error: EnrolError }> {
  const branchId = input.branchId.trim().toLowerCase();
  if (!isServerSafeBranchId(branchId)) return { ok: false, error: 'branchId' };
  const server = normaliseServer(input.server?.trim() || defaultServer(origin));
  if (!server) return { ok: false, error: 'network' };
  let res: Response;
  try {
    res = await fetchImpl(`${enrolBase(server)}redeem`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ branchId, code: input.code, deviceId: input.deviceId, password, ...(input.name ? { name: input.name } : {}) }),
      cache: 'no-store', credentials: 'omit', signal: AbortSignal.timeout(20_000),
    });
  } catch {
    return { ok: false, error: 'network' };
  }
  const body = (await res.json().catch(() => ({}))) as { user?: string; error?: string };
  if (res.ok && typeof body.user === 'string') {
    return { ok: true, setup: { server, branchId, user: body.user, password, setUpAt: now } };
  }
  if (res.status === 410) return { ok: false, error: body.error === 'expired' ? 'codeExpired' : 'codeUsed' };
  if (res.status === 403 || res.status === 400) return { ok: false, error: 'codeInvalid' };
  return { ok: false, error: 'serverError' };
}

export type TabletsError = 'network' | 'unauthorized' | 'serverError';
type Result<T> = { ok: true; value: T } | { ok: false; error: TabletsError };

async function call<T>(setup: Pick<SyncSetup, 'server' | 'user' | 'password'>, method: string, path: string, body: unknown, fetchImpl: FetchLike): Promise<Result<T>> {
  const res = await serviceCall(`${enrolBase(setup.server)}${path}`, setup, method, body, fetchImpl);
  if (!res) return { ok: false, error: 'network' };
  if (res.status === 401) return { ok: false, error: 'unauthorized' };
  if (!res.ok) return { ok: false, error: 'serverError' };
  const json = await jsonBody<T>(res);
  return json.ok ? json : { ok: false, error: json.error === 'network' ? 'network' : 'serverError' };
}

/** The calls a signed-in tablet makes to the service (a manager's dialog, the "seen" report). */
export function tabletsApi(setup: Pick<SyncSetup, 'server' | 'user' | 'password'>, fetchImpl: FetchLike = defaultFetch) {
  return {
    list: () => call<{ self: string; tablets: TabletInfo[] }>(setup, 'GET', 'tablets', undefined, fetchImpl),
    createCode: () => call<{ code: string; expiresAt: number }>(setup, 'POST', 'codes', {}, fetchImpl),
    revoke: (user: string) => call<TabletInfo>(setup, 'POST', `tablets/${encodeURIComponent(user)}/revoke`, {}, fetchImpl),
    rename: (user: string, name: string) => call<TabletInfo>(setup, 'PUT', `tablets/${encodeURIComponent(user)}`, { name }, fetchImpl),
    seen: (staffName: string) => call<TabletInfo>(setup, 'POST', 'seen', { staffName }, fetchImpl),
  };
}

export type TabletsApi = ReturnType<typeof tabletsApi>;
