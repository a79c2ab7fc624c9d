/**
 * A new tablet's first download as a bulk import (issue #15), against the
 * real sync server: the import is what downloads the branch, writes landing
 * on the server while it runs arrive through the live replication that
 * starts where the import ended, nothing is delivered twice, and the
 * imported documents replicate as pulled ones: the first local edit goes up
 * as an edit (no conflict), the first server change comes down.
 */
import { afterEach, describe, expect, inject, test } from 'vitest';
import { redeemPoints, updateMemberProfile } from '../../src/data';
import { serverDbName } from '../../src/data/replicated';
import { openReplicationImport, replicationRecordCount } from '../../src/data/replication-import';
import { openFrontDeskDb } from '../../src/data/database';
import { getChangedDocumentsSince, getChangedDocumentsSinceQuery, prepareQuery } from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { IDENTIFIER } from '../../src/sync/replicate';
import { loadDocs } from '../../server/provision';
import { entry, member, smallBranch } from '../support/fixtures';
import { uniqueBranchId } from './server';
import { branchCopy, serverBranch, tablet, until, type Tablet } from './tablets';

const couch = inject('couch');
const open: Tablet[] = [];
afterEach(async () => { await Promise.all(open.splice(0).map((t) => t.close())); });

const admin = () => `Basic ${Buffer.from(`${couch.adminUser}:${couch.adminPassword}`).toString('base64')}`;

async function serverDoc(db: string, id: string): Promise<Record<string, unknown> & { _rev: string }> {
  const res = await fetch(`${couch.url}${db}/${encodeURIComponent(id)}`, { headers: { Authorization: admin() } });
  if (!res.ok) throw new Error(`GET ${id}: ${res.status}`);
  return (await res.json()) as Record<string, unknown> & { _rev: string };
}

