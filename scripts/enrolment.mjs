#!/usr/bin/env node
/**
 * `npm run enrolment -- …`: the enrolment service (server/enrolment.ts)
 * against a CouchDB 3 server or the embedded pouchdb-server. It holds the
 * server admin's credentials and turns a manager's one-time codes into
 * per-tablet users; serve it behind the app's reverse proxy as `/enrol/`
 * (beside `/db/`). Listens on loopback unless --host says otherwise.
 *
 *   FRONTDESK_ADMIN_PASSWORD=… node scripts/enrolment.mjs \
 *     --url https://couch.example.com/ --admin-user admin [--port 5985] [--host 127.0.0.1]
 *   # a first code for a branch (printed once; the manager makes the next ones on a tablet):
 *   FRONTDESK_ADMIN_PASSWORD=… node scripts/enrolment.mjs --url … --admin-user admin --code gz-beijinglu
 *
 * Also FRONTDESK_COUCH_URL and FRONTDESK_ADMIN_USER. `npm start` runs it
 * beside the embedded server by itself.
 */
import { parseCli, serverModules, serverOptions, untilSignal } from './server-cli.mjs';

const USAGE = `Usage: node scripts/enrolment.mjs --url <server url> --admin-user <name> [--admin-password <pw>] [--port <port>] [--host <address>] [--code <branch>] [--app-url <url>]
Environment: FRONTDESK_COUCH_URL, FRONTDESK_ADMIN_USER, FRONTDESK_ADMIN_PASSWORD`;

const values = parseCli({
  usage: USAGE,
  options: { port: { type: 'string', default: '5985' }, host: { type: 'string', default: '127.0.0.1' }, code: { type: 'string' }, 'app-url': { type: 'string', default: 'http://127.0.0.1:5173/' } },
  required: ['url', 'admin-user', 'admin-password'],
});

const vite = await serverModules();
const { enrolment, startEnrolmentService } = await vite.ssrLoadModule('/server/enrolment.ts');
const options = serverOptions(values);

if (values.code) {
  // The first tablet of a branch, before any tablet can make codes: one code from the admin side.
  const service = enrolment(options);
  await service.ensure();
  const { code, expiresAt } = await service.createCode(values.code, 'admin');
  console.log(`Code ${code} for ${values.code}, valid until ${new Date(expiresAt).toISOString()}, once.`);
  console.log(`Enrolment link: ${new URL(`#enrol=${encodeURIComponent(values.code)}:${code}`, values['app-url']).href}`);
  await vite.close();
  process.exit(0);
}

const running = await startEnrolmentService({ ...options, port: Number(values.port), host: values.host });
console.log(`Enrolment service for ${values.url} on ${running.url} (proxy /enrol/ to it). Ctrl+C to stop.`);
untilSignal(vite, running);
