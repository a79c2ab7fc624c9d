/**
 * A member of another branch at this branch's desk (issue #14 item 1),
 * against the real server: the chain directory (server/chain-directory.ts)
 * finds them by an exact key, a branch cannot list the directory, bringing
 * them in puts the member and their ledger on the tablet, where the desk
 * works with them offline, and a booking for a member the branch does not
 * hold brings them in ahead of the arrival.
 */
import { afterAll, afterEach, beforeAll, describe, expect, inject, test } from 'vitest';
import { mergeMembers, redeemPoints } from '../../src/data';
import { balanceOnce, searchMembers } from '../../src/data/queries';
import { branchUser, serverDbName } from '../../src/data/replicated';
import { chainApi } from '../../src/sync/chain';
import { CHAIN_DB } from '../../server/chain-directory';
import { startChainDirectory } from '../../server/chain-directory-http';
import { loadDocs } from '../../server/provision';
import { entry, member, reservation, smallBranch, validId } from '../support/fixtures';
import { uniqueBranchId } from './server';
import { BRANCH_PASSWORD, branchCopy, serverBranch, tablet, TWO_TABLET_COLLECTIONS, until, type Tablet } from './tablets';

const couch = inject('couch');
const admin = { user: couch.adminUser, password: couch.adminPassword };
const open: Tablet[] = [];
afterEach(async () => { await Promise.all(open.splice(0).map((t) => t.close())); });

const x = uniqueBranchId('chx');
const y = uniqueBranchId('chy');
const SUN = member({
  id: 'M000000077', name: '孙悦', nameInitials: 'SY', cardNo: '770000000077', phone: '13700007777', phoneLast4: '7777',
  idNumber: validId('44010619880808123'), homeBranchId: x, tier: 'gold',
});
const ZHOU = member({ id: 'M000000088', name: '周杰', nameInitials: 'ZJ', cardNo: '770000000088', phone: '13700008888', phoneLast4: '8888', idNumber: validId('44010619900909456'), homeBranchId: x });
const LIN = member({ id: 'M000000066', name: '林芳', nameInitials: 'LF', cardNo: '770000000066', phone: '13700006666', phoneLast4: '6666', idNumber: validId('44010619770707789'), homeBranchId: x, joinedAt: Date.now() - 900 * 86_400_000 });
const asDocs = (docs: object[]) => docs as unknown as Record<string, unknown>[];
let service: Awaited<ReturnType<typeof startChainDirectory>>;
const yAuth = `Basic ${Buffer.from(`${branchUser(y).name}:${BRANCH_PASSWORD}`).toString('base64')}`;
const ySetup = () => ({ server: `${service.url}db/`, user: branchUser(y).name, password: BRANCH_PASSWORD });

beforeAll(async () => {
  await serverBranch(couch, x, branchCopy(smallBranch(), x));
  await serverBranch(couch, y, branchCopy(smallBranch(), y));
  // 孙悦 and 周杰 are members at branch X only: 2,600 points in three lines.
  await loadDocs({ url: couch.url, auth: admin, branchId: x, collection: 'members', docs: asDocs([SUN, ZHOU, LIN]) });
  await loadDocs({
    url: couch.url, auth: admin, branchId: x, collection: 'ledger', docs: asDocs([
      entry({ id: `${x}-sun-1`, memberId: SUN.id, branchId: x, points: 2000 }),
      entry({ id: `${x}-sun-2`, memberId: SUN.id, branchId: x, points: 800, kind: 'earn', rule: 'earn.stay' }),
      entry({ id: `${x}-sun-3`, memberId: SUN.id, branchId: x, points: -200, kind: 'redeem', rule: 'redeem.milk' }),
      entry({ id: `${x}-zhou-1`, memberId: ZHOU.id, branchId: x, points: 500 }),
      entry({ id: `${x}-lin-1`, memberId: LIN.id, branchId: x, points: 1200 }),
    ]),
  });
  service = await startChainDirectory({ url: couch.url, admin, branches: [x, y], autoPass: false, lookupsPerMinute: 30, log: () => {} });
  await service.passOnce();
});
afterAll(async () => { await service?.stop(); });

