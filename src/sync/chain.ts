/**
 * The tablet's side of the chain directory (server/chain-directory.ts): a
 * member of another branch, found by card, phone, ID number or member
 * number when the branch's own members do not have them, and brought into
 * the branch on the clerk's choice.
 *
 * The service sits beside the sync server on the app's origin, `/chain/`
 * next to `/db/` (the same reverse proxy), and takes the tablet's own sync
 * credentials. It answers exact lookups only, one key at a time, with a
 * member's masked name and phone, tier and home branch: never a list, never
 * a card or ID number. "Bring in" copies the member and their ledger into
 * this branch's databases on the server; the tablet's replication pulls them.
 */
import type { SyncSetup } from '../data/sync-store';
import { jsonBody, serviceCall } from './service-call';
import type { FetchLike } from './transport';

/** One member as the directory shows them to another branch (the wire shape the server writes). */
export interface ChainMember {
  memberId: string;
  /** The family name and a star (src/domain/privacy.ts maskName). */
  maskedName: string;
  /** 138****5678 */
  maskedPhone: string;
  tier: string;
  homeBranchId: string;
  /** The home branch's name, when the server knows it. */
  homeBranchName?: string;
  /** Does the asking branch already hold this member (brought in, not yet on this tablet)? */
  heldHere: boolean;
}

export type ChainError = 'network' | 'unauthorized' | 'notFound' | 'busy' | 'serverError';
export type ChainResult<T> = { ok: true; value: T } | { ok: false; error: ChainError };

/** The service's address beside the sync server's `/db/`. */
export function chainBase(server: string): string {
  return new URL('../chain/', server).href;
}


export async function chainCall<T>(setup: Pick<SyncSetup, 'server' | 'user' | 'password'>, method: string, path: string, body: unknown, fetchImpl: FetchLike): Promise<ChainResult<T>> {
  const res = await serviceCall(`${chainBase(setup.server)}${path}`, setup, method, body, fetchImpl);
  if (!res) return { ok: false, error: 'network' };
  if (res.status === 401) return { ok: false, error: 'unauthorized' };
  if (res.status === 404) return { ok: false, error: 'notFound' };
  if (res.status === 429) return { ok: false, error: 'busy' };
  // A proxy with nothing behind it (the service down, the tablet's network half there).
  if (res.status === 502 || res.status === 503 || res.status === 504) return { ok: false, error: 'network' };
  if (!res.ok) return { ok: false, error: 'serverError' };
  const json = await jsonBody<T>(res);
  if (json.ok) return json;
  // 'notJson': something other than the directory answered (a web server's page for a path it does not have).
  return { ok: false, error: json.error === 'notJson' ? 'notFound' : json.error === 'network' ? 'network' : 'serverError' };
}

/** What the member search needs from the chain (a fake in the UI tests). */
export interface ChainApi {
  lookup(query: string): Promise<ChainResult<{ members: ChainMember[] }>>;
  bringIn(memberId: string): Promise<ChainResult<{ memberId: string; ledgerLines: number }>>;
}

export function chainApi(setup: Pick<SyncSetup, 'server' | 'user' | 'password'>, fetchImpl: FetchLike = (u, i) => fetch(u, i)): ChainApi {
  return {
    lookup: (query) => chainCall(setup, 'GET', `lookup?q=${encodeURIComponent(query)}`, undefined, fetchImpl),
    bringIn: (memberId) => chainCall(setup, 'POST', 'bring-in', { memberId }, fetchImpl),
  };
}
