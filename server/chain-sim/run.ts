/**
 * The simulated chain (npm run chain-sim -- --branches N; issue #14 item 3):
 * N branches provisioned on one CouchDB 3 (server/provision.ts), one
 * headless tablet per branch in its own process (./tablet.ts), the points
 * exchange (server/points-exchange.ts) running beside them, a scripted day,
 * then a count of what reached the server: nothing lost, nothing twice.
 * Figures: provisioning time, databases and documents on the server, the
 * sync latency of a write, the exchange's lag for a traveller's redemption
 * (tablet to tablet), CouchDB's CPU seconds and memory (from /proc).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import type { CollectionName } from '../../src/data/database';
import { serverDbName } from '../../src/data/replicated';
import { localDateOf } from '../../src/domain/dates';
import type { ExchangeReport } from '../points-exchange';
import { startPointsExchange } from '../points-exchange-loop';
import { couchClient, loadDocs, provisionBranch, type Credentials } from '../provision';
import { simChain, type SimBranch } from './data';
import type { EventLoopDelay, TabletCpu, TabletMessage, TabletPlan } from './tablet';
import type { ProbeMessage, ProbePlan } from './probe';

export interface SimOptions {
  url: string;
  admin: Credentials;
  /** CouchDB's process id, for CPU and memory (absent: not measured). */
  couchPid?: number;
  branches: number;
  members: number;
  travellers: number;
  dayMs: number;
  redemptions: number;
  /** Every k-th tablet spends part of the day offline. */
  offlineEvery: number;
  /** The bundled ./tablet.ts to fork. */
  tabletScript: string;
  /** The bundled ./probe.ts to fork (absent: no server probe). */
  probeScript?: string;
  exchangeIntervalMs: number;
  /**
   * The moment the branches' demo data is made at (default: now). The day's writes follow from it: the sim
   * checks in the arrivals still expected then (src/demo/today.ts checks in most of those due more than
   * 10 minutes before), so a branch's writes depend on the time of day in Shanghai a run starts at.
   */
  dataClock?: number;
  log: (line: string) => void;
}

const pct = (xs: number[], p: number): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