describe('the chain directory', () => {
  test('finds a member of another branch by card, phone, ID number and member number; masked, no record', async () => {
    const api = chainApi(ySetup());
    for (const q of [SUN.cardNo, SUN.phone, SUN.idNumber, SUN.id, '137 0000 7777']) {
      const res = await api.lookup(q);
      expect(res, q).toEqual({ ok: true, value: { members: [{ memberId: SUN.id, maskedName: '孙*', maskedPhone: '137****7777', tier: 'gold', homeBranchId: x, homeBranchName: '测试店', heldHere: false }] } });
    }
    // What the wire carries: nothing of the card, the ID number or the full phone.
    const raw = await (await fetch(`${service.url}chain/lookup?q=${SUN.cardNo}`, { headers: { Authorization: yAuth } })).text();
    expect(raw).not.toContain(SUN.cardNo);
    expect(raw).not.toContain(SUN.idNumber);
    expect(raw).not.toContain(SUN.phone);
    expect(await api.lookup('13799990000')).toEqual({ ok: true, value: { members: [] } });
  });

  test('a branch cannot list the directory: not through CouchDB, not by name or last four digits, not without credentials', async () => {
    for (const path of [`${CHAIN_DB}/_all_docs`, `${CHAIN_DB}/_design/lookup/_view/byKey`, `${CHAIN_DB}/_changes`, `${CHAIN_DB}/member:${SUN.id}`]) {
      const res = await fetch(`${couch.url}${path}`, { headers: { Authorization: yAuth } });
      expect(res.status, path).toBe(403);
    }
    for (const q of ['孙悦', '7777', 'SY', '']) {
      const res = await fetch(`${service.url}chain/lookup?q=${encodeURIComponent(q)}`, { headers: { Authorization: yAuth } });
      expect(res.status, q).toBe(400);
    }
    expect((await fetch(`${service.url}chain/lookup?q=${SUN.cardNo}`)).status).toBe(401);
    const wrong = `Basic ${Buffer.from(`${branchUser(y).name}:wrong-password`).toString('base64')}`;
    expect((await fetch(`${service.url}chain/lookup?q=${SUN.cardNo}`, { headers: { Authorization: wrong } })).status).toBe(401);
  });

  test('bring in: the member and every ledger line reach the tablet, and the desk redeems for them offline', async () => {
    const ty = await tablet(couch.url, y, 'tab-chy', { only: TWO_TABLET_COLLECTIONS });
    open.push(ty);
    await (await ty.start()).initialDone();
    expect(await searchMembers(ty.db, SUN.cardNo)).toEqual([]);

    const api = chainApi(ySetup());
    expect(await api.bringIn(SUN.id)).toEqual({ ok: true, value: { memberId: SUN.id, ledgerLines: 3 } });
    // Again: nothing written twice.
    expect(await api.bringIn(SUN.id)).toEqual({ ok: true, value: { memberId: SUN.id, ledgerLines: 3 } });

    const found = await until(() => searchMembers(ty.db, SUN.cardNo), (m) => m.length === 1);
    expect(found.map((m) => m.id)).toEqual([SUN.id]);
    expect(await until(() => balanceOnce(ty.db, SUN.id), (b) => b === 2600)).toBe(2600);
    await ty.sync!.awaitInSync();
    const confirmedAt = async () => { const s = ty.sync!.standing(); return s.kind === 'synced' ? s.confirmedAt : 0; };
    expect(await until(confirmedAt, (at) => at > 0)).toBeGreaterThan(0);

    await ty.offline();
    expect(await searchMembers(ty.db, SUN.phone)).toHaveLength(1);
    expect(await redeemPoints(ty.db, { memberId: SUN.id, item: 'freeNight', quantity: 1 }, ty.ctx)).toMatchObject({ ok: true });
    expect(await balanceOnce(ty.db, SUN.id)).toBe(600);
    await ty.online();
    await ty.sync!.awaitInSync();

    // The directory now knows branch Y holds 孙悦; the server holds each line once at Y.
    // (CouchDB's _db_updates may name Y's members database a moment after the write: pass until it has.)
    const heldHere = async () => { await service.passOnce(); const r = await api.lookup(SUN.cardNo); return r.ok && r.value.members[0]?.heldHere === true; };
    expect(await until(heldHere, (h) => h)).toBe(true);
    const auth = `Basic ${Buffer.from(`${admin.user}:${admin.password}`).toString('base64')}`;
    const atY = (await (await fetch(`${couch.url}${serverDbName(y, 'ledger')}/_all_docs`, { headers: { Authorization: auth } })).json()) as { rows: { id: string }[] };
    expect(atY.rows.map((r) => r.id).filter((id) => id.startsWith(`${x}-sun-`)).sort()).toEqual([`${x}-sun-1`, `${x}-sun-2`, `${x}-sun-3`]);
  });

  test('a booking for a member the branch does not hold brings them in ahead of the arrival', async () => {
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await loadDocs({
      url: couch.url, auth: admin, branchId: y, collection: 'reservations',
      docs: asDocs([reservation({ id: `hq:${y}-zhou`, branchId: y, guestName: ZHOU.name, memberId: ZHOU.id, arrivalDate: tomorrow })]),
    });
    const ty = await tablet(couch.url, y, 'tab-chy2', { only: TWO_TABLET_COLLECTIONS });
    open.push(ty);
    await (await ty.start()).initialDone();
    const found = await until(async () => { await service.passOnce(); return searchMembers(ty.db, ZHOU.cardNo); }, (m) => m.length === 1);
    expect(found.map((m) => m.id)).toEqual([ZHOU.id]);
    expect(await until(() => balanceOnce(ty.db, ZHOU.id), (b) => b === 500)).toBe(500);
  });

  test('enrolled offline, then the chain record brought in: the manager merges them and the server keeps every line', async () => {
    const ty = await tablet(couch.url, y, 'tab-chy3', { only: TWO_TABLET_COLLECTIONS });
    open.push(ty);
    await (await ty.start()).initialDone();
    // Offline, the chain can't be asked: the desk enrols 林芳 anew (the walk-in's enrolment writes a member and a line).
    await ty.offline();
    expect(await chainApi({ server: `${ty.proxy.url}db/`, user: 'u', password: 'p' }).lookup(LIN.cardNo)).toEqual({ ok: false, error: 'network' });
    const desk = member({ id: 'M770000000601', name: '林芳', nameInitials: 'LF', cardNo: '770000000601', phone: '13900006010', phoneLast4: '6010', idNumber: LIN.idNumber, homeBranchId: y, joinedAt: Date.now() });
    await ty.db.members.insert(desk);
    await ty.db.ledger.insert(entry({ id: `${y}-desk-601`, memberId: desk.id, branchId: y, points: 77, kind: 'earn', rule: 'new-member', createdAt: Date.now() }));
    await ty.online();
    await ty.sync!.awaitInSync();

    expect(await chainApi(ySetup()).bringIn(LIN.id)).toMatchObject({ ok: true });
    await until(() => balanceOnce(ty.db, LIN.id), (b) => b === 1200);
    await until(() => searchMembers(ty.db, LIN.id), (m) => m.length === 1);
    const res = await mergeMembers(ty.db, { keepId: LIN.id, mergeId: desk.id }, ty.ctx);
    expect(res).toMatchObject({ ok: true, value: { points: 77 } });
    await ty.sync!.awaitInSync();

    const auth = `Basic ${Buffer.from(`${admin.user}:${admin.password}`).toString('base64')}`;
    const read = async (c: 'ledger' | 'reviews') => ((await (await fetch(`${couch.url}${serverDbName(y, c)}/_all_docs?include_docs=true`, { headers: { Authorization: auth } })).json()) as { rows: { id: string; doc: Record<string, unknown> }[] }).rows.map((r) => r.doc);
    const lines = (await read('ledger')).filter((d) => d.memberId === LIN.id || d.memberId === desk.id);
    expect(lines.map((d) => [d._id, d.points]).sort()).toEqual([
      [`${x}-lin-1`, 1200], [`${y}-desk-601`, 77],
      [`merge:${desk.id}:${LIN.id}:1:in`, 77], [`merge:${desk.id}:${LIN.id}:1:out`, -77],
    ].sort());
    expect(lines.every((d) => String(d._rev).startsWith('1-'))).toBe(true); // nothing edited
    expect((await read('reviews')).filter((d) => d.kind === 'resolution' && (d.detail as { how?: string }).how === 'merge')).toHaveLength(1);
  });

  test('unreachable: the desk is told so (network), not "not found"', async () => {
    const api = chainApi({ server: 'http://127.0.0.1:9/db/', user: 'u', password: 'p' });
    expect(await api.lookup(SUN.cardNo)).toEqual({ ok: false, error: 'network' });
  });

  test('a pass reads only the branches that changed: idle, the same requests with 2 or 12 branches on the server', async () => {
    let requests = 0;
    const counted = (input: string | URL | Request, init?: RequestInit) => { requests += 1; return fetch(input, init); };
    const branches = [x, y];
    const own = await startChainDirectory({ url: couch.url, admin, branches, autoPass: false, log: () => {}, fetch: counted });
    try {
      const idlePass = async () => { requests = 0; await own.passOnce(); return requests; };
      await own.passOnce(); // the first pass reads every branch once
      const idleTwo = await until(idlePass, () => true);
      for (let i = 0; i < 10; i += 1) {
        const b = uniqueBranchId(`chi${i}`);
        await serverBranch(couch, b, branchCopy(smallBranch(), b));
        branches.push(b);
      }
      const { via } = await own.service.changed(); // (not committed: changes nothing)
      // Until the new branches' first reads are done (the feed names them), then idle again.
      let idleTwelve = await idlePass();
      for (let i = 0; via === 'db-updates' && idleTwelve > idleTwo && i < 50; i += 1) {
        await new Promise((r) => setTimeout(r, 100));
        idleTwelve = await idlePass();
      }
      if (via === 'db-updates') {
        // The feed and its checkpoint: nothing per branch.
        expect(idleTwo).toBeLessThanOrEqual(2);
        expect(idleTwelve).toBe(idleTwo);
      } else {
        // pouchdb-server has no _db_updates: every branch is polled (members and reservations).
        expect(idleTwelve).toBeGreaterThan(idleTwo);
      }
    } finally {
      await own.stop();
    }
  });

  test('too many lookups from one tablet in a minute are refused (429 → busy)', async () => {
    const api = chainApi(ySetup());
    let last = await api.lookup(SUN.id);
    for (let i = 0; i < 40 && last.ok; i++) last = await api.lookup(SUN.id);
    expect(last).toEqual({ ok: false, error: 'busy' });
  });
});
