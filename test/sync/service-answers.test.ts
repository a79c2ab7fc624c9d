/**
 * The chain directory and the enrolment service sit beside the sync server
 * (/chain/, /enrol/). Where they do not (a tablet set up against a server
 * whose web front answers an unknown path with its own page, 200 and HTML,
 * as Vite's preview server does), a call is a clear failure, never a thrown
 * error: the chain branch list's keeper ran `res.json()` on that page and
 * its promise rejected, unhandled, in the page.
 */
import { describe, expect, it } from 'vitest';
import { chainApi } from '../../src/sync/chain';
import { fetchChainBranches } from '../../src/sync/chain-branches';
import { tabletsApi } from '../../src/sync/enrol';
import type { FetchLike } from '../../src/sync/transport';

const SETUP = { server: 'http://desk.test/db/', user: 'tablet-gz-test-1', password: 'p' };
const answer = (body: string, type: string): FetchLike => () => Promise.resolve(new Response(body, { status: 200, headers: { 'content-type': type } }));
const PAGE = answer('<!doctype html><html><body>前台</body></html>', 'text/html');

describe('an answer that is not the service', () => {
  it('an HTML page for /chain/: not found, for the lookup and for the branch list', async () => {
    await expect(chainApi(SETUP, PAGE).lookup('770000000001')).resolves.toEqual({ ok: false, error: 'notFound' });
    await expect(fetchChainBranches(SETUP, PAGE)).resolves.toEqual({ ok: false, error: 'notFound' });
  });

  it('JSON that does not parse: a server error; a body that breaks off: the network', async () => {
    await expect(chainApi(SETUP, answer('{"members": [', 'application/json')).lookup('770000000001')).resolves.toEqual({ ok: false, error: 'serverError' });
    const broken: FetchLike = () => Promise.resolve(new Response(new ReadableStream({ start(c) { c.error(new TypeError('network error')); } }), { status: 200, headers: { 'content-type': 'application/json' } }));
    await expect(chainApi(SETUP, broken).lookup('770000000001')).resolves.toEqual({ ok: false, error: 'network' });
  });

  it('the tablets list (enrolment service) likewise', async () => {
    await expect(tabletsApi(SETUP, PAGE).list()).resolves.toMatchObject({ ok: false, error: 'serverError' });
  });

  it('a real answer still reads', async () => {
    await expect(fetchChainBranches(SETUP, answer('{"branches":[{"id":"gz-tianhe","name":"广州天河店","city":"广州"},{"id":7}]}', 'application/json; charset=utf-8')))
      .resolves.toEqual({ ok: true, value: [{ id: 'gz-tianhe', name: '广州天河店', city: '广州' }] });
  });
});
