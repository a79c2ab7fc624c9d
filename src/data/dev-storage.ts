import { addRxPlugin, type RxStorage } from 'rxdb';

/**
 * Dev builds: RxDB dev-mode plus schema validation of every write. Loaded by
 * dynamic import only when `import.meta.env.DEV`, so none of it ships in
 * the production bundle.
 */
export async function devStorage(): Promise<RxStorage<unknown, unknown>> {
  const [{ RxDBDevModePlugin }, { wrappedValidateAjvStorage }, { getRxStorageDexie }] = await Promise.all([
    import('rxdb/plugins/dev-mode'), import('rxdb/plugins/validate-ajv'), import('rxdb/plugins/storage-dexie'),
  ]);
  addRxPlugin(RxDBDevModePlugin);
  return wrappedValidateAjvStorage({ storage: getRxStorageDexie() }) as RxStorage<unknown, unknown>;
}
