/**
 * A new tablet's first download as a bulk import (issue #15): the server's
 * documents are written straight into the collection's storage, a page per
 * transaction, together with the records RxDB's replication keeps for each
 * pulled document, exactly as its own pull writes them
 * (rxdb/src/replication-protocol/downstream.ts, RxDB 17.6), so that the
 * live replication started afterwards from the import's checkpoints
 * (`pull.initialCheckpoint`, `push.initialCheckpoint`) treats every imported
 * document as one it pulled itself:
 *
 * - the document, with `_meta[<identifier>] = 1` and `_meta.o` (the marks
 *   by which the replication knows a fork state came from the server) and
 *   revision 1-<hash of the identifier>;
 * - its "assumed master state" in the replication's meta storage (what the
 *   push sends as the state it edits, and what the conflict check compares
 *   with the server's: CouchDB's `_rev` is not part of it, the push re-reads
 *   the server's revisions itself).
 *
 * Every imported document carries one `_meta.lwt`, taken when the import
 * began; the push's initial checkpoint is the last of them, so a local write
 * during the import (later lwt) is still pushed, and no imported document is.
 * Only for a collection that holds nothing at all (no documents, no
 * deletions, no replication records): anything else replicates as before.
 */
import {
  createRevision, getChangedDocumentsSince, getComposedPrimaryKeyOfDocumentData, getRxReplicationMetaInstanceSchema, getUnderlyingPersistentStorage, now,
  type RxStorageInstance,
} from 'rxdb';
import { couchDBDocToRxDocData } from 'rxdb/plugins/replication-couchdb';
import type { CollectionName, FrontDeskDatabase } from './database';
import { REPLICATED } from './replicated';
import { completeDeletionStub } from './sync-store';

type AnyDoc = Record<string, unknown> & { _deleted: boolean };
type Storage = RxStorageInstance<AnyDoc, unknown, unknown, unknown>;

/** Where the live replication starts after an import. */
export interface ImportCheckpoints { pull: { sequence: string | number }; push?: { id: string; lwt: number } }

export interface ReplicationImport {
  /** Writes one page of the server's `_changes` documents (CouchDB form). */
  write(couchDocs: Record<string, unknown>[]): Promise<void>;
  /** The checkpoints for the live replication; `sequence` is where the last page ended. */
  finish(sequence: string | number): ImportCheckpoints;
  /** Releases the storage handles (always, also after a failure). */
  close(): Promise<void>;
}

/** The smallest number above `lwt` (the next double). */
export function nextLwt(lwt: number): number {
  const f = new Float64Array([lwt]);
  const bits = new BigUint64Array(f.buffer);
  bits[0] = bits[0]! + 1n;
  return f[0]!;
}

/** The replication's records of `collection` (its meta storage), as RxReplicationState.start() names and builds it (plugins/replication/index.ts). */
async function openRecords(db: FrontDeskDatabase, collection: CollectionName, replicationIdentifier: string): Promise<{ meta: Storage; metaSchema: ReturnType<typeof getRxReplicationMetaInstanceSchema> }> {
  const col = db.collections[collection];
  const metaName = `rx-replication-meta-${await db.hashFunction([col.name, replicationIdentifier].join('-'))}`;
  const metaSchema = getRxReplicationMetaInstanceSchema(col.schema.jsonSchema as never, false);
  const meta = await db.storage.createStorageInstance({
    databaseName: db.name, collectionName: metaName, databaseInstanceToken: db.token, multiInstance: db.multiInstance,
    options: {}, schema: metaSchema as never, password: db.password, devMode: false,
  }) as unknown as Storage;
  return { meta, metaSchema };
}

/** How many documents the replication of `collection` keeps a record of the server's version for (checkpoints not counted). */
export async function replicationRecordCount(db: FrontDeskDatabase, collection: CollectionName, replicationIdentifier: string): Promise<number> {
  const { meta } = await openRecords(db, collection, replicationIdentifier);
  try {
    const all = await getChangedDocumentsSince(meta as never, 1_000_000);
    return all.documents.filter((d) => (d as unknown as AnyDoc).isCheckpoint === '0' && !(d as unknown as AnyDoc)._deleted).length;
  } finally {
    await meta.close();
  }
}

/**
 * Opens the import of `collection` for the replication `replicationIdentifier`,
 * or answers null when the collection is not fresh (the ordinary pull then runs).
 */
