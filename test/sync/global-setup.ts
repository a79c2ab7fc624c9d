/**
 * Once for the sync project: an embedded pouchdb-server (LevelDB in a temp
 * dir, a free loopback port, a random admin password; never an admin
 * party), or the external server FRONTDESK_TEST_COUCH_URL names (see
 * server.ts). Tests read it with `inject('couch')`.
 */
import type { TestProject } from 'vitest/node';
import { checkExternalCouch, COUCH_URL_ENV, externalCouch, startOwnSyncServer, type CouchContext } from './server';

declare module 'vitest' {
  export interface ProvidedContext {
    couch: CouchContext;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = externalCouch();
  if (external) {
    const server = await checkExternalCouch(external);
    console.log(`sync project: against ${server} at ${external.url} (${COUCH_URL_ENV}); embedded-server process tests are skipped`);
    project.provide('couch', external);
    return async () => {};
  }
  const own = await startOwnSyncServer({ restart: true });
  project.provide('couch', { url: own.url, adminUser: own.adminUser, adminPassword: own.adminPassword, dataDir: own.dataDir, port: own.port });
  return () => own.dispose();
}
