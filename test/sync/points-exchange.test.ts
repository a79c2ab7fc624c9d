/**
 * Two branches redeem the same member's points while offline; the chain's
 * points exchange (server/points-exchange.ts) carries each branch's lines to
 * the other, and both branches' managers see the member overdrawn. Against
 * the real server, through the real sync code.
 */
import { afterEach, describe, expect, inject, test } from 'vitest';
import { firstValueFrom } from 'rxjs';
import { filter } from 'rxjs/operators';
import { redeemPoints } from '../../src/data';
import { ledgerOnce } from '../../src/data/queries';
import { overdrafts$ } from '../../src/data/queries-review';
import { serverDbName } from '../../src/data/replicated';
import { balance } from '../../src/domain/ledger';
import { createExchange, exchangeOnce, EXCHANGE_CHECKPOINT_ID, type ExchangeReport } from '../../server/points-exchange';
import { startPointsExchange } from '../../server/points-exchange-loop';
import { loadDocs, provisionBranch, toCouchDoc } from '../../server/provision';
import { entry, member, smallBranch } from '../support/fixtures';
import { uniqueBranchId } from './server';
import { branchCopy, serverBranch, tablet, TWO_TABLET_COLLECTIONS, until, type Tablet } from './tablets';

const couch = inject('couch');
const admin = { user: couch.adminUser, password: couch.adminPassword };
const open: Tablet[] = [];
afterEach(async () => { await Promise.all(open.splice(0).map((t) => t.close())); });

const auth = `Basic ${Buffer.from(`${couch.adminUser}:${couch.adminPassword}`).toString('base64')}`;
async function serverLedger(branchId: string): Promise<Record<string, unknown>[]> {
  const res = await fetch(`${couch.url}${serverDbName(branchId, 'ledger')}/_all_docs?include_docs=true&conflicts=true`, { headers: { Authorization: auth } });
  return ((await res.json()) as { rows: { id: string; doc: Record<string, unknown> }[] }).rows.filter((r) => !r.id.startsWith('_design/')).map((r) => r.doc);
}

/** Two branches holding the same members (as the head office loads a member's history into a branch). */
async function twoBranches(prefix: string): Promise<{ x: string; y: string; tx: Tablet; ty: Tablet }> {
  const x = uniqueBranchId(`${prefix}x`);
  const y = uniqueBranchId(`${prefix}y`);
  await serverBranch(couch, x, branchCopy(smallBranch(), x));
  await serverBranch(couch, y, branchCopy(smallBranch(), y));
  const tx = await tablet(couch.url, x, 'tab-x', { only: TWO_TABLET_COLLECTIONS });
  const ty = await tablet(couch.url, y, 'tab-y', { only: TWO_TABLET_COLLECTIONS });
  open.push(tx, ty);
  await (await tx.start()).initialDone();
  await (await ty.start()).initialDone();
  return { x, y, tx, ty };
}

