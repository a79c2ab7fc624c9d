/**
 * The live feed of a freshly set-up tablet (issue #13, item 3): it follows
 * the server from where it began, never from the middle of the first
 * download. Before the fix the polled collections' live feed asked from the
 * last position the download had handed to RxDB, so after a long first
 * download it re-read the rest of it, one page per poll, and a server edit
 * reached the tablet only after all of that (20–30 s in the browser).
 *
 * What is observed: every `_changes` answer the real server gives the
 * tablet (through the transport's own fetch); a document version must come
 * down once, not once by the download and again by the live feed.
 */
import { afterEach, expect, inject, test } from 'vitest';
import { serverDbName } from '../../src/data/replicated';
import { member } from '../support/fixtures';
import { httpClient } from '../server/http';
import { uniqueBranchId } from './server';
import { branchCopy, serverBranch, tablet, until, type Tablet } from './tablets';
import { smallBranch } from '../support/fixtures';

const couch = inject('couch');
const open: Tablet[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.close()));
});

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

test('a freshly set-up tablet\'s live feed starts where it began, not in the middle of the first download', async () => {
  const branchId = uniqueBranchId('live');
  const data = branchCopy(smallBranch(), branchId);
  // 20 members, downloaded 2 at a time over a slow line: the download takes
  // several polls' time, so a live feed started from the download's
  // position would re-read most of it.
  for (let i = 4; i <= 20; i += 1) {
    const n = String(i).padStart(2, '0');
    data.members.push(member({ id: `M0000000${n}`, name: `测试${n}`, cardNo: `7700000000${n}`, phone: `138000000${n}`, phoneLast4: `00${n}` }));
  }
  await serverBranch(couch, branchId, data);

  let downloading = true;
  /** (id, rev) → how many `_changes` answers carried it. */
  const delivered = new Map<string, number>();
  const observe = async (url: string, init?: RequestInit): Promise<Response> => {
    const slow = downloading && url.includes('/_changes');
    if (slow) await sleep(300);
    const res = await fetch(url, init);
    if (url.includes('/_changes') && res.ok) {
      const page = (await res.clone().json()) as { results?: { id: string; doc?: { _rev?: string } }[] };
      for (const r of page.results ?? []) {
        const key = `${r.id}@${r.doc?._rev ?? ''}`;
        delivered.set(key, (delivered.get(key) ?? 0) + 1);
      }
    }
    return res;
  };
  const b = await tablet(couch.url, branchId, 'tab-live', {
    only: ['members', 'branches', 'reviews', 'journal'], collections: ['members'], pollMs: 1500, batchSize: 2, fetch: observe,
  });
  open.push(b);
  await (await b.start()).initialDone();
  downloading = false;
  expect(await b.db.members.count().exec()).toBe(20);

  // A server edit after the download comes down by the live feed.
  const http = httpClient(couch.url);
  const admin = { user: couch.adminUser, password: couch.adminPassword };
  const db = serverDbName(branchId, 'members');
  const before = await http('GET', `${db}/M000000002`, { auth: admin });
  const edited = { ...before.json, prefs: { ...(before.json.prefs as object), pillow: 'soft' } };
  expect((await http('PUT', `${db}/M000000002`, { auth: admin, body: edited })).status).toBe(201);
  const pillow = await until(async () => (await b.db.members.findOne('M000000002').exec())?.prefs.pillow, (p) => p === 'soft', 60_000);
  expect(pillow).toBe('soft');

  const twice = [...delivered].filter(([, n]) => n > 1).map(([k]) => k);
  expect(twice, 'document versions the live feed re-read after the download had brought them').toEqual([]);
});
