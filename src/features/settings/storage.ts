/**
 * The tablet's own storage: ask the browser to keep the desk's data
 * (persistent storage), read how much is used, and recognise a full disk.
 */

export interface StorageReport {
  /** null where the browser cannot say. */
  persisted: boolean | null;
  usage: number | null;
  quota: number | null;
}

/**
 * Asks once that the browser never evicts the desk's database under storage
 * pressure. Installed apps are usually granted it without a question.
 */
export async function requestPersistentStorage(): Promise<boolean | null> {
  const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
  if (!storage?.persist || !storage.persisted) return null;
  try {
    if (await storage.persisted()) return true;
    return await storage.persist();
  } catch {
    return null;
  }
}

export async function readStorage(): Promise<StorageReport> {
  const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
  const [persisted, estimate] = await Promise.all([
    storage?.persisted ? storage.persisted().catch(() => null) : Promise.resolve(null),
    storage?.estimate ? storage.estimate().catch(() => null) : Promise.resolve(null),
  ]);
  return { persisted, usage: estimate?.usage ?? null, quota: estimate?.quota ?? null };
}

/** "12.3 MB", "1.5 GB": decimal units, as tablets' storage settings show them. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) { value /= 1000; unit += 1; }
  return `${unit === 0 ? value : value.toFixed(value >= 100 ? 0 : 1)} ${units[unit]}`;
}

/**
 * Whether an error (as IndexedDB, Dexie or RxDB raise it, possibly wrapped)
 * means the disk is full.
 */
export function isQuotaError(err: unknown, depth = 0): boolean {
  if (depth > 4 || typeof err !== 'object' || err === null) return false;
  const e = err as { name?: unknown; message?: unknown; inner?: unknown; cause?: unknown; parameters?: { error?: unknown } };
  if (e.name === 'QuotaExceededError' || (typeof DOMException !== 'undefined' && err instanceof DOMException && err.code === 22)) return true;
  if (typeof e.message === 'string' && /QuotaExceeded/i.test(e.message)) return true;
  return [e.inner, e.cause, e.parameters?.error].some((inner) => isQuotaError(inner, depth + 1));
}