describe('the points exchange between branches', () => {
  test('two branches redeem the same points offline: after the exchange both see the member overdrawn', async () => {
    const { x, y, tx, ty } = await twoBranches('px');
    // Nothing new to carry yet: the shared history is already in both (same ids).
    const first = await exchangeOnce({ url: couch.url, admin, branches: [x, y] });
    expect(first.copied).toBe(0);
    expect(first.refused).toEqual([]);

    // Each tablet has a balance the server confirmed (the offline limits ask for one) before the network goes.
    for (const t of [tx, ty]) {
      await t.sync!.awaitInSync();
      const confirmedAt = async () => { const s = t.sync!.standing(); return s.kind === 'synced' ? s.confirmedAt : 0; };
      expect(await until(confirmedAt, (at) => at > 0)).toBeGreaterThan(0);
    }
    await tx.offline();
    await ty.offline();
    // 张伟 holds 2,600 points in both branches; each desk gives him a free night (2,000) offline.
    expect(await redeemPoints(tx.db, { memberId: 'M000000001', item: 'freeNight', quantity: 1 }, tx.ctx)).toMatchObject({ ok: true });
    expect(await redeemPoints(ty.db, { memberId: 'M000000001', item: 'freeNight', quantity: 1 }, ty.ctx)).toMatchObject({ ok: true });
    await tx.online();
    await ty.online();
    await tx.sync!.awaitInSync();
    await ty.sync!.awaitInSync();

    const report = await exchangeOnce({ url: couch.url, admin, branches: [x, y] });
    expect(report.copied).toBe(2);
    expect(report.refused).toEqual([]);

    for (const t of [tx, ty]) {
      const lines = await until(() => ledgerOnce(t.db, 'M000000001'), (l) => l.filter((e) => e.kind === 'redeem').length === 2);
      expect(lines.filter((e) => e.kind === 'redeem').map((e) => e.branchId).sort()).toEqual([x, y].sort());
      expect(balance(lines)).toBe(2600 - 4000);
      const found = await firstValueFrom(overdrafts$(t.db).pipe(filter((list) => list.length > 0)));
      expect(found.map((o) => [o.memberId, o.balance])).toEqual([['M000000001', -1400]]);
    }
    // On the server: each line once per branch, no conflicts, originals untouched.
    for (const b of [x, y]) {
      const docs = await serverLedger(b);
      expect(docs.filter((d) => d._conflicts)).toEqual([]);
      const redeemed = docs.filter((d) => d.kind === 'redeem');
      expect(redeemed).toHaveLength(2);
      expect(new Set(redeemed.map((d) => d._id)).size).toBe(2);
    }
    // A second pass finds nothing new.
    const again = await exchangeOnce({ url: couch.url, admin, branches: [x, y] });
    expect(again).toMatchObject({ read: 0, copied: 0, refused: [] });
  });

  test('a branch receives only its own members\' lines, and copying again changes nothing', async () => {
    const { x, y, tx, ty } = await twoBranches('po');
    // A member only branch X holds, with a line.
    const only = member({ id: 'M000000077', name: '孙悦', nameInitials: 'SY', cardNo: '770000000077', phone: '13700007777', phoneLast4: '7777', homeBranchId: x });
    await loadDocs({ url: couch.url, auth: admin, branchId: x, collection: 'members', docs: [only as unknown as Record<string, unknown>] });
    await loadDocs({ url: couch.url, auth: admin, branchId: x, collection: 'ledger', docs: [entry({ id: 'only-x:adjust.migration', memberId: 'M000000077', branchId: x, points: 500 }) as unknown as Record<string, unknown>] });
    await tx.db.ledger.insert(entry({ id: 'shared-x:adjust.migration', memberId: 'M000000002', branchId: x, points: 30, createdAt: Date.now() }));
    await tx.sync!.awaitInSync();

    const report = await exchangeOnce({ url: couch.url, admin, branches: [x, y] });
    expect(report.copied).toBe(1);
    const atY = (await serverLedger(y)).map((d) => d._id);
    expect(atY).toContain('shared-x:adjust.migration');
    expect(atY).not.toContain('only-x:adjust.migration');
    expect(await until(async () => (await ty.db.ledger.findOne('shared-x:adjust.migration').exec())?.branchId, (b) => b === x)).toBe(x);

    // Forget how far the exchange had read (as after losing its checkpoint): everything is offered again, nothing is written twice.
    for (const b of [x, y]) {
      const res = await fetch(`${couch.url}${serverDbName(b, 'ledger')}/${EXCHANGE_CHECKPOINT_ID}`, { headers: { Authorization: auth } });
      const doc = (await res.json()) as { _rev: string };
      await fetch(`${couch.url}${serverDbName(b, 'ledger')}/${EXCHANGE_CHECKPOINT_ID}?rev=${doc._rev}`, { method: 'DELETE', headers: { Authorization: auth } });
    }
    const before = (await serverLedger(y)).length;
    const redo = await exchangeOnce({ url: couch.url, admin, branches: [x, y] });
    expect(redo.copied).toBe(0);
    expect(redo.alreadyThere).toBeGreaterThan(0);
    expect(redo.refused).toEqual([]);
    expect((await serverLedger(y)).length).toBe(before);
    expect((await serverLedger(y)).filter((d) => d._conflicts)).toEqual([]);
  });
});

async function deleteMember(branchId: string, memberId: string): Promise<void> {
  const url = `${couch.url}${serverDbName(branchId, 'members')}/${memberId}`;
  const doc = (await (await fetch(url, { headers: { Authorization: auth } })).json()) as { _rev: string };
  const res = await fetch(`${url}?rev=${doc._rev}`, { method: 'DELETE', headers: { Authorization: auth } });
  expect(res.status).toBeLessThan(300);
}

