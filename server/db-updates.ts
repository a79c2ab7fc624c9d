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

export type FeedWait = 'changed' | 'timeout' | 'unavailable';

/**
 * Waits, at most `timeoutMs`, for the feed to name a database past `since`
 * that `wakes` accepts (a longpoll: `_db_updates?feed=longpoll&since=…&timeout=…`,
 * CouchDB 3's timeout is in ms; `_local` writes are not in the feed). Names it
 * does not accept (another service's database, the follower's own writes) are
 * passed over and the wait goes on from there. Answers `unavailable` at once
 * when the server has no feed, refuses (a 401 is never retried here), or is
 * away: the caller then sleeps out its interval, as without the feed. `since`
 * itself is not moved: the next read of the feed names the same databases.
 * `signal` ends a pending wait (answers `timeout`).
 */
export async function waitForDbUpdates(couch: CouchClient, since: string, timeoutMs: number, wakes: (db: string) => boolean, signal: AbortSignal): Promise<FeedWait> {
  const end = Date.now() + timeoutMs;
  let from = since;
  while (!signal.aborted) {
    const left = end - Date.now();
    if (left <= 0) return 'timeout';
    const chunk = Math.min(Math.ceil(left), 60_000); // CouchDB caps a feed's timeout at 60 s by default
    const asked = Date.now();
    let res: { status: number; json: unknown };
    try {
      res = await couch.request('GET', `_db_updates?feed=longpoll&since=${enc(from)}&timeout=${chunk}`, undefined, [400, 401, 403, 404, 500, 501, 502, 503]);
    } catch {
      return signal.aborted ? 'timeout' : 'unavailable';
    }
    if (res.status !== 200) return 'unavailable';
    const page = res.json as Partial<FeedPage>;
    const results = page.results ?? [];
    if (results.some((r) => wakes(r.db_name))) return 'changed';
    // Nothing, or nothing that wakes: go on from there, unless the answer is not what a longpoll gives
    // (no position, the same position with names, or empty long before its timeout): never a tight loop.
    if (typeof page.last_seq !== 'string' || (results.length > 0 && page.last_seq === from)) return 'unavailable';
    if (results.length === 0 && Date.now() - asked < chunk / 2) return 'unavailable';
    from = page.last_seq;
  }
  return 'timeout';
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
