/**
 * Stopping the sync ends its work: a status refresh that was under way when
 * stop() was called (it counts each collection's waiting changes, one after
 * another, and may then move and save the sync marks) has finished before
 * stop() resolves. Before, it went on afterwards and saved the marks into a
 * database the caller had closed or removed meanwhile (bench/sync.mjs logged
 * "sync marks not saved (LD8)" once per run: RxDB's local documents were gone).
 */
import { afterEach, expect, inject, test } from 'vitest';
import { smallBranch } from '../support/fixtures';
import { uniqueBranchId } from './server';
import { branchCopy, serverBranch, tablet, type Tablet } from './tablets';

const couch = inject('couch');
const open: Tablet[] = [];
afterEach(async () => { await Promise.all(open.splice(0).map((t) => t.close())); });

test('a status refresh under way when stop() is called saves nothing after stop() has resolved', async () => {
  const branchId = uniqueBranchId('stop');
  await serverBranch(couch, branchId, branchCopy(smallBranch(), branchId));
  // A clock that can jump a minute ahead, so the next refresh moves the marks (they are refreshed every 30 s).
  let ahead = 0;
  const a = await tablet(couch.url, branchId, 'tab-stop', { clock: () => Date.now() + ahead, freshMs: 600_000, only: ['branches', 'rooms', 'members', 'journal'] });
  open.push(a);
  const sync = await a.start();
  await sync.initialDone();
  await sync.awaitInSync();

  // The refresh's count of the members' waiting changes is slow (the tablet is busy): stop() comes meanwhile.
  const storage = a.db.members.storageInstance as unknown as { query: (...args: unknown[]) => Promise<unknown> };
  const real = storage.query.bind(storage);
  let counting: () => void = () => undefined;
  const counted = new Promise<void>((resolve) => { counting = resolve; });
  let armed = true;
  storage.query = async (...args: unknown[]) => {
    if (armed && new Error().stack?.includes('refresh')) {
      armed = false;
      counting();
      await new Promise((r) => setTimeout(r, 300));
    }
    return real(...args);
  };
  let stopped = false;
  const savedAfterStop: unknown[] = [];
  const upsert = a.db.upsertLocal.bind(a.db);
  a.db.upsertLocal = ((id: string, data: never) => {
    if (stopped) savedAfterStop.push(id);
    return upsert(id, data);
  }) as unknown as typeof a.db.upsertLocal;

  ahead = 60_000;
  const inSync = sync.awaitInSync().catch(() => undefined);
  await counted;
  await a.stop();
  stopped = true;
  await inSync;
  await new Promise((r) => setTimeout(r, 500));
  expect(savedAfterStop).toEqual([]);
}, 60_000);
