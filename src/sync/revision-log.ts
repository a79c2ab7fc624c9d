/** Which server revision each version of a replicated document had (see `RevisionLog`). */
import { canonicalJson } from '../domain/merge';

/** The generation of a CouchDB revision ("3-abc…" → 3); 0 when unreadable. */
export function generation(rev: unknown): number {
  const n = typeof rev === 'string' ? Number.parseInt(rev, 10) : Number.NaN;
  return Number.isFinite(n) && n > 0 ? n : 0;
}

/** A document's content for matching (no id, no storage fields but the deletion flag), as a 53-bit hash. */
export function contentKey(doc: Record<string, unknown>): string {
  const out: Record<string, unknown> = { _deleted: doc._deleted === true };
  for (const [k, v] of Object.entries(doc)) if (!k.startsWith('_') && k !== 'id') out[k] = v;
  return cyrb53(canonicalJson(out));
}

/** cyrb53 (public domain): a fast 53-bit string hash, as base 36. */
function cyrb53(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/**
 * The server revisions this tablet has seen of a collection's documents:
 * each version pulled (with its revision) and each version its own push
 * wrote (with the revision the server gave it). A document's history on the
 * server is a line (every push names the revision it replaces), so a
 * version whose revision is older than one already seen is no longer the
 * server's.
 *
 * Why: RxDB holds a change pulled while a push of the same collection is
 * under way and applies it after the push (replication-protocol/downstream.js:
 * "while a push is running, we have to delay all incoming events"). After
 * two tablets reconnect at once that change is often the other tablet's
 * version, which our push has just merged with ours and replaced on the
 * server; applied late it puts the older version back on this tablet (a room
 * move or a housekeeping report vanished from the board until the next pull,
 * and a tablet that acted on it in between acted on a state long gone;
 * test/sync/rooms-race.test.ts). The collections' conflict handlers ask
 * `isStale` before RxDB writes a pulled version over this tablet's copy
 * (src/data/conflicts.ts `attachStaleCheck`), and keep their copy when it is.
 *
 * Bounded: the most recent `limit` documents are remembered (a stale change
 * is one of the last few pulled); a document forgotten is never called
 * stale, which is what RxDB did before.
 */
export class RevisionLog {
  private readonly docs = new Map<string, { newest: number; versions: Map<string, number> }>();
  constructor(private readonly limit = 5000, private readonly versionsPerDoc = 8) {}

  /** A server version of a document (CouchDB form: `_id`, `_rev`). */
  seen(doc: Record<string, unknown>): void {
    const id = String(doc._id ?? doc.id ?? '');
    const gen = generation(doc._rev);
    if (id === '' || gen === 0) return;
    let entry = this.docs.get(id);
    if (entry) this.docs.delete(id); // re-inserted below: most recently seen last
    else entry = { newest: 0, versions: new Map() };
    const key = contentKey(doc);
    entry.versions.set(key, Math.max(gen, entry.versions.get(key) ?? 0));
    entry.newest = Math.max(entry.newest, gen);
    if (entry.versions.size > this.versionsPerDoc) {
      const oldest = [...entry.versions].sort((x, y) => x[1] - y[1])[0]!;
      entry.versions.delete(oldest[0]);
    }
    this.docs.set(id, entry);
    if (this.docs.size > this.limit) this.docs.delete(this.docs.keys().next().value!);
  }

  /** True when this version of the document (RxDB form: `id`) is known to be older than one the server has had since. */
  isStale(doc: Record<string, unknown>): boolean {
    const entry = this.docs.get(String(doc.id ?? doc._id ?? ''));
    if (!entry) return false;
    const gen = entry.versions.get(contentKey(doc));
    return gen !== undefined && gen < entry.newest;
  }
}
