/**
 * One headless tablet of the simulated chain (npm run chain-sim), in its own
 * process: the app's data layer (src/data) on RxDB's memory storage and its
 * sync code (src/sync) against the chain's CouchDB. One tablet a process:
 * the RxDB free edition opens at most 13 collections per process, and a desk
 * that checks guests in and redeems points needs 8.
 *
 * It works a scripted day compressed into `dayMs`: today's arrivals checked
 * in, points redeemed for local members and for the traveller from the
 * previous branch, and (some tablets) a stretch offline, where every
 * request of the sync code fails and the desk keeps working. It reports to the parent over IPC:
 * each write with when the server had it (a long-poll `_changes` watcher
 * with the branch's credentials), and each line from another branch when it reached this
 * tablet (the exchange's lag, end to end).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { openFrontDeskDb, type FrontDeskCollections } from '../../src/data/database';
import type { CommandContext } from '../../src/data/commands/context';
import { createStaff } from '../../src/data/commands/staff';
import { checkIn, redeemPoints } from '../../src/data';
import { ledgerOnce } from '../../src/data/queries';
import { branchUser } from '../../src/data/replicated';
import { mulberry32 } from '../../src/demo/prng';
import { balance } from '../../src/domain/ledger';
import type { LedgerEntry, Member, Reservation, Room } from '../../src/domain/model';
import { startSync, type SyncHandle } from '../../src/sync/replicate';
import { basicAuth } from '../provision';
import { simFetch, timeDocSends } from './http';

export interface TabletPlan {
  serverUrl: string;
  branchId: string;
  password: string;
  deviceId: string;
  dayMs: number;
  /** Fractions of the day the tablet is offline, or null. */
  offline: [number, number] | null;
  travellers: string[];
  travellerArrival: string;
  redemptions: number;
  seed: number;
}

export type TabletMessage =
  | { type: 'ready'; loadMs: number; docs: number }
  | {
    type: 'write'; id: string; db: 'ledger' | 'reservations'; kind: string; at: number; offline: boolean; onServerAt: number | null;
    /**
     * The push request that delivered it (the last one the server accepted it from that left before the watcher
     * saw it): when it left this process and when its answer was in (null: none found). `pushes`: requests that carried it.
     */
    sentAt: number | null; answeredAt: number | null; pushes: number;
  }
  | { type: 'refused'; what: string; reason: string }
  | { type: 'done'; writes: number; cpu: TabletCpu; eventLoopDelay: EventLoopDelay }
  | { type: 'seen'; lines: { id: string; at: number }[] }
  | { type: 'error'; message: string };

/** CPU ms (user + system) of this tablet's process by phase: start and module load, set-up and first download, the day. */
export interface TabletCpu { loadMs: number; readyMs: number; dayMs: number }

/**
 * How late this process's event loop ran in its day (node:perf_hooks monitorEventLoopDelay, a 10-ms timer): ms by
 * which a tick came later than due (the histogram's interval less the 10-ms resolution), p50/p95/p99/max.
 */
export interface EventLoopDelay { p50: number; p95: number; p99: number; max: number; samples: number; resolutionMs: number }
/**
 * The monitor's timer (CHAIN_SIM_LOOP_RESOLUTION_MS, default 10): each tick wakes the process. At 10 ms a tablet's
 * day (600 s, N=100) took 5.2 s CPU against 3.1 s at 100 ms (docs/chain-sim/d600-split{,-res100}-n100.json), ~0.35
 * of a core for 100 tablets: at N=100 use 100.
 */
const EVENT_LOOP_RESOLUTION_MS = Number(process.env.CHAIN_SIM_LOOP_RESOLUTION_MS ?? '') || 10;

/** CPU ms this process has used so far. */
const cpuMs = (): number => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
/** When the tablet's module was evaluated (its imports, RxDB's included, loaded). */
const cpuAtLoad = cpuMs();

/**
 * CHAIN_SIM_PROFILE_DIR=dir: each tablet records a CPU profile of its day (from the start signal to its last write
 * on the server) into dir/<device>.cpuprofile, for Chrome DevTools or scripts (the V8 inspector's sampling profiler).
 */
