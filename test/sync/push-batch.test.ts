/**
 * The push's batch (issue #15): RxDB sends a collection's waiting changes a
 * batch at a time, each batch's record reads, request and record writes
 * before the next one starts, so 1,000 ledger lines written offline go up
 * in one `_bulk_docs` request, not two after each other.
 */
import { afterEach, expect, inject, test } from 'vitest';
import { serverDbName } from '../../src/data/replicated';
import type { LedgerEntry } from '../../src/domain/model';
import { entry, smallBranch } from '../support/fixtures';
import { uniqueBranchId } from './server';
import { branchCopy, serverBranch, tablet, type Tablet } from './tablets';

const couch = inject('couch');
const open: Tablet[] = [];
afterEach(async () => { await Promise.all(open.splice(0).map((t) => t.close())); });

test('1,000 ledger lines written while the sync was stopped go up in one _bulk_docs request, all of them', async () => {
  const branchId = uniqueBranchId('pbatch');
  await serverBranch(couch, branchId, branchCopy(smallBranch(), branchId));
  const ledgerDb = serverDbName(branchId, 'ledger');
  const pushes: number[] = [];
  const observe = async (url: string, init?: RequestInit): Promise<Response> => {
    if (url.includes(`/${ledgerDb}/_bulk_docs`)) pushes.push((JSON.parse(String(init?.body)) as { docs: unknown[] }).docs.length);
    return fetch(url, init);
  };
  const a = await tablet(couch.url, branchId, 'tab-pb', { only: ['members', 'ledger', 'branches', 'reviews', 'journal'], fetch: observe });
  open.push(a);
  const first = await a.start();
  await first.initialDone();
  await first.awaitInSync();
  await a.stop();

  const t0 = Date.now();
  const lines: LedgerEntry[] = Array.from({ length: 1000 }, (_, i) => entry({
    id: `tab-pb:line-${String(i).padStart(4, '0')}`, memberId: 'M000000001', points: 1, branchId,
    createdAt: t0 + i, deviceId: 'tab-pb', staffId: 'staff-tab-pb',
  }));
  expect((await a.db.ledger.bulkInsert(lines)).error).toEqual([]);
  pushes.length = 0;
  const again = await a.start();
  await again.awaitInSync();
  expect(pushes.reduce((n, k) => n + k, 0)).toBe(1000);
  expect(pushes).toEqual([1000]);
}, 120_000);
