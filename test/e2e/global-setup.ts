/**
 * Once for the end-to-end run: a production build in dist/ (service worker
 * and all), served by `vite preview` on a free loopback port, and beside it
 * an embedded sync server (pouchdb-server, LevelDB in a temp dir, a random
 * admin password) with the demo branch provisioned and loaded; the preview
 * proxies `/db` to it, as `npm start` and a production reverse proxy do.
 * Tests read the addresses with `inject('baseUrl')` and `inject('sync')`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { preview, type ProxyOptions } from 'vite';
import { DIST, ROOT, viteBuild } from './build';
import { startSyncServer } from '../../server/supervise.mjs';
import { provisionDemo } from '../../server/demo';

export interface E2eSyncContext {
  /** The sync server's own address, without a trailing slash (the browser goes through `/db/`). */
  couchUrl: string;
  adminUser: string;
  adminPassword: string;
  branchId: string;
  branchPassword: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    sync: E2eSyncContext;
  }
}

/** The same shape as vite.config.ts's dbProxy(), for a preview started without the config file. */
function dbProxy(target: string): Record<string, ProxyOptions> {
  return {
    '/db': {
      target,
      changeOrigin: true,
      rewrite: (p) => p.replace(/^\/db/, '') || '/',
      proxyTimeout: 60_000,
      timeout: 60_000,
    },
  };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  viteBuild(DIST, 'e2e-1');

  const dataDir = mkdtempSync(path.join(tmpdir(), 'frontdesk-e2e-sync-'));
  const adminUser = 'admin';
  const adminPassword = randomBytes(18).toString('base64url');
  const branchPassword = randomBytes(12).toString('base64url');
  const sync = await startSyncServer({ dataDir, port: 0, adminUser, adminPassword, restart: true, log: () => {} });
  const couchUrl = sync.url.replace(/\/$/, '');
  const dispose = async () => {
    await sync.stop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  };

  let server: Awaited<ReturnType<typeof preview>>;
  try {
    const report = await provisionDemo({ url: sync.url, admin: { user: adminUser, password: adminPassword }, branchPassword, now: Date.now() });
    server = await preview({
      root: ROOT,
      configFile: false,
      logLevel: 'warn',
      build: { outDir: DIST },
      preview: { port: 0, host: '127.0.0.1', proxy: dbProxy(couchUrl) },
    });
    const url = server.resolvedUrls?.local[0];
    if (!url) throw new Error('vite preview did not report its address');
    project.provide('baseUrl', url);
    project.provide('sync', { couchUrl, adminUser, adminPassword, branchId: report.branchId, branchPassword });
  } catch (err) {
    await dispose();
    throw err;
  }
  return async () => {
    await new Promise<void>((done) => server.httpServer.close(() => done()));
    await dispose();
  };
}
