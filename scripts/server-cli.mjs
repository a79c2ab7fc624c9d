/**
 * What the server-side command-line scripts share (provision.mjs,
 * points-exchange.mjs): the server and admin flags with their environment
 * defaults, usage and missing-flag errors (exit 2), and a loader for the
 * TypeScript in server/ (through Vite's SSR module loader, as start.mjs does).
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createServer } from 'vite';

/** --url, --admin-user, --admin-password (from FRONTDESK_COUCH_URL, FRONTDESK_ADMIN_USER, FRONTDESK_ADMIN_PASSWORD). */
export const SERVER_OPTIONS = {
  url: { type: 'string', default: process.env.FRONTDESK_COUCH_URL },
  'admin-user': { type: 'string', default: process.env.FRONTDESK_ADMIN_USER },
  'admin-password': { type: 'string', default: process.env.FRONTDESK_ADMIN_PASSWORD },
};

/** Parsed flags; prints the usage and exits on --help (0), an unknown flag or a missing required one (2). */
export function parseCli({ usage, options, required }) {
  let values;
  try {
    ({ values } = parseArgs({ options: { ...SERVER_OPTIONS, ...options, help: { type: 'boolean', short: 'h', default: false } } }));
  } catch (err) {
    console.error(`${err.message}\n${usage}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const missing = required.filter((k) => !values[k]);
  if (missing.length) {
    console.error(`Missing: ${missing.map((k) => `--${k}`).join(', ')}\n${usage}`);
    process.exit(2);
  }
  return values;
}

/** A Vite SSR loader for server/*.ts; close it when done. */
export function serverModules() {
  return createServer({
    root: fileURLToPath(new URL('..', import.meta.url)),
    configFile: false,
    server: { middlewareMode: true, hmr: false },
    appType: 'custom',
    logLevel: 'warn',
    clearScreen: false,
  });
}
