/**
 * A quiet branch: nothing changes for longer than a long-poll lasts. The
 * embedded server ignores the long-poll `timeout`, so the transport ends
 * those requests itself; that must not look like a network failure (no
 * "offline" badge, no reconnect report every half minute).
 */
import { afterEach, expect, inject, test } from 'vitest';
import { useSyncStatus } from '../../src/sync/status';
import { smallBranch } from '../support/fixtures';
import { uniqueBranchId } from './server';
import { branchCopy, serverBranch, tablet, type Tablet } from './tablets';

const couch = inject('couch');
const open: Tablet[] = [];
afterEach(async () => { await Promise.all(open.splice(0).map((t) => t.close())); });

test('a branch where nothing happens for 35 s stays online, with no reconnect reports', async () => {
  const branchId = uniqueBranchId('quiet');
  await serverBranch(couch, branchId, branchCopy(smallBranch(), branchId));
  const a = await tablet(couch.url, branchId, 'tab-q', { pollMs: 3000 });
  open.push(a);
  await (await a.start()).initialDone();
  const seen = new Set<string>();
  const unsub = useSyncStatus.subscribe((s) => { if (!seen.has(s.connection)) console.log(new Date().toISOString(), s.connection, JSON.stringify(s.error)); seen.add(s.connection); });
  await new Promise((r) => setTimeout(r, 35_000));
  unsub();
  expect(useSyncStatus.getState().connection).toBe('online');
  expect([...seen].filter((c) => c !== 'online')).toEqual([]);
  expect(await a.db.reviews.count({ selector: { kind: 'reconnect' } }).exec()).toBe(0);
}, 60_000);
