/**
 * A TCP proxy between an HTTP client and the sync server that injects network
 * faults, for fault-injection tests. It knows nothing about HTTP except, for
 * 'drop-response', enough to tell when a response is complete.
 *
 * Every chunk travels through a per-direction queue (so 'delay' keeps byte
 * order even when the delay changes); the current fault is applied when a
 * chunk leaves its queue, so set() also affects existing connections.
 */
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export type Fault =
  | { kind: 'pass' }
  /** The listening socket is closed (connect() gets ECONNREFUSED); existing connections are reset. */
  | { kind: 'refuse' }
  /** Connections are accepted; bytes in both directions are swallowed. Connections that lost bytes are closed when the blackhole ends. */
  | { kind: 'blackhole' }
  /** Every chunk in both directions is delayed by `ms`. */
  | { kind: 'delay'; ms: number }
  /** Forward, but reset the client connection once `bytes` response bytes (counted from set()) have been sent to it. */
  | { kind: 'reset-after'; bytes: number }
  /** Forward requests, but swallow the response and close the client connection once it is complete (or after 200 ms of quiet / upstream end). */
  | { kind: 'drop-response' };

export interface FaultProxyStats {
  /** Client connections accepted since start. */
  connections: number;
  /** Client connections open now. */
  open: number;
  /** Bytes forwarded to the server / sent to the client. */
  bytesUp: number;
  bytesDown: number;
  /** Responses dropped by 'drop-response'. */
  dropped: number;
  /** Connections reset by 'reset-after'. */
  resets: number;
}

export interface FaultProxy {
  readonly port: number;
  /** http://127.0.0.1:port/ */
  readonly url: string;
  /** Applies `fault` to new and existing connections. Calls are serialized; after close() it does nothing. */
  set(fault: Fault): Promise<void>;
  readonly fault: Fault;
  stats(): FaultProxyStats;
  /** Stops listening, destroys every socket and waits until all have closed. */
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
const DROP_QUIET_MS = 200;
const noop = (): void => {};

/** Chunks (null = end of stream) released in order, each no earlier than its due time. */
class Pipe {
  private items: { at: number; chunk: Buffer | null }[] = [];
  private timer: NodeJS.Timeout | null = null;
  constructor(private readonly deliver: (chunk: Buffer | null) => void) {}

  push(chunk: Buffer | null, delayMs: number): void {
    const last = this.items.at(-1);
    this.items.push({ at: Math.max(performance.now() + delayMs, last?.at ?? 0), chunk });
    this.pump();
  }

