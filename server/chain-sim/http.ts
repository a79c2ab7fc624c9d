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
