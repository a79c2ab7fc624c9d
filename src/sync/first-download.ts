/**
 * A new tablet's first download of one server database as a bulk import
 * (issue #15): the database's `_changes` with their documents in large
 * pages, through the collection's own transport (credentials, back-off,
 * design documents dropped, short pages filled), the next page on its way
 * while the last one is written (src/data/replication-import.ts: one
 * storage transaction for a page's documents, one for their replication
 * records). Ends at the first page shorter than asked for, as RxDB's pull
 * does; answers the sequence the last page ended at, where the live
 * replication then starts (`pull.initialCheckpoint`), so a change written
 * on the server during the import arrives through it.
 *
 * A failed request is asked again from the same place (the transport waits
 * out its back-off first) until the sync stops; refused credentials end it.
 */
import { CredentialsRefusedError, SyncStoppedError, type FetchLike } from './transport';

type ChangesPage = { results: { id: string; doc?: Record<string, unknown> }[]; last_seq: string | number };

export async function firstDownload(
  fetch: FetchLike, dbUrl: string, pageSize: number, write: (docs: Record<string, unknown>[]) => Promise<void>, stop: AbortSignal,
): Promise<{ sequence: string | number; docs: number }> {
  const page = async (since: string | number): Promise<ChangesPage> => {
    const url = `${dbUrl}_changes?style=all_docs&feed=normal&include_docs=true&since=${encodeURIComponent(String(since))}&limit=${pageSize}&seq_interval=${pageSize}`;
    for (;;) {
      try {
        const res = await fetch(url);
        const json = (await res.json()) as Partial<ChangesPage>;
        if (!Array.isArray(json.results) || json.last_seq === undefined) throw new Error(`first download: no changes in the answer (${res.status})`);
        return json as ChangesPage;
      } catch (err) {
        if (stop.aborted || err instanceof SyncStoppedError) throw new SyncStoppedError();
        if (err instanceof CredentialsRefusedError) throw err;
        // Network or server fault: the transport has counted it and backs off before the next try.
      }
    }
  };
  let since: string | number = 0;
  let docs = 0;
  let next = page(since);
  for (;;) {
    const current = await next;
    const last = current.results.length < pageSize;
    if (!last) next = page(current.last_seq);
    try {
      const list = current.results.map((r) => r.doc).filter((d): d is Record<string, unknown> => !!d);
      await write(list);
      docs += list.length;
    } catch (err) {
      // The prefetched page is dropped (its failure, if any, with it).
      if (!last) next.catch(() => undefined);
      throw err;
    }
    since = current.last_seq;
    if (last) return { sequence: since, docs };
  }
}
