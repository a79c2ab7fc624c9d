/**
 * Once for the end-to-end run: a production build in dist/ (service worker
 * and all), served by `vite preview` on a free loopback port, and beside it
 * an embedded sync server (pouchdb-server, LevelDB in a temp dir, a random
 * admin password) with the demo branch provisioned and loaded; the preview
 * proxies `/db` to it, as `npm start` and a production reverse proxy do.
 * With FRONTDESK_TEST_COUCH_URL (test/sync/server.ts) the external server
 * takes the embedded one's place, with a branch id of this run's own.
 * Beside them the chain directory (server/chain-directory-http.ts), proxied
 * as `/chain` like `/db`, a pass of its followers every 300 ms, following
 * only the two branches of test/e2e/chain.test.ts (provisioned by that
 * file; their ids are this run's own).
 * Tests read the addresses with `inject('baseUrl')` and `inject('sync')`.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { preview, type ProxyOptions } from 'vite';
import { DIST, ROOT, viteBuild } from './build';
import { startSyncServer } from '../../server/supervise.mjs';
import { provisionDemo } from '../../server/demo';
import { SECURITY_HEADERS } from '../../server/security-headers.mjs';
import { startChainDirectory } from '../../server/chain-directory-http';
import { checkExternalCouch, COUCH_URL_ENV, externalCouch } from '../sync/server';

export interface E2eSyncContext {
  /** The sync server's own address, without a trailing slash (the browser goes through `/db/`). */
  couchUrl: string;
  adminUser: string;
  adminPassword: string;
  branchId: string;
  branchPassword: string;
  /** Two more branches for the chain test (not provisioned here): X holds a member Y does not. */
  chainBranches: { x: string; y: string };
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    sync: E2eSyncContext;
  }
}

/** The same shape as vite.config.ts's dbProxy(), for a preview started without the config file. */
function dbProxy(target: string, chain: string): Record<string, ProxyOptions> {
  return {
    '/chain': { target: chain, changeOrigin: true },
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
  // scripts/e2e-repeat.mjs builds once and repeats a file: E2E_REUSE_DIST=1 keeps that build.
  if (!(process.env.E2E_REUSE_DIST === '1' && existsSync(path.join(DIST, 'index.html')))) viteBuild(DIST, 'e2e-1');

  const branchPassword = randomBytes(12).toString('base64url');
  const external = externalCouch();
  let adminUser = 'admin';
  let adminPassword = randomBytes(18).toString('base64url');
  let couchUrl: string;
  let dispose: () => Promise<void>;
  // On a shared external server every run gets a branch of its own.
  let branchId: string | undefined;
  if (external) {
    const server = await checkExternalCouch(external);
    console.log(`e2e project: against ${server} at ${external.url} (${COUCH_URL_ENV})`);
    ({ adminUser, adminPassword } = external);
    couchUrl = external.url.replace(/\/$/, '');
    branchId = `e2e-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
    dispose = async () => {};
  } else {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'frontdesk-e2e-sync-'));
    const sync = await startSyncServer({ dataDir, port: 0, adminUser, adminPassword, restart: true, log: () => {} });
    couchUrl = sync.url.replace(/\/$/, '');
    dispose = async () => {
      await sync.stop().catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    };
  }

  let server: Awaited<ReturnType<typeof preview>>;
  let chain: Awaited<ReturnType<typeof startChainDirectory>> | undefined;
  const run = randomBytes(3).toString('hex');
  const chainBranches = { x: `e2e-chx-${run}`, y: `e2e-chy-${run}` };
  try {
    const report = await provisionDemo({
      url: `${couchUrl}/`, admin: { user: adminUser, password: adminPassword }, branchPassword, now: Date.now(), ...(branchId ? { branchId } : {}),
    });
    // Only the chain test's two branches (until that file provisions them, a pass finds nothing to read):
    // the demo branch's 2,000 members would cost every other file a directory to build, and on a shared
    // external server other runs' branches are not this run's business.
    chain = await startChainDirectory({
      url: `${couchUrl}/`, admin: { user: adminUser, password: adminPassword }, branches: [chainBranches.x, chainBranches.y],
      intervalMs: 300, log: (line) => console.log(`[e2e ${line}]`),
    });
    server = await preview({
      root: ROOT,
      configFile: false,
      logLevel: 'warn',
      build: { outDir: DIST },
      // Every e2e test runs under the production headers (the CSP included); test/e2e/csp.test.ts
      // also has Chromium report every violation.
      preview: { port: 0, host: '127.0.0.1', proxy: dbProxy(couchUrl, chain.url), headers: { ...SECURITY_HEADERS } },
    });
    const url = server.resolvedUrls?.local[0];
    if (!url) throw new Error('vite preview did not report its address');
    project.provide('baseUrl', url);
    project.provide('sync', { couchUrl, adminUser, adminPassword, branchId: report.branchId, branchPassword, chainBranches });
  } catch (err) {
    await chain?.stop().catch(() => undefined);
    await dispose();
    throw err;
  }
  return async () => {
    await new Promise<void>((done) => server.httpServer.close(() => done()));
    await chain?.stop().catch(() => undefined);
    await dispose();
  };
}
