#!/usr/bin/env node
/**
 * Runs server/pouchdb-server.mjs as a child process and keeps it running.
 *
 *   import { startSyncServer } from './server/supervise.mjs';
 *   const sync = await startSyncServer({ dataDir, port: 0, adminUser, adminPassword, restart: true });
 *   sync.url            // 'http://127.0.0.1:<port>/'
 *   await sync.kill('SIGKILL'); await sync.restart();   // a crash, then the same port and data again
 *   await sync.stop();
 *
 * Or from a shell (restarts the server when it dies, Ctrl+C stops it):
 *
 *   node server/supervise.mjs --dir .data/sync --port 5984 [--admin-user admin]
 *   (admin password: --admin-password or FRONTDESK_SYNC_ADMIN_PASSWORD)
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { parseArgs } from 'node:util';

const SERVER_SCRIPT = fileURLToPath(new URL('./pouchdb-server.mjs', import.meta.url));
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;

/** Children still running, killed if this process exits without stopping them. */
const running = new Set();
let exitHookInstalled = false;
function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of running) {
      try { child.kill('SIGKILL'); } catch { /* already gone */ }
    }
  });
}

/**
 * @typedef {object} SyncServerOptions
 * @property {string} dataDir LevelDB files, config.json (admins) and log.txt go here.
 * @property {number} [port] 0 (default) for a free port; restarts reuse the port first obtained.
 * @property {string} [host] Default 127.0.0.1.
 * @property {string} [adminUser] Default 'admin'.
 * @property {string} [adminPassword] Needed on the first start of a data dir.
 * @property {boolean} [restart] Restart the server when it dies unexpectedly (default false).
 * @property {(line: string) => void} [log] Where the child's stderr and supervisor notes go (default: process.stderr).
 */

/**
 * @typedef {object} SyncServer
 * @property {string} url 'http://127.0.0.1:<port>/'
 * @property {number} port
 * @property {string} dataDir
 * @property {() => number | undefined} pid
 * @property {(signal?: NodeJS.Signals) => Promise<void>} kill Sends the signal (default SIGKILL) and waits for the exit; no automatic restart follows.
 * @property {() => Promise<void>} restart Starts the server again (stopping it first if it runs) on the same port and data dir.
 * @property {() => Promise<void>} stop SIGTERM, then SIGKILL after 5 s; no restart.
 */

/**
 * @param {SyncServerOptions} options
 * @returns {Promise<SyncServer>}
 */
