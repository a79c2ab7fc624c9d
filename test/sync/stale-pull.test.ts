/**
 * A pulled version older than one the server has had since is not written
 * over the tablet's copy (src/sync/transport.ts `RevisionLog`, the handlers'
 * `isEqual` in src/data/conflicts.ts). The race itself, end to end:
 * test/sync/rooms-race.test.ts. These are the parts, without a server.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import { attachStaleCheck, conflictHandlerFor, PULLED_OVER_LOCAL_CHECK } from '../../src/data/conflicts';
import { REPLICATED_NAMES } from '../../src/data/replicated';
import { Backoff, collectionFetch, RevisionLog, type TransportEvents } from '../../src/sync/transport';

/** A room as the server holds it (`_id`, `_rev`) and as RxDB hands it to the handler (`id`, `_deleted`). */
const onServer = (rev: string, hk: string) => ({ _id: 'b:302', _rev: rev, roomNo: '302', hk, hkAt: Number(rev[0]) });
const asPulled = (hk: string, hkAt: number) => ({ id: 'b:302', roomNo: '302', hk, hkAt, _deleted: false });

describe('RevisionLog', () => {
  test('a version is stale once a later revision of the document was seen; the newest, and unknown documents, are not', () => {
    const log = new RevisionLog();
    log.seen(onServer('2-a', 'out-of-order'));
    expect(log.isStale(asPulled('out-of-order', 2))).toBe(false);
    log.seen(onServer('3-b', 'clean'));
    expect(log.isStale(asPulled('out-of-order', 2))).toBe(true);
    expect(log.isStale(asPulled('clean', 3))).toBe(false);
    expect(log.isStale({ ...asPulled('clean', 3), id: 'b:303' })).toBe(false);
    // A content never seen (e.g. completed from a deletion stub) is never called stale.
    expect(log.isStale(asPulled('dirty', 9))).toBe(false);
  });

  test('the same content seen again at a later revision is current', () => {
    const log = new RevisionLog();
    log.seen(onServer('2-a', 'clean'));
    log.seen({ ...onServer('3-b', 'clean'), hkAt: 2 });
    expect(log.isStale(asPulled('clean', 2))).toBe(false);
  });

  test('bounded: a document pushed out of the log is never called stale (as before the log)', () => {
    const log = new RevisionLog(2);
    log.seen(onServer('2-a', 'out-of-order'));
    log.seen(onServer('3-b', 'clean'));
    log.seen({ _id: 'b:303', _rev: '1-x' });
    log.seen({ _id: 'b:305', _rev: '1-y' });
    expect(log.isStale(asPulled('out-of-order', 2))).toBe(false);
  });
});

describe('the transport fills the log', () => {
  test('from the changes it hands over and from the revisions its pushes got', async () => {
    const revisions = new RevisionLog();
    const answers: Record<string, unknown> = {
      _changes: { results: [{ id: 'b:302', seq: 5, changes: [{ rev: '2-a' }], doc: onServer('2-a', 'out-of-order') }], last_seq: 5 },
      _bulk_docs: [{ id: 'b:302', ok: true, rev: '3-b' }],
    };
    const fetch = async (url: string) => {
      const key = Object.keys(answers).find((k) => url.includes(k))!;
      return new Response(JSON.stringify(answers[key]), { status: 200, headers: { 'content-type': 'application/json' } });
    };
    const events: TransportEvents = { ok() {}, failed() {}, async rejected() {}, pushed() {} };
    const f = collectionFetch('rooms', 'longpoll', {
      user: 'u', password: 'p', pollMs: 10, maxBackoffMs: 100, events, fetch, revisions,
    }, new Backoff(100), new AbortController().signal);
    await f('http://x/db/_changes?feed=normal&since=0&limit=200');
    expect(revisions.isStale(asPulled('out-of-order', 2))).toBe(false);
    const pushed = { _id: 'b:302', _rev: '2-a', roomNo: '302', hk: 'clean', hkAt: 3 };
    await f('http://x/db/_bulk_docs?', { method: 'POST', body: JSON.stringify({ docs: [pushed] }) });
    expect(revisions.isStale(asPulled('out-of-order', 2))).toBe(true);
    expect(revisions.isStale(asPulled('clean', 3))).toBe(false);
  });
});

