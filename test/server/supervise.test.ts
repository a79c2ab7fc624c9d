/**
 * The server process itself: persistence across a crash, restart on the
 * same port, automatic restart, files kept in the data dir, robustness to
 * a bad request, refusing to start as an admin party.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSyncServer } from '../../server/supervise.mjs';
import { startOwnSyncServer, usingExternalCouch, type OwnSyncServer } from '../sync/server';
import { httpClient } from './http';

const owned: OwnSyncServer[] = [];
afterEach(async () => {
  while (owned.length) await owned.pop()?.dispose();
});
async function own(options: { restart?: boolean } = {}): Promise<OwnSyncServer> {
  const s = await startOwnSyncServer({ ...options, quiet: true });
  owned.push(s);
  return s;
}
async function waitFor(check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('timed out');
}

// The embedded server's own process: against an external server
// (FRONTDESK_TEST_COUCH_URL) these are skipped, and say so by their name.
describe.skipIf(usingExternalCouch())('startSyncServer (embedded pouchdb-server only)', () => {
  it('keeps data across a SIGKILL and restarts on the same port', async () => {
    const s = await own();
    const http = httpClient(s.url);
    expect((await http('PUT', 'crashdb', { auth: s.admin })).status).toBe(201);
    expect((await http('PUT', 'crashdb/doc', { auth: s.admin, body: { n: 1 } })).status).toBe(201);
    const port = s.port;
    const pid = s.server.pid();

    await s.server.kill('SIGKILL');
    await expect(fetch(s.url)).rejects.toThrow();
    await s.server.restart();
    expect(s.port).toBe(port);
    expect(s.server.pid()).not.toBe(pid);
    expect((await http('GET', 'crashdb/doc', { auth: s.admin })).json).toMatchObject({ n: 1 });
    // Still no admin party after the restart.
    expect((await http('GET', 'crashdb')).status).toBe(401);
  });

  it('restarts by itself after an unexpected death when asked to', async () => {
    const s = await own({ restart: true });
    const http = httpClient(s.url);
    const pid = s.server.pid();
    process.kill(pid ?? 0, 'SIGKILL');
    await waitFor(async () => s.server.pid() !== pid && (await http('GET', '_session')).status === 200);
    expect((await http('GET', '', { auth: s.admin })).status).toBe(200);
  });

  it('does not restart after kill() or stop()', async () => {
    const s = await own({ restart: true });
    await s.server.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 1000));
    await expect(fetch(s.url)).rejects.toThrow();
  });

  it('keeps its config and log in the data dir', async () => {
    const s = await own();
    const files = readdirSync(s.dataDir);
    expect(files).toEqual(expect.arrayContaining(['config.json', 'log.txt', '_users']));
    const config = JSON.parse(readFileSync(path.join(s.dataDir, 'config.json'), 'utf8')) as { admins: Record<string, string> };
    expect(config.admins[s.adminUser]).toMatch(/^-pbkdf2-/);
    expect(JSON.stringify(config)).not.toContain(s.adminPassword);
    expect(existsSync(path.join(process.cwd(), 'config.json'))).toBe(false);
    expect(existsSync(path.join(process.cwd(), 'log.txt'))).toBe(false);
  });

  it('survives requests PouchDB Server chokes on', async () => {
    const s = await own();
    const http = httpClient(s.url);
    await http('PUT', 'db', { auth: s.admin });
    await http('PUT', 'db/a', { auth: s.admin, body: { a: 1 } });
    await http('GET', 'db/_changes?filter=_selector', { auth: s.admin });
    await http('POST', 'db/_changes?filter=_selector', { auth: s.admin, body: { selector: { a: 1 } } });
    await http('GET', 'db/_changes?filter=nope/nope&feed=longpoll&timeout=100', { auth: s.admin });
    // A refused database deletion used to wedge every later database open.
    const user = { user: 'someone', password: 'pw' };
    await http('PUT', `_users/org.couchdb.user:${user.user}`, { auth: s.admin, body: { name: user.user, type: 'user', roles: [], password: user.password } });
    expect((await http('DELETE', 'db', { auth: user })).status).toBe(401);
    expect((await http('PUT', 'db2', { auth: user })).status).toBe(401);
    expect((await http('PUT', 'db3', { auth: s.admin })).status).toBe(201);
    expect((await http('GET', 'db/a', { auth: s.admin })).json).toMatchObject({ a: 1 });
  });

  it('refuses to start without an admin (no admin party)', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'frontdesk-sync-'));
    try {
      await expect(startSyncServer({ dataDir, port: 0, log: () => {} })).rejects.toThrow(/no server admin/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
