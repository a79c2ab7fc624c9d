/**
 * A tablet whose password the server refuses (issue #13, item 4): CouchDB
 * 3.4 locks a user out from a client address after 5 failed logins, and all
 * tablets of a branch reach it from one address. So a 401 must cost exactly
 * one request: the tablet's ~20 first requests wait for the first one's
 * verdict, and after a 401 nothing is retried; the desk asks for new
 * credentials (sync status 'unauthorized').
 */
import { afterEach, expect, inject, test } from 'vitest';
import { useSyncStatus } from '../../src/sync/status';
import { smallBranch } from '../support/fixtures';
import { uniqueBranchId } from './server';
import { BRANCH_PASSWORD, branchCopy, serverBranch, tablet, until, type Tablet } from './tablets';
import { checkCredentials } from '../../src/sync/check-credentials';
import { startSync } from '../../src/sync/replicate';
import { branchUser } from '../../src/data/replicated';

const couch = inject('couch');
const open: Tablet[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.close()));
});

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

test('a wrong password costs one request: no retry, and the desk asks for new credentials', async () => {
  const branchId = uniqueBranchId('auth');
  await serverBranch(couch, branchId, branchCopy(smallBranch(), branchId));
  const statuses: number[] = [];
  const counting = async (url: string, init?: RequestInit): Promise<Response> => {
    const res = await fetch(url, init);
    statuses.push(res.status);
    return res;
  };
  const t = await tablet(couch.url, branchId, 'tab-stale', { only: ['members', 'ledger', 'rooms', 'branches', 'reviews', 'journal'] });
  open.push(t);
  // Started by hand: the helper's setup carries the right password.
  t.sync = await startSync(t.db, {
    server: couch.url, branchId, user: branchUser(branchId).name, password: 'a-stale-password', setUpAt: 0,
  }, { deviceId: 'tab-stale', waitForLeadership: false, pollMs: 500, maxBackoffMs: 2000, fetch: counting, collections: ['members', 'ledger', 'rooms', 'branches', 'reviews'] });

  expect(await until(async () => useSyncStatus.getState().connection, (c) => c === 'unauthorized', 20_000)).toBe('unauthorized');
  // RxDB retries a failed pull or push every second, the long-polls at once: give it time to try.
  await sleep(5000);
  expect(statuses).toEqual([401]);
  expect(useSyncStatus.getState().error?.code).toBe('unauthorized');
});

test('the setup check asks the server once and tells a wrong password from a right one', async () => {
  const branchId = uniqueBranchId('check');
  await serverBranch(couch, branchId, branchCopy(smallBranch(), branchId));
  let requests = 0;
  const counting = (url: string, init?: RequestInit) => { requests += 1; return fetch(url, init); };
  const setup = { server: couch.url, branchId, user: branchUser(branchId).name };
  expect(await checkCredentials({ ...setup, password: BRANCH_PASSWORD }, counting)).toEqual({ ok: true });
  expect(await checkCredentials({ ...setup, password: 'a-stale-password' }, counting)).toEqual({ ok: false, error: 'unauthorized' });
  expect(requests).toBe(2);
  // A branch the server does not know: its user does not exist either.
  const other = uniqueBranchId('none');
  expect(await checkCredentials({ server: couch.url, branchId: other, user: branchUser(other).name, password: 'x' })).toEqual({ ok: false, error: 'unauthorized' });
});
