/**
 * One seeded fault-schedule run: two tablets of one fresh branch work while
 * each tablet's network goes through its own seeded fault schedule
 * (test/support/fault-schedule.ts), then the network heals and everything
 * is checked against the server.
 *
 * - Tablet A (door tablet): redemptions, member profile edits and door
 *   swipes. Tablet B: redemptions and profile edits. Both replicate members,
 *   ledger, branches and reviews; A also its door events. (The free RxDB
 *   edition allows 13 open collections per process: A opens 8, B 5. So the
 *   door swipes are of cards the branch does not know, which need no
 *   reservations; B holds no door events, and a third tablet downloads them
 *   from the server at the end instead.)
 * - Only acknowledged writes count (a command's `ok: true`); a refusal (the
 *   offline redemption limits) is a legitimate outcome and writes nothing.
 *
 * The same seed gives the same schedules and the same sequence of commands;
 * every failure message carries the seed and both schedules.
 */
import { recordDoorSwipe } from '../../src/data/commands/door';
import { createStaff } from '../../src/data/commands/staff';
import { redeemPoints, updateMemberProfile } from '../../src/data';
import { lineId } from '../../src/domain/points';
import { sha256 } from '../../src/data/crypto';
import { verifyDoorChain } from '../../src/domain/door-chain';
import type { DoorEvent } from '../../src/domain/door';
import type { Member, Pillow, FloorPref, Diet } from '../../src/domain/model';
import type { RedemptionItem } from '../../src/domain/rules';
import type { CollectionName } from '../../src/data/database';
import type { CommandContext } from '../../src/data/commands/context';
import { serverDbName } from '../../src/data/replicated';
import { canonicalJson } from '../../src/domain/merge';
import { deleteBranch } from '../../server/provision';
import { describeSchedule, faultSchedule, mulberry32, runSchedule, type ScheduleStep } from '../support/fault-schedule';
import { entry, smallBranch } from '../support/fixtures';
import type { CouchContext } from './server';
import { uniqueBranchId } from './server';
import { branchCopy, converged, serverBranch, snapshot, tablet, type Tablet } from './tablets';

export interface SoakOptions {
  couch: CouchContext;
  /** Fault steps per tablet (each schedule ends with a `pass`). */
  steps: number;
  /** Longest fault step. */
  maxStepMs: number;
  /** Commands per tablet (default 10). */
  opsPerTablet?: number;
  /** How long the tablets may take to converge once the network is back (default 30 s). */
  convergeMs?: number;
  /** Let a fresh tablet download the branch at the end and compare (default true). */
  downloadCheck?: boolean;
  /** Keep the branch's databases on the server (default: deleted when the run passed). */
  keepServerData?: boolean;
}

export interface SoakReport {
  seed: number;
  branchId: string;
  /** describeSchedule() of tablet A's and tablet B's network. */
  schedules: { a: string; b: string };
  acknowledged: { ledger: number; door: number; edits: number };
  /** Refused commands by reason (legitimate outcomes). */
  refused: Record<string, number>;
  /** From the end of the schedules to convergence. */
  healMs: number;
  ms: number;
  /** Empty when every check passed. */
  problems: string[];
}

/** A second seed for each tablet and purpose, stable for a given run seed. */
export function deriveSeed(seed: number, k: number): number {
  return (Math.imul(seed >>> 0, 0x9e3779b1) + Math.imul(k, 0x85ebca6b)) >>> 0;
}

export function scheduleFor(seed: number, tabletIndex: 0 | 1, steps: number, maxStepMs: number): ScheduleStep[] {
  return faultSchedule(deriveSeed(seed, tabletIndex + 1), steps, { maxDurationMs: maxStepMs });
}

