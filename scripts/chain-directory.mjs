#!/usr/bin/env node
/**
 * `npm run chain-directory -- …`: the chain directory (server/chain-directory.ts)
 * against a CouchDB 3 server or the embedded pouchdb-server. It holds the
 * server admin's credentials, keeps the admin-only directory of every
 * branch's members current, answers a branch tablet's exact lookups and
 * brings a member (and their ledger) into the asking branch. Serve it behind
 * the app's reverse proxy as `/chain/` (beside `/db/`). Listens on loopback
 * unless --host says otherwise; --once runs one pass of the followers
 * (directory and arrivals) and exits.
 *
 *   FRONTDESK_ADMIN_PASSWORD=… node scripts/chain-directory.mjs \
 *     --url https://couch.example.com/ --admin-user admin [--port 5986] [--host 127.0.0.1] [--interval 2] [--once]
 *
 * Also FRONTDESK_COUCH_URL and FRONTDESK_ADMIN_USER. `npm start` runs it
 * beside the embedded server by itself.
 */
import { parseCli, serverModules } from './server-cli.mjs';

const USAGE = `Usage: node scripts/chain-directory.mjs --url <server url> --admin-user <name> [--admin-password <pw>] [--port <port>] [--host <address>] [--interval <seconds>] [--once]
Environment: FRONTDESK_COUCH_URL, FRONTDESK_ADMIN_USER, FRONTDESK_ADMIN_PASSWORD`;

const values = parseCli({
  usage: USAGE,
  options: {
    port: { type: 'string', default: '5986' }, host: { type: 'string', default: '127.0.0.1' },
    interval: { type: 'string', default: '2' }, once: { type: 'boolean', default: false },
  },
  required: ['url', 'admin-user', 'admin-password'],
});
const seconds = Number(values.interval);
if (!(seconds >= 0.5)) {
  console.error(`--interval must be a number of seconds, at least 0.5 (got ${JSON.stringify(values.interval)})\n${USAGE}`);
  process.exit(2);
}

const vite = await serverModules();
const { chainDirectory } = await vite.ssrLoadModule('/server/chain-directory.ts');
const { startChainDirectory } = await vite.ssrLoadModule('/server/chain-directory-http.ts');
const options = { url: values.url, admin: { user: values['admin-user'], password: values['admin-password'] } };

if (values.once) {
  let exitCode = 0;
  try {
    const service = chainDirectory(options);
    await service.ensure();
    const followed = await service.followOnce();
    const pre = await service.prefetchOnce();
    console.log(`${followed.branches} branches: ${followed.read} member versions read into the directory, ${pre.broughtIn.length} arriving members brought in`);
  } catch (err) {
    console.error(`Chain directory failed: ${err && err.message ? err.message : err}`);
    exitCode = 1;
  } finally {
    await vite.close();
  }
  process.exit(exitCode);
}

const running = await startChainDirectory({
  ...options, port: Number(values.port), host: values.host, intervalMs: seconds * 1000,
  log: (line) => console.log(`${new Date().toISOString()} ${line}`),
});
console.log(`Chain directory for ${values.url} on ${running.url} (proxy /chain/ to it), a pass every ${seconds} s. Ctrl+C to stop.`);
const shutdown = async () => {
  await running.stop();
  await vite.close();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