async function profileDay(deviceId: string): Promise<() => Promise<void>> {
  const dir = process.env.CHAIN_SIM_PROFILE_DIR;
  if (!dir) return async () => {};
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(`${dir}/${deviceId}.cpuprofile`, JSON.stringify(profile));
    session.disconnect();
  };
}

const COLLECTIONS = ['members', 'reservations', 'ledger', 'branches', 'rooms', 'reviews', 'journal', 'staff'] as const satisfies readonly (keyof FrontDeskCollections)[];
const SYNCED = ['members', 'reservations', 'ledger', 'branches', 'rooms'] as const;

const send = (m: TabletMessage) => process.send?.(m);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runTablet(plan: TabletPlan): Promise<void> {
  const random = mulberry32(plan.seed); // the same plan gives the same day
  const db = await openFrontDeskDb({ name: `sim-${plan.deviceId}`, storage: getRxStorageMemory(), only: COLLECTIONS });
  const staffId = `staff-${plan.deviceId}`;
  await createStaff(db, { id: staffId, branchId: plan.branchId, name: '模拟店长', role: 'manager', pin: '2580' }, null, 1);
  const tab: { sync: SyncHandle | null } = { sync: null };
  let offline = false;
  let offlineAt: number | null = null;
  let ids = 0;
  const ctx: CommandContext = {
    staffId, deviceId: plan.deviceId, now: () => Date.now(), newId: () => `${plan.deviceId}-${++ids}`,
    syncStanding: () => tab.sync?.standing() ?? { kind: 'synced', inStep: false, confirmedAt: 0 },
  };
  const setup = { server: plan.serverUrl, branchId: plan.branchId, user: branchUser(plan.branchId).name, password: plan.password, setUpAt: Date.now() };
  // Offline is the network gone: every request of the sync code fails, as when the branch's line is down.
  // Each push request is timed on its way out and back (timeDocSends), to split a write's latency.
  const pushes = timeDocSends(simFetch);
  const network: typeof fetch = (input, init) => (offline ? Promise.reject(new TypeError('fetch failed (simulated offline)')) : pushes.fetch(input, init));
  const startSyncing = async () => { tab.sync = await startSync(db, setup, { deviceId: plan.deviceId, waitForLeadership: false, collections: [...SYNCED], fetch: network }); };

  const t0 = Date.now();
  await startSyncing();
  await tab.sync!.initialDone();
  const docs = (await db.members.count().exec()) + (await db.ledger.count().exec()) + (await db.reservations.count().exec());
  send({ type: 'ready', loadMs: Date.now() - t0, docs });
  const cpuAtReady = cpuMs();
  // Every tablet starts its day together.
  await new Promise<void>((resolve) => process.once('message', () => resolve()));
  const cpuAtGo = cpuMs();
  const loopDelay = monitorEventLoopDelay({ resolution: EVENT_LOOP_RESOLUTION_MS });
  loopDelay.enable();
  const profiled = await profileDay(plan.deviceId);

  // Lines from other branches, as they arrive here.
  const dayStart = Date.now();
  const seen: { id: string; at: number }[] = [];
  const sub = db.ledger.insert$.subscribe((ev) => {
    const line = ev.documentData as unknown as LedgerEntry;
    if (line.branchId !== plan.branchId && line.createdAt >= dayStart) seen.push({ id: line.id, at: Date.now() });
  });

  const auth = basicAuth({ user: branchUser(plan.branchId).name, password: plan.password });
  const base = plan.serverUrl.endsWith('/') ? plan.serverUrl : `${plan.serverUrl}/`;
  /**
   * When the server holds a write: one long-poll `_changes` feed per watched
   * database (not a poll per write, which loads the server it measures).
   */
  const arrived = new Map<string, Map<string, number>>();
  const waiters: { dbName: string; id: string; ok: (doc: Record<string, unknown>) => boolean; resolve: (at: number | null) => void }[] = [];
  const docsSeen = new Map<string, Record<string, unknown>>();
  let watching = true;
  const watch = async (dbName: string) => {
    const seenAt = new Map<string, number>();
    arrived.set(dbName, seenAt);
    const first = await simFetch(`${base}${dbName}`, { headers: { Authorization: auth } });
    let since = String(((await first.json()) as { update_seq: string | number }).update_seq);
    while (watching) {
      const res = await simFetch(`${base}${dbName}/_changes?feed=longpoll&include_docs=true&timeout=10000&since=${encodeURIComponent(since)}`, { headers: { Authorization: auth } }).catch(() => null);
      if (!res?.ok) { await sleep(500); continue; }
      const page = (await res.json()) as { results: { id: string; doc?: Record<string, unknown> }[]; last_seq: string | number };
      const at = Date.now();
      for (const r of page.results) {
        if (r.doc) docsSeen.set(`${dbName}/${r.id}`, r.doc);
        for (let i = waiters.length - 1; i >= 0; i -= 1) {
          const w = waiters[i]!;
          if (w.dbName === dbName && w.id === r.id && r.doc && w.ok(r.doc)) { waiters.splice(i, 1); w.resolve(at); }
        }
        if (!seenAt.has(r.id)) seenAt.set(r.id, at);
      }
      since = String(page.last_seq);
    }
  };
  const watchers = [watch(`fd-${plan.branchId}-ledger`), watch(`fd-${plan.branchId}-reservations`)];
  const onServer = (dbName: string, id: string, ok: (doc: Record<string, unknown>) => boolean): Promise<number | null> => new Promise((resolve) => {
    const doc = docsSeen.get(`${dbName}/${id}`);
    if (doc && ok(doc)) { resolve(arrived.get(dbName)?.get(id) ?? Date.now()); return; }
    waiters.push({ dbName, id, ok, resolve });
    setTimeout(() => { const i = waiters.findIndex((w) => w.resolve === resolve); if (i >= 0) { waiters.splice(i, 1); resolve(null); } }, plan.dayMs + 120_000);
  });
  const pending: Promise<void>[] = [];
  let writes = 0;
  const wrote = (db: 'ledger' | 'reservations', kind: string, id: string, check: (doc: Record<string, unknown>) => boolean = () => true) => {
    writes += 1;
    const at = Date.now();
    const wasOffline = offline;
    pending.push(onServer(`fd-${plan.branchId}-${db}`, id, check).then(async (onServerAt) => {
      // The feed may have the document before the push's answer is in: wait for that answer.
      await pushes.settled(`fd-${plan.branchId}-${db}`, id);
      // Written online but the line went down before it was pushed: delivered after the outage, not a latency.
      const cutOff = offlineAt !== null && offlineAt > at && (onServerAt === null || offlineAt < onServerAt);
      const sends = pushes.sendsOf(`fd-${plan.branchId}-${db}`, id);
      const delivered = sends.filter((s) => s.ok && (onServerAt === null || s.sentAt <= onServerAt)).at(-1) ?? null;
      send({
        type: 'write', id, db, kind, at, offline: wasOffline || cutOff, onServerAt,
        sentAt: delivered?.sentAt ?? null, answeredAt: delivered?.answeredAt ?? null, pushes: sends.length,
      });
    }));
  };

  // The day's events, at fractions of the day.
  const arrivals = (await db.reservations.find({ selector: { status: 'expected' } }).exec()).map((d) => d.toJSON() as Reservation)
    .filter((r) => r.memberId !== '');
  const members = (await db.members.find().exec()).map((d) => d.toJSON() as Member).filter((m) => !plan.travellers.includes(m.id));
  type Event = { at: number; run: () => Promise<void> };
  const events: Event[] = [];
  for (const r of arrivals) {
    // Each tablet's traveller comes at a moment of its own, as every other arrival does (at one shared
    // moment the whole chain's travellers would redeem in the same second: a burst that grows with N).
    const at = r.id === plan.travellerArrival ? 0.1 + random() * 0.7 : 0.05 + random() * 0.75;
    events.push({ at, run: async () => {
      const member = await db.members.findOne(r.memberId).exec();
      const rooms = (await db.rooms.find({ selector: { status: 'vacant-clean' } }).exec()).map((d) => d.toJSON() as Room);
      const room = rooms.find((x) => x.type === r.roomType) ?? rooms[0];
      if (!member || !room) { send({ type: 'refused', what: `checkIn ${r.id}`, reason: member ? 'no vacant clean room' : 'member not here' }); return; }
      const res = await checkIn(db, { reservationId: r.id, roomId: room.id, idNumberRaw: (member.toJSON() as Member).idNumber, allowOtherType: true }, ctx);
      if (!res.ok) { send({ type: 'refused', what: `checkIn ${r.id}`, reason: JSON.stringify(res.error) }); return; }
      wrote('reservations', 'checkIn', r.id, (doc) => doc.status === 'checked-in');
      if (r.id === plan.travellerArrival) {
        // The traveller redeems here: the line is exchanged to their home branch.
        const red = await redeemPoints(db, { memberId: r.memberId, item: 'milk', quantity: 1 }, ctx);
        if (red.ok) {
          const line = (await ledgerOnce(db, r.memberId)).filter((l) => l.kind === 'redeem' && l.branchId === plan.branchId).at(-1);
          if (line) wrote('ledger', 'travellerRedeem', line.id);
        } else send({ type: 'refused', what: `redeem ${r.memberId}`, reason: JSON.stringify(red.error) });
      }
    } });
  }
  const rich: Member[] = [];
  for (const m of members) {
    if (rich.length >= plan.redemptions) break;
    if (balance(await ledgerOnce(db, m.id)) >= 400) rich.push(m);
  }
  for (const m of rich) {
    events.push({ at: 0.05 + random() * 0.85, run: async () => {
      const red = await redeemPoints(db, { memberId: m.id, item: 'milk', quantity: 1 }, ctx);
      if (!red.ok) { send({ type: 'refused', what: `redeem ${m.id}`, reason: JSON.stringify(red.error) }); return; }
      const line = (await ledgerOnce(db, m.id)).filter((l) => l.kind === 'redeem' && l.deviceId === plan.deviceId).at(-1);
      if (line) wrote('ledger', 'redeem', line.id);
    } });
  }
  if (plan.offline) {
    const [from, to] = plan.offline;
    events.push({ at: from, run: async () => { offline = true; offlineAt = Date.now(); } });
    events.push({ at: to, run: async () => { offline = false; tab.sync?.retryNow(); } });
  }
  events.sort((a, b) => a.at - b.at);
  for (const e of events) {
    const wait = dayStart + e.at * plan.dayMs - Date.now();
    if (wait > 0) await sleep(wait);
    try { await e.run(); } catch (err) { send({ type: 'error', message: `${plan.deviceId}: ${err instanceof Error ? err.stack ?? err.message : String(err)}` }); }
  }
  const rest = dayStart + plan.dayMs - Date.now();
  if (rest > 0) await sleep(rest);
  await tab.sync!.awaitInSync();
  await Promise.all(pending);
  watching = false;
  const cpuAtDone = cpuMs();
  loopDelay.disable();
  const late = (ns: number) => Math.max(0, ns / 1e6 - EVENT_LOOP_RESOLUTION_MS);
  const eventLoopDelay: EventLoopDelay = {
    p50: late(loopDelay.percentile(50)), p95: late(loopDelay.percentile(95)), p99: late(loopDelay.percentile(99)), max: late(loopDelay.max), samples: loopDelay.count, resolutionMs: EVENT_LOOP_RESOLUTION_MS,
  };
  await profiled();
  send({ type: 'done', writes, cpu: { loadMs: cpuAtLoad, readyMs: cpuAtReady - cpuAtLoad, dayMs: cpuAtDone - cpuAtGo }, eventLoopDelay });

  // Keep syncing (copies from other branches still arrive) until the parent says stop.
  await new Promise<void>((resolve) => process.on('message', (m) => { if ((m as { type?: string }).type === 'stop') resolve(); }));
  send({ type: 'seen', lines: seen });
  sub.unsubscribe();
  await Promise.race([Promise.all(watchers), sleep(11_000)]);
  await tab.sync!.stop();
  await db.close();
}

// In a child process: the plan comes as the first message.
if (process.send) {
  process.once('message', (plan) => {
    runTablet(plan as TabletPlan).then(
      () => process.exit(0),
      (err: unknown) => { send({ type: 'error', message: err instanceof Error ? err.stack ?? err.message : String(err) }); process.exit(1); },
    );
  });
}
