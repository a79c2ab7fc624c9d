/**
 * Sync server helpers for tests. The project's global setup starts one
 * server for the whole run (`inject('couch')`); a test that needs to crash
 * and restart a server starts its own with `startOwnSyncServer()`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSyncServer, type SyncServer } from '../../server/supervise.mjs';

export interface CouchContext {
  /** Base URL with a trailing slash. */
  url: string;
  adminUser: string;
  adminPassword: string;
  dataDir: string;
  port: number;
}

export interface OwnSyncServer extends CouchContext {
  server: SyncServer;
  admin: { user: string; password: string };
  /** Stops the server and removes its data dir. */
  dispose(): Promise<void>;
}

/**
 * The one switch: `FRONTDESK_TEST_COUCH_URL=http://admin:pw@host:port/` runs
 * the server, sync and end-to-end projects against that CouchDB 3 (or any
 * CouchDB-compatible server) instead of the embedded pouchdb-server. The
 * credentials must be a server admin's. Tests that kill and restart a server
 * (crash, supervisor) test the embedded one and are skipped by name there.
 */
export const COUCH_URL_ENV = 'FRONTDESK_TEST_COUCH_URL';

/** The external server named by FRONTDESK_TEST_COUCH_URL, or null (then the embedded one is used). */
export function externalCouch(env: Record<string, string | undefined> = process.env): CouchContext | null {
  const raw = env[COUCH_URL_ENV]?.trim();
  if (!raw) return null;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new Error(`${COUCH_URL_ENV} is not a URL: ${raw.replace(/\/\/[^@/]*@/, '//…@')}`);
  }
  if (!u.username || !u.password) throw new Error(`${COUCH_URL_ENV} must carry a server admin, e.g. http://admin:password@127.0.0.1:5984/`);
  const adminUser = decodeURIComponent(u.username);
  const adminPassword = decodeURIComponent(u.password);
  u.username = '';
  u.password = '';
  const url = u.href.endsWith('/') ? u.href : `${u.href}/`;
  const port = Number(u.port || (u.protocol === 'https:' ? 443 : 80));
  return { url, adminUser, adminPassword, dataDir: '', port };
}

/** True when the run uses an external server (tests of the embedded server's own process skip by name). */
export const usingExternalCouch = (): boolean => externalCouch() !== null;

/** Fails the run at once, in plain words, when the external server is down or the admin is wrong. */
export async function checkExternalCouch(couch: CouchContext): Promise<string> {
  const auth = `Basic ${Buffer.from(`${couch.adminUser}:${couch.adminPassword}`).toString('base64')}`;
  let res: Response;
  try {
    res = await fetch(`${couch.url}_session`, { headers: { Authorization: auth, Accept: 'application/json' }, signal: AbortSignal.timeout(10_000) });
  } catch (err) {
    throw new Error(`${COUCH_URL_ENV}: cannot reach ${couch.url} (${err instanceof Error ? err.message : String(err)})`);
  }
  const body = (await res.json().catch(() => ({}))) as { userCtx?: { roles?: string[] } };
  if (!res.ok || !body.userCtx?.roles?.includes('_admin')) {
    throw new Error(`${COUCH_URL_ENV}: ${couch.adminUser} is not a server admin of ${couch.url} (HTTP ${res.status})`);
  }
  const info = (await (await fetch(couch.url, { headers: { Authorization: auth } })).json()) as { couchdb?: string; version?: string; vendor?: { name?: string } };
  return `${info.vendor?.name ?? info.couchdb ?? 'server'} ${info.version ?? ''}`.trim();
}

export function randomPassword(): string {
  return randomBytes(18).toString('base64url');
}

let counter = 0;
/** A branch id nobody else in this run uses (the server is shared by all test files). */
export function uniqueBranchId(prefix = 't'): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${process.pid.toString(36)}-${counter}`.toLowerCase().slice(0, 31);
}

/** A pouchdb-server of one's own, on a free port, with a fresh data dir (for kill/restart tests). */
export async function startOwnSyncServer(options: { restart?: boolean; quiet?: boolean } = {}): Promise<OwnSyncServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'frontdesk-sync-'));
  const adminUser = 'admin';
  const adminPassword = randomPassword();
  const server = await startSyncServer({
    dataDir, port: 0, adminUser, adminPassword, restart: options.restart ?? false,
    ...(options.quiet ? { log: () => {} } : {}),
  });
  return {
    server,
    get url() { return server.url; },
    get port() { return server.port; },
    adminUser,
    adminPassword,
    dataDir,
    admin: { user: adminUser, password: adminPassword },
    async dispose() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