/** The message of a failed run: enough to replay it. */
export function failureMessage(r: SoakReport): string {
  return [
    `fault schedule run failed — seed ${r.seed} (branch ${r.branchId})`,
    `  tablet A network: ${r.schedules.a}`,
    `  tablet B network: ${r.schedules.b}`,
    `  acknowledged: ${JSON.stringify(r.acknowledged)}, refused: ${JSON.stringify(r.refused)}`,
    ...r.problems.map((p) => `  - ${p}`),
    `  replay: runFaultSchedule(${r.seed}, { steps, maxStepMs }) with the same options`,
  ].join('\n');
}

const MEMBERS = ['M000000001', 'M000000002', 'M000000003'] as const;
/** Points each member gets on top of the fixture, so the ordinary balance check never refuses. */
const GRANT = 100_000;
const ITEMS: readonly { item: RedemptionItem; quantity: number }[] = [
  { item: 'milk', quantity: 1 }, { item: 'toiletries', quantity: 1 }, { item: 'memberCard', quantity: 1 },
  { item: 'lateCheckout', quantity: 1 }, { item: 'lateCheckout', quantity: 2 },
];
const PILLOWS: readonly Pillow[] = ['buckwheat', 'soft', 'firm', 'any'];
const FLOORS: readonly FloorPref[] = ['high', 'low', 'any'];
const DIETS: readonly Diet[] = ['vegetarian', 'halal', 'no-spicy', 'none'];

type Op =
  | { gapMs: number; kind: 'redeem'; memberId: string; item: RedemptionItem; quantity: number }
  | { gapMs: number; kind: 'edit'; memberId: string; phone?: string; prefs?: Partial<Member['prefs']> }
  | { gapMs: number; kind: 'door'; cardNo: string };

/** The commands one tablet performs, spread over about `spanMs`. */
export function planOps(seed: number, device: 0 | 1, count: number, spanMs: number): Op[] {
  const random = mulberry32(deriveSeed(seed, 11 + device));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const weights = device === 0 ? { redeem: 0.45, edit: 0.2 } : { redeem: 0.65, edit: 0.35 };
  const raw = Array.from({ length: count }, () => 0.2 + random());
  const total = raw.reduce((s, x) => s + x, 0);
  const ops: Op[] = [];
  for (let i = 0; i < count; i += 1) {
    const gapMs = Math.round((raw[i] as number) / total * spanMs);
    const r = random();
    const memberId = pick(MEMBERS);
    if (r < weights.redeem) {
      ops.push({ gapMs, kind: 'redeem', memberId, ...pick(ITEMS) });
    } else if (r < weights.redeem + weights.edit) {
      const what = Math.floor(random() * 4);
      // Phone numbers are unique per run, tablet and command (a taken number would be refused).
      if (what === 0) ops.push({ gapMs, kind: 'edit', memberId, phone: `135${device}${String(seed % 1000).padStart(3, '0')}${String(i).padStart(4, '0')}` });
      else if (what === 1) ops.push({ gapMs, kind: 'edit', memberId, prefs: { pillow: pick(PILLOWS) } });
      else if (what === 2) ops.push({ gapMs, kind: 'edit', memberId, prefs: { floor: pick(FLOORS) } });
      else ops.push({ gapMs, kind: 'edit', memberId, prefs: { diet: pick(DIETS), quiet: random() < 0.5 } });
    } else {
      ops.push({ gapMs, kind: 'door', cardNo: `779${String(Math.floor(random() * 1e9)).padStart(9, '0')}` });
    }
  }
  return ops;
}

/** An acknowledged member edit: field key (as in fieldTimes), value, time. */
interface Edit { memberId: string; key: string; value: unknown; at: number }

interface Acked {
  ledger: Map<string, number>; // id → points
  door: string[];
  edits: Edit[];
  refused: Record<string, number>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms); })]);
  } finally {
    clearTimeout(timer);
  }
}

