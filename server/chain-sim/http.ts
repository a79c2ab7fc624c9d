/**
 * The simulated tablet's HTTP client (npm run chain-sim): `fetch` for what
 * the sync code asks of it (method, headers, a string body, an abort
 * signal; the answer's status and whole body), on node:http with keep-alive.
 *
 * Why not Node's own fetch: in a browser the desk's requests are the
 * browser's native work, off the page's JavaScript; in Node, fetch is
 * undici, in JavaScript, with web streams per request. A V8 profile of an
 * idle simulated tablet (issue #14: 2 tablets, a 180-s day) put ~30 % of
 * its CPU in undici, the largest single cost of the sim's load generator,
 * which at 100 branches shares the machine with the server it measures.
 *
 * The answer is read whole before it is handed over (the sync code reads
 * every body whole anyway), so a connection lost mid-body fails the call
 * itself; an abort rejects with the signal's reason, as fetch does.
 */
import http from 'node:http';

const agent = new http.Agent({ keepAlive: true });

/** The part of a fetch Response the sync code and the sim read. */
function answer(status: number, text: string, headers: http.IncomingHttpHeaders): Response {
  const h = new Headers();
  for (const [k, v] of Object.entries(headers)) if (typeof v === 'string') h.set(k, v);
  const res = {
    ok: status >= 200 && status < 300,
    status,
    headers: h,
    text: async () => text,
    json: async () => JSON.parse(text) as unknown,
  };
  return res as unknown as Response;
}

export const simFetch: typeof fetch = (input, init = {}) => new Promise<Response>((resolve, reject) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const signal = init.signal ?? null;
  if (signal?.aborted) { reject(signal.reason); return; }
  const headers: Record<string, string> = {};
  new Headers(init.headers).forEach((v, k) => { headers[k] = v; });
  const body = init.body === undefined || init.body === null ? undefined : String(init.body as string);
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
  let settled = false;
  const finish = (f: () => void) => { if (settled) return; settled = true; signal?.removeEventListener('abort', onAbort); f(); };
  const req = http.request(url, { method: init.method ?? 'GET', headers, agent }, (res) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => finish(() => resolve(answer(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'), res.headers))));
    res.on('error', (err) => finish(() => reject(new TypeError('fetch failed', { cause: err }))));
    res.on('aborted', () => finish(() => reject(new TypeError('fetch failed', { cause: new Error('response aborted') }))));
  });
  function onAbort() { finish(() => reject(signal!.reason)); req.destroy(); }
  signal?.addEventListener('abort', onAbort, { once: true });
  req.on('error', (err) => finish(() => reject(new TypeError('fetch failed', { cause: err }))));
  req.end(body);
});

/** One push request that carried a document: when it left, when its answer was in, whether the server took that document. */
export interface DocSend { sentAt: number; answeredAt: number | null; ok: boolean }

/**
 * A fetch that times the push requests passing through it (issue #14: where a
 * write's sync latency goes): each `POST <db>/_bulk_docs` (and a single-doc
 * `PUT <db>/<id>`) is noted under every document id its body carries, with
 * when the request left, when its answer was in and whether the server
 * accepted that document (a 2xx answer and, for `_bulk_docs`, no `error` in
 * the document's row). The answer is read here and handed on: the inner fetch's
 * body must be readable twice (simFetch's is a string).
 */
export function timeDocSends(inner: typeof fetch, now: () => number = Date.now): {
  fetch: typeof fetch;
  sendsOf: (dbName: string, id: string) => DocSend[];
  /** When every request that carried the document so far has its answer (or failed). */
  settled: (dbName: string, id: string) => Promise<void>;
} {
  const sends = new Map<string, DocSend[]>();
  const inFlight = new Map<string, Set<Promise<unknown>>>();
  const note = (key: string, s: DocSend) => { const xs = sends.get(key); if (xs) xs.push(s); else sends.set(key, [s]); };
  const timed: typeof fetch = async (input, init = {}) => {
    const method = (init.method ?? 'GET').toUpperCase();
    const url = new URL(input instanceof Request ? input.url : String(input));
    const parts = url.pathname.split('/').filter((p) => p !== '').map((p) => decodeURIComponent(p));
    let ids: string[] = [];
    let dbName = '';
    if (method === 'POST' && parts.length >= 2 && parts.at(-1) === '_bulk_docs' && typeof init.body === 'string') {
      dbName = parts.at(-2)!;
      try { ids = ((JSON.parse(init.body) as { docs?: { _id?: unknown }[] }).docs ?? []).map((d) => String(d._id)); } catch { ids = []; }
    } else if (method === 'PUT' && parts.length >= 2 && !parts.at(-1)!.startsWith('_') && !parts.at(-2)!.startsWith('_')) {
      dbName = parts.at(-2)!;
      ids = [parts.at(-1)!];
    }
    if (ids.length === 0) return inner(input, init);
    const sentAt = now();
    const mine = ids.map((id) => { const s: DocSend = { sentAt, answeredAt: null, ok: false }; note(`${dbName}/${id}`, s); return [id, s] as const; });
    const work = (async () => {
      const res = await inner(input, init);
      const answeredAt = now();
      let refused = new Set<string>();
      if (res.ok && parts.at(-1) === '_bulk_docs') {
        try {
          const rows = JSON.parse(await res.text()) as { id?: string; error?: string }[];
          refused = new Set(Array.isArray(rows) ? rows.filter((r) => r.error !== undefined).map((r) => String(r.id)) : ids);
        } catch { refused = new Set(ids); }
      }
      for (const [id, s] of mine) { s.answeredAt = answeredAt; s.ok = res.ok && !refused.has(id); }
      return res;
    })();
    const keys = ids.map((id) => `${dbName}/${id}`);
    for (const k of keys) { const set = inFlight.get(k) ?? new Set(); set.add(work); inFlight.set(k, set); }
    try {
      return await work;
    } finally {
      for (const k of keys) { const set = inFlight.get(k); set?.delete(work); if (set?.size === 0) inFlight.delete(k); }
    }
  };
  return {
    fetch: timed,
    sendsOf: (dbName, id) => sends.get(`${dbName}/${id}`) ?? [],
    settled: async (dbName, id) => { await Promise.allSettled([...(inFlight.get(`${dbName}/${id}`) ?? [])]); },
  };
}
