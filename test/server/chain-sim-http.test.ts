/**
 * The simulated tablet's HTTP client (server/chain-sim/http.ts): what the
 * sync code needs of fetch, on node:http.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { simFetch } from '../../server/chain-sim/http';

let server: Server;
let base = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString('utf8'); });
    req.on('end', () => {
      if (req.url === '/slow') { setTimeout(() => res.end('{}'), 2000); return; }
      if (req.url === '/cut') { res.writeHead(200, { 'content-length': '100' }); res.write('{"a":'); setTimeout(() => res.destroy(), 20); return; }
      res.writeHead(req.url === '/missing' ? 404 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ method: req.method, auth: req.headers.authorization ?? null, body }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => { server.closeAllConnections(); await new Promise((r) => server.close(r)); });

test('sends the method, headers and body; answers the status and the whole body', async () => {
  const headers = new Headers({ Authorization: 'Basic x' });
  const res = await simFetch(`${base}/db/_bulk_docs`, { method: 'POST', headers, body: JSON.stringify({ docs: ['中文'] }) });
  expect(res.ok).toBe(true);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ method: 'POST', auth: 'Basic x', body: '{"docs":["中文"]}' });
  const missing = await simFetch(`${base}/missing`);
  expect({ ok: missing.ok, status: missing.status }).toEqual({ ok: false, status: 404 });
  expect(JSON.parse(await missing.text())).toMatchObject({ method: 'GET' });
});

test('an abort rejects with the signal\'s reason; a connection cut mid-body fails as fetch does', async () => {
  const controller = new AbortController();
  const slow = simFetch(`${base}/slow`, { signal: controller.signal });
  setTimeout(() => controller.abort(new DOMException('timed out', 'TimeoutError')), 50);
  await expect(slow).rejects.toMatchObject({ name: 'TimeoutError' });
  await expect(simFetch(`${base}/slow`, { signal: AbortSignal.abort(new Error('stopped')) })).rejects.toThrow('stopped');
  await expect(simFetch(`${base}/cut`)).rejects.toBeInstanceOf(TypeError);
});
