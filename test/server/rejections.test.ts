/**
 * The validators at work on the real server: each refusal the front desk
 * relies on, proven with the branch's own credentials (and, where it
 * matters, with the server admin's), plus the writes that must pass.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { branchUser, serverDbName } from '../../src/data/replicated';
import type { CollectionName } from '../../src/data/database';
import { provisionBranch, toCouchDoc, type Credentials } from '../../server/provision';
import { uniqueBranchId } from '../sync/server';
import { httpClient, type HttpResult } from './http';
import { sampleDocs } from './samples';

const couch = inject('couch');
const admin: Credentials = { user: couch.adminUser, password: couch.adminPassword };
const http = httpClient(couch.url);
const branchId = uniqueBranchId('rej');
const tablet: Credentials = { user: branchUser(branchId).name, password: 'tablet-pass' };

type Doc = Record<string, unknown>;
let n = 0;
/** A fresh well-formed document of the collection, as CouchDB stores it. */
function fresh(collection: CollectionName, over: Doc = {}): Doc {
  n += 1;
  return { ...toCouchDoc(sampleDocs(branchId, `x${n}`)[collection] as unknown as Doc), ...over };
}
const path = (collection: CollectionName, id: unknown) => `${serverDbName(branchId, collection)}/${encodeURIComponent(String(id))}`;

async function put(collection: CollectionName, doc: Doc, auth = tablet): Promise<HttpResult> {
  const { _id, ...body } = doc;
  return http('PUT', path(collection, _id), { auth, body });
}
async function create(collection: CollectionName, over: Doc = {}): Promise<Doc> {
  const doc = fresh(collection, over);
  const res = await put(collection, doc);
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return { ...doc, _rev: res.json.rev };
}
function expectForbidden(res: HttpResult, reason: string | RegExp): void {
  expect(res.status, JSON.stringify(res.json)).toBe(403);
  expect(res.json.error).toBe('forbidden');
  if (typeof reason === 'string') expect(res.json.reason).toBe(reason);
  else expect(res.json.reason).toMatch(reason);
}

beforeAll(async () => {
  await provisionBranch({ url: couch.url, admin, branchId, branchPassword: tablet.password });
});

describe.each(['ledger', 'doorEvents'] as const)('%s (immutable)', (collection) => {
  it('accepts a well-formed new document', async () => {
    const doc = await create(collection);
    const read = await http('GET', path(collection, doc._id), { auth: tablet });
    expect(read.json).toMatchObject({ _id: doc._id, branchId });
  });

  it('refuses an edit, from the branch and from the server admin', async () => {
    const doc = await create(collection);
    const field = collection === 'ledger' ? { points: 999_999 } : { decision: 'denied', reason: 'unknown-card' };
    for (const auth of [tablet, admin]) {
      expectForbidden(await put(collection, { ...doc, ...field }, auth), /^immutable: .* is written once and cannot be changed$/);
    }
    // Also through _bulk_docs, the way replication writes.
    const bulk = await http('POST', `${serverDbName(branchId, collection)}/_bulk_docs`, { auth: tablet, body: { docs: [{ ...doc, ...field }] } });
    expect(bulk.json).toEqual([expect.objectContaining({ id: doc._id, error: 'forbidden', reason: expect.stringMatching(/^immutable: /) })]);
    const read = await http('GET', path(collection, doc._id), { auth: tablet });
    expect(read.json._rev).toBe(doc._rev);
  });

  it('refuses a deletion, from the branch and from the server admin', async () => {
    const doc = await create(collection);
    for (const auth of [tablet, admin]) {
      expectForbidden(await http('DELETE', `${path(collection, doc._id)}?rev=${String(doc._rev)}`, { auth }), /^immutable: .* cannot be deleted$/);
    }
    const bulk = await http('POST', `${serverDbName(branchId, collection)}/_bulk_docs`, { auth: tablet, body: { docs: [{ ...doc, _deleted: true }] } });
    expect(bulk.json).toEqual([expect.objectContaining({ error: 'forbidden', reason: expect.stringMatching(/^immutable: .* cannot be deleted$/) })]);
    expect((await http('GET', path(collection, doc._id), { auth: tablet })).status).toBe(200);
  });
});