async function runOps(t: Tablet, ops: Op[], acked: Acked, problems: string[]): Promise<void> {
  let lastId = '';
  let lastNow = 0;
  const ctx: CommandContext = {
    ...t.ctx,
    newId: () => (lastId = t.ctx.newId()),
    now: () => (lastNow = t.ctx.now()),
  };
  const name = t.ctx.deviceId;
  for (const op of ops) {
    await sleep(op.gapMs);
    if (op.kind === 'redeem') {
      const res = await redeemPoints(t.db, { memberId: op.memberId, item: op.item, quantity: op.quantity }, ctx);
      if (res.ok) {
        const id = lineId(lastId, `redeem.${op.item}`);
        const doc = await t.db.ledger.findOne(id).exec();
        if (!doc) problems.push(`${name}: redemption acknowledged but ledger line ${id} not found locally`);
        else acked.ledger.set(id, doc.points);
      } else {
        const reason = res.error.error;
        if (!String(reason).startsWith('offline')) problems.push(`${name}: redemption refused unexpectedly: ${JSON.stringify(res.error)}`);
        acked.refused[reason] = (acked.refused[reason] ?? 0) + 1;
      }
    } else if (op.kind === 'edit') {
      const res = await updateMemberProfile(t.db, { memberId: op.memberId, ...(op.phone ? { phone: op.phone } : {}), ...(op.prefs ? { prefs: op.prefs } : {}) }, ctx);
      if (!res.ok) {
        problems.push(`${name}: profile edit refused: ${res.error}`);
        continue;
      }
      // Only fields the edit really changed carry its time (an edit to the value already there is a no-op).
      const times = res.value.fieldTimes ?? {};
      const changes: [string, unknown][] = op.phone ? [['phone', op.phone]] : Object.entries(op.prefs ?? {}).map(([k, v]) => [`prefs.${k}`, v]);
      for (const [key, value] of changes) if (times[key] === lastNow) acked.edits.push({ memberId: op.memberId, key, value, at: lastNow });
    } else {
      const res = await recordDoorSwipe(t.db, op.cardNo, ctx);
      if (res.ok) acked.door.push(res.value.id);
      else problems.push(`${name}: door swipe refused: ${res.error}`);
    }
  }
}

type Doc = Record<string, unknown>;

function adminAuth(couch: CouchContext): string {
  return `Basic ${Buffer.from(`${couch.adminUser}:${couch.adminPassword}`).toString('base64')}`;
}

/** Every document of a server database (design documents left out), with `_conflicts`. */
export async function serverDocs(couch: CouchContext, db: string): Promise<Doc[]> {
  const res = await fetch(`${couch.url}${db}/_all_docs?include_docs=true&conflicts=true`, { headers: { Authorization: adminAuth(couch) } });
  if (!res.ok) throw new Error(`GET ${db}/_all_docs → ${res.status} ${await res.text()}`);
  const json = (await res.json()) as { rows: { id: string; doc: Doc }[] };
  return json.rows.filter((r) => !r.id.startsWith('_design/')).map((r) => r.doc);
}

/** A document's content as the app sees it: `id`, no storage fields (`_rev`, `_meta`, `_conflicts`, ...). */
export function content(doc: Doc): Doc {
  const out: Doc = {};
  for (const [k, v] of Object.entries(doc)) if (!k.startsWith('_') && k !== 'id') out[k] = v;
  out.id = doc._id ?? doc.id;
  return out;
}

/** Documents holding the same content under different ids. */
export function sameContentTwice(docs: Doc[]): string[][] {
  const groups = new Map<string, string[]>();
  for (const d of docs) {
    const { id, ...rest } = content(d);
    const key = canonicalJson(rest);
    groups.set(key, [...(groups.get(key) ?? []), String(id)]);
  }
  return [...groups.values()].filter((ids) => ids.length > 1);
}

const byId = (docs: Doc[]) => new Map(docs.map((d) => [String(d._id ?? d.id), d]));
const sum = (docs: Iterable<Doc>, memberId: string) => [...docs].filter((d) => d.memberId === memberId).reduce((s, d) => s + (d.points as number), 0);

