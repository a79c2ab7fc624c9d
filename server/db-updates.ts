/**
 * Which databases changed since a follower's last pass, so a pass over the
 * chain costs in proportion to the branches that did something, not to all
 * of them (issue #14).
 *
 * Apache CouchDB 3 keeps a feed of database updates (`_db_updates`, built on
 * `_global_changes`): a pass reads it from its checkpoint and gets the names
 * of the databases written since, one request whatever the number of
 * branches. The first pass has no checkpoint: it notes where the feed stands
 * and answers every database (`_all_dbs`), so whatever was written before is
 * read once in full; later passes answer only what the feed names. A server
 * without the feed (pouchdb-server answers 400) is answered every database,
 * every pass.
 *
 * The checkpoint moves only when the pass says it has handled what it was
 * given (`commit`): a pass that fails midway reads the same names again.
 */
import type { CouchClient } from './provision';

const enc = encodeURIComponent;

export type FeedPage = { results: { db_name: string }[]; last_seq: string };

/** Reads `_db_updates` since `since`; null when the server has no such feed. */
export async function readDbUpdates(couch: CouchClient, since: string): Promise<FeedPage | null> {
  const path = `_db_updates?feed=normal&since=${enc(since)}`;
  let res = await couch.request('GET', path, undefined, [400, 404, 500, 501]);
  if (res.status === 404) {
    // CouchDB 3 records database updates only once `_global_changes` exists (a cluster's setup creates it).
    await couch.request('PUT', '_global_changes', undefined, [412]);
    res = await couch.request('GET', path, undefined, [400, 404, 500, 501]);
  }
  return res.status === 200 ? (res.json as FeedPage) : null;
}

export interface ChangedDatabases {
  /** `db-updates`: the databases the feed names; `scan`: every database on the server. */
  via: 'db-updates' | 'scan';
  names: string[];
  /** Moves the checkpoint past these names; call once they are handled. */
  commit(): Promise<void>;
}

/**
 * A follower of `_db_updates` whose checkpoint is the `_local` document
 * `checkpointId` in `checkpointDb` (a database the follower owns).
 */
export function dbUpdatesFollower(couch: CouchClient, checkpointDb: string, checkpointId: string): { changed(): Promise<ChangedDatabases> } {
  let feed: boolean | null = null;
  const path = `${enc(checkpointDb)}/_local/${enc(checkpointId)}`;
  return {
    async changed() {
      const allDbs = async () => (await couch.request('GET', '_all_dbs')).json as string[];
      if (feed === false) return { via: 'scan', names: await allDbs(), commit: async () => {} };
      const read = await couch.request('GET', path, undefined, [404]);
      const cp = read.status === 404 ? null : (read.json as { since?: string; _rev?: string });
      const page = await readDbUpdates(couch, cp?.since ? cp.since : 'now');
      feed = page !== null;
      if (!page) return { via: 'scan', names: await allDbs(), commit: async () => {} };
      const names = cp?.since ? [...new Set(page.results.map((r) => r.db_name))] : await allDbs();
      return {
        via: 'db-updates',
        names,
        async commit() {
          if (cp?.since === page.last_seq) return;
          await couch.request('PUT', path, { since: page.last_seq, ...(cp?._rev ? { _rev: cp._rev } : {}) });
        },
      };
    },
  };
}