/** Branches on the server holding `members` members each (ids M1000000000…: the same people in every branch). */
async function branchesWithMembers(prefix: string, count: number, members: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const b = uniqueBranchId(`${prefix}${i}`);
    await provisionBranch({ url: couch.url, admin, branchId: b, branchPassword: 'x-secret' });
    await addMembers(b, 0, members);
    ids.push(b);
  }
  return ids;
}
async function addMembers(branchId: string, from: number, to: number): Promise<void> {
  const docs = [];
  for (let i = from; i < to; i += 1) {
    const n = String(1_000_000_000 + i);
    docs.push(member({ id: `M${n.slice(1)}`, name: '会员', cardNo: `77${n}`, homeBranchId: branchId }) as unknown as Record<string, unknown>);
  }
  const r = await loadDocs({ url: couch.url, auth: admin, branchId, collection: 'members', docs });
  expect(r.rejected).toEqual([]);
}
async function writeLine(branchId: string, id: string, memberId: string): Promise<void> {
  const r = await loadDocs({ url: couch.url, auth: admin, branchId, collection: 'ledger', docs: [entry({ id, memberId, branchId, points: 10, createdAt: Date.now() }) as unknown as Record<string, unknown>] });
  expect(r.rejected).toEqual([]);
}
/** Passes until `done` holds (CouchDB's `_db_updates` may name a database a moment after its write). */
async function passUntil(pass: () => Promise<ExchangeReport>, done: (all: ExchangeReport[]) => boolean): Promise<ExchangeReport[]> {
  const all: ExchangeReport[] = [];
  const end = Date.now() + 20_000;
  while (!done(all) && Date.now() < end) {
    all.push(await pass());
    if (!done(all)) await new Promise((r) => setTimeout(r, 100));
  }
  return all;
}

