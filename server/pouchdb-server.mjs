#!/usr/bin/env node
/**
 * The embedded sync server for development, tests and the demo: PouchDB
 * Server (express-pouchdb over LevelDB) on loopback, speaking enough of the
 * CouchDB HTTP API for replication, `_users`, `_security`, `_session` and
 * `validate_doc_update`.
 *
 *   node server/pouchdb-server.mjs --port 0 --dir .data/sync \
 *     [--host 127.0.0.1] [--admin-user admin] [--admin-password secret]
 *
 * (or FRONTDESK_SYNC_ADMIN_USER / FRONTDESK_SYNC_ADMIN_PASSWORD in the
 * environment). Prints one JSON line `{"ready":true,"port":N}` on stdout
 * once it listens; everything else goes to stderr and to `<dir>/log.txt`.
 *
 * Never an admin party: the server admin is written to `<dir>/config.json`
 * (the file behind `/_config`, section `admins`, hashed) before the first
 * request is accepted, and a server without an admin refuses to start.
 *
 * A guard after pouchdb-server's own authentication makes authorisation
 * behave like CouchDB 3 where PouchDB Server is lax or fragile:
 * - anonymous requests are refused (401) except `GET /`, `/_session`,
 *   `/_utils` and CORS preflights (CouchDB with `require_valid_user`);
 * - only server admins create or delete databases and use `/_users`,
 *   `/_all_dbs`, `/_config`… (PouchDB Server hangs or, worse, wedges its
 *   database lock on some of these when a non-admin asks);
 * - a database whose `_security` has no members is for server admins only
 *   (CouchDB 3's default), and a non-member gets 403 on every request to a
 *   database (PouchDB Server answered `_bulk_docs` with 201 and per-row errors).
 */
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { pbkdf2Sync, timingSafeEqual } from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', short: 'p', default: process.env.FRONTDESK_SYNC_PORT ?? '5984' },
    host: { type: 'string', short: 'o', default: '127.0.0.1' },
    dir: { type: 'string', short: 'd' },
    'admin-user': { type: 'string', default: process.env.FRONTDESK_SYNC_ADMIN_USER ?? 'admin' },
    'admin-password': { type: 'string', default: process.env.FRONTDESK_SYNC_ADMIN_PASSWORD },
    'log-level': { type: 'string', default: 'warning' },
  },
  strict: true,
});

function fail(message) {
  process.stderr.write(`pouchdb-server: ${message}\n`);
  process.exit(2);
}

if (!args.dir) fail('--dir <data directory> is required');
const port = Number(args.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`bad --port ${args.port}`);
const dataDir = path.resolve(args.dir);
mkdirSync(dataDir, { recursive: true });

const express = require('express');
const dbLock = patchDbLock();
const expressPouchDB = require('express-pouchdb');
const cors = require('pouchdb-server/lib/cors.js');
const PouchDB = require('pouchdb-core')
  .plugin(require('pouchdb-adapter-http'))
  .plugin(require('pouchdb-replication'))
  .plugin(require('pouchdb-mapreduce'))
  .plugin(require('pouchdb-adapter-leveldb'));

/**
 * express-pouchdb opens and deletes databases through one promise chain,
 * and a single rejected step (a refused or failed DELETE) rejects every
 * later step: from then on no database can be opened. Same functions,
 * but a failure stays with its own request. Installed before
 * express-pouchdb is loaded, as its modules copy the functions at load.
 */
function patchDbLock() {
  const mod = require('express-pouchdb/lib/create-or-delete-dbs.js');
  let chain = Promise.resolve();
  function sequentially(fun) {
    const result = chain.then(fun);
    chain = result.catch(() => {});
    return result;
  }
  function cacheOf(PouchDB) {
    if (!PouchDB.__dbCacheMap) PouchDB.__dbCacheMap = new Map();
    return PouchDB.__dbCacheMap;
  }
  mod.getOrCreateDB = (PouchDB, dbName) => sequentially(() => {
    const cache = cacheOf(PouchDB);
    let db = cache.get(dbName);
    if (!db) {
      db = new PouchDB(dbName);
      cache.set(dbName, db);
    }
    return db;
  });
  mod.deleteDB = (PouchDB, dbName, opts) => sequentially(() => {
    const cache = cacheOf(PouchDB);
    const db = cache.get(dbName);
    if (!db) return PouchDB.destroy(dbName, opts);
    cache.delete(dbName);
    return db.destroy(opts);
  });
  return mod;
}

// Config and log live in the data directory, never in the cwd.
const pouchApp = expressPouchDB({
  configPath: path.join(dataDir, 'config.json'),
  logPath: path.join(dataDir, 'log.txt'),
  mode: 'fullCouchDB',
});
const config = pouchApp.couchConfig;
const logger = pouchApp.couchLogger;

/** CouchConfig.set with a promise; it saves the file (hashing admin passwords) before resolving. */
function setConfig(section, key, value) {
  if (config.get(section, key) === value) return Promise.resolve();
  return new Promise((resolve, reject) => config.set(section, key, value, (err) => (err ? reject(err) : resolve())));
}

