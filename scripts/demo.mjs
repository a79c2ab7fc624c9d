#!/usr/bin/env node
/**
 * `npm run demo -- --url http://admin:password@host:5984/`: loads the demo
 * branch into an external CouchDB 3 (or any CouchDB-compatible server), the
 * one `npm start` loads into its embedded server: provisions the branch
 * (user, databases, security, validators) and loads the demo data once.
 * Safe to run again: an existing branch is left as it is, and its password
 * stays unless --branch-password gives a new one.
 *
 *   npm run demo -- --url http://admin:pw@127.0.0.1:5984/ [--branch gz-beijinglu]
 *     [--branch-password pw] [--app-url http://127.0.0.1:5173/]
 *
 * The admin may also come from --admin-user/--admin-password or
 * FRONTDESK_ADMIN_USER/FRONTDESK_ADMIN_PASSWORD (then --url carries none).
 * Prints the branch user and the setup link for the app at --app-url, whose
 * `/db/` must reach this server (see README "Trying the desk against your
 * own CouchDB").
 */
import { randomBytes } from 'node:crypto';
import { parseCli, serverModules } from './server-cli.mjs';

const USAGE = `Usage: npm run demo -- --url http://admin:password@host:5984/ [--branch <id>] [--branch-password <pw>] [--app-url <url>]
Environment: FRONTDESK_COUCH_URL, FRONTDESK_ADMIN_USER, FRONTDESK_ADMIN_PASSWORD, FRONTDESK_BRANCH_PASSWORD`;

const values = parseCli({
  usage: USAGE,
  options: {
    branch: { type: 'string' },
    'branch-password': { type: 'string', default: process.env.FRONTDESK_BRANCH_PASSWORD },
    'app-url': { type: 'string', default: 'http://127.0.0.1:5173/' },
  },
  required: ['url'],
});

// Credentials in the URL are split off: Node's fetch refuses them there.
const server = new URL(values.url);
const adminUser = server.username ? decodeURIComponent(server.username) : values['admin-user'];
const adminPassword = server.password ? decodeURIComponent(server.password) : values['admin-password'];
server.username = '';
server.password = '';
if (!adminUser || !adminPassword) {
  console.error(`The server admin is missing: put it in --url (http://admin:password@host:port/) or give --admin-user and --admin-password.\n${USAGE}`);
  process.exit(2);
}
const url = server.href.endsWith('/') ? server.href : `${server.href}/`;
const admin = { user: adminUser, password: adminPassword };

const vite = await serverModules();
let exitCode = 0;
try {
  const { provisionDemo } = await vite.ssrLoadModule('/server/demo.ts');
  const { DEFAULT_BRANCH_ID } = await vite.ssrLoadModule('/src/demo/context.ts');
  const { branchUser } = await vite.ssrLoadModule('/src/data/replicated.ts');
  const { basicAuth } = await vite.ssrLoadModule('/server/provision.ts');
  const branchId = values.branch ?? DEFAULT_BRANCH_ID;
  const user = branchUser(branchId);
  const userDoc = await fetch(`${url}_users/${encodeURIComponent(`org.couchdb.user:${user.name}`)}`, { headers: { Authorization: basicAuth(admin) } });
  if (userDoc.status === 401) throw new Error(`the server refused the admin ${adminUser} (401)`);
  // A new branch user needs a password; an existing one keeps its own unless one is given.
  const branchPassword = values['branch-password'] ?? (userDoc.status === 404 ? randomBytes(9).toString('base64url') : undefined);
  const started = Date.now();
  const report = await provisionDemo({ url, admin, now: Date.now(), branchId, ...(branchPassword ? { branchPassword } : {}) });
  const appUrl = values['app-url'].endsWith('/') ? values['app-url'] : `${values['app-url']}/`;
  console.log(`Demo branch ${report.branchId} on ${url}: ${report.loaded ? `loaded, ${report.documents} documents in ${((Date.now() - started) / 1000).toFixed(1)} s` : 'already there, left as it is'}`);
  console.log(`  branch user ${user.name}: ${branchPassword ? `password ${branchPassword}` : 'password unchanged (give --branch-password to set a new one)'}`);
  if (branchPassword) {
    console.log(`  setup link (open once per browser; the app's /db/ must reach ${url}):`);
    console.log(`    ${appUrl}#setup=${encodeURIComponent(report.branchId)}:${encodeURIComponent(branchPassword)}`);
  }
  console.log(`  e.g. the app from this repository: FRONTDESK_COUCH_URL=${url.replace(/\/$/, '')} npx vite --port ${new URL(appUrl).port || 5173}`);
} catch (err) {
  console.error(`Loading the demo failed: ${err && err.message ? err.message : err}`);
  exitCode = 1;
} finally {
  await vite.close();
}
process.exit(exitCode);
