/**
 * What the server-side command-line scripts share (provision, the points
 * exchange, the enrolment service, the chain directory, the reservations
 * feed): the server and admin flags with their environment defaults, usage
 * and bad-flag errors (exit 2), a loader for the TypeScript in server/
 * (through Vite's SSR module loader, as start.mjs does), and the two ways
 * such a script runs: one pass (`--once`, exit 1 on failure) or until
 * Ctrl+C / SIGTERM.
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

/** The server and admin credentials from the parsed flags, as the server/ modules take them. */
export function serverOptions(values) {
  return { url: values.url, admin: { user: values['admin-user'], password: values['admin-password'] } };
}

/** A flag in seconds, at least `min`; otherwise says so with the usage and exits 2. */
export function secondsFlag(values, name, min, usage) {
  const seconds = Number(values[name]);
  if (!(seconds >= min)) {
    console.error(`--${name} must be a number of seconds, at least ${min} (got ${JSON.stringify(values[name])})\n${usage}`);
    process.exit(2);
  }
  return seconds;
}

/** A log line with the time in front. */
export const logLine = (line) => console.log(`${new Date().toISOString()} ${line}`);

/**
 * One pass: runs `work` (which answers the exit code, 0 when all went
 * well), says "`what` failed: …" and exits 1 if it throws, closes the loader
 * and exits.
 */
export async function runOnce(vite, what, work) {
  let exitCode = 0;
  try {
    exitCode = (await work()) ?? 0;
  } catch (err) {
    console.error(`${what} failed: ${err && err.message ? err.message : err}`);
    exitCode = 1;
  } finally {
    await vite.close();
  }
  process.exit(exitCode);
}

/** Runs until Ctrl+C or SIGTERM, then stops `running` and the loader and exits 0. */
export function untilSignal(vite, running) {
  const shutdown = async () => {
    await running.stop();
    await vite.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}
