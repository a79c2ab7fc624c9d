#!/usr/bin/env node
/**
 * `npm run reservations-feed -- …`: the demo head office's reservations feed
 * (server/reservations-feed.ts) against a CouchDB 3 server or the embedded
 * pouchdb-server: new bookings for today and the next days, some changes and
 * cancellations, written into the branch's reservations database by the
 * feed contract (README "The reservations feed"). Runs until stopped, a pass
 * every --interval seconds; --once for one pass.
 *
 *   FRONTDESK_ADMIN_PASSWORD=… node scripts/reservations-feed.mjs \
 *     --url https://couch.example.com/ --admin-user admin --branch gz-beijinglu [--once] [--interval 30]
 *
 * Also FRONTDESK_COUCH_URL and FRONTDESK_ADMIN_USER. `npm start` runs it
 * beside the embedded server by itself.
 */
import { logLine as log, parseCli, runOnce, serverModules, serverOptions, untilSignal } from './server-cli.mjs';

const USAGE = `Usage: node scripts/reservations-feed.mjs --url <server url> --admin-user <name> [--admin-password <pw>] --branch <id> [--once] [--interval <seconds>] [--per-day <n>]
Environment: FRONTDESK_COUCH_URL, FRONTDESK_ADMIN_USER, FRONTDESK_ADMIN_PASSWORD`;

const values = parseCli({
  usage: USAGE,
  options: {
    branch: { type: 'string' }, once: { type: 'boolean', default: false },
    interval: { type: 'string', default: '30' }, 'per-day': { type: 'string', default: '10' },
  },
  required: ['url', 'admin-user', 'admin-password', 'branch'],
});
const seconds = Number(values.interval);
const perDay = Number(values['per-day']);
if (!(seconds >= 1) || !Number.isInteger(perDay) || perDay < 0 || perDay > 99) {
  console.error(`--interval must be at least 1 second and --per-day a whole number 0..99 (got ${JSON.stringify(values.interval)}, ${JSON.stringify(values['per-day'])})\n${USAGE}`);
  process.exit(2);
}

const vite = await serverModules();
const { demoFeedPass, startReservationsFeed } = await vite.ssrLoadModule('/server/reservations-feed.ts');
const options = { ...serverOptions(values), branchId: values.branch, perDay, log };

if (values.once) {
  await runOnce(vite, 'Reservations feed', async () => {
    const r = await demoFeedPass({ ...options, now: Date.now() });
    for (const e of r.events) log(`reservations feed: ${e}`);
    console.log(`${r.written.length} written, ${r.alreadyThere} already there, ${r.conflicts.length} changed at the desk meanwhile, ${r.refused.length} refused, ${r.skippedRefused} refused before (not resent)`);
    return r.refused.length > 0 ? 1 : 0;
  });
}

const handle = startReservationsFeed({ ...options, intervalMs: seconds * 1000 });
console.log(`Reservations feed for ${values.branch} on ${values.url}, a pass every ${seconds} s. Ctrl+C to stop.`);
untilSignal(vite, handle);
