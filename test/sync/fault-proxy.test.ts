import http from 'node:http';
import net from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';
import { describeSchedule, faultSchedule, runSchedule } from '../support/fault-schedule';

// A local HTTP server stands in for CouchDB: GET /hello, GET /big (200 kB), POST /count.
const BIG = 200_000;
let server: http.Server;
let serverPort = 0;
let requests = 0;
let posts = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    requests += 1;
    if (req.url === '/big') {
      res.setHeader('content-type', 'text/plain');
      res.end(Buffer.alloc(BIG, 'x'));
    } else if (req.method === 'POST' && req.url === '/count') {
      req.resume();
      req.on('end', () => {
        posts += 1;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ ok: true, posts }));
      });
    } else {
      res.end('hello');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  serverPort = (server.address() as net.AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

let proxy: FaultProxy;
beforeEach(async () => {
  requests = 0;
  posts = 0;
  proxy = await startFaultProxy({ targetPort: serverPort });
});
afterEach(async () => {
  await proxy.close();
  expect(proxy.stats().open).toBe(0);
});

interface Reply {
  status: number;
  body: string;
}

/** One request on a fresh connection (or on `agent`'s pooled ones). Rejects on errors and truncated bodies. */
function request(path: string, opts: { method?: string; body?: string; agent?: http.Agent; timeoutMs?: number } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      new URL(path, proxy.url),
      {
        method: opts.method ?? 'GET',
        agent: opts.agent ?? false,
        signal: AbortSignal.timeout(opts.timeoutMs ?? 5_000),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('close', () => {
          if (res.complete) resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() });
          else reject(new Error(`truncated after ${Buffer.concat(chunks).length} bytes`));
        });
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

function connectCode(port: number): Promise<string> {
  return new Promise((resolve) => {
    const sock = net.connect({ port, host: '127.0.0.1' });
    sock.on('connect', () => {
      sock.destroy();
      resolve('connected');
    });
    sock.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });
}

describe('fault proxy', () => {
  it('pass forwards requests and responses', async () => {
    expect(proxy.url).toBe(`http://127.0.0.1:${proxy.port}/`);
    expect(await request('/hello')).toEqual({ status: 200, body: 'hello' });
    expect((await request('/big')).body.length).toBe(BIG);
    const stats = proxy.stats();
    expect(stats.connections).toBe(2);
    expect(stats.bytesUp).toBeGreaterThan(0);
    expect(stats.bytesDown).toBeGreaterThan(BIG);
  });

  it('refuse gives ECONNREFUSED, resets open connections, and pass listens again on the same port', async () => {
    const port = proxy.port;
    const agent = new http.Agent({ keepAlive: true });
    await request('/hello', { agent });
    const pooled = Object.values(agent.freeSockets).flat()[0];
    expect(pooled).toBeDefined();
    const pooledClosed = new Promise<void>((resolve) => pooled?.once('close', () => resolve()));

    await proxy.set({ kind: 'refuse' });
    expect(proxy.fault).toEqual({ kind: 'refuse' });
    expect(await connectCode(port)).toBe('ECONNREFUSED');
    await pooledClosed;
    await expect(request('/hello')).rejects.toMatchObject({ code: 'ECONNREFUSED' });

    await proxy.set({ kind: 'pass' });
    expect(proxy.port).toBe(port);
    expect(await request('/hello')).toEqual({ status: 200, body: 'hello' });
    agent.destroy();
  });

  it('blackhole swallows requests: the client times out and the server never sees them', async () => {
    await proxy.set({ kind: 'blackhole' });
    await expect(request('/hello', { timeoutMs: 300 })).rejects.toMatchObject({ name: 'AbortError' });
    expect(await connectCode(proxy.port)).toBe('connected');
    expect(requests).toBe(0);

    await proxy.set({ kind: 'pass' });
    expect(await request('/hello')).toEqual({ status: 200, body: 'hello' });
    expect(requests).toBe(1);
  });

  it('blackhole also silences existing keep-alive connections, which are closed when it ends', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    await request('/hello', { agent });
    await proxy.set({ kind: 'blackhole' });
    await expect(request('/count', { method: 'POST', agent, timeoutMs: 300 })).rejects.toMatchObject({ name: 'AbortError' });
    expect(posts).toBe(0);
    expect(proxy.stats().connections).toBe(1);

    // A connection that lost bytes in the blackhole is closed when it ends.
    const raw = net.connect({ port: proxy.port, host: '127.0.0.1' });
    raw.on('error', () => {});
    let received = 0;
    raw.on('data', (chunk: Buffer) => (received += chunk.length));
    const rawClosed = new Promise<void>((resolve) => raw.once('close', () => resolve()));
    raw.write('GET /hello HTTP/1.1\r\nHost: x\r\n\r\n');
    await new Promise((resolve) => setTimeout(resolve, 100));

    await proxy.set({ kind: 'pass' });
    await rawClosed;
    expect(received).toBe(0);
    expect(requests).toBe(1);
    expect(await request('/hello', { agent })).toEqual({ status: 200, body: 'hello' });
    agent.destroy();
  });

  it('delay adds at least the delay', async () => {
    await proxy.set({ kind: 'delay', ms: 200 });
    const started = performance.now();
    expect(await request('/hello')).toEqual({ status: 200, body: 'hello' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(200);
    expect((await request('/big')).body.length).toBe(BIG); // order kept across many chunks
  });

  it('reset-after cuts a large response', async () => {
    await proxy.set({ kind: 'reset-after', bytes: 1_000 });
    await expect(request('/big')).rejects.toThrow();
    expect(proxy.stats().resets).toBe(1);
    expect(proxy.stats().bytesDown).toBe(1_000);

    await proxy.set({ kind: 'pass' });
    expect((await request('/big')).body.length).toBe(BIG);
  });

  it('drop-response: the server processes the write but the client never hears back', async () => {
    await proxy.set({ kind: 'drop-response' });
    await expect(request('/count', { method: 'POST', body: '{}' })).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(posts).toBe(1);
    expect(proxy.stats().dropped).toBe(1);

    // With keep-alive the connection is dropped and the next request reconnects.
    const agent = new http.Agent({ keepAlive: true });
    await expect(request('/count', { method: 'POST', body: '{}', agent })).rejects.toThrow();
    expect(posts).toBe(2);

    await proxy.set({ kind: 'pass' });
    expect(JSON.parse((await request('/count', { method: 'POST', body: '{}', agent })).body)).toEqual({ ok: true, posts: 3 });
    agent.destroy();
  });

  it('runSchedule applies each step and leaves pass; an abort stops it early', async () => {
    const schedule = faultSchedule(7, 6, { maxDurationMs: 60 });
    const set = vi.spyOn(proxy, 'set');
    await runSchedule(proxy, schedule);
    expect(set.mock.calls.map(([f]) => f)).toEqual([...schedule.map((s) => s.fault), { kind: 'pass' }]);
    set.mockRestore();
    expect(proxy.fault).toEqual({ kind: 'pass' });
    expect(await request('/hello')).toEqual({ status: 200, body: 'hello' });

    const controller = new AbortController();
    const run = runSchedule(proxy, [{ fault: { kind: 'refuse' }, durationMs: 60_000 }, { fault: { kind: 'pass' }, durationMs: 0 }], controller.signal);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(proxy.fault).toEqual({ kind: 'refuse' });
    controller.abort();
    await run;
    expect(proxy.fault).toEqual({ kind: 'pass' });
    expect(await request('/hello')).toEqual({ status: 200, body: 'hello' });
  });

  it('close() stops listening and leaves no sockets', async () => {
    const agent = new http.Agent({ keepAlive: true });
    await request('/hello', { agent });
    await proxy.close();
    expect(proxy.stats().open).toBe(0);
    expect(await connectCode(proxy.port)).toBe('ECONNREFUSED');
    await proxy.set({ kind: 'blackhole' }); // a no-op after close
    agent.destroy();
  });
});

describe('faultSchedule', () => {
  it('is deterministic per seed, mixes every kind with sensible parameters and ends with pass', () => {
    const a = faultSchedule(42, 24, { maxDurationMs: 800 });
    expect(faultSchedule(42, 24, { maxDurationMs: 800 })).toEqual(a);
    expect(describeSchedule(faultSchedule(43, 24, { maxDurationMs: 800 }))).not.toBe(describeSchedule(a));
    expect(a.at(-1)).toEqual({ fault: { kind: 'pass' }, durationMs: 0 });
    expect(a).toHaveLength(25);
    expect(new Set(a.map((s) => s.fault.kind))).toEqual(new Set(['pass', 'refuse', 'blackhole', 'delay', 'reset-after', 'drop-response']));
    for (const { fault, durationMs } of a.slice(0, -1)) {
      expect(durationMs).toBeGreaterThanOrEqual(50);
      expect(durationMs).toBeLessThanOrEqual(800);
      if (fault.kind === 'delay') expect(fault.ms).toSatisfy((ms: number) => ms >= 50 && ms <= 1500);
      if (fault.kind === 'reset-after') expect(fault.bytes).toSatisfy((b: number) => b >= 100 && b <= 20_000);
    }
    expect(faultSchedule(1, 0)).toEqual([{ fault: { kind: 'pass' }, durationMs: 0 }]);
    const line = describeSchedule(a);
    expect(line).not.toContain('\n');
    expect(line).toMatch(/ → pass 0ms$/);
  });
});
