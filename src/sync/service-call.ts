/**
 * One authenticated JSON request from the tablet to a service on the sync
 * server's origin (the enrolment service, the chain directory), with the
 * tablet's own sync credentials. Never retried here: a 401 is answered to
 * the caller at once (CouchDB locks an address out after 5 failed logins).
 */
import type { SyncSetup } from '../data/sync-store';
import type { FetchLike } from './transport';

/** HTTP basic credentials (UTF-8, as CouchDB reads them). */
export function basicAuth(user: string, password: string): string {
  return `Basic ${btoa(String.fromCharCode(...new TextEncoder().encode(`${user}:${password}`)))}`;
}

/** The response, or null when the request never got one (network down, timeout). */
export async function serviceCall(
  url: string, setup: Pick<SyncSetup, 'user' | 'password'>, method: string, body: unknown, fetchImpl: FetchLike,
): Promise<Response | null> {
  try {
    return await fetchImpl(url, {
      method,
      headers: { Authorization: basicAuth(setup.user, setup.password), Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      cache: 'no-store', credentials: 'omit', signal: AbortSignal.timeout(20_000),
    });
  } catch {
    return null;
  }
}

/**
 * The body of a 2xx answer as JSON. 'notJson' when something other than the
 * service answered (a web server's page for a path it does not have, with
 * 200), 'network' when the body broke off, 'badJson' when it does not parse.
 */
export async function jsonBody<T>(res: Response): Promise<{ ok: true; value: T } | { ok: false; error: 'notJson' | 'network' | 'badJson' }> {
  if (!/\bjson\b/i.test(res.headers.get('content-type') ?? '')) return { ok: false, error: 'notJson' };
  let text: string;
  try { text = await res.text(); } catch { return { ok: false, error: 'network' }; }
  try { return { ok: true, value: JSON.parse(text) as T }; } catch { return { ok: false, error: 'badJson' }; }
}
