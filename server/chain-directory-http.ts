/**
 * The chain directory's HTTP front (server/chain-directory.ts has the
 * directory itself): `GET /chain/lookup` and `POST /chain/bring-in`, each
 * authenticated with the asking tablet's own sync credentials, and the
 * passes that keep the directory current.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { chainDirectory, ChainError, type ChainDirectory, type ChainDirectoryOptions } from './chain-directory';

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 4096) throw new ChainError(413, 'too-large', 'Request too large.');
    chunks.push(chunk as Buffer);
  }
  try {
    const value: unknown = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    throw new ChainError(400, 'json', 'The request is not JSON.');
  }
}

/** Routes, relative to the service's root (the reverse proxy strips `/chain`). */
export async function handle(service: ChainDirectory, req: IncomingMessage, res: ServerResponse, afterBringIn?: (branchId: string, memberId: string) => void): Promise<void> {
  const send = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  };
  try {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname.replace(/^\/chain(?=\/|$)/, '').replace(/\/+$/, '') || '/';
    const method = req.method ?? 'GET';
    const who = await service.caller(req.headers.authorization);
    if (method === 'GET' && path === '/branches') return send(200, await service.branches());
    if (method === 'GET' && path === '/lookup') return send(200, await service.lookup(who, url.searchParams.get('q') ?? ''));
    if (method === 'POST' && path === '/bring-in') {
      const b = await readJson(req);
      const done = await service.bringIn(who.branchId, String(b.memberId ?? ''));
      afterBringIn?.(who.branchId, done.memberId);
      return send(200, { memberId: done.memberId, ledgerLines: done.ledgerLines });
    }
    send(404, { error: 'not_found', reason: 'No such chain endpoint.' });
  } catch (e) {
    if (e instanceof ChainError) return send(e.status, { error: e.code, reason: e.message });
    send(502, { error: 'server', reason: e instanceof Error ? e.message : String(e) });
  }
}

/**
 * The directory's service: the HTTP endpoint on loopback (or `host`) and,
 * every `intervalMs`, a pass of the members follower, the arrivals prefetch
 * and the second ledger sweep of recent bring-ins.
 */
export async function startChainDirectory(options: ChainDirectoryOptions & { port?: number; host?: string; intervalMs?: number; log?: (line: string) => void;
  /** False: no passes of its own (tests call `passOnce`). */ autoPass?: boolean }): Promise<{ url: string; service: ChainDirectory; passOnce(): Promise<void>; stop(): Promise<void> }> {
  const service = chainDirectory(options);
  await service.ensure();
  const log = options.log ?? ((line: string) => console.log(line));
  const interval = options.intervalMs ?? 2000;
  const now = options.now ?? (() => Date.now());
  const sweeps: { branchId: string; memberId: string; at: number }[] = [];
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<void> = Promise.resolve();
  let lastError = '';
  const passOnce = async () => {
    const changed = await service.changed();
    await service.followOnce(changed.names);
    const pre = await service.prefetchOnce(changed.names);
    await changed.commit();
    // Each bring-in gets the second ledger sweep too (a line the exchange missed meanwhile).
    for (const key of pre.broughtIn) { const i = key.indexOf(':'); sweeps.push({ branchId: key.slice(0, i), memberId: key.slice(i + 1), at: now() + 5 * interval }); }
    if (pre.broughtIn.length > 0) log(`chain directory: ${pre.broughtIn.length} arriving ${pre.broughtIn.length === 1 ? 'member' : 'members'} brought in (${pre.broughtIn.slice(0, 3).join(', ')})`);
    const due = sweeps.filter((s) => s.at <= now());
    for (const s of due) {
      await service.bringIn(s.branchId, s.memberId);
      sweeps.splice(sweeps.indexOf(s), 1);
    }
  };
  const loop = () => {
    if (stopped) return;
    running = passOnce().then(() => { lastError = ''; }, (e: unknown) => {
      const message = e instanceof Error ? e.message : String(e);
      if (message !== lastError) log(`chain directory: ${message} (retrying)`);
      lastError = message;
    }).finally(() => { if (!stopped) timer = setTimeout(loop, interval); });
  };
  const server = createServer((req, res) => void handle(service, req, res, (branchId, memberId) => {
    sweeps.push({ branchId, memberId, at: now() + 5 * interval });
  }));
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  if (options.autoPass ?? true) timer = setTimeout(loop, 0);
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}/`,
    service,
    passOnce,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      await new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });
    },
  };
}
