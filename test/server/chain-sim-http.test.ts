/**
 * The simulated tablet's HTTP client (server/chain-sim/http.ts): what the
 * sync code needs of fetch, on node:http.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { simFetch, timeDocSends } from '../../server/chain-sim/http';

let server: Server;
let base = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString('utf8'); });
    req.on('end', () => {
      if (req.url === '/pushed/_bulk_docs') {
        const docs = (JSON.parse(body) as { docs: { _id: string }[] }).docs;
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(JSON.stringify(docs.map((d) => (d._id === 'b' ? { id: 'b', error: 'conflict' } : { id: d._id, ok: true, rev: '1-x' }))));
        return;
      }
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

test('timeDocSends notes each pushed document: when its request left, when the answer was in, whether the server took it', async () => {
  let clock = 100;
  const timed = timeDocSends(simFetch, () => (clock += 10));
  const res = await timed.fetch(`${base}/pushed/_bulk_docs`, { method: 'POST', body: JSON.stringify({ docs: [{ _id: 'a' }, { _id: 'b' }], new_edits: true }) });
  await timed.settled('pushed', 'a'); // nothing in flight
  expect(await res.json()).toHaveLength(2); // the answer is still readable
  expect(timed.sendsOf('pushed', 'a')).toEqual([{ sentAt: 110, answeredAt: 120, ok: true }]);
  expect(timed.sendsOf('pushed', 'b')).toEqual([{ sentAt: 110, answeredAt: 120, ok: false }]);
  const put = timed.fetch(`${base}/db/c`, { method: 'PUT', body: '{}' });
  expect(timed.sendsOf('db', 'c')).toEqual([{ sentAt: 130, answeredAt: null, ok: false }]);
  await timed.settled('db', 'c'); // waits for the answer
  expect(timed.sendsOf('db', 'c')).toEqual([{ sentAt: 130, answeredAt: 140, ok: true }]);
  await put;
  expect(timed.sendsOf('db', 'c')).toEqual([{ sentAt: 130, answeredAt: 140, ok: true }]);
  await timed.fetch(`${base}/db/_changes?feed=longpoll`);
  expect(timed.sendsOf('db', '_changes')).toEqual([]);
  expect(clock).toBe(140); // other requests are not timed
});
