/**
 * Once for the sync project: an embedded pouchdb-server (LevelDB in a temp
 * dir, a free loopback port, a random admin password; never an admin
 * party). Tests read it with `inject('couch')`.
 */
import type { TestProject } from 'vitest/node';
import { startOwnSyncServer, type CouchContext } from './server';

declare module 'vitest' {
  export interface ProvidedContext {
    couch: CouchContext;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const own = await startOwnSyncServer({ restart: true });
  project.provide('couch', { url: own.url, adminUser: own.adminUser, adminPassword: own.adminPassword, dataDir: own.dataDir, port: own.port });
  return () => own.dispose();
}