describe('the transport does not push back a version the server has replaced', () => {
  test('a stale document in a push is not sent and comes back as a conflict; the others go', async () => {
    const revisions = new RevisionLog();
    revisions.seen(onServer('2-a', 'out-of-order'));
    revisions.seen(onServer('3-b', 'clean'));
    const bodies: string[] = [];
    const fetch = async (_url: string, init?: RequestInit) => {
      bodies.push(String(init?.body));
      const { docs } = JSON.parse(String(init?.body)) as { docs: { _id: string }[] };
      return new Response(JSON.stringify(docs.map((d) => ({ id: d._id, ok: true, rev: '1-n' }))), { status: 201 });
    };
    const events: TransportEvents = { ok() {}, failed() {}, async rejected() {}, pushed() {} };
    const f = collectionFetch('rooms', 'longpoll', {
      user: 'u', password: 'p', pollMs: 10, maxBackoffMs: 100, events, fetch, revisions,
    }, new Backoff(100), new AbortController().signal);
    const stale = { _id: 'b:302', _rev: '3-b', roomNo: '302', hk: 'out-of-order', hkAt: 2, _deleted: false };
    const other = { _id: 'b:303', roomNo: '303', hk: 'clean', hkAt: 5, _deleted: false };
    const answer = await (await f('http://x/db/_bulk_docs?', { method: 'POST', body: JSON.stringify({ docs: [stale, other] }) })).json();
    expect(answer).toEqual([{ id: 'b:303', ok: true, rev: '1-n' }, { id: 'b:302', error: 'conflict', reason: 'Document update conflict.' }]);
    expect(bodies.map((b) => (JSON.parse(b) as { docs: { _id: string }[] }).docs.map((d) => d._id))).toEqual([['b:303']]);
    // Only the stale one: nothing goes out at all.
    const alone = await (await f('http://x/db/_bulk_docs?', { method: 'POST', body: JSON.stringify({ docs: [stale] }) })).json();
    expect(alone).toEqual([{ id: 'b:302', error: 'conflict', reason: 'Document update conflict.' }]);
    expect(bodies).toHaveLength(1);
  });
});

describe('the conflict handlers', () => {
  test.each(['rooms', 'reservations', 'members'] as const)('%s: a stale version RxDB tried to push resolves to the server\'s version, logging nothing', async (collection) => {
    const dbName = `stale-push-${collection}`;
    const handler = conflictHandlerFor(dbName, collection);
    const errors: unknown[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((...args) => { errors.push(args); });
    attachStaleCheck(dbName, collection, (doc) => doc.hk === 'out-of-order');
    try {
      const master = asPulled('clean', 3);
      const resolved = await handler.resolve({ realMasterState: master as never, newDocumentState: asPulled('out-of-order', 2) as never }, 'test');
      expect(resolved).toBe(master);
      expect(errors).toEqual([]);
    } finally {
      attachStaleCheck(dbName, collection, null);
      spy.mockRestore();
    }
  });

  test.each(REPLICATED_NAMES)('%s: a stale pulled version is "equal" to the local copy only where RxDB asks that, and only when stale', (collection) => {
    const dbName = `stale-${collection}`;
    const handler = conflictHandlerFor(dbName, collection);
    const stale = asPulled('out-of-order', 2);
    const local = asPulled('clean', 3);
    expect(handler.isEqual(stale as never, local as never, PULLED_OVER_LOCAL_CHECK)).toBe(false);
    attachStaleCheck(dbName, collection, (doc) => doc.hk === 'out-of-order');
    try {
      expect(handler.isEqual(stale as never, local as never, PULLED_OVER_LOCAL_CHECK)).toBe(true);
      expect(handler.isEqual(local as never, { ...local } as never, PULLED_OVER_LOCAL_CHECK)).toBe(true);
      expect(handler.isEqual({ ...local, hkAt: 4 } as never, local as never, PULLED_OVER_LOCAL_CHECK)).toBe(false);
      // Pushes and conflict checks compare exactly.
      for (const context of ['couchdb-push-1', 'upstream-check-if-equal', 'downstream-check-if-equal-0']) {
        expect(handler.isEqual(stale as never, local as never, context)).toBe(false);
      }
    } finally {
      attachStaleCheck(dbName, collection, null);
    }
    expect(handler.isEqual(stale as never, local as never, PULLED_OVER_LOCAL_CHECK)).toBe(false);
  });

  test("RxDB still asks, by that name, before writing a pulled version over the local copy (else the check is dead: update PULLED_OVER_LOCAL_CHECK)", () => {
    const require = createRequire(import.meta.url);
    const root = path.dirname(require.resolve('rxdb/package.json'));
    for (const build of ['esm', 'cjs']) {
      const source = readFileSync(path.join(root, 'dist', build, 'replication-protocol', 'downstream.js'), 'utf8');
      expect(source).toMatch(new RegExp(`isEqual\\(masterState, forkStateDocData, '${PULLED_OVER_LOCAL_CHECK}'\\)`));
    }
  });
});
