#!/usr/bin/env node
/**
 * `npm run points-exchange -- …`: the chain's points exchange
 * (server/points-exchange.ts) against a CouchDB 3 server or the embedded
 * pouchdb-server: each branch's new ledger lines are copied to every other
 * branch that holds the same member, so both see the member's chain-wide
 * balance (and an offline double-spend across branches as an overdraft).
 * Runs until stopped; idle, it waits on CouchDB's `_db_updates` (at most
 * --interval seconds) and passes as soon as a branch database is written, or,
 * without the feed (pouchdb-server), passes every --interval seconds; --once
 * for one pass (a cron job, or after a bulk load).
 *
 *   FRONTDESK_ADMIN_PASSWORD=… node scripts/points-exchange.mjs \
 *     --url https://couch.example.com/ --admin-user admin [--once] [--interval 2]
 *
 * Also FRONTDESK_COUCH_URL and FRONTDESK_ADMIN_USER. `npm start` runs it
 * beside the embedded server by itself.
 */
import { logLine, parseCli, runOnce, secondsFlag, serverModules, serverOptions, untilSignal } from './server-cli.mjs';

const USAGE = `Usage: node scripts/points-exchange.mjs --url <server url> --admin-user <name> [--admin-password <pw>] [--once] [--interval <seconds>]
Environment: FRONTDESK_COUCH_URL, FRONTDESK_ADMIN_USER, FRONTDESK_ADMIN_PASSWORD`;

const values = parseCli({
  usage: USAGE,
  options: { once: { type: 'boolean', default: false }, interval: { type: 'string', default: '2' } },
  required: ['url', 'admin-user', 'admin-password'],
});
const seconds = secondsFlag(values, 'interval', 0.5, USAGE);

const vite = await serverModules();
const { exchangeOnce } = await vite.ssrLoadModule('/server/points-exchange.ts');
const { startPointsExchange } = await vite.ssrLoadModule('/server/points-exchange-loop.ts');
const options = serverOptions(values);

if (values.once) {
  await runOnce(vite, 'Points exchange', async () => {
    const r = await exchangeOnce(options);
    console.log(`${r.branches} branch databases read: ${r.read} new lines read, ${r.copied} copied, ${r.alreadyThere} already there, ${r.holdersAdded} new holders, ${r.refused.length} refused (${r.requests} requests)`);
    for (const x of r.refused) console.log(`  refused at ${x.branchId}: ${x.id} ${x.reason}`);
    return r.refused.length > 0 ? 1 : 0;
  });
}

const handle = startPointsExchange({ ...options, intervalMs: seconds * 1000, log: logLine });
console.log(`Points exchange on ${values.url}: a pass when a branch database is written (CouchDB's _db_updates), at least every ${seconds} s. Ctrl+C to stop.`);
untilSignal(vite, handle);