async function putDoc(db: string, doc: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${couch.url}${db}/${encodeURIComponent(String(doc._id))}`, { method: 'PUT', headers: { Authorization: admin(), 'Content-Type': 'application/json' }, body: JSON.stringify(doc) });
  if (!res.ok) throw new Error(`PUT ${String(doc._id)}: ${res.status} ${await res.text()}`);
}

const PAGE = 100;

/** A branch with 450 more members than the fixture: several import pages. */
async function bigBranch(prefix: string): Promise<{ branchId: string; members: number }> {
  const branchId = uniqueBranchId(prefix);
  const data = branchCopy(smallBranch(), branchId);
  for (let i = 0; i < 450; i++) {
    const n = String(100 + i).padStart(9, '0');
    data.members.push(member({ id: `M${n}`, name: '测试', cardNo: `77${n}0`, phone: `139${n.slice(1)}`, phoneLast4: n.slice(-4) }));
  }
  await serverBranch(couch, branchId, data);
  return { branchId, members: data.members.length };
}

/** The members' `_changes` answers the tablet received: the ids in each, and whether it was an import page. */
type Seen = { url: string; ids: string[] }[];

describe('the first download as an import', () => {
  test('writes landing on the server during the import arrive, and nothing is delivered twice', async () => {
    const { branchId, members } = await bigBranch('imp');
    const db = serverDbName(branchId, 'members');
    const seen: Seen = [];
    let wroteEarly = false;
    let wrote = false;
    const spy = async (url: string, init?: RequestInit): Promise<Response> => {
      const res = await fetch(url, init);
      if (!url.includes(`/${db}/_changes`)) return res;
      const body = await res.text();
      const results = (JSON.parse(body) as { results: { id: string }[] }).results;
      seen.push({ url, ids: results.map((r) => r.id).filter((id) => !id.startsWith('_design/')) });
      const importPage = url.includes(`limit=${PAGE}`) && !url.includes('longpoll');
      // After the first page of the import, before the tablet has it: an edit of a member not yet
      // downloaded, and of one in this very page (the server's feed brings it again, later).
      if (importPage && !wroteEarly) {
        wroteEarly = true;
        await putDoc(db, { ...(await serverDoc(db, 'M000000549')), name: '改名后' });
        await putDoc(db, { ...(await serverDoc(db, 'M000000001')), name: '先改' });
      }
      // After the import's last page was read, before the tablet has it: a new member and an edit of one already downloaded.
      if (importPage && !wrote && results.length < PAGE) {
        wrote = true;
        await putDoc(db, { ...(await serverDoc(db, 'M000000120')), name: '最后改' });
        const { _id, ...fresh } = { ...(await serverDoc(db, 'M000000548')), _id: 'M000000999', cardNo: '7799999990', phone: '13999999999', phoneLast4: '9999' };
        delete (fresh as { _rev?: string })._rev;
        await putDoc(db, { _id, ...fresh });
      }
      return new Response(body, { status: res.status, headers: res.headers });
    };
    const a = await tablet(couch.url, branchId, 'tab-a', { only: ['members', 'branches', 'reviews', 'journal'], importPageSize: PAGE, fetch: spy });
    open.push(a);
    await (await a.start()).initialDone();
    expect(wrote).toBe(true);
    // The import downloaded the branch: pages of PAGE, several of them.
    expect(seen.filter((s) => s.url.includes(`limit=${PAGE}`) && s.ids.length > 0).length).toBeGreaterThanOrEqual(4);
    const arrived = await until(async () => ({
      count: await a.db.members.count().exec(),
      renamed: (await a.db.members.findOne('M000000549').exec())?.name,
      late: (await a.db.members.findOne('M000000120').exec())?.name,
      first: (await a.db.members.findOne('M000000001').exec())?.name,
      added: !!(await a.db.members.findOne('M000000999').exec()),
    }), (v) => v.count === members + 1 && v.renamed === '改名后' && v.late === '最后改' && v.first === '先改' && v.added);
    expect(arrived).toEqual({ count: members + 1, renamed: '改名后', late: '最后改', first: '先改', added: true });
    await a.sync!.awaitInSync();
    // Nothing twice: an id the server did not change during the import came down once.
    const times = new Map<string, number>();
    for (const s of seen) for (const id of s.ids) times.set(id, (times.get(id) ?? 0) + 1);
    if (process.env.SYNC_DEBUG) console.log(seen.map((s) => `${s.url.replace(/^.*_changes/, '')} ${s.ids.length}`).join('\n'));
    const twice = [...times].filter(([id, n]) => n > 1 && !['M000000001', 'M000000549', 'M000000120', 'M000000999'].includes(id));
    expect(twice).toEqual([]);
  });

  test('an imported ledger (insert-only) is written once, with no replication records; a new line goes up, a server line comes down, nothing imported goes back', async () => {
    const branchId = uniqueBranchId('iml');
    const data = branchCopy(smallBranch(), branchId);
    for (let i = 0; i < 450; i++) data.ledger.push(entry({ id: `${branchId}-old-${i}`, memberId: 'M000000001', branchId, points: 10 }));
    await serverBranch(couch, branchId, data);
    const db = serverDbName(branchId, 'ledger');
    const pushed: string[] = [];
    const spy = async (url: string, init?: RequestInit): Promise<Response> => {
      if (url.includes(`/${db}/_bulk_docs`) && typeof init?.body === 'string') pushed.push(...(JSON.parse(init.body) as { docs: { _id: string }[] }).docs.map((d) => d._id));
      return fetch(url, init);
    };
    const a = await tablet(couch.url, branchId, 'tab-a', { only: ['members', 'ledger', 'branches', 'reviews', 'journal'], importPageSize: PAGE, fetch: spy });
    open.push(a);
    const sync = await a.start();
    await sync.initialDone();
    // The desk's redemption rules ask whether the ledger is in step, which the
    // status refresh after the download decides (~0.1 s later): wait for it, as
    // a clerk's first redemption does (CouchDB CI 2026-12-07: refused once, offlineNotConfirmed).
    await sync.awaitInSync();
    expect(await a.db.ledger.count().exec()).toBe(data.ledger.length);
    // The members (editable) keep their records; the ledger's lines have none.
    const identifier = (collection: 'members' | 'ledger') => `${IDENTIFIER}:${a.proxy.url}${serverDbName(branchId, collection)}/`;
    expect(await replicationRecordCount(a.db, 'members', identifier('members'))).toBe(data.members.length);
    expect(await replicationRecordCount(a.db, 'ledger', identifier('ledger'))).toBe(0);
    // A redemption here goes up; a line written on the server comes down.
    expect(await redeemPoints(a.db, { memberId: 'M000000001', item: 'milk', quantity: 1 }, a.ctx)).toMatchObject({ ok: true });
    const mine = (await a.db.ledger.find({ selector: { kind: 'redeem', deviceId: 'tab-a' } }).exec()).map((d) => d.id);
    expect(mine).toHaveLength(1);
    const line = entry({ id: `${branchId}-server-1`, memberId: 'M000000002', branchId, points: 5, createdAt: Date.now() });
    const loaded = await loadDocs({ url: couch.url, auth: { user: couch.adminUser, password: couch.adminPassword }, branchId, collection: 'ledger', docs: [line as unknown as Record<string, unknown>] });
    expect(loaded.written).toBe(1);
    const down = await until(async () => !!(await a.db.ledger.findOne(`${branchId}-server-1`).exec()), (v) => v);
    expect(down).toBe(true);
    const up = await until(async () => (await fetch(`${couch.url}${db}/${mine[0]}`, { headers: { Authorization: admin() } })).status, (st) => st === 200);
    expect(up).toBe(200);
    await a.sync!.awaitInSync();
    // Only the new line was sent: no imported line went back to the server.
    expect([...new Set(pushed)]).toEqual(mine);
  });

  test('an imported member: the first local edit goes up as an edit, the first server change comes down', async () => {
    const { branchId } = await bigBranch('imq');
    const db = serverDbName(branchId, 'members');
    const a = await tablet(couch.url, branchId, 'tab-a', { only: ['members', 'branches', 'reviews', 'journal'], importPageSize: PAGE });
    open.push(a);
    await (await a.start()).initialDone();
    // The server changes one imported member; the tablet edits another.
    await putDoc(db, { ...(await serverDoc(db, 'M000000120')), name: '服务器改' });
    expect((await updateMemberProfile(a.db, { memberId: 'M000000130', phone: '13600001234' }, a.ctx)).ok).toBe(true);
    const down = await until(async () => (await a.db.members.findOne('M000000120').exec())?.name, (n) => n === '服务器改');
    expect(down).toBe('服务器改');
    const up = await until(async () => (await serverDoc(db, 'M000000130')).phone, (p) => p === '13600001234');
    expect(up).toBe('13600001234');
    await a.sync!.awaitInSync();
    // An edit, not a conflict: the server's revision 2 of the member, and no review record of a conflict.
    expect((await serverDoc(db, 'M000000130'))._rev).toMatch(/^2-/);
    expect((await a.db.reviews.find().exec()).map((r) => r.kind)).not.toContain('conflict');
  });
});

test('the push after an import starts past every imported document: RxDB\'s read of the changes since its checkpoint does not go through them', async () => {
  const db = await openFrontDeskDb({ name: `pushfrom-${Date.now().toString(36)}`, storage: getRxStorageMemory(), only: ['ledger', 'journal'] });
  try {
    const im = await openReplicationImport(db, 'ledger', 'frontdesk-v1:http://server.invalid/fd-pushfrom-ledger/');
    if (!im) throw new Error('the fresh ledger was not imported');
    let push: { id: string; lwt: number } | undefined;
    try {
      await im.write(Array.from({ length: 300 }, (_, i) => {
        const { id, ...rest } = entry({ id: `M000000001:server.${String(i).padStart(4, '0')}`, memberId: 'M000000001', points: 1 });
        return { _id: id, _rev: '1-a', ...rest };
      }));
      push = im.finish(1).push;
    } finally {
      await im.close();
    }
    if (!push) throw new Error('no push checkpoint');
    expect((await db.ledger.bulkInsert([entry({ id: 'M000000001:local.1', memberId: 'M000000001', points: 1 })])).error).toEqual([]);
    const storage = db.ledger.storageInstance as never;
    type Stored = { id: string; _meta: { lwt: number } };
    const since = async (checkpoint: object) => (await getChangedDocumentsSince(storage, 1000, checkpoint as never)).documents as unknown as Stored[];
    const imported = (await since({ id: '', lwt: 0 })).filter((d) => d.id !== 'M000000001:local.1');
    expect(imported).toHaveLength(300);
    // From the checkpoint: the local line alone.
    expect((await since(push)).map((d) => d.id)).toEqual(['M000000001:local.1']);
    // The index range RxDB's query plan reads from starts past the import's lwt (old code: at it, through every imported line, filtered one by one).
    const plan = prepareQuery(db.ledger.schema.jsonSchema as never, getChangedDocumentsSinceQuery(storage, 1000, push as never)).queryPlan;
    const importedLwt = Math.max(...imported.map((d) => d._meta.lwt));
    expect(plan.startKeys[0]).toBeGreaterThan(importedLwt);
  } finally {
    await db.remove();
  }
}, 60_000);
