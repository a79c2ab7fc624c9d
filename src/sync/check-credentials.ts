/**
 * Are these the branch's credentials? Asked of the server before a tablet
 * keeps them (setup link, settings form, new password after a 401): a
 * wrong password stored and retried by every tablet would lock the branch
 * out (CouchDB 3.4 `[chttpd_auth_lockout]`: 5 failed logins from one
 * address). One GET on one of the branch's databases with basic auth:
 * exactly one login attempt.
 */
import { serverDbName } from '../data/replicated';
import type { SyncSetup } from '../data/sync-store';
import { basicAuth } from './service-call';
import type { FetchLike } from './transport';

export type CredentialsVerdict =
  | { ok: true }
  | { ok: false; error: 'network' | 'unauthorized' | 'forbidden' | 'locked' | 'notProvisioned' | 'serverError' };


export async function checkCredentials(
  setup: Pick<SyncSetup, 'server' | 'branchId' | 'user' | 'password'>,
  fetchImpl: FetchLike = (u, i) => fetch(u, i),
): Promise<CredentialsVerdict> {
  let res: Response;
  try {
    res = await fetchImpl(`${setup.server}${serverDbName(setup.branchId, 'branches')}/`, {
      headers: { Authorization: basicAuth(setup.user, setup.password), Accept: 'application/json' },
      cache: 'no-store', credentials: 'omit', signal: AbortSignal.timeout(20_000),
    });
  } catch {
    return { ok: false, error: 'network' };
  }
  if (res.ok) return { ok: true };
  if (res.status === 401) return { ok: false, error: 'unauthorized' };
  if (res.status === 403) {
    // CouchDB's lockout answers 403 before it looks at the password.
    const body = (await res.json().catch(() => ({}))) as { reason?: string };
    return { ok: false, error: /locked/i.test(body.reason ?? '') ? 'locked' : 'forbidden' };
  }
  if (res.status === 404) return { ok: false, error: 'notProvisioned' };
  return { ok: false, error: 'serverError' };
}