export async function startSyncServer(options) {
  if (!options || !options.dataDir) throw new Error('startSyncServer: dataDir is required');
  installExitHook();
  const dataDir = path.resolve(options.dataDir);
  const host = options.host ?? '127.0.0.1';
  const adminUser = options.adminUser ?? 'admin';
  const log = options.log ?? ((line) => process.stderr.write(line.endsWith('\n') ? line : `${line}\n`));
  let port = options.port ?? 0;

  /** @type {import('node:child_process').ChildProcess | undefined} */
  let child;
  /** @type {Promise<void> | undefined} */
  let exited;
  let stopping = false;
  let recentCrashes = [];
  /** @type {NodeJS.Timeout | undefined} */
  let restartTimer;
  /** Children whose end was asked for (kill, stop, restart): no automatic restart. */
  const intended = new WeakSet();

  function spawnOnce() {
    const env = { ...process.env };
    if (options.adminPassword) env.FRONTDESK_SYNC_ADMIN_PASSWORD = options.adminPassword;
    const proc = spawn(process.execPath, [SERVER_SCRIPT, '--port', String(port), '--host', host, '--dir', dataDir, '--admin-user', adminUser], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    running.add(proc);
    exited = new Promise((resolve) => proc.once('exit', () => { running.delete(proc); resolve(); }));

    let stderrTail = '';
    proc.stderr.setEncoding('utf8');
    proc.stderr.on('data', (chunk) => {
      stderrTail = (stderrTail + chunk).slice(-4000);
      for (const line of chunk.split('\n')) if (line.trim()) log(`[sync-server] ${line}`);
    });

    return new Promise((resolve, reject) => {
      let buffered = '';
      let ready = false;
      const timer = setTimeout(() => {
        if (ready) return;
        proc.kill('SIGKILL');
        reject(new Error(`sync server did not report ready within ${READY_TIMEOUT_MS} ms\n${stderrTail}`));
      }, READY_TIMEOUT_MS);
      proc.stdout.setEncoding('utf8');
      proc.stdout.on('data', (chunk) => {
        buffered += chunk;
        let newline;
        while ((newline = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, newline).trim();
          buffered = buffered.slice(newline + 1);
          if (!line) continue;
          let message;
          try { message = JSON.parse(line); } catch { message = undefined; }
          if (!ready && message && message.ready === true && typeof message.port === 'number') {
            ready = true;
            clearTimeout(timer);
            port = message.port;
            resolve();
          } else {
            log(`[sync-server] ${line}`);
          }
        }
      });
      proc.once('exit', (code, signal) => {
        clearTimeout(timer);
        if (!ready) {
          reject(new Error(`sync server exited before it was ready (code ${code}, signal ${signal})\n${stderrTail}`));
          return;
        }
        if (proc !== child || stopping || intended.has(proc)) return;
        log(`[sync-server] exited unexpectedly (code ${code}, signal ${signal})`);
        if (options.restart) scheduleRestart();
      });
    });
  }

  function scheduleRestart() {
    const now = Date.now();
    recentCrashes = recentCrashes.filter((t) => now - t < 60_000);
    recentCrashes.push(now);
    if (recentCrashes.length > 5) {
      log('[sync-server] died 5 times within a minute; not restarting again');
      return;
    }
    const delay = 250 * 2 ** (recentCrashes.length - 1);
    clearTimeout(restartTimer);
    restartTimer = setTimeout(() => {
      restartTimer = undefined;
      if (stopping) return;
      spawnOnce().then(
        () => log(`[sync-server] restarted on port ${port}`),
        (err) => {
          log(`[sync-server] restart failed: ${err.message}`);
          if (options.restart && !stopping) scheduleRestart();
        },
      );
    }, delay);
  }

  async function terminate(signal) {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    intended.add(proc);
    proc.kill(signal);
    if (signal !== 'SIGKILL') {
      const timer = setTimeout(() => proc.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    } else {
      await exited;
    }
  }

  await spawnOnce();

  return {
    get url() { return `http://${host}:${port}/`; },
    get port() { return port; },
    dataDir,
    pid: () => child?.pid,
    async kill(signal = 'SIGKILL') {
      await terminate(signal);
    },
    async restart() {
      stopping = false;
      clearTimeout(restartTimer);
      await terminate('SIGTERM');
      await spawnOnce();
    },
    async stop() {
      stopping = true;
      clearTimeout(restartTimer);
      await terminate('SIGTERM');
    },
  };
}

// `node server/supervise.mjs ...`: run until Ctrl+C, restarting on crashes.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      dir: { type: 'string', default: '.data/sync' },
      port: { type: 'string', default: process.env.FRONTDESK_SYNC_PORT ?? '5984' },
      host: { type: 'string', default: '127.0.0.1' },
      'admin-user': { type: 'string', default: process.env.FRONTDESK_SYNC_ADMIN_USER ?? 'admin' },
      'admin-password': { type: 'string', default: process.env.FRONTDESK_SYNC_ADMIN_PASSWORD },
    },
  });
  const server = await startSyncServer({
    dataDir: values.dir,
    port: Number(values.port),
    host: values.host,
    adminUser: values['admin-user'],
    ...(values['admin-password'] ? { adminPassword: values['admin-password'] } : {}),
    restart: true,
  });
  console.log(`Sync server (pouchdb-server, data in ${server.dataDir}) → ${server.url}`);
  const shutdown = () => { server.stop().then(() => process.exit(0)); };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}
