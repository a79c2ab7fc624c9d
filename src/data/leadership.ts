import { addRxPlugin } from 'rxdb';
import { RxDBLeaderElectionPlugin } from 'rxdb/plugins/leader-election';
import type { FrontDeskDatabase } from './database';

/** Resolves when this tab leads the tablet's tabs (the one that replicates). */
export async function waitForLeadership(db: FrontDeskDatabase): Promise<void> {
  addRxPlugin(RxDBLeaderElectionPlugin);
  await (db as unknown as { waitForLeadership(): Promise<unknown> }).waitForLeadership();
}
