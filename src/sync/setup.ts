/**
 * Setting a tablet up for sync: the branch's credentials are entered once
 * (the settings form, or the setup link `npm start` prints, whose fragment
 * never reaches a server) and kept in the local database, never in the
 * bundle or localStorage.
 */
import { branchUser, isServerSafeBranchId } from '../data/replicated';
import { checkCredentials } from './check-credentials';
import type { SyncSetup } from '../data/sync-store';
import type { FetchLike } from './transport';

export interface SetupInput {
  branchId: string;
  password: string;
  /** Defaults to this origin's `/db/` (the reverse proxy). */
  server?: string;
}

export type SetupError = 'branchId' | 'password' | 'server' | 'network' | 'unauthorized' | 'forbidden' | 'locked' | 'notProvisioned' | 'serverError'
  /** The branch this tablet leaves still has changes waiting to upload. */
  | 'unsynced'
  /** An enrolment code (src/sync/enrol.ts) the service did not take. */
  | 'codeInvalid' | 'codeUsed' | 'codeExpired';

/** The default endpoint: the app's own origin, `/db/` (no wildcard CORS). */
export function defaultServer(origin: string): string {
  return `${origin.replace(/\/+$/, '')}/db/`;
}

export function normaliseServer(server: string): string | null {
  try {
    const u = new URL(server);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    return u.href.endsWith('/') ? u.href : `${u.href}/`;
  } catch {
    return null;
  }
}

export function setupFrom(input: SetupInput, origin: string, now: number): { ok: true; setup: SyncSetup } | { ok: false; error: SetupError } {
  const branchId = input.branchId.trim().toLowerCase();
  if (!isServerSafeBranchId(branchId)) return { ok: false, error: 'branchId' };
  if (input.password === '') return { ok: false, error: 'password' };
  const server = normaliseServer(input.server?.trim() || defaultServer(origin));
  if (!server) return { ok: false, error: 'server' };
  return { ok: true, setup: { server, branchId, user: branchUser(branchId).name, password: input.password, setUpAt: now } };
}

/**
 * `#setup=<branch>:<password>` or `#setup=<branch>:<password>@<server>`
 * (each part URI-encoded). Returns null when the fragment carries no setup.
 */
export function parseSetupFragment(hash: string): SetupInput | null {
  const link = parseLinkFragment('setup', hash);
  return link && { branchId: link.branchId, password: link.secret, ...(link.server !== undefined ? { server: link.server } : {}) };
}

/**
 * The grammar both tablet links share (`#setup=…`, `#enrol=…`):
 * `#<key>=<branch>:<secret>` or `…@<server>`, each part URI-encoded.
 */
export function parseLinkFragment(key: string, hash: string): { branchId: string; secret: string; server?: string } | null {
  const m = new RegExp(`^#?${key}=([^:]+):([^@]*)(?:@(.+))?$`).exec(hash);
  if (!m) return null;
  try {
    const link: { branchId: string; secret: string; server?: string } = { branchId: decodeURIComponent(m[1]!), secret: decodeURIComponent(m[2]!) };
    if (m[3]) link.server = decodeURIComponent(m[3]);
    return link;
  } catch {
    return null;
  }
}

export function linkFragment(key: string, branchId: string, secret: string, server?: string): string {
  const base = `#${key}=${encodeURIComponent(branchId)}:${encodeURIComponent(secret)}`;
  return server ? `${base}@${encodeURIComponent(server)}` : base;
}

export function setupFragment(input: SetupInput): string {
  return linkFragment('setup', input.branchId, input.password, input.server);
}

/** Check the credentials against the server before keeping them (see check-credentials.ts). */
export async function verifySetup(setup: SyncSetup, fetchImpl?: FetchLike): Promise<{ ok: true } | { ok: false; error: SetupError }> {
  return checkCredentials(setup, fetchImpl);
}