/** Does `password` match the `-pbkdf2-<key>,<salt>,<iterations>` hash pouchdb-auth stores? */
function adminPasswordMatches(stored, password) {
  const m = /^-pbkdf2-([\da-f]+),([\da-f]+),(\d+)$/.exec(String(stored ?? ''));
  if (!m) return false;
  const expected = Buffer.from(m[1], 'hex');
  const actual = pbkdf2Sync(password, m[2], Number(m[3]), expected.length, 'sha1');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

async function configure() {
  await setConfig('log', 'level', args['log-level']);
  await setConfig('couchdb', 'database_dir', dataDir);
  // The PWA (another origin in development) talks to this server with credentials.
  await setConfig('httpd', 'enable_cors', true);
  await setConfig('cors', 'credentials', true);
  await setConfig('cors', 'origins', '*');
  await setConfig('cors', 'methods', 'GET, HEAD, POST, PUT, DELETE, COPY, OPTIONS');
  await setConfig('cors', 'headers', 'Accept, Accept-Language, Content-Language, Content-Type, Authorization, Origin, Referer, X-Requested-With');

  const user = args['admin-user'];
  const password = args['admin-password'];
  const stored = config.get('admins', user);
  if (password) {
    if (!adminPasswordMatches(stored, password)) await setConfig('admins', user, password);
  } else if (!stored) {
    fail(`no server admin: give --admin-password (or FRONTDESK_SYNC_ADMIN_PASSWORD) on the first start; ${dataDir} has none for ${JSON.stringify(user)}`);
  }
  const admins = config.getSection('admins');
  if (Object.keys(admins).length === 0) fail('refusing to run as an admin party');
}

function logError(where, err) {
  const text = err && err.stack ? err.stack : String(err);
  process.stderr.write(`pouchdb-server: ${where}: ${text}\n`);
  try { logger.error(`${where}: ${text}`); } catch { /* the log is best effort */ }
}

// A bad request must not take the whole server down (for example
// `_changes?filter=_selector` throws inside PouchDB, outside any callback).
process.on('uncaughtException', (err) => logError('uncaught exception', err));
process.on('unhandledRejection', (err) => logError('unhandled rejection', err));

await configure();
await pouchApp.setPouchDB(PouchDB.defaults({ prefix: dataDir + path.sep }));

const app = express();
app.disable('x-powered-by');
app.use(cors(config));

app.use((req, res, next) => {
  res.on('finish', () => {
    if (res.statusCode >= 500) logger.error(`${req.method} ${req.originalUrl} → ${res.statusCode}`);
  });
  next();
});
installGuard();
app.use(pouchApp);
// Express knows an error handler by its four parameters.
// eslint-disable-next-line @typescript-eslint/no-unused-vars
app.use((err, req, res, _next) => {
  logError(`${req.method} ${req.originalUrl}`, err);
  if (res.headersSent) { res.end(); return; }
  res.status(500).json({ error: 'unknown_error', reason: String(err && err.message ? err.message : err) });
});

/** The CouchDB 3 style authorisation described at the top, run right after pouchdb-server's authentication. */
function installGuard() {
  const stack = pouchApp._router && pouchApp._router.stack;
  const cookieLayer = stack ? stack.findIndex((layer) => layer.name === 'cookieParser') : -1;
  const authLayer = cookieLayer >= 0 ? stack[cookieLayer + 1] : undefined;
  if (!authLayer || !String(authLayer.handle).includes('buildCookieSession')) {
    fail('cannot find express-pouchdb\'s authentication middleware (an unexpected express-pouchdb version?)');
  }
  pouchApp.use(guard);
  const guardLayer = stack.pop();
  stack.splice(cookieLayer + 2, 0, guardLayer);
}

const OPEN_PATHS = new Set(['', '_session', '_utils', 'favicon.ico']);

// No WWW-Authenticate on 401 (as CouchDB): browsers would pop up a login dialog over the PWA.
function deny(res, status, error, reason) {
  res.status(status).json({ error, reason });
}

async function readSecurity(PouchDB, dbName) {
  const db = await dbLock.getOrCreateDB(PouchDB, dbName);
  try {
    const doc = await db.get('_local/_security');
    return doc.security || {};
  } catch {
    return {};
  }
}

function guard(req, res, next) {
  const userCtx = (req.couchSession && req.couchSession.userCtx) || { name: null, roles: [] };
  const roles = Array.isArray(userCtx.roles) ? userCtx.roles : [];
  if (roles.includes('_admin') || req.method === 'OPTIONS') return next();
  const segments = req.path.split('/').filter(Boolean);
  let first = '';
  try { first = decodeURIComponent(segments[0] ?? ''); } catch { return deny(res, 400, 'bad_request', 'Malformed path.'); }
  if (OPEN_PATHS.has(first)) return next();
  if (!userCtx.name) return deny(res, 401, 'unauthorized', 'Authentication required.');
  if (first === '_uuids') return next();
  if (first.startsWith('_')) return deny(res, 403, 'forbidden', `Only server admins may use /${first}.`);
  if (segments.length === 1 && (req.method === 'PUT' || req.method === 'DELETE')) {
    return deny(res, 401, 'unauthorized', 'You are not a server admin.');
  }
  req.PouchDB.allDbs().then(async (dbs) => {
    if (!dbs.includes(first)) return next(); // express-pouchdb answers 404
    const security = await readSecurity(req.PouchDB, first);
    const members = security.members || {};
    const admins = security.admins || {};
    const inSection = (section) => (Array.isArray(section.names) && section.names.includes(userCtx.name))
      || (Array.isArray(section.roles) && section.roles.some((r) => roles.includes(r)));
    const hasMembers = (members.names && members.names.length) || (members.roles && members.roles.length);
    if (inSection(admins) || (hasMembers && inSection(members))) return next();
    deny(res, 403, 'forbidden', 'You are not allowed to access this db.');
  }).catch(next);
}

const server = app.listen(port, args.host, () => {
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  logger.info(`frontdesk pouchdb-server listening on http://${args.host}:${actualPort}/ (data in ${dataDir})`);
  process.stdout.write(JSON.stringify({ ready: true, port: actualPort }) + '\n');
});
server.on('error', (err) => {
  logError('listen', err);
  process.exit(1);
});

function shutdown() {
  server.close(() => process.exit(0));
  // Long-poll and continuous feeds keep sockets open: do not wait for them.
  server.closeAllConnections?.();
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