/** Checks (a)–(d) and the member edits; appends what is wrong to `problems`. */
async function check(
  couch: CouchContext, branchId: string, a: Tablet, b: Tablet, acked: Acked, fixtureLedger: Doc[], problems: string[],
): Promise<void> {
  const server = {
    ledger: await serverDocs(couch, serverDbName(branchId, 'ledger')),
    door: await serverDocs(couch, serverDbName(branchId, 'doorEvents')),
    members: await serverDocs(couch, serverDbName(branchId, 'members')),
  };
  const local = {
    a: { ledger: await snapshot(a.db, 'ledger'), door: await snapshot(a.db, 'doorEvents'), members: await snapshot(a.db, 'members') },
    b: { ledger: await snapshot(b.db, 'ledger'), members: await snapshot(b.db, 'members') },
  };

  // (a) every acknowledged write exactly once, everywhere; nothing else appeared.
  const where = { A: byId(local.a.ledger), B: byId(local.b.ledger), server: byId(server.ledger) };
  for (const id of acked.ledger.keys()) {
    for (const [place, map] of Object.entries(where)) if (!map.has(id)) problems.push(`acknowledged ledger line ${id} missing on ${place}`);
  }
  const expectedIds = new Set([...fixtureLedger.map((d) => String(d.id)), ...acked.ledger.keys()]);
  for (const [place, map] of Object.entries(where)) {
    const extra = [...map.keys()].filter((id) => !expectedIds.has(id));
    if (extra.length > 0) problems.push(`ledger lines on ${place} that no acknowledged command wrote: ${extra.join(', ')}`);
  }
  const doorWhere = { A: byId(local.a.door), server: byId(server.door) };
  for (const id of acked.door) {
    for (const [place, map] of Object.entries(doorWhere)) if (!map.has(id)) problems.push(`acknowledged door event ${id} missing on ${place}`);
  }
  for (const [place, map] of Object.entries(doorWhere)) {
    const extra = [...map.keys()].filter((id) => !acked.door.includes(id));
    if (extra.length > 0) problems.push(`door events on ${place} that no acknowledged swipe wrote: ${extra.join(', ')}`);
  }
  if (new Set(acked.door).size !== acked.door.length) problems.push('two acknowledged swipes returned the same door event id');
  for (const [label, docs] of [['ledger (server)', server.ledger], ['ledger (A)', local.a.ledger], ['ledger (B)', local.b.ledger], ['door events (server)', server.door], ['door events (A)', local.a.door]] as const) {
    for (const ids of sameContentTwice(docs)) problems.push(`${label}: the same content under ${ids.length} ids: ${ids.join(', ')}`);
  }

  // (b) the replicas and the server hold the same documents.
  const same = (x: Doc[], y: Doc[]) => canonicalJson(x.map(content).sort(cmpId)) === canonicalJson(y.map(content).sort(cmpId));
  if (!same(local.a.ledger, local.b.ledger)) problems.push('ledger differs between tablet A and tablet B');
  if (!same(local.a.ledger, server.ledger)) problems.push(`ledger differs between the tablets and the server (${local.a.ledger.length} vs ${server.ledger.length} lines)`);
  if (!same(local.a.door, server.door)) problems.push(`door events differ between tablet A and the server (${local.a.door.length} vs ${server.door.length})`);
  if (!same(local.a.members, local.b.members)) problems.push('members differ between tablet A and tablet B');
  if (!same(local.a.members, server.members)) problems.push(`members differ between the tablets and the server: ${diffDocs(local.a.members, server.members)}`);
  for (const d of server.ledger) {
    const mine = where.A.get(String(d._id));
    if (mine && canonicalJson(content(mine)) !== canonicalJson(content(d))) problems.push(`ledger line ${String(d._id)} differs between A and the server`);
  }

  // (c) balances.
  for (const m of MEMBERS) {
    const expected = sum(fixtureLedger, m) + [...acked.ledger].filter(([id]) => String(where.A.get(id)?.memberId ?? '') === m).reduce((s, [, p]) => s + p, 0);
    const got = { A: sum(local.a.ledger, m), B: sum(local.b.ledger, m), server: sum(server.ledger, m) };
    if (got.A !== expected || got.B !== expected || got.server !== expected) problems.push(`balance of ${m}: expected ${expected}, got ${JSON.stringify(got)}`);
  }

  // (d) no conflicting revisions, and facts written once.
  for (const [label, docs] of [['ledger', server.ledger], ['door-events', server.door], ['members', server.members]] as const) {
    const withConflicts = docs.filter((d) => Array.isArray(d._conflicts) && d._conflicts.length > 0);
    if (withConflicts.length > 0) problems.push(`${label} documents with _conflicts on the server: ${withConflicts.map((d) => `${String(d._id)} ${JSON.stringify(d._conflicts)}`).join('; ')}`);
  }
  for (const d of [...server.ledger, ...server.door]) {
    if (!String(d._rev).startsWith('1-')) problems.push(`immutable ${String(d._id)} was written more than once on the server (rev ${String(d._rev)})`);
  }
  const chain = await verifyDoorChain(server.door.map(content) as unknown as DoorEvent[], sha256, { deviceId: a.ctx.deviceId });
  if (server.door.length > 0 && !chain.ok) problems.push(`door chain on the server broken: ${JSON.stringify(chain)}`);

  // Member edits: each edited field holds the value of its latest acknowledged edit.
  const latest = new Map<string, Edit[]>();
  for (const e of acked.edits) {
    const k = `${e.memberId}/${e.key}`;
    const cur = latest.get(k);
    if (!cur || e.at > (cur[0] as Edit).at) latest.set(k, [e]);
    else if (e.at === (cur[0] as Edit).at) cur.push(e);
  }
  for (const [place, members] of [['A', local.a.members], ['B', local.b.members], ['server', server.members]] as const) {
    const m = byId(members as Doc[]);
    for (const [k, edits] of latest) {
      const [memberId, key] = k.split('/') as [string, string];
      const doc = m.get(memberId);
      const value = key.startsWith('prefs.') ? (doc?.prefs as Doc | undefined)?.[key.slice(6)] : doc?.[key];
      if (!edits.some((e) => canonicalJson(e.value) === canonicalJson(value))) {
        problems.push(`${place}: ${memberId}.${key} is ${JSON.stringify(value)}, but the latest acknowledged edit set ${edits.map((e) => JSON.stringify(e.value)).join(' or ')}`);
      }
    }
  }

  // Nothing refused by the server, no contradicting facts.
  for (const t of [a, b]) {
    const reviews = (await t.db.reviews.find().exec()).map((d) => d.toJSON());
    for (const r of reviews) {
      if (r.kind === 'rejected') problems.push(`${t.ctx.deviceId}: the server refused ${r.docCollection} ${r.docId}: ${JSON.stringify(r.detail).slice(0, 200)}`);
      if (r.kind === 'conflict' && (r.docCollection === 'ledger' || r.docCollection === 'doorEvents')) {
        problems.push(`${t.ctx.deviceId}: contradicting versions of ${r.docCollection} ${r.docId} logged`);
      }
    }
  }
}

