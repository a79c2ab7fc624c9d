/** The little of PouchDB 9 the sync benchmark's peer uses (the packages ship no types). */
declare module 'pouchdb-browser' {
  interface PouchReplication extends PromiseLike<{ ok: boolean; docs_written: number; doc_write_failures: number; errors: unknown[] }> {
    on(event: 'error' | 'denied', fn: (err: unknown) => void): this;
  }
  interface PouchDatabase {
    bulkDocs(docs: object[]): Promise<{ ok?: boolean; id: string; error?: string; reason?: string }[]>;
    info(): Promise<{ doc_count: number; update_seq: string | number }>;
    allDocs(opts?: { startkey?: string; endkey?: string }): Promise<{ rows: { id: string }[] }>;
    destroy(): Promise<unknown>;
    close(): Promise<unknown>;
  }
  interface PouchStatic {
    new (name: string, opts?: { adapter?: string; auth?: { username: string; password: string }; skip_setup?: boolean }): PouchDatabase;
    plugin(p: unknown): PouchStatic;
    replicate(source: PouchDatabase, target: PouchDatabase, opts?: { batch_size?: number; batches_limit?: number }): PouchReplication;
  }
  const PouchDB: PouchStatic;
  export default PouchDB;
}
declare module 'pouchdb-adapter-indexeddb' {
  const plugin: unknown;
  export default plugin;
}
