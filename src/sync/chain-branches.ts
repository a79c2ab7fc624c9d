/**
 * Keeps the chain's branch list on the tablet (src/data/chain-branches.ts):
 * read from the chain directory (`GET /chain/branches`, the tablet's own
 * credentials) when the tablet has none or the one it has is over an hour
 * old, at start, every hour, and when the browser comes back online. A
 * failed read keeps the list the tablet has and tries again a minute later
 * (an hour when the directory has no list: 404);
 * a refused sign-in (401) is never retried (CouchDB locks an address out
 * after a few failed logins, and a branch behind one proxy shares one).
 */
import { readChainBranches, saveChainBranches, type ChainBranchName } from '../data/chain-branches';
import type { FrontDeskDatabase } from '../data/database';
import type { SyncSetup } from '../data/sync-store';
import { chainCall, type ChainResult } from './chain';
import type { FetchLike } from './transport';

/** The answer's entries that are a branch (id and name strings); anything else is left out. */
export function branchEntries(value: unknown): ChainBranchName[] {
  const list = (value as { branches?: unknown } | null)?.branches;
  if (!Array.isArray(list)) return [];
  const out: ChainBranchName[] = [];
  for (const b of list as Record<string, unknown>[]) {
    if (!b || typeof b.id !== 'string' || typeof b.name !== 'string' || !b.id || !b.name) continue;
    out.push({ id: b.id, name: b.name, ...(typeof b.nameEn === 'string' && b.nameEn ? { nameEn: b.nameEn } : {}), city: typeof b.city === 'string' ? b.city : '' });
  }
  return out;
}

export async function fetchChainBranches(setup: Pick<SyncSetup, 'server' | 'user' | 'password'>, fetchImpl: FetchLike = (u, i) => fetch(u, i)): Promise<ChainResult<ChainBranchName[]>> {
  const res = await chainCall<unknown>(setup, 'GET', 'branches', undefined, fetchImpl);
  return res.ok ? { ok: true, value: branchEntries(res.value) } : res;
}

export interface KeepChainBranchesOptions {
  fetch?: FetchLike;
  now?: () => number;
  /** How old the list may get before it is read again (default an hour). */
  everyMs?: number;
  /** After a failed read (default a minute). */
  retryMs?: number;
  /** Where `online` events come from (default the browser's window, when there is one). */
  events?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
}

export interface ChainBranchesKeeper {
  /** Reads the list now if it is missing or old; resolves when done (or failed). */
  refresh(): Promise<ChainResult<ChainBranchName[]> | 'fresh' | 'stopped'>;
  stop(): void;
}

export function keepChainBranches(db: FrontDeskDatabase, setup: Pick<SyncSetup, 'server' | 'user' | 'password'>, options: KeepChainBranchesOptions = {}): ChainBranchesKeeper {
  const now = options.now ?? (() => Date.now());
  const everyMs = options.everyMs ?? 3_600_000;
  const retryMs = options.retryMs ?? 60_000;
  const events = options.events ?? (typeof window !== 'undefined' ? window : undefined);
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<ChainResult<ChainBranchName[]> | 'fresh' | 'stopped'> | null = null;

  const schedule = (ms: number) => {
    if (timer) clearTimeout(timer);
    timer = stopped ? null : setTimeout(() => { timer = null; void refresh(); }, ms);
  };

  async function once(): Promise<ChainResult<ChainBranchName[]> | 'fresh' | 'stopped'> {
    if (stopped) return 'stopped';
    const stored = await readChainBranches(db);
    // A list read through another server (the tablet set up again) is as good as none.
    const age = stored && stored.server === setup.server ? now() - stored.fetchedAt : Infinity;
    if (age < everyMs) { schedule(everyMs - age); return 'fresh'; }
    if (stopped) return 'stopped';
    const res = await fetchChainBranches(setup, options.fetch);
    if (stopped) return 'stopped';
    if (res.ok) {
      // An empty answer (a server whose chain has no branch list yet) does not wipe the names the tablet has.
      if (res.value.length > 0 || !stored) await saveChainBranches(db, res.value, now(), setup.server);
      schedule(everyMs);
    } else if (res.error === 'unauthorized') {
      stop();
    } else if (res.error === 'notFound') {
      // A chain directory without the list (an older server): asked again in an hour, not every minute.
      schedule(everyMs);
    } else {
      schedule(retryMs);
    }
    return res;
  }

  function refresh(): Promise<ChainResult<ChainBranchName[]> | 'fresh' | 'stopped'> {
    // Never rejects: a storage error (the database closed under it) is a failed read, tried again later.
    running ??= once().catch((): ChainResult<ChainBranchName[]> => {
      schedule(retryMs);
      return { ok: false, error: 'serverError' };
    }).finally(() => { running = null; });
    return running;
  }

  const onOnline = () => { void refresh(); };
  events?.addEventListener('online', onOnline);

  function stop(): void {
    stopped = true;
    if (timer) clearTimeout(timer);
    timer = null;
    events?.removeEventListener('online', onOnline);
  }

  void refresh();
  return { refresh, stop };
}