function cmpId(x: Doc, y: Doc): number {
  return String(x.id) < String(y.id) ? -1 : String(x.id) > String(y.id) ? 1 : 0;
}

function diffDocs(x: Doc[], y: Doc[]): string {
  const ym = new Map(y.map((d) => [String(content(d).id), canonicalJson(content(d))]));
  const out: string[] = [];
  for (const d of x) {
    const c = content(d);
    if (ym.get(String(c.id)) !== canonicalJson(c)) out.push(`${String(c.id)}: ${canonicalJson(c)} vs ${ym.get(String(c.id)) ?? 'missing'}`);
  }
  return out.slice(0, 2).join(' | ').slice(0, 1500);
}

/** Collections per tablet: 8 + 5 = 13, the free edition's limit per process. */
const A_OPEN = ['members', 'ledger', 'branches', 'reviews', 'journal', 'doorEvents', 'deviceState', 'staff'] as const;
const A_SYNC: CollectionName[] = ['members', 'ledger', 'branches', 'reviews', 'doorEvents'];
const B_OPEN = ['members', 'ledger', 'branches', 'reviews', 'journal'] as const;
const COMMON: CollectionName[] = ['members', 'ledger', 'branches', 'reviews'];

/**
 * SOAK_DEBUG=<collection> (e.g. ledger) logs every request of both tablets
 * for that collection's database, with the ids and sequences a `_changes`
 * answer carried: enough to see which request lost what.
 */
