#!/usr/bin/env node
/**
 * `npm run provision -- …`: creates or brings up to date one branch on a
 * CouchDB 3 server (or the embedded pouchdb-server): the branch user, one
 * database per replicated collection, their `_security` and their
 * `validate_doc_update`. Safe to run again: it writes only what differs.
 *
 *   node scripts/provision.mjs --url https://couch.example.com/ \
 *     --admin-user admin --branch gz-beijinglu
 *
 * Passwords come from the environment so they stay off the command line
 * (the flags exist too): FRONTDESK_ADMIN_PASSWORD, FRONTDESK_BRANCH_PASSWORD.
 * Also FRONTDESK_COUCH_URL and FRONTDESK_ADMIN_USER. The branch password is
 * needed the first time (to create the user); given later, it becomes the
 * user's password.
 *
 * server/provision.ts is TypeScript, so it is loaded through Vite's SSR
 * module loader, as scripts/start.mjs does.
 */
import { parseCli, serverModules } from './server-cli.mjs';

const USAGE = `Usage: node scripts/provision.mjs --url <server url> --admin-user <name> --branch <branch id>
       [--admin-password <pw>] [--branch-password <pw>]
Environment: FRONTDESK_COUCH_URL, FRONTDESK_ADMIN_USER, FRONTDESK_ADMIN_PASSWORD, FRONTDESK_BRANCH_PASSWORD`;

const values = parseCli({
  usage: USAGE,
  options: {
    branch: { type: 'string' },
    'branch-password': { type: 'string', default: process.env.FRONTDESK_BRANCH_PASSWORD },
  },
  required: ['url', 'admin-user', 'admin-password', 'branch'],
});
const vite = await serverModules();

let exitCode = 0;
try {
  const { provisionBranch } = await vite.ssrLoadModule('/server/provision.ts');
  const report = await provisionBranch({
    url: values.url,
    admin: { user: values['admin-user'], password: values['admin-password'] },
    branchId: values.branch,
    ...(values['branch-password'] ? { branchPassword: values['branch-password'] } : {}),
  });
  console.log(`Branch ${report.branchId} on ${values.url}`);
  console.log(`  user ${report.user.name} (role ${report.user.role}): ${report.user.result}`);
  for (const d of report.databases) {
    console.log(`  ${d.db.padEnd(40)} database ${d.database}, _security ${d.security}, validator ${d.design}`);
  }
} catch (err) {
  console.error(`Provisioning failed: ${err && err.message ? err.message : err}`);
  exitCode = 1;
} finally {
  await vite.close();
}
process.exit(exitCode);
