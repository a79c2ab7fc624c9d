/**
 * The simulated chain's server probe (npm run chain-sim; issue #14): a
 * process of its own that does almost nothing but write one small document
 * a second to a database of its own on the CouchDB under test, and watch
 * that database's `_changes` long-poll. Its figures are what the server
 * gives a client that is not busy itself:
 *
 * - ack: the PUT's round trip;
 * - feed: from the PUT to the document's arrival on the long-poll (what a
 *   tablet's "on the server" watcher sees, without a tablet's own work);
 * - timer late: how late its 1-s timer fires (the machine's run queue as
 *   an idle process meets it).
 *
 * The tablets' sync latency includes their own JavaScript (RxDB's push,
 * the watcher's answer) on the same 2 cores; set beside the probe's, it
 * says how much of a write's latency is the server and how much the load
 * generator.
 */
import { simFetch } from './http';

export interface ProbePlan { url: string; auth: string; dbName: string; intervalMs: number }
export type ProbeMessage = { type: 'ready' } | { type: 'done'; ackMs: number[]; feedMs: number[]; timerLateMs: number[]; failures: string[] };
type Command = { type: 'go' } | { type: 'stop' };

const send = (m: ProbeMessage) => process.send?.(m);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(plan: ProbePlan): Promise<void> {
  const base = plan.url.endsWith('/') ? plan.url : `${plan.url}/`;
  const headers = { Authorization: plan.auth, 'Content-Type': 'application/json' };
  const created = await simFetch(`${base}${plan.dbName}?q=1`, { method: 'PUT', headers });
  if (!created.ok && created.status !== 412) throw new Error(`probe database: ${created.status} ${await created.text()}`);
  const info = (await (await simFetch(`${base}${plan.dbName}`, { headers })).json()) as { update_seq: string | number };

  const ackMs: number[] = [];
  const feedMs: number[] = [];
  const timerLateMs: number[] = [];
  const failures: string[] = [];
  const putAt = new Map<string, number>();
  let running = true;

  const watch = async () => {
    let since = String(info.update_seq);
    while (running) {
      const res = await simFetch(`${base}${plan.dbName}/_changes?feed=longpoll&timeout=10000&since=${encodeURIComponent(since)}`, { headers }).catch(() => null);
      if (!res?.ok) { await sleep(500); continue; }
      const at = performance.now();
      const page = (await res.json()) as { results: { id: string }[]; last_seq: string | number };
      for (const r of page.results) {
        const t0 = putAt.get(r.id);
        if (t0 !== undefined) { feedMs.push(at - t0); putAt.delete(r.id); }
      }
      since = String(page.last_seq);
    }
  };

  const go = new Promise<void>((resolve) => {
    process.on('message', (m: Command) => {
      if (m.type === 'go') resolve();
      if (m.type === 'stop') running = false;
    });
  });
  send({ type: 'ready' });
  await go;
  const watcher = watch();
  let k = 0;
  let due = performance.now() + plan.intervalMs;
  while (running) {
    await sleep(Math.max(0, due - performance.now()));
    timerLateMs.push(Math.max(0, performance.now() - due));
    due += plan.intervalMs;
    const id = `probe-${String(k++).padStart(6, '0')}`;
    const t0 = performance.now();
    putAt.set(id, t0);
    try {
      const res = await simFetch(`${base}${plan.dbName}/${id}`, { method: 'PUT', headers, body: JSON.stringify({ at: Date.now() }) });
      if (res.ok) ackMs.push(performance.now() - t0);
      else failures.push(`PUT ${id}: ${res.status}`);
    } catch (err) {
      failures.push(`PUT ${id}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  // The long-poll's last answer (at most its 10-s timeout).
  await Promise.race([watcher, sleep(11_000)]);
  send({ type: 'done', ackMs, feedMs, timerLateMs, failures });
}

process.once('message', (plan: ProbePlan) => {
  main(plan).then(() => process.exit(0), (err: unknown) => {
    console.error('probe:', err);
    process.exit(1);
  });
});