function debugFetch(name: string, db: string, t0: number) {
  return async (url: string, init?: RequestInit): Promise<Response> => {
    if (!url.includes(`-${db}/`)) return fetch(url, init);
    const path = decodeURIComponent(url.slice(url.indexOf(`-${db}/`) + db.length + 2));
    const tag = `[${name} +${Date.now() - t0}ms] ${init?.method ?? 'GET'} ${path.slice(0, 140)}`;
    try {
      const res = await fetch(url, init);
      const text = await res.text();
      let extra = '';
      if (path.startsWith('_changes') && res.ok) {
        const j = JSON.parse(text) as { results: { id: string; seq: unknown }[]; last_seq: unknown };
        extra = `results=${JSON.stringify(j.results.map((r) => [r.id, r.seq]))} last_seq=${JSON.stringify(j.last_seq)}`;
      }
      console.log(`${tag} → ${res.status} ${extra}`);
      return new Response(text, { status: res.status, statusText: res.statusText, headers: res.headers });
    } catch (e) {
      console.log(`${tag} ✗ ${String(e)} ${String((e as { cause?: unknown }).cause ?? '')}`);
      throw e;
    }
  };
}

export async function runFaultSchedule(seed: number, opts: SoakOptions): Promise<SoakReport> {
  const started = Date.now();
  const { couch } = opts;
  const branchId = uniqueBranchId(`soak${seed % 100_000}`);
  const schedA = scheduleFor(seed, 0, opts.steps, opts.maxStepMs);
  const schedB = scheduleFor(seed, 1, opts.steps, opts.maxStepMs);
  const report: SoakReport = {
    seed, branchId, schedules: { a: describeSchedule(schedA), b: describeSchedule(schedB) },
    acknowledged: { ledger: 0, door: 0, edits: 0 }, refused: {}, healMs: 0, ms: 0, problems: [],
  };
  const acked: Acked = { ledger: new Map(), door: [], edits: [], refused: report.refused };
  const open: Tablet[] = [];
  try {
    const data = smallBranch();
    data.ledger.push(...MEMBERS.map((memberId) => entry({ id: `grant-${memberId}`, memberId, points: GRANT })));
    const branch = branchCopy(data, branchId);
    await serverBranch(couch, branchId, branch);

    const debug = process.env.SOAK_DEBUG;
    const a = await tablet(couch.url, branchId, 'tab-a', { only: A_OPEN, collections: A_SYNC, ...(debug ? { fetch: debugFetch('A', debug, started) } : {}) });
    open.push(a);
    const b = await tablet(couch.url, branchId, 'tab-b', { only: B_OPEN, ...(debug ? { fetch: debugFetch('B', debug, started) } : {}) });
    open.push(b);
    const staff = await createStaff(a.db, { id: a.ctx.staffId, branchId, name: '门禁', role: 'night-auditor', pin: '2580' }, null, 1);
    if (!staff.ok) throw new Error(`staff not created: ${JSON.stringify(staff.error)}`);
    await withTimeout((await a.start()).initialDone(), 30_000, 'tablet A first download');
    await withTimeout((await b.start()).initialDone(), 30_000, 'tablet B first download');
    if (!(await withTimeout(converged([a, b], COMMON, 20_000), 30_000, 'first sync'))) throw new Error('the tablets did not agree before the faults began');

    // The faults and the commands, all at once.
    const span = (s: ScheduleStep[]) => s.reduce((t, step) => t + step.durationMs, 0);
    const writeSpan = Math.max(200, Math.round(Math.min(span(schedA), span(schedB)) * 0.9));
    const count = opts.opsPerTablet ?? 10;
    const problems = report.problems;
    if (debug) console.log(`[faults begin +${Date.now() - started}ms]`);
    await Promise.all([
      runSchedule(a.proxy, schedA),
      runSchedule(b.proxy, schedB),
      runOps(a, planOps(seed, 0, count, writeSpan), acked, problems),
      runOps(b, planOps(seed, 1, count, writeSpan), acked, problems),
    ]);

    // The network is back.
    const healed = Date.now();
    if (debug) console.log(`[network healed +${healed - started}ms]`);
    a.sync?.retryNow();
    b.sync?.retryNow();
    const convergeMs = opts.convergeMs ?? 30_000;
    const agreed = await withTimeout(converged([a, b], COMMON, convergeMs), convergeMs + 20_000, 'convergence').catch((e: unknown) => {
      problems.push(String(e instanceof Error ? e.message : e));
      return false;
    });
    if (!agreed) problems.push(`the tablets did not converge within ${convergeMs} ms of the network healing`);
    // Everything local is on the server (A's door events too).
    await withTimeout(Promise.all([a.sync?.awaitInSync(), b.sync?.awaitInSync()]), 20_000, 'awaitInSync after healing').catch((e: unknown) => {
      problems.push(String(e instanceof Error ? e.message : e));
    });
    report.healMs = Date.now() - healed;

    report.acknowledged = { ledger: acked.ledger.size, door: acked.door.length, edits: acked.edits.length };
    await check(couch, branchId, a, b, acked, branch.ledger as unknown as Doc[], problems);

    if (opts.downloadCheck ?? true) {
      // A fresh tablet downloads what the server holds: the door events (B has none) and the ledger.
      await Promise.all(open.splice(0).map((t) => t.close()));
      const c = await tablet(couch.url, branchId, 'tab-c', { only: ['ledger', 'doorEvents', 'members', 'branches', 'reviews', 'journal'], collections: ['ledger', 'doorEvents'] });
      open.push(c);
      await withTimeout((await c.start()).initialDone(), 30_000, 'tablet C first download');
      const door = (await snapshot(c.db, 'doorEvents')).map((d) => String(d.id)).sort();
      const ledger = new Set((await snapshot(c.db, 'ledger')).map((d) => String(d.id)));
      const wantDoor = [...acked.door].sort();
      if (canonicalJson(door) !== canonicalJson(wantDoor)) problems.push(`a fresh tablet downloaded door events ${door.length} ≠ acknowledged ${wantDoor.length}`);
      for (const id of acked.ledger.keys()) if (!ledger.has(id)) problems.push(`a fresh tablet did not download ledger line ${id}`);
    }
  } catch (error) {
    report.problems.push(`run aborted: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  } finally {
    report.acknowledged = { ledger: acked.ledger.size, door: acked.door.length, edits: acked.edits.length };
    await Promise.all(open.splice(0).map((t) => t.close().catch(() => undefined)));
    if (report.problems.length === 0 && !opts.keepServerData) {
      await deleteBranch({ url: couch.url, admin: { user: couch.adminUser, password: couch.adminPassword }, branchId }).catch(() => undefined);
    }
    report.ms = Date.now() - started;
  }
  return report;
}