describe('reservations (mutable)', () => {
  it('accepts an edit', async () => {
    const doc = await create('reservations');
    const res = await put('reservations', { ...doc, status: 'checked-in', roomNo: '301', checkedInAt: 1_795_000_000_000 });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    expect((await http('GET', path('reservations', doc._id), { auth: tablet })).json).toMatchObject({ status: 'checked-in', roomNo: '301' });
  });

  it('refuses a deletion from the branch; the server admin may delete', async () => {
    const doc = await create('reservations');
    expectForbidden(await http('DELETE', `${path('reservations', doc._id)}?rev=${String(doc._rev)}`, { auth: tablet }), /^no-delete: /);
    expect((await http('DELETE', `${path('reservations', doc._id)}?rev=${String(doc._rev)}`, { auth: admin })).status).toBe(200);
  });
});

describe('every collection', () => {
  it.each(['ledger', 'doorEvents', 'reservations', 'rooms', 'feedback', 'staff', 'audits', 'reviews'] as const)(
    '%s: refuses a document carrying another branch\'s branchId', async (collection) => {
      const doc = fresh(collection, { branchId: 'gz-elsewhere' });
      expectForbidden(await put(collection, doc), `wrong-branch: branchId "gz-elsewhere" is not this database's branch "${branchId}"`);
      expect((await http('GET', path(collection, doc._id), { auth: tablet })).status).toBe(404);
    },
  );
});

describe('malformed documents', () => {
  it.each([
    ['wrong type', 'ledger', { points: '100' }, 'malformed: points must be an integer (is a string)'],
    ['not an integer', 'ledger', { points: 1.5 }, 'malformed: points must be an integer (is a number)'],
    ['unknown field', 'ledger', { bonus: 5 }, 'malformed: unknown field bonus'],
    ['string too long', 'ledger', { rule: 'r'.repeat(41) }, 'malformed: rule is longer than 40 characters'],
    ['bad enum', 'doorEvents', { decision: 'maybe' }, 'malformed: decision must be one of granted, denied (is "maybe")'],
    ['below minimum', 'doorEvents', { seq: -1 }, 'malformed: seq must be at least 0'],
    ['nested field', 'staff', { pin: { algorithm: 'PBKDF2-SHA-256', iterations: 1, salt: 's' } }, 'malformed: missing required field pin.hash'],
    ['the RxDB primary key field', 'rooms', { id: 'x' }, 'malformed: unknown field id'],
  ] as const)('%s', async (_label, collection, over, reason) => {
    const doc = fresh(collection, over);
    expectForbidden(await put(collection, doc), reason);
  });

  it('missing required field', async () => {
    const doc = fresh('ledger');
    delete doc.memberId;
    expectForbidden(await put('ledger', doc), 'malformed: missing required field memberId');
  });

  it('is refused for the server admin too', async () => {
    expectForbidden(await put('ledger', fresh('ledger', { points: 'lots' }), admin), /^malformed: points must be an integer/);
  });

  it('in a _bulk_docs batch, only the bad document is refused', async () => {
    const good = fresh('ledger');
    const bad = fresh('ledger', { kind: 'gift' });
    const res = await http('POST', `${serverDbName(branchId, 'ledger')}/_bulk_docs`, { auth: tablet, body: { docs: [good, bad] } });
    expect(res.status).toBe(201);
    const rows = res.json as unknown as Array<{ id: string; ok?: boolean; error?: string; reason?: string }>;
    expect(rows.find((r) => r.id === good._id)).toMatchObject({ ok: true });
    expect(rows.find((r) => r.id === bad._id)).toMatchObject({ error: 'forbidden', reason: expect.stringMatching(/^malformed: kind must be one of /) });
  });
});