describe('the points exchange at chain scale', () => {
  test('an idle pass costs the same with 10 or 150 members a branch, and with the feed nothing per branch; a new line costs its holders', async () => {
    const branches = await branchesWithMembers('pi', 3, 10);
    // No time box here: each pass reads everything new (a polled pass, a whole round), to count what it costs.
    const exchange = createExchange({ url: couch.url, admin, branches, passBudgetMs: Infinity });
    const first = await exchange.pass(); // reads everything once (no checkpoint yet)
    expect(first.holdersAdded).toBe(30);
    // The index is complete once a pass adds nothing: then the pass is idle.
    await passUntil(() => exchange.pass(), (all) => all.length > 0 && all.at(-1)!.holdersAdded === 0 && all.at(-1)!.read === 0);
    const idleSmall = await exchange.pass();

    for (const b of branches) await addMembers(b, 10, 150);
    const indexed = await passUntil(() => exchange.pass(), (all) => all.reduce((n, r) => n + r.holdersAdded, 0) === 3 * 140);
    expect(indexed.reduce((n, r) => n + r.holdersAdded, 0)).toBe(3 * 140);
    await passUntil(() => exchange.pass(), (all) => all.length > 0 && all.at(-1)!.holdersAdded === 0 && all.at(-1)!.read === 0);
    const idle = await exchange.pass();
    expect(idle.requests).toBe(idleSmall.requests);
    // Not a byte more per member (a sequence's length may differ by a few characters).
    expect(idle.bytes).toBeLessThan(idleSmall.bytes + 64 * (1 + branches.length * 2));
    // With CouchDB's _db_updates the idle pass reads the feed and nothing else; polled, one _changes per branch database.
    if (idle.mode === 'db-updates') expect(idle.requests).toBeLessThanOrEqual(2);
    else expect(idle.requests).toBe(1 + branches.length * 2); // checkpoints are remembered between passes

    // One new line of a member all three hold: one view lookup and one _bulk_docs per other holder.
    await writeLine(branches[0]!, `line-${branches[0]}-1`, 'M000000007');
    const passes = await passUntil(() => exchange.pass(), (all) => all.some((r) => r.copied > 0));
    const working = passes.find((r) => r.copied > 0)!;
    expect(working.copied).toBe(2);
    // On top of the idle cost: the view and the ledger's checkpoint saved; per holder a _bulk_docs and (polled,
    // its ledger read after the copy landed) its checkpoint saved; with the feed also the feed's checkpoint and,
    // per database it names, the checkpoint read and one _changes. Nothing per member or per idle branch.
    const feed = working.mode === 'db-updates' ? 1 + 2 * working.branches : 0;
    expect(working.requests).toBeLessThanOrEqual(idle.requests + 2 + 2 * working.copied + feed);
  });

  test('two exchanges at once, one restarted mid-way, write every copy exactly once', async () => {
    const branches = await branchesWithMembers('pd', 3, 5);
    const reports: ExchangeReport[] = [];
    const run = () => startPointsExchange({ url: couch.url, admin, branches, intervalMs: 50, log: () => {}, onPass: (r) => reports.push(r) });
    const one = run();
    let two = run();
    const lines: { id: string; from: string }[] = [];
    for (let round = 0; round < 6; round += 1) {
      if (round === 3) { await two.stop(); two = run(); } // restarted with nothing in memory
      for (const b of branches) {
        const id = `line-${b}-${round}`;
        await writeLine(b, id, `M00000000${round % 5}`);
        lines.push({ id, from: b });
      }
      await new Promise((r) => setTimeout(r, 120));
    }
    const expected = lines.length * (branches.length - 1);
    const copied = () => reports.reduce((n, r) => n + r.copied, 0);
    await until(async () => copied(), (n) => n >= expected);
    await new Promise((r) => setTimeout(r, 500)); // both keep passing: nothing more may be written
    await one.stop();
    await two.stop();
    expect(reports.flatMap((r) => r.refused)).toEqual([]);
    expect(copied()).toBe(expected);
    for (const b of branches) {
      const docs = (await serverLedger(b)).filter((d) => String(d._id).startsWith('line-'));
      expect(docs.map((d) => d._id).sort()).toEqual(lines.map((l) => l.id).sort());
      expect(docs.filter((d) => d._conflicts)).toEqual([]);
      // Written once: the first revision, never a second.
      expect(docs.filter((d) => !String(d._rev).startsWith('1-'))).toEqual([]);
    }
  });

  test('a pass is time-boxed: a backlog is read a page a turn over passes, and a line written meanwhile does not wait for it', async () => {
    const [x, y, z] = await branchesWithMembers('pt', 3, 3);
    // A backlog at X: 40 lines of a member only X holds (read, never copied).
    const backlog = Array.from({ length: 40 }, (_, i) => entry({ id: `old-${x}-${i}`, memberId: 'M000000099', branchId: x!, points: 1, createdAt: Date.now() }));
    expect((await loadDocs({ url: couch.url, auth: admin, branchId: x!, collection: 'ledger', docs: backlog as unknown as Record<string, unknown>[] })).rejected).toEqual([]);
    // A zero budget: one database page (of 2 changes) a pass.
    const exchange = createExchange({ url: couch.url, admin, branches: [x!, y!, z!], batch: 2, passBudgetMs: 0 });
    const reports: ExchangeReport[] = [];
    for (let i = 0; i < 4; i += 1) reports.push(await exchange.pass());
    for (const r of reports) expect(r.pages).toBe(1);
    expect(reports.at(-1)!.pending).toBeGreaterThan(0);
    // A new line at Y, while X's backlog (about 20 pages) waits: it is copied long before the backlog is through.
    await writeLine(y!, `new-${y}`, 'M000000002');
    const meanwhile = await passUntil(() => exchange.pass(), (all) => all.some((r) => r.copied > 0));
    const newCopied = meanwhile.find((r) => r.copied > 0);
    expect(newCopied).toMatchObject({ copied: 2, read: 1 });
    expect(newCopied!.pending).toBeGreaterThan(0); // X's backlog still waits
    for (const r of meanwhile) expect(r.pages).toBe(1);
    // Then the backlog is worked through: every copy once, and the queue empties.
    const rest = await passUntil(() => exchange.pass(), (all) => all.length > 0 && all.at(-1)!.pending === 0 && all.at(-1)!.read === 0 && all.at(-1)!.copied === 0);
    const all = [...reports, ...meanwhile, ...rest];
    expect(all.reduce((n, r) => n + r.copied, 0)).toBe(2); // the new line, to X and Z, once
    expect(all.reduce((n, r) => n + r.read, 0)).toBe(41);
    expect(all.flatMap((r) => r.refused)).toEqual([]);
    for (const b of [x!, z!]) expect((await serverLedger(b)).map((d) => d._id)).toContain(`new-${y}`);
  });

  test('a member deleted from a branch drops its holder: the exchange stops copying that member\'s lines there', async () => {
    const [x, y, z] = await branchesWithMembers('pm', 3, 3);
    const exchange = createExchange({ url: couch.url, admin, branches: [x!, y!, z!] });
    await passUntil(() => exchange.pass(), (all) => all.reduce((n, r) => n + r.holdersAdded, 0) === 9);
    await deleteMember(y!, 'M000000001');
    const dropped = await passUntil(() => exchange.pass(), (all) => all.some((r) => r.holdersDropped > 0));
    expect(dropped.reduce((n, r) => n + r.holdersDropped, 0)).toBe(1);
    await writeLine(x!, `after-delete-${x}`, 'M000000001');
    const copied = await passUntil(() => exchange.pass(), (all) => all.some((r) => r.copied > 0));
    expect(copied.reduce((n, r) => n + r.copied, 0)).toBe(1); // to Z only
    expect((await serverLedger(z!)).map((d) => d._id)).toContain(`after-delete-${x}`);
    expect((await serverLedger(y!)).map((d) => d._id)).not.toContain(`after-delete-${x}`);
    // Another exchange (a restart) does not bring the pair back.
    const fresh = await exchangeOnce({ url: couch.url, admin, branches: [x!, y!, z!] });
    expect(fresh.holdersAdded).toBe(0);
    expect((await serverLedger(y!)).map((d) => d._id)).not.toContain(`after-delete-${x}`);
    // Brought in again, the member is a holder again.
    const back = toCouchDoc(member({ id: 'M000000001', name: '会员', cardNo: '771000000001', homeBranchId: y! }) as unknown as Record<string, unknown>);
    const put = await fetch(`${couch.url}${serverDbName(y!, 'members')}/M000000001`, { method: 'PUT', headers: { Authorization: auth, 'Content-Type': 'application/json' }, body: JSON.stringify(back) });
    expect(put.status).toBeLessThan(300);
    await passUntil(() => exchange.pass(), (all) => all.some((r) => r.holdersAdded > 0));
    await writeLine(x!, `after-return-${x}`, 'M000000001');
    await passUntil(() => exchange.pass(), (all) => all.some((r) => r.copied > 0));
    expect((await serverLedger(y!)).map((d) => d._id)).toContain(`after-return-${x}`);
  });

  test('an idle exchange wakes when a line is written (CouchDB\'s _db_updates), not after its interval; polled, it waits its interval', async () => {
    const [x, y] = await branchesWithMembers('pw', 2, 2);
    const reports: (ExchangeReport & { at: number })[] = [];
    // An interval far longer than the test allows for the copy: only a wake on the feed can carry the line in time.
    const running = startPointsExchange({ url: couch.url, admin, branches: [x!, y!], intervalMs: 30_000, log: () => {}, onPass: (r) => reports.push({ ...r, at: Date.now() }) });
    let stopMs = Infinity;
    try {
      // Idle: every member indexed, nothing left queued, then a second with no pass.
      await until(async () => reports, (all) => all.reduce((n, r) => n + r.holdersAdded, 0) === 4 && all.at(-1)!.pending === 0);
      await new Promise((r) => setTimeout(r, 1000));
      const mode = reports[0]!.mode;
      const passesBefore = reports.length;
      const written = Date.now();
      await writeLine(x!, `wake-${x}`, 'M000000001');
      const atY = async () => (await serverLedger(y!)).some((d) => d._id === `wake-${x}`);
      if (mode === 'db-updates') {
        expect(await until(atY, (there) => there, 5_000)).toBe(true);
        expect(Date.now() - written).toBeLessThan(5_000);
        // …by a pass that started after the write (its report comes once the pass is done).
        expect(await until(async () => reports.slice(passesBefore).reduce((n, r) => n + r.copied, 0), (n) => n === 1, 2_000)).toBe(1);
      } else {
        // pouchdb-server has no feed: the next pass comes after the interval, not before.
        await new Promise((r) => setTimeout(r, 3_000));
        expect(await atY()).toBe(false);
        expect(reports.length).toBe(passesBefore);
      }
    } finally {
      // stop() ends the pending longpoll (or the interval's sleep) at once.
      const t0 = Date.now();
      await running.stop();
      stopMs = Date.now() - t0;
    }
    expect(stopMs).toBeLessThan(1_000);
  });

  test('an idle exchange does not spin: after a copy (which the feed names too) it settles, and nothing written means no passes', async () => {
    const [x, y, z] = await branchesWithMembers('ps', 3, 2);
    const reports: (ExchangeReport & { at: number })[] = [];
    const running = startPointsExchange({ url: couch.url, admin, branches: [x!, y!, z!], intervalMs: 30_000, log: () => {}, onPass: (r) => reports.push({ ...r, at: Date.now() }) });
    try {
      await until(async () => reports, (all) => all.reduce((n, r) => n + r.holdersAdded, 0) === 6 && all.at(-1)!.pending === 0);
      await writeLine(x!, `spin-${x}`, 'M000000001');
      const copied = () => reports.reduce((n, r) => n + r.copied, 0);
      if (reports[0]!.mode === 'db-updates') expect(await until(async () => copied(), (n) => n === 2, 5_000)).toBe(2);
      // The copies' own echo in the feed may wake one more pass (it reads only copies and writes nothing the feed shows);
      // then the exchange is idle: over 3 s, a handful of passes at most (a busy loop would make dozens).
      await new Promise((r) => setTimeout(r, 1_500));
      const from = reports.length;
      await new Promise((r) => setTimeout(r, 3_000));
      expect(reports.length - from).toBeLessThanOrEqual(1);
      expect(reports.slice(from).reduce((n, r) => n + r.copied + r.read, 0)).toBe(0);
    } finally {
      await running.stop();
    }
    expect(reports.flatMap((r) => r.refused)).toEqual([]);
  });

  test('a server that goes away, or answers the feed\'s wait with 401, is retried at the interval (logged once), never in a tight loop', async () => {
    const [x, y] = await branchesWithMembers('pg', 2, 2);
    let away = false;
    let deny = false;
    const calls: string[] = [];
    const wrapped = async (input: string, init?: RequestInit): Promise<Response> => {
      calls.push(input);
      if (away) throw new TypeError('fetch failed');
      if (deny && input.includes('feed=longpoll')) return new Response(JSON.stringify({ error: 'unauthorized', reason: 'Name or password is incorrect.' }), { status: 401 });
      return fetch(input, init);
    };
    const logged: string[] = [];
    const reports: ExchangeReport[] = [];
    const running = startPointsExchange({ url: couch.url, admin, branches: [x!, y!], intervalMs: 500, fetch: wrapped, log: (l) => logged.push(l), onPass: (r) => reports.push(r) });
    try {
      await until(async () => reports, (all) => all.reduce((n, r) => n + r.holdersAdded, 0) === 4 && all.at(-1)!.pending === 0);
      // Away for 2.5 s: a failed pass every 500 ms (a pass stops at its first failed request), logged once.
      away = true;
      let from = calls.length;
      await new Promise((r) => setTimeout(r, 2_500));
      expect(calls.length - from).toBeLessThanOrEqual(8);
      expect(logged.filter((l) => l.includes('retrying'))).toHaveLength(1);
      // Back: the exchange goes on by itself.
      away = false;
      const passes = reports.length;
      await until(async () => reports.length, (n) => n > passes, 5_000);
      expect(reports.length).toBeGreaterThan(passes);
      // The feed's wait answered 401 (the passes still succeed): the exchange falls back to the interval, no tight loop.
      deny = true;
      from = calls.length;
      const passesFrom = reports.length;
      await new Promise((r) => setTimeout(r, 2_500));
      expect(calls.slice(from).filter((u) => u.includes('feed=longpoll')).length).toBeLessThanOrEqual(7);
      expect(reports.length - passesFrom).toBeLessThanOrEqual(7);
    } finally {
      await running.stop();
    }
  });

  test('the running exchange follows a pass that left databases queued at once, not after its interval', async () => {
    const [x, y] = await branchesWithMembers('pq', 2, 2);
    const backlog = Array.from({ length: 12 }, (_, i) => entry({ id: `q-${x}-${i}`, memberId: 'M000000001', branchId: x!, points: 1, createdAt: Date.now() }));
    expect((await loadDocs({ url: couch.url, auth: admin, branchId: x!, collection: 'ledger', docs: backlog as unknown as Record<string, unknown>[] })).rejected).toEqual([]);
    const reports: ExchangeReport[] = [];
    // A page of 2 changes a pass, and an interval longer than the test: only passes that follow at once can carry the backlog.
    const running = startPointsExchange({ url: couch.url, admin, branches: [x!, y!], batch: 2, passBudgetMs: 0, intervalMs: 600_000, log: () => {}, onPass: (r) => reports.push(r) });
    try {
      await until(async () => reports.reduce((n, r) => n + r.copied, 0), (n) => n >= 12);
    } finally {
      await running.stop();
    }
    expect(reports.reduce((n, r) => n + r.copied, 0)).toBe(12);
    expect(reports.length).toBeGreaterThan(6);
  });
});
