/**
 * React access to the database: a provider, and `useLive`, which subscribes
 * a component to a live query. Screens never copy database data into
 * Zustand; they re-render when the documents they read change.
 */
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Observable } from 'rxjs';
import type { FrontDeskDatabase } from './database';
import type { CommandContext } from './commands/context';

const DbContext = createContext<{ db: FrontDeskDatabase; ctx: CommandContext } | null>(null);

/** The database, and who/what acts on it (staff, device, clock, ids). */
export function DbProvider({ db, ctx, children }: { db: FrontDeskDatabase; ctx: CommandContext; children: ReactNode }) {
  const value = useMemo(() => ({ db, ctx }), [db, ctx]);
  return <DbContext.Provider value={value}>{children}</DbContext.Provider>;
}

function useDbContext() {
  const value = useContext(DbContext);
  if (!value) throw new Error('useDb() outside <DbProvider>.');
  return value;
}

export function useDb(): FrontDeskDatabase {
  return useDbContext().db;
}

export function useCommandContext(): CommandContext {
  return useDbContext().ctx;
}

export type Live<T> = { status: 'loading' } | { status: 'ready'; value: T } | { status: 'error'; error: Error };

/**
 * Subscribe to `factory(db)`; re-subscribes when `key` changes. `key` must
 * identify everything the factory reads (e.g. the member id).
 */
export function useLive<T>(factory: (db: FrontDeskDatabase) => Observable<T>, key: string): Live<T> {
  const db = useDb();
  const [state, setState] = useState<{ key: string; live: Live<T> }>({ key, live: { status: 'loading' } });
  useEffect(() => {
    const sub = factory(db).subscribe({
      next: (value) => setState({ key, live: { status: 'ready', value } }),
      error: (error: unknown) => setState({ key, live: { status: 'error', error: error instanceof Error ? error : new Error(String(error)) } }),
    });
    return () => sub.unsubscribe();
    // factory is recreated each render; key names what it reads.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [db, key]);
  return state.key === key ? state.live : { status: 'loading' };
}

/** The value, or `fallback` while loading or on error. */
export function liveValue<T>(live: Live<T>, fallback: T): T {
  return live.status === 'ready' ? live.value : fallback;
}