export async function openReplicationImport(db: FrontDeskDatabase, collection: CollectionName, replicationIdentifier: string, recordsForAll = false): Promise<ReplicationImport | null> {
  const col = db.collections[collection];
  // Below the collection's wrapper, which would give every document a revision and `_meta` of its own (lwt: the write's time).
  const fork = getUnderlyingPersistentStorage((col as unknown as { internalStorageInstance: never }).internalStorageInstance) as unknown as Storage;
  const { meta, metaSchema } = await openRecords(db, collection, replicationIdentifier);
  const close = () => meta.close();
  try {
    const [forkChanges, metaChanges] = await Promise.all([getChangedDocumentsSince(fork as never, 1), getChangedDocumentsSince(meta as never, 1)]);
    if (forkChanges.documents.length > 0 || metaChanges.documents.length > 0) {
      await close();
      return null;
    }
  } catch (err) {
    await close();
    throw err;
  }
  // The replication protocol's own names (replication-protocol/index.ts, checkpoint.ts, downstream.ts).
  const identifier = `rxdbreplication${replicationIdentifier}`;
  const identifierHash = await db.hashFunction(identifier);
  const checkpointKey = `rx_storage_replication_${await db.hashFunction([identifier, fork.databaseName, fork.collectionName].join('||'))}`;
  const context = `replication-downstream-${checkpointKey}`;
  const primaryPath = col.schema.primaryPath as string;
  /**
   * An immutable collection (the ledger, the door log: insert-only, the server's validator refuses
   * an edit or a deletion) needs no record of what the server holds: an imported line is never pushed
   * (the push starts after it), never edited here, and never changes there. Its documents are
   * written once, not twice (issue #15: the records were half of the import's IndexedDB work).
   */
  const records = recordsForAll || !REPLICATED[collection].immutable;
  const lwt = now();
  let lastId: string | null = null;
  /** Ids written so far: one the server changes during the import comes again, later in its feed. */
  const imported = new Set<string>();
  const metaId = (itemId: string) => getComposedPrimaryKeyOfDocumentData(metaSchema as never, { itemId, isCheckpoint: '0' });
  const forkDoc = (master: AnyDoc, height: number, previous?: AnyDoc): AnyDoc => ({
    ...master,
    _attachments: {},
    _rev: createRevision(identifierHash, previous as never),
    _meta: { lwt, [identifier]: height, o: { _rev: height, hash: identifierHash } },
  } as AnyDoc);

  return {
    async write(couchDocs) {
      if (couchDocs.length === 0) return;
      const forkRows: { document: AnyDoc; previous?: AnyDoc }[] = [];
      const metaRows: { document: AnyDoc; previous?: AnyDoc }[] = [];
      const again = couchDocs.map((d) => String(d._id)).filter((id) => imported.has(id));
      const [forkNow, metaNow] = again.length === 0 ? [[], []] : await Promise.all([
        fork.findDocumentsById(again, true), meta.findDocumentsById(again.map(metaId), true),
      ]);
      const forkById = new Map(forkNow.map((d) => [String(d[primaryPath]), d]));
      const metaById = new Map(metaNow.map((d) => [String(d.itemId), d]));
      for (const raw of couchDocs) {
        const pulled = couchDBDocToRxDocData(primaryPath, raw as never) as unknown as AnyDoc;
        // The plugin's pull: the deleted flag a boolean, the pull modifier (a deletion stub made whole).
        const master: AnyDoc = await completeDeletionStub(db, collection, { ...pulled, _deleted: !!pulled._deleted });
        const id = String(master[primaryPath]);
        if (imported.has(id)) {
          // The server's newer version of a document imported earlier: written over it as the
          // replication's pull would, unless the tablet edited it meanwhile (then its push settles it).
          const previous = forkById.get(id);
          const previousMeta = metaById.get(id);
          const o = (previous?._meta as { o?: { _rev: number; hash: string } } | undefined)?.o;
          const height = previous ? Number(String(previous._rev).split('-')[0]) : 0;
          if (!previous || !previousMeta || o?.hash !== identifierHash || o._rev !== height) continue;
          forkRows.push({ previous, document: forkDoc(master, height + 1, previous) });
          metaRows.push({ previous: previousMeta, document: { ...previousMeta, docData: master, _rev: createRevision(checkpointKey, previousMeta as never), _meta: { lwt: now() } } as unknown as AnyDoc });
          continue;
        }
        imported.add(id);
        forkRows.push({ document: forkDoc(master, 1) });
        if (lastId === null || id > lastId) lastId = id;
        if (!records) continue;
        const metaDoc = { id: metaId(id), isCheckpoint: '0', itemId: id, docData: master, _attachments: {}, _deleted: false, _rev: createRevision(checkpointKey), _meta: { lwt: now() } };
        metaRows.push({ document: metaDoc as unknown as AnyDoc });
      }
      // The documents and their records side by side (two storages, two transactions). Either may land
      // without the other if the tablet dies here: a document without its record is one the pull marked
      // as its own (`_meta.o`) and completes; a record without its document is a state the pull writes.
      const [written, recorded] = await Promise.all([
        db.lockedRun(() => fork.bulkWrite(forkRows as never, context)),
        metaRows.length > 0 ? meta.bulkWrite(metaRows as never, 'replication-down-write-meta') : { error: [] },
      ]);
      if (written.error.length > 0) throw new Error(`first download: ${collection} ${written.error[0]?.documentId}: ${written.error[0]?.status}`);
      if (recorded.error.length > 0) throw new Error(`first download: ${collection} record ${recorded.error[0]?.documentId}: ${recorded.error[0]?.status}`);
    },
    finish(sequence) {
      // The push starts at the first lwt after the import's: the same documents as { id: lastId, lwt }
      // (nothing else has the import's lwt, RxDB's now() never repeats), but RxDB's query for the
      // changes since a checkpoint reads its index from the checkpoint's lwt on and filters the rest,
      // so from { id: lastId, lwt } the first push read every imported document again before the
      // first waiting one (issue #15: the first push after a first download went ~0.7 s later than
      // the next ones in the sync bench; on fake-indexeddb 3,000 imported lines took 10 s, not 0.05).
      return lastId === null ? { pull: { sequence } } : { pull: { sequence }, push: { id: '', lwt: nextLwt(lwt) } };
    },
    close,
  };
}
