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
import { logLine, parseCli, runOnce, secondsFlag, serverModules, serverOptions, untilSignal } from './server-cli.mjs';

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
const seconds = secondsFlag(values, 'interval', 0.5, USAGE);

const vite = await serverModules();
const { chainDirectory } = await vite.ssrLoadModule('/server/chain-directory.ts');
const { startChainDirectory } = await vite.ssrLoadModule('/server/chain-directory-http.ts');
const options = serverOptions(values);

if (values.once) {
  await runOnce(vite, 'Chain directory', async () => {
    const service = chainDirectory(options);
    await service.ensure();
    const followed = await service.followOnce();
    const pre = await service.prefetchOnce();
    console.log(`${followed.branches} branches: ${followed.read} member versions read into the directory, ${pre.broughtIn.length} arriving members brought in`);
  });
}

const running = await startChainDirectory({ ...options, port: Number(values.port), host: values.host, intervalMs: seconds * 1000, log: logLine });
console.log(`Chain directory for ${values.url} on ${running.url} (proxy /chain/ to it), a pass every ${seconds} s. Ctrl+C to stop.`);
untilSignal(vite, running);
