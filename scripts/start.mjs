#!/usr/bin/env node
/**
 * `npm start`: the front desk with its demo branch and its sync server, on
 * this machine.
 *
 * 1. Starts the embedded CouchDB-compatible sync server (pouchdb-server,
 *    LevelDB in .data/sync, loopback, never an admin party; restarted if it
 *    dies) and provisions the demo branch on it (user, databases, security,
 *    validators, demo data), once: the demo survives restarts.
 * 2. Builds the app as it ships (service worker included, so the desk keeps
 *    working offline, reloads included) into .data/app and serves it on
 *    loopback (Vite's preview server, the production security headers), with
 *    /db proxied to the sync server. `npm start -- --dev` (or FRONTDESK_DEV=1)
 *    serves Vite's dev server instead: hot reload, no service worker (a tab
 *    or dialog not yet opened cannot load offline there).
 *    Beside it run the points exchange and the demo reservations feed
 *    (server/reservations-feed.ts: head office's bookings, changes and
 *    cancellations for today and the next days, a pass every 45 s).
 * 3. Starts the chain directory (server/chain-directory.ts and its HTTP front chain-directory-http.ts, proxied as
 *    /chain: a member of another branch found and brought in) and the
 *    enrolment service (server/enrolment.ts, proxied as /enrol)
 *    and prints the address, an enrolment link that connects one tablet to
 *    the demo branch (a one-time code in the link's #fragment, which
 *    browsers never send to a server; the tablet becomes its own server
 *    user), member cards to try and the staff PINs.
 *
 * `--clock <date and time>` (or FRONTDESK_CLOCK) runs the demo on a clock of
 * its own, from that instant on, to try the desk at another hour of the
 * branch's day with the browser's clock pinned to the same instant.
 *
 * The passwords are made on the first start and kept in .data/sync/secrets.json
 * (git-ignored). Delete .data/sync to start over with a fresh demo.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createServer as createNetServer } from 'node:net';
import { build, createServer, preview } from 'vite';
import { startSyncServer } from '../server/supervise.mjs';

const devMode = process.argv.includes('--dev') || process.env.FRONTDESK_DEV === '1';
// The demo's clock: real time, or (to try the desk at 02:00 or 23:30 with the browser's clock pinned to the
// same instant) `--clock 2026-12-08T02:00+08:00` / FRONTDESK_CLOCK, from which it then runs on in real time.
// The demo data is generated at it, the cards are printed at it, the reservations feed books by it.
const clockFlag = process.argv.findIndex((a) => a === '--clock' || a.startsWith('--clock='));
const clockArg = clockFlag < 0 ? (process.env.FRONTDESK_CLOCK || undefined)
  : process.argv[clockFlag].startsWith('--clock=') ? process.argv[clockFlag].slice('--clock='.length) : (process.argv[clockFlag + 1] ?? '');
// An instant with its offset: without one, the same text is another hour on every machine.
const clockStart = clockArg && /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/.test(clockArg) ? Date.parse(clockArg) : Number.NaN;
if (clockArg !== undefined && !Number.isFinite(clockStart)) {
  console.error(`--clock / FRONTDESK_CLOCK: "${clockArg}" is not a date and time with its offset (e.g. 2026-12-08T02:00+08:00 for 02:00 in Shanghai). Nothing was started.`);
  process.exit(2);
}
const startedReal = Date.now();
const clock = clockArg ? () => clockStart + (Date.now() - startedReal) : () => Date.now();
const port = Number(process.env.PORT ?? 5173);
const host = process.env.HOST ?? '127.0.0.1';
const dataDir = path.resolve(process.env.FRONTDESK_SYNC_DIR ?? '.data/sync');
mkdirSync(dataDir, { recursive: true });

const secretsFile = path.join(dataDir, 'secrets.json');
const secrets = existsSync(secretsFile)
  ? JSON.parse(readFileSync(secretsFile, 'utf8'))
  : { adminUser: 'admin', adminPassword: randomBytes(18).toString('base64url'), branchPassword: randomBytes(9).toString('base64url') };
if (!existsSync(secretsFile)) writeFileSync(secretsFile, JSON.stringify(secrets, null, 2), { mode: 0o600 });

const sync = await startSyncServer({
  dataDir, port: Number(process.env.FRONTDESK_SYNC_PORT ?? 0), adminUser: secrets.adminUser, adminPassword: secrets.adminPassword, restart: true,
});
// vite.config.ts proxies /db to this address, and /enrol to the enrolment service (started below, on a port chosen now).
process.env.FRONTDESK_COUCH_URL = sync.url.replace(/\/$/, '');
const enrolPort = Number(process.env.FRONTDESK_ENROL_PORT ?? 0) || await new Promise((resolve) => {
  const probe = createNetServer().listen(0, '127.0.0.1', () => { const p = probe.address().port; probe.close(() => resolve(p)); });
});
process.env.FRONTDESK_ENROL_URL = `http://127.0.0.1:${enrolPort}`;
const freePort = () => new Promise((resolve) => {
  const probe = createNetServer().listen(0, '127.0.0.1', () => { const p = probe.address().port; probe.close(() => resolve(p)); });
});
const chainPort = Number(process.env.FRONTDESK_CHAIN_PORT ?? 0) || await freePort();
process.env.FRONTDESK_CHAIN_URL = `http://127.0.0.1:${chainPort}`;

let web;
if (devMode) {
  web = await createServer({ server: { port, host, strictPort: true }, clearScreen: false });
  await web.listen();
} else {
  // The app as it ships (vite.config.ts: the service worker precaches it), built afresh on every start,
  // before any dev server is made: Vite's createServer sets NODE_ENV=development, and a build after it
  // came out as a development build (RxDB's dev-mode, refused by the production CSP: the desk did not start).
  const outDir = path.resolve('.data/app');
  const builtAt = Date.now();
  await build({ mode: 'production', logLevel: 'error', clearScreen: false, build: { outDir, emptyOutDir: true } });
  console.log(`  app built in ${((Date.now() - builtAt) / 1000).toFixed(1)} s (${path.relative(process.cwd(), outDir)})`);
  web = await preview({ preview: { port, host, strictPort: true }, build: { outDir }, clearScreen: false, logLevel: 'warn' });
}
// The server-side modules (TypeScript) are loaded through Vite's module loader, which serves nothing itself.
const server = await createServer({ server: { middlewareMode: true, hmr: false, ws: false }, appType: 'custom', clearScreen: false, logLevel: 'warn' });

const { DEMO_STAFF } = await server.ssrLoadModule('/src/app/demo-config.ts');
const { demoCardNumbers, generateDemoBranch } = await server.ssrLoadModule('/src/demo/generate.ts');
const { DEMO_SEED, DEMO_TIME_ZONE, demoBusinessDate } = await server.ssrLoadModule('/src/app/demo-config.ts');
const { branchCardSource, provisionDemo } = await server.ssrLoadModule('/server/demo.ts');
const { localNowOf } = await server.ssrLoadModule('/src/domain/business-day.ts');
const { startPointsExchange } = await server.ssrLoadModule('/server/points-exchange-loop.ts');
const { startReservationsFeed } = await server.ssrLoadModule('/server/reservations-feed.ts');
const { startEnrolmentService } = await server.ssrLoadModule('/server/enrolment.ts');
const { startChainDirectory } = await server.ssrLoadModule('/server/chain-directory-http.ts');
const now = clock();
const admin = { user: secrets.adminUser, password: secrets.adminPassword };
const started = Date.now();
const report = await provisionDemo({ url: sync.url, admin, branchPassword: secrets.branchPassword, now });
const url = `http://${host}:${port}/`;
// The cards to try are picked from what the server holds now (loaded on an earlier day, it is not today's generated demo).
const cardSource = (await branchCardSource(sync.url, admin, report.branchId).catch((e) => {
  console.warn(`  (the member cards below are from a demo generated now, not from the server: ${e instanceof Error ? e.message : e})`);
  return null;
}))
  ?? generateDemoBranch({ seed: DEMO_SEED, businessDate: demoBusinessDate(now), now });
// Members' ledger lines between the branches on this server (one demo branch: nothing to carry until more are provisioned).
const exchange = startPointsExchange({ url: sync.url, admin, intervalMs: 2000, log: (line) => console.log(`  ${line}`) });
// The demo head office: bookings from the app, web and OTAs for today and the next days, changes and cancellations.
const feedSeconds = Number(process.env.FRONTDESK_FEED_SECONDS ?? 45);
const feed = startReservationsFeed({ url: sync.url, admin, branchId: report.branchId, intervalMs: feedSeconds * 1000, now: clock, log: (line) => console.log(`  ${line}`) });
// Each tablet its own server user: a one-time code (30 minutes, single use) in the link, no reusable secret.
const enrol = await startEnrolmentService({ url: sync.url, admin, port: enrolPort });
// A member of another branch: the chain's directory of members (exact lookups, bring-in, members of coming arrivals brought in).
const chain = await startChainDirectory({ url: sync.url, admin, port: chainPort, intervalMs: 2000, log: (line) => console.log(`  ${line}`) });
const firstCode = await enrol.service.createCode(report.branchId, 'npm start');
const setupLink = `${url}#enrol=${encodeURIComponent(report.branchId)}:${firstCode.code}`;

console.log('');
console.log(`  前台 Front Desk  →  ${url}   (stand-alone demo on the tablet; ${devMode ? "Vite's dev server, no service worker: offline, tabs not yet opened do not load" : 'the built app with its service worker: works offline, reloads included; npm start -- --dev for hot reload'})`);
console.log(`  Connected to the branch server (enrolment link: a one-time code, valid 30 minutes, for one browser; the manager 陈敏 makes more under 平板 / Tablets):`);
console.log(`    ${setupLink}`);
console.log(`  Sync server: ${sync.url} (data in ${path.relative(process.cwd(), dataDir)}; ${report.loaded ? `demo branch loaded, ${report.documents} documents, in ${((Date.now() - started) / 1000).toFixed(1)} s` : 'demo branch already there'})`);
console.log(`  Enrolment service: ${enrol.url} (as /enrol/); branch ${report.branchId}'s shared user branch-${report.branchId} (password in ${path.relative(process.cwd(), secretsFile)}) is for head office tools only`);
console.log(`  Chain directory: ${chain.url} (as /chain/): members of other branches found by card, phone, ID or member number`);
console.log(`  Demo branch: ${cardSource.branch.name ?? cardSource.branch.id} (${cardSource.members.length} members, ${cardSource.rooms.length} rooms)`);
if (clockArg) console.log(`  Demo clock: ${new Date(clockStart).toISOString()} (${localNowOf(clockStart, DEMO_TIME_ZONE).date} ${localNowOf(clockStart, DEMO_TIME_ZONE).time} ${DEMO_TIME_ZONE}), running on from there${report.loaded ? '' : '; the demo branch was loaded on an earlier start, at its own time (delete the sync data folder to load it at this clock)'}. Pin the browser's clock to the same instant.`);
console.log('  Member cards to try (type the number fast + Enter, as a card reader does, or search for it):');
for (const card of demoCardNumbers(cardSource, localNowOf(clock(), DEMO_TIME_ZONE))) console.log(`    ${card.cardNo}  ${card.name}  ${card.descriptionZh} · ${card.description}`);
console.log(`  Reservations feed: head office books, changes and cancels a booking every ${feedSeconds} s (FRONTDESK_FEED_SECONDS), and keeps 10 arrivals on the books for each of the next days`);
console.log('  Staff PINs (switch shift in the top bar):');
for (const s of DEMO_STAFF) console.log(`    ${s.pin}  ${s.name} (${s.role})`);
console.log('');
console.log('  Press Ctrl+C to stop.');

async function shutdown() {
  await feed.stop().catch(() => {});
  await exchange.stop().catch(() => {});
  await enrol.stop().catch(() => {});
  await chain.stop().catch(() => {});
  await web.close().catch(() => {});
  await server.close().catch(() => {});
  await sync.stop().catch(() => {});
  process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
