/**
 * The long-running points exchange (issue #14): passes of
 * `createExchange` (server/points-exchange.ts), one after another while work
 * is queued, and between them an idle wait on CouchDB's `_db_updates` feed
 * or, without the feed, a timer. `npm run points-exchange` and `npm start`
 * run it; the chain simulation runs it beside its branches.
 */
import { createExchange, type ExchangeOptions, type ExchangeReport } from './points-exchange';

/**
 * Keep exchanging. After a pass that left databases queued, the next pass
 * follows at once. Otherwise the exchange is idle until something is
 * written: with CouchDB's `_db_updates` it waits on the feed (a longpoll from
 * where the pass read it, at most `intervalMs`) and starts the next pass as
 * soon as the feed names an exchanged branch database, but not sooner than
 * `minGapMs` after the last pass ended; without the feed (pouchdb-server) it
 * sleeps `intervalMs`, a polling round. The exchange's own copies wake it
 * once more (the feed names the ledgers it wrote): that pass reads only
 * copies, writes nothing the feed shows, and the exchange is idle again.
 * A failed pass (the server away, or refusing) is logged once and retried
 * after `intervalMs`, never at once; `stop()` ends a pending wait.
 */
export function startPointsExchange(options: ExchangeOptions & { intervalMs?: number; minGapMs?: number; log?: (line: string) => void; onPass?: (report: ExchangeReport) => void }): { stop(): Promise<void> } {
  const interval = options.intervalMs ?? 2000;
  const minGap = Math.min(options.minGapMs ?? 100, interval);
  const log = options.log ?? ((line: string) => console.log(line));
  const exchange = createExchange(options);
  const abort = new AbortController();
  let lastError = '';
  /** Runs a pass; answers how many databases it left queued, or null when it failed. */
  const pass = async (): Promise<number | null> => {
    try {
      const r = await exchange.pass();
      lastError = '';
      options.onPass?.(r);
      // What the pass cost, beside what it did: databases and pages read, requests, ms, and what waits for the next pass.
      const cost = `(${r.branches} db, ${r.pages} pages, ${r.read} lines read, ${r.requests} requests, ${r.ms} ms${r.pending ? `, ${r.pending} db waiting` : ''})`;
      if (r.copied > 0 || r.refused.length > 0) log(`points exchange: ${r.copied} ${r.copied === 1 ? 'line' : 'lines'} copied between branches ${cost}${r.refused.length ? `, ${r.refused.length} refused: ${r.refused.slice(0, 3).map((x) => `${x.branchId} ${x.id} ${x.reason}`).join('; ')}` : ''}`);
      return r.pending;
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (message !== lastError) log(`points exchange: ${message} (retrying)`);
      lastError = message;
      return null;
    }
  };
  /** Sleeps `ms`, or less if stopped. */
  const sleep = (ms: number) => new Promise<void>((resolve) => {
    if (abort.signal.aborted || ms <= 0) { resolve(); return; }
    const done = () => { clearTimeout(timer); abort.signal.removeEventListener('abort', done); resolve(); };
    const timer = setTimeout(done, ms);
    abort.signal.addEventListener('abort', done);
  });
  const loop = async () => {
    await new Promise((r) => setTimeout(r, 0)); // the first pass after start() has returned (a stop() at once makes none)
    while (!abort.signal.aborted) {
      const pending = await pass();
      if (abort.signal.aborted) break;
      // Work left queued by the time box: the next pass follows at once (yielding to the event loop).
      if (pending !== null && pending > 0) { await new Promise((r) => setImmediate(r)); continue; }
      const ended = Date.now();
      const woke = pending === null ? 'unavailable' : await exchange.wait(interval, abort.signal);
      await sleep((woke === 'changed' ? minGap : interval) - (Date.now() - ended));
    }
  };
  const running = loop();
  return {
    async stop() {
      abort.abort();
      await running;
    },
  };
}
