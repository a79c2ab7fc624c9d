#!/usr/bin/env node
/**
 * `npm run points-exchange -- …`: the chain's points exchange
 * (server/points-exchange.ts) against a CouchDB 3 server or the embedded
 * pouchdb-server: each branch's new ledger lines are copied to every other
 * branch that holds the same member, so both see the member's chain-wide
 * balance (and an offline double-spend across branches as an overdraft).
 * Runs until stopped, a pass every --interval seconds; --once for one pass
 * (a cron job, or after a bulk load).
 *
 *   FRONTDESK_ADMIN_PASSWORD=… node scripts/points-exchange.mjs \
 *     --url https://couch.example.com/ --admin-user admin [--once] [--interval 2]
 *
 * Also FRONTDESK_COUCH_URL and FRONTDESK_ADMIN_USER. `npm start` runs it
 * beside the embedded server by itself.
 */
import { parseCli, serverModules } from './server-cli.mjs';

const USAGE = `Usage: node scripts/points-exchange.mjs --url <server url> --admin-user <name> [--admin-password <pw>] [--once] [--interval <seconds>]
Environment: FRONTDESK_COUCH_URL, FRONTDESK_ADMIN_USER, FRONTDESK_ADMIN_PASSWORD`;

const values = parseCli({
  usage: USAGE,
  options: { once: { type: 'boolean', default: false }, interval: { type: 'string', default: '2' } },
  required: ['url', 'admin-user', 'admin-password'],
});
const seconds = Number(values.interval);
if (!(seconds >= 0.5)) {
  console.error(`--interval must be a number of seconds, at least 0.5 (got ${JSON.stringify(values.interval)})\n${USAGE}`);
  process.exit(2);
}

const vite = await serverModules();
const { exchangeOnce, startPointsExchange } = await vite.ssrLoadModule('/server/points-exchange.ts');
const options = { url: values.url, admin: { user: values['admin-user'], password: values['admin-password'] } };

if (values.once) {
  let exitCode = 0;
  try {
    const r = await exchangeOnce(options);
    console.log(`${r.branches} branch databases read: ${r.read} new lines read, ${r.copied} copied, ${r.alreadyThere} already there, ${r.holdersAdded} new holders, ${r.refused.length} refused (${r.requests} requests)`);
    for (const x of r.refused) console.log(`  refused at ${x.branchId}: ${x.id} ${x.reason}`);
    if (r.refused.length > 0) exitCode = 1;
  } catch (err) {
    console.error(`Points exchange failed: ${err && err.message ? err.message : err}`);
    exitCode = 1;
  } finally {
    await vite.close();
  }
  process.exit(exitCode);
}

const handle = startPointsExchange({ ...options, intervalMs: seconds * 1000, log: (line) => console.log(`${new Date().toISOString()} ${line}`) });
console.log(`Points exchange on ${values.url}, a pass every ${seconds} s. Ctrl+C to stop.`);
const shutdown = async () => {
  await handle.stop();
  await vite.close();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
