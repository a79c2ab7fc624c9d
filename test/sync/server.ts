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