  clear(): void {
    this.items = [];
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private pump(): void {
    if (this.timer) return;
    for (let head = this.items[0]; head; head = this.items[0]) {
      const wait = head.at - performance.now();
      if (wait > 0) {
        this.timer = setTimeout(() => {
          this.timer = null;
          this.pump();
        }, Math.ceil(wait));
        return;
      }
      this.items.shift();
      this.deliver(head.chunk);
    }
  }
}

interface Drop {
  head: string; // the first bytes of the response, latin1
  tail: string; // its last few bytes
  total: number;
  timer: NodeJS.Timeout | null;
}

interface Conn {
  client: net.Socket;
  upstream: net.Socket | null;
  upstreamFailed: boolean;
  upstreamEnded: boolean;
  up: Pipe;
  down: Pipe;
  sentSinceSet: number;
  swallowed: boolean;
  drop: Drop | null;
  dead: boolean;
}

/** Whether the (swallowed) bytes so far hold a complete HTTP/1.x response. */
function responseComplete(d: Drop): boolean {
  const end = d.head.indexOf('\r\n\r\n');
  if (end < 0) return false;
  const head = d.head.slice(0, end).toLowerCase();
  if (/^http\/1\.[01] 1\d\d/.test(head)) return false; // interim (100 Continue); wait for the real one (or quiet)
  if (/^http\/1\.[01] (204|304)/.test(head)) return true;
  const length = /\r\ncontent-length:\s*(\d+)/.exec(head);
  if (length?.[1]) return d.total >= end + 4 + Number(length[1]);
  if (/\r\ntransfer-encoding:[^\r]*chunked/.test(head)) return d.tail.endsWith('\r\n0\r\n\r\n') || d.tail === '0\r\n\r\n';
  return false;
}

export async function startFaultProxy(opts: { targetPort: number; targetHost?: string; port?: number }): Promise<FaultProxy> {
  const targetHost = opts.targetHost ?? HOST;
  const conns = new Set<Conn>();
  const sockets = new Set<net.Socket>();
  const counters = { connections: 0, bytesUp: 0, bytesDown: 0, dropped: 0, resets: 0 };
  let fault: Fault = { kind: 'pass' };
  let closed = false;
  let queue: Promise<void> = Promise.resolve();

  const delayMs = (): number => (fault.kind === 'delay' ? Math.max(0, fault.ms) : 0);

  function track(sock: net.Socket): void {
    sockets.add(sock);
    sock.on('error', noop);
    sock.once('close', () => sockets.delete(sock));
  }

  function reset(sock: net.Socket): void {
    if (sock.destroyed) return;
    // libuv refuses to reset a socket that is shutting down, and Node then
    // never emits 'close' (nor closes the handle): close it plainly instead.
    if (sock.writableEnded) {
      sock.destroy();
      return;
    }
    try {
      sock.resetAndDestroy();
    } catch {
      sock.destroy();
    }
  }

  /** Ends a connection for good: 'fin' closes the client socket, 'rst' resets it. */
  function kill(c: Conn, how: 'fin' | 'rst'): void {
    if (c.dead) return;
    c.dead = true;
    c.up.clear();
    c.down.clear();
    if (c.drop?.timer) clearTimeout(c.drop.timer);
    c.upstream?.destroy();
    if (how === 'rst') reset(c.client);
    else c.client.destroy();
  }

  function connectUpstream(c: Conn): net.Socket {
    const up = net.connect({ host: targetHost, port: opts.targetPort, allowHalfOpen: true });
    track(up);
    up.setNoDelay(true);
    up.on('error', () => {
      c.upstreamFailed = true;
    });
    up.on('data', (chunk: Buffer) => c.down.push(chunk, delayMs()));
    const ended = (): void => {
      if (c.upstreamEnded || c.dead) return;
      c.upstreamEnded = true;
      c.down.push(null, delayMs());
    };
    up.on('end', ended);
    up.on('close', () => {
      if (c.upstreamFailed) kill(c, 'rst');
      else ended();
    });
    return up;
  }

  function toServer(c: Conn, chunk: Buffer | null): void {
    if (c.dead) return;
    if (fault.kind === 'blackhole') {
      c.swallowed = true;
      return;
    }
    if (chunk === null) {
      if (c.upstream) c.upstream.end();
      else kill(c, 'fin');
      return;
    }
    c.upstream ??= connectUpstream(c);
    counters.bytesUp += chunk.length;
    c.upstream.write(chunk);
  }

  function dropChunk(c: Conn, chunk: Buffer | null): void {
    const d = (c.drop ??= { head: '', tail: '', total: 0, timer: null });
    if (d.timer) clearTimeout(d.timer);
    d.timer = null;
    if (chunk !== null) {
      const text = chunk.toString('latin1');
      if (d.head.length < 16_384) d.head += text.slice(0, 16_384 - d.head.length);
      d.tail = (d.tail + text).slice(-7);
      d.total += chunk.length;
    }
    if (chunk === null || responseComplete(d)) {
      counters.dropped += 1;
      kill(c, 'fin');
    } else {
      d.timer = setTimeout(() => dropChunk(c, null), DROP_QUIET_MS);
    }
  }

  function toClient(c: Conn, chunk: Buffer | null): void {
    if (c.dead) return;
    if (c.drop) return dropChunk(c, chunk);
    if (fault.kind === 'blackhole') {
      c.swallowed = true;
      return;
    }
    if (fault.kind === 'drop-response') return dropChunk(c, chunk);
    if (chunk === null) {
      c.client.end();
      return;
    }
    if (fault.kind === 'reset-after') {
      const room = Math.max(0, fault.bytes - c.sentSinceSet);
      if (chunk.length >= room) {
        const part = chunk.subarray(0, room);
        counters.bytesDown += part.length;
        counters.resets += 1;
        c.dead = true; // nothing more goes through; the reset follows the last bytes
        c.up.clear();
        c.down.clear();
        c.upstream?.destroy();
        if (part.length === 0) reset(c.client);
        else c.client.write(part, () => reset(c.client));
        return;
      }
      c.sentSinceSet += chunk.length;
    }
    counters.bytesDown += chunk.length;
    c.client.write(chunk);
  }

  function onConnection(client: net.Socket): void {
    track(client);
    if (closed || fault.kind === 'refuse') {
      reset(client);
      return;
    }
    counters.connections += 1;
    client.setNoDelay(true);
    const c: Conn = {
      client,
      upstream: null,
      upstreamFailed: false,
      upstreamEnded: false,
      up: new Pipe((chunk) => toServer(c, chunk)),
      down: new Pipe((chunk) => toClient(c, chunk)),
      sentSinceSet: 0,
      swallowed: false,
      drop: null,
      dead: false,
    };
    conns.add(c);
    client.on('data', (chunk: Buffer) => c.up.push(chunk, delayMs()));
    client.on('end', () => c.up.push(null, delayMs()));
    client.on('close', () => {
      kill(c, 'fin');
      conns.delete(c);
    });
  }

  async function listen(port: number): Promise<net.Server> {
    for (let attempt = 0; ; attempt += 1) {
      const server = net.createServer({ allowHalfOpen: true }, onConnection);
      try {
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen({ port, host: HOST }, () => {
            server.off('error', reject);
            resolve();
          });
        });
        server.on('error', noop);
        return server;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 40) throw error;
        await sleep(50);
      }
    }
  }

  const closeServer = (server: net.Server): Promise<void> => new Promise((resolve) => server.close(() => resolve()));

  let server: net.Server | null = await listen(opts.port ?? 0);
  const port = (server.address() as net.AddressInfo).port;

  async function apply(next: Fault): Promise<void> {
    if (closed) return;
    if (next.kind !== 'refuse' && !server) server = await listen(port);
    const prev = fault;
    fault = next;
    for (const c of conns) c.sentSinceSet = 0;
    if (prev.kind === 'blackhole' && next.kind !== 'blackhole') {
      // Their byte streams have holes: close them so the client reconnects.
      for (const c of conns) if (c.swallowed) kill(c, 'fin');
    }
    if (next.kind === 'refuse') {
      for (const c of conns) kill(c, 'rst');
      const s = server;
      server = null;
      if (s) await closeServer(s);
    }
  }

  function serialized(task: () => Promise<void>): Promise<void> {
    const run = queue.then(task);
    queue = run.catch(noop);
    return run;
  }

  return {
    port,
    url: `http://${HOST}:${port}/`,
    get fault() {
      return fault;
    },
    set: (next) => serialized(() => apply(next)),
    stats: () => ({ ...counters, open: conns.size }),
    close: () =>
      serialized(async () => {
        if (closed) return;
        closed = true;
        for (const c of conns) kill(c, 'fin');
        const s = server;
        server = null;
        const pending = [...sockets].map((sock) => new Promise<void>((resolve) => sock.once('close', () => resolve())));
        for (const sock of sockets) sock.destroy();
        if (s) await closeServer(s);
        await Promise.all(pending);
      }),
  };
}