/** CPU seconds (user + system, this process and its children, live or reaped) and memory of a process tree. */
export function processTree(pid: number): { cpuSeconds: number; rssKb: number; processes: number } {
  const tick = 100; // USER_HZ on Linux
  const stats = new Map<number, { ppid: number; cpu: number; rss: number }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // fields after the command: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14)
      const cpu = (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / tick;
      const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${name}/status`, 'utf8'))?.[1] ?? 0);
      stats.set(Number(name), { ppid: Number(f[1]), cpu, rss });
    } catch { /* gone meanwhile */ }
  }
  const inTree = (p: number): boolean => { for (let q = p, i = 0; q > 1 && i < 50; i += 1) { if (q === pid) return true; q = stats.get(q)?.ppid ?? 0; } return false; };
  let cpuSeconds = 0; let rssKb = 0; let processes = 0;
  for (const [p, s] of stats) if (inTree(p)) { cpuSeconds += s.cpu; rssKb += s.rss; processes += 1; }
  return { cpuSeconds, rssKb, processes };
}

async function provisionAll(opts: SimOptions, chain: SimBranch[], password: string): Promise<number> {
  const t0 = Date.now();
  let next = 0;
  const worker = async () => {
    for (;;) {
      const b = chain[next++];
      if (!b) return;
      await provisionBranch({ url: opts.url, admin: opts.admin, branchId: b.branchId, branchPassword: password });
      const parts: [CollectionName, object[]][] = [
        ['rooms', b.data.rooms], ['members', b.data.members], ['reservations', b.data.reservations],
        ['ledger', b.data.ledger], ['feedback', b.data.feedback], ['branches', [b.data.branch]],
      ];
      for (const [collection, docs] of parts) {
        const r = await loadDocs({ url: opts.url, auth: opts.admin, branchId: b.branchId, collection, docs: docs as Record<string, unknown>[] });
        if (r.rejected.length > 0) throw new Error(`${b.branchId} ${collection}: ${JSON.stringify(r.rejected[0])}`);
      }
    }
  };
  await Promise.all([worker(), worker(), worker()]);
  return Date.now() - t0;
}

type Phase = 'provisioning' | 'tablets' | 'day' | 'settle';
type Write = Extract<TabletMessage, { type: 'write' }> & { branch: number };

export async function runChainSim(opts: SimOptions) {
  const couch = couchClient({ url: opts.url, auth: opts.admin });
  const now = opts.dataClock ?? Date.now();
  const businessDate = localDateOf(now, 'Asia/Shanghai');
  const chain = simChain(opts.branches, { members: opts.members, travellers: opts.travellers, businessDate, now });
  const password = 'sim-branch-secret';
  const baseline = opts.couchPid ? processTree(opts.couchPid) : null;

  // The exchange, as deployed: a long-running loop, started before the branches are (as on a live chain, where
  // a branch is added while the exchange runs): it indexes each branch's members and reads its loaded history as
  // provisioning goes, time-boxed, so the day's first pass is not a catch-up over every branch's history.
  const failures: string[] = [];
  let phase = 'provisioning' as Phase;
  const passes: (ExchangeReport & { phase: Phase })[] = [];
  const exchange = startPointsExchange({
    url: opts.url, admin: opts.admin, intervalMs: opts.exchangeIntervalMs, log: (l) => { if (l.includes('refused') || l.includes('retrying')) failures.push(`exchange: ${l}`); },
    onPass: (r) => { passes.push({ ...r, phase }); },
  });

  opts.log(`provisioning ${opts.branches} branches (${opts.members} members each, ${opts.travellers} travellers from the previous branch)…`);
  const provisionMs = await provisionAll(opts, chain, password);
  opts.log(`provisioned in ${(provisionMs / 1000).toFixed(1)} s`);

  // Tablets: one process each, started a few at a time (each downloads its branch).
  phase = 'tablets';
  const refusals: string[] = [];
  const writes: Write[] = [];
  const seen = new Map<number, { id: string; at: number }[]>();
  const loads: number[] = [];
  const tabletCpu: TabletCpu[] = [];
  const loopDelays: EventLoopDelay[] = [];
  const children: ChildProcess[] = [];
  const done = new Set<number>();
  const ready = new Set<number>();
  const tStart = Date.now();
  const outages = new Map<number, [number, number]>();
  const startOne = (b: SimBranch) => new Promise<void>((resolve) => {
    const child = fork(opts.tabletScript, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: ['--max-old-space-size=256'] });
    children[b.index] = child;
    child.on('message', (m: TabletMessage) => {
      if (m.type === 'ready') { loads.push(m.loadMs); ready.add(b.index); resolve(); }
      else if (m.type === 'write') writes.push({ ...m, branch: b.index });
      else if (m.type === 'refused') refusals.push(`${b.branchId} ${m.what}: ${m.reason}`);
      else if (m.type === 'done') { done.add(b.index); tabletCpu.push(m.cpu); loopDelays.push(m.eventLoopDelay); }
      else if (m.type === 'seen') seen.set(b.index, m.lines);
      else if (m.type === 'error') failures.push(`${b.branchId}: ${m.message}`);
    });
    child.on('exit', (code) => {
      if (code !== 0 && code !== null) failures.push(`${b.branchId}: tablet exited ${code}`);
      if (!ready.has(b.index)) resolve();
      done.add(b.index);
    });
    // A fifth of the day offline, starting between 25 % and 55 % of the day (spread by the golden ratio, so the
    // tablets do not all reconnect in the same second).
    const outage = 0.25 + ((b.index * 0.618034) % 1) * 0.3;
    const offline: [number, number] | null = opts.offlineEvery > 0 && b.index % opts.offlineEvery === opts.offlineEvery - 1 ? [outage, outage + 0.2] : null;
    if (offline) outages.set(b.index, offline);
    const plan: TabletPlan = {
      serverUrl: opts.url, branchId: b.branchId, password, deviceId: `${b.branchId}-t1`, dayMs: opts.dayMs, offline,
      travellers: b.travellers, travellerArrival: b.travellerArrival, redemptions: opts.redemptions, seed: 1000 + b.index,
    };
    child.send(plan);
  });
  let next = 0;
  await Promise.all(Array.from({ length: 4 }, async () => { for (let b = chain[next++]; b; b = chain[next++]) await startOne(b); }));
  const tabletsMs = Date.now() - tStart;
  opts.log(`${ready.size} tablets downloaded their branch in ${(tabletsMs / 1000).toFixed(1)} s; the day starts (${(opts.dayMs / 1000).toFixed(0)} s)`);

  // The server probe (./probe.ts): a write a second from a process that is otherwise idle.
  let probeResult: Extract<ProbeMessage, { type: 'done' }> | null = null;
  let probe: ChildProcess | null = null;
  let probeDone: Promise<void> = Promise.resolve();
  if (opts.probeScript) {
    const child = fork(opts.probeScript, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    probe = child;
    const probeReady = new Promise<void>((resolve) => {
      probeDone = new Promise<void>((finished) => {
        child.on('message', (m: ProbeMessage) => {
          if (m.type === 'ready') resolve();
          else { probeResult = m; finished(); }
        });
        child.on('exit', (code) => { if (code !== 0) failures.push(`probe exited ${code}`); resolve(); finished(); });
      });
    });
    const plan: ProbePlan = { url: opts.url, auth: `Basic ${Buffer.from(`${opts.admin.user}:${opts.admin.password}`).toString('base64')}`, dbName: 'chain-sim-probe', intervalMs: 1000 };
    child.send(plan);
    await probeReady;
  }

  const before = opts.couchPid ? processTree(opts.couchPid) : null;
  // The rest of the machine's work in the day: this process (the exchange, the bookkeeping) and the tablets' processes.
  const simBefore = processTree(process.pid);
  const selfBefore = process.cpuUsage();
  const dayStart = Date.now();
  phase = 'day';
  for (const c of children) c?.send({ type: 'go' });
  if (probe?.connected) probe.send({ type: 'go' });
  while (done.size < chain.length) await new Promise((r) => setTimeout(r, 500));
  const dayEnd = Date.now();
  if (probe?.connected) probe.send({ type: 'stop' });
  const after = opts.couchPid ? processTree(opts.couchPid) : null;
  const simAfter = processTree(process.pid);
  const self = process.cpuUsage(selfBefore);
  phase = 'settle';
  // Let the exchange carry the last lines and the tablets pull them.
  const settleEnd = Date.now() + 60_000;
  const copiedTotal = () => passes.reduce((n, p) => n + p.copied, 0);
  const travellerLines = () => writes.filter((w) => w.kind === 'travellerRedeem').length;
  while (Date.now() < settleEnd && copiedTotal() < travellerLines()) await new Promise((r) => setTimeout(r, 500));
  await new Promise((r) => setTimeout(r, 8000));
  for (const c of children) if (c?.connected) c.send({ type: 'stop' });
  const allSeen = Date.now() + 30_000;
  while (Date.now() < allSeen && seen.size < ready.size) await new Promise((r) => setTimeout(r, 200));
  await exchange.stop();
  await probeDone;
  for (const c of children) if (c && c.exitCode === null) c.kill();

  // What the server holds.
  const dbs = ((await couch.request('GET', '_all_dbs')).json as string[]);
  const simDbs = dbs.filter((d) => d.startsWith('fd-sim-'));
  let docCount = 0;
  for (let i = 0; i < simDbs.length; i += 100) {
    const info = (await couch.request('POST', '_dbs_info', { keys: simDbs.slice(i, i + 100) })).json as { info?: { doc_count: number } }[];
    for (const x of info) docCount += x.info?.doc_count ?? 0;
  }
  // Shards of a branch database (provisionBranch asks for q=1 on CouchDB 3; pouchdb-server has no cluster).
  const shards = ((await couch.request('GET', serverDbName(chain[0]!.branchId, 'ledger'))).json as { cluster?: { q: number } }).cluster?.q ?? null;
  const lost: string[] = [];
  const twice: string[] = [];
  const conflicts: string[] = [];
  const ledgers = new Map<number, Map<string, Record<string, unknown>>>();
  for (const b of chain) {
    for (const collection of ['ledger', 'reservations'] as const) {
      const rows = ((await couch.request('GET', `${serverDbName(b.branchId, collection)}/_all_docs?include_docs=true&conflicts=true`)).json as { rows: { id: string; doc: Record<string, unknown> }[] }).rows;
      const byId = new Map(rows.filter((r) => !r.id.startsWith('_design/')).map((r) => [r.id, r.doc]));
      for (const [id, doc] of byId) if (doc._conflicts) conflicts.push(`${b.branchId}/${collection}/${id}`);
      if (collection === 'ledger') {
        ledgers.set(b.index, byId);
        const keys = new Map<string, number>();
        for (const d of byId.values()) {
          if (!String(d._rev).startsWith('1-')) twice.push(`${b.branchId}/${String(d._id)} rev ${String(d._rev)}`);
          // The same line twice under two ids: only the day's lines (the demo history repeats such keys by design).
          if (!String(d.deviceId).startsWith('sim-')) continue;
          const k = `${String(d.memberId)}|${String(d.kind)}|${String(d.deviceId)}|${String(d.createdAt)}|${String(d.branchId)}`;
          keys.set(k, (keys.get(k) ?? 0) + 1);
        }
        for (const [k, n] of keys) if (n > 1) twice.push(`${b.branchId}: ${n} lines ${k}`);
      } else {
        for (const w of writes.filter((x) => x.branch === b.index && x.db === 'reservations')) {
          if (byId.get(w.id)?.status !== 'checked-in') lost.push(`${b.branchId}/reservations/${w.id} not checked in on the server`);
        }
      }
    }
  }
  for (const w of writes.filter((x) => x.db === 'ledger')) {
    if (!ledgers.get(w.branch)?.has(w.id)) lost.push(`${chain[w.branch]!.branchId}/ledger/${w.id}`);
    if (w.kind === 'travellerRedeem') {
      const home = (w.branch - 1 + chain.length) % chain.length;
      if (!ledgers.get(home)?.has(w.id)) lost.push(`${chain[home]!.branchId}/ledger/${w.id} (the exchange's copy)`);
    }
  }
  const online = writes.filter((w) => !w.offline && w.onServerAt !== null);
  const latency = online.map((w) => w.onServerAt! - w.at);
  // Where an online write's latency went (each part a write's own; the parts of one write add up to its latency):
  // toRequest, from the write (taken when the desk command returned) to the push request that delivered it leaving
  // the tablet's process (negative: it left before the command returned); roundTrip, that request's answer in (the
  // server's work and the wire, and the tablet's own event loop taking the answer in); answerToSeen, from then to
  // the tablet's watcher having it off its `_changes` long-poll (negative: the feed had it first).
  const split = online.filter((w) => w.sentAt !== null && w.answeredAt !== null).map((w) => ({
    total: w.onServerAt! - w.at, toRequest: w.sentAt! - w.at, roundTrip: w.answeredAt! - w.sentAt!, answerToSeen: w.onServerAt! - w.answeredAt!,
  }));
  const partFig = (xs: number[]) => ({ p50: pct(xs, 50), p95: pct(xs, 95), max: pct(xs, 100) });
  const tailFrom = pct(split.map((x) => x.total), 95);
  const tail = tailFrom === null ? [] : split.filter((x) => x.total >= tailFrom);
  const offlineDelivered = writes.filter((w) => w.offline && w.onServerAt !== null).length;
  const lag: number[] = [];
  /** Lines whose home tablet was offline between the redemption and the copy's arrival: the outage, not the exchange. */
  const lagHomeOffline: number[] = [];
  const lagMissing: string[] = [];
  for (const w of writes.filter((x) => x.kind === 'travellerRedeem' && !x.offline)) {
    const home = (w.branch - 1 + chain.length) % chain.length;
    const s = seen.get(home)?.find((x) => x.id === w.id);
    if (!s) { lagMissing.push(`${w.id} at ${chain[home]!.branchId}`); continue; }
    const out = outages.get(home);
    const homeOffline = out && w.at < dayStart + out[1] * opts.dayMs && s.at > dayStart + out[0] * opts.dayMs;
    (homeOffline ? lagHomeOffline : lag).push(s.at - w.at);
  }
  const end = opts.couchPid ? processTree(opts.couchPid) : null;
  const dayHours = (dayEnd - dayStart) / 3_600_000;
  const cpuDay = before && after ? after.cpuSeconds - before.cpuSeconds : null;
  const idlePasses = passes.filter((p) => p.read === 0 && p.holdersAdded === 0 && p.branches === 0);
  return {
    branches: opts.branches, members: opts.members, travellers: opts.travellers, dayMs: opts.dayMs,
    // A 24-hour day in dayMs: the rate of every branch's work is this many times a real day's.
    dayCompression: 86_400_000 / opts.dayMs,
    // The demo data's clock, Shanghai time (what the writes per branch follow from, see dataClock).
    dataClock: new Date(now + 8 * 3_600_000).toISOString().replace('Z', '+08:00'),
    provisioning: { totalS: provisionMs / 1000, perBranchMs: provisionMs / opts.branches },
    tablets: {
      startS: tabletsMs / 1000, downloadP50Ms: pct(loads, 50), downloadP95Ms: pct(loads, 95),
      // Each tablet's own CPU by phase (process.cpuUsage in the tablet), s: start and module load, set-up and first download, its day.
      cpuS: Object.fromEntries((['loadMs', 'readyMs', 'dayMs'] as const).map((k) => {
        const xs = tabletCpu.map((c) => c[k] / 1000);
        return [k.replace('Ms', ''), { p50: pct(xs, 50), max: pct(xs, 100), sum: xs.reduce((a, b) => a + b, 0) }];
      })),
    },
    server: {
      databases: dbs.length, branchDatabases: simDbs.length, shardsPerBranchDatabase: shards, documents: docCount, documentsPerBranch: docCount / opts.branches,
      cpuSecondsDay: cpuDay, cpuSecondsPerBranchDay: cpuDay !== null ? cpuDay / opts.branches : null, cpuSecondsPerBranchHour: cpuDay !== null ? cpuDay / (opts.branches * dayHours) : null,
      rssMbAtEnd: end ? end.rssKb / 1024 : null, rssMbBaseline: baseline ? baseline.rssKb / 1024 : null,
      rssMbPerBranch: end && baseline ? (end.rssKb - baseline.rssKb) / 1024 / opts.branches : null, processes: end?.processes ?? null,
    },
    // Who used the 2 cores in the day: CouchDB against the tablets (and this process, where the exchange runs).
    machine: (() => {
      const simCpu = simAfter.cpuSeconds - simBefore.cpuSeconds;
      const selfCpu = (self.user + self.system) / 1e6;
      const wall = (dayEnd - dayStart) / 1000;
      return {
        dayWallS: wall, couchCpuS: cpuDay, tabletsCpuS: simCpu - selfCpu, simAndExchangeCpuS: selfCpu,
        couchShareOfCpuUsed: cpuDay !== null ? cpuDay / (cpuDay + simCpu) : null, coresBusy: cpuDay !== null ? (cpuDay + simCpu) / wall : null,
      };
    })(),
    writes: { perBranch: writes.length / opts.branches, total: writes.length, online: latency.length, madeOffline: writes.filter((w) => w.offline).length, offlineDelivered },
    syncLatencyMs: { p50: pct(latency, 50), p95: pct(latency, 95), max: pct(latency, 100) },
    syncLatencyPartsMs: {
      samples: split.length, unmatched: online.length - split.length,
      pushesPerWriteMax: pct(online.map((w) => w.pushes), 100),
      toRequest: partFig(split.map((x) => x.toRequest)), roundTrip: partFig(split.map((x) => x.roundTrip)), answerToSeen: partFig(split.map((x) => x.answerToSeen)),
      // The slowest 5 % of writes (latency at or above its p95): each part's median among them.
      tail: {
        fromMs: tailFrom, samples: tail.length,
        toRequestP50: pct(tail.map((x) => x.toRequest), 50), roundTripP50: pct(tail.map((x) => x.roundTrip), 50), answerToSeenP50: pct(tail.map((x) => x.answerToSeen), 50),
      },
    },
    // How late each tablet's event loop ran in its day (monitorEventLoopDelay, 10-ms resolution, the resolution taken
    // off): the median across tablets of each tablet's p50/p95/p99, the worst tablet's p95/p99, and the longest stall.
    tabletEventLoopDelayMs: {
      tablets: loopDelays.length, resolutionMs: loopDelays[0]?.resolutionMs ?? null,
      p50Median: pct(loopDelays.map((d) => d.p50), 50), p95Median: pct(loopDelays.map((d) => d.p95), 50), p99Median: pct(loopDelays.map((d) => d.p99), 50),
      p95Max: pct(loopDelays.map((d) => d.p95), 100), p99Max: pct(loopDelays.map((d) => d.p99), 100), max: pct(loopDelays.map((d) => d.max), 100),
    },
    // The server probe's figures in the day (./probe.ts): what CouchDB gives a client that is not busy itself.
    serverProbe: (() => {
      const r = probeResult as Extract<ProbeMessage, { type: 'done' }> | null;
      if (!r) return null;
      const fig = (xs: number[]) => ({ p50: pct(xs, 50), p95: pct(xs, 95), max: pct(xs, 100) });
      return { writes: r.ackMs.length, ackMs: fig(r.ackMs), feedMs: fig(r.feedMs), timerLateMs: fig(r.timerLateMs), failures: r.failures };
    })(),
    exchangeLagMs: {
      samples: lag.length, p50: pct(lag, 50), p95: pct(lag, 95), max: pct(lag, 100), missing: lagMissing,
      homeOffline: { samples: lagHomeOffline.length, p50: pct(lagHomeOffline, 50), max: pct(lagHomeOffline, 100) },
    },
    exchange: {
      passes: passes.length, copied: copiedTotal(), refused: passes.flatMap((p) => p.refused).length,
      mode: passes[0]?.mode ?? null,
      idlePassRequestsP50: pct(idlePasses.map((p) => p.requests), 50), passMsP50: pct(passes.map((p) => p.ms), 50), passMsP95: pct(passes.map((p) => p.ms), 95),
      requestsPerPassP95: pct(passes.map((p) => p.requests), 95),
      // Where the exchange's time went, per phase of the run: passes, their ms, requests, pages, lines read, copies, the queue left.
      byPhase: Object.fromEntries((['provisioning', 'tablets', 'day', 'settle'] as const).map((ph) => {
        const ps = passes.filter((p) => p.phase === ph);
        const sum = (f: (p: ExchangeReport) => number) => ps.reduce((n, p) => n + f(p), 0);
        return [ph, {
          passes: ps.length, ms: sum((p) => p.ms), msP50: pct(ps.map((p) => p.ms), 50), msP95: pct(ps.map((p) => p.ms), 95), msMax: pct(ps.map((p) => p.ms), 100),
          requests: sum((p) => p.requests), requestsP95: pct(ps.map((p) => p.requests), 95), pages: sum((p) => p.pages), read: sum((p) => p.read),
          copied: sum((p) => p.copied), holdersAdded: sum((p) => p.holdersAdded), dbsPerPassP95: pct(ps.map((p) => p.branches), 95), pendingMax: pct(ps.map((p) => p.pending), 100),
        }];
      })),
    },
    lost, twice, conflicts, refusals, failures,
  };
}

export type SimResult = Awaited<ReturnType<typeof runChainSim>>;
