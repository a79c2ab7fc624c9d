/**
 * Fuzzing the server's validate_doc_update (issue #12): generated documents
 * (fields removed, wrong types, oversize strings, other branches' ids, edits
 * and deletions of written-once documents) against a verdict computed
 * without the validator (test/server/fuzz-docs.ts). Every invalid document
 * refused with the right kind, every valid one accepted; the counts are
 * printed. The bulk runs the generated function in Node as CouchDB would;
 * a smaller batch goes through the real server.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import fc from 'fast-check';
import type { CollectionName } from '../../src/data/database';
import { branchUser, serverDbName } from '../../src/data/replicated';
import { designDocFor, provisionBranch, type Credentials } from '../../server/provision';
import { rejectionKindOf } from '../../server/validate';
import { expectedVerdict, fuzzCase, type Doc, type FuzzCase, type Verdict } from './fuzz-docs';
import { httpClient } from './http';
import { uniqueBranchId } from '../sync/server';

type Vdu = (newDoc: Doc, oldDoc: Doc | null, userCtx: { name: string | null; roles: string[] }, secObj: unknown) => void;

function verdictOf(run: () => void): Verdict {
  try {
    run();
    return 'accepted';
  } catch (e) {
    const forbidden = (e as { forbidden?: unknown }).forbidden;
    if (typeof forbidden !== 'string') throw e;
    return rejectionKindOf(forbidden) ?? (`unknown: ${forbidden}` as Verdict);
  }
}

function tally(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}
function summary(counts: Map<string, number>): string {
  const accepted = counts.get('accepted') ?? 0;
  const refused = [...counts].filter(([k]) => k !== 'accepted');
  const total = refused.reduce((s, [, n]) => s + n, 0);
  return `${accepted} accepted, ${total} refused (${refused.map(([k, n]) => `${k} ${n}`).join(', ')})`;
}

describe('validate_doc_update under generated documents', () => {
  const BRANCH = 'gz-fuzz';
  const member = { name: branchUser(BRANCH).name, roles: [branchUser(BRANCH).role] };
  const admin = { name: 'admin', roles: ['_admin'] };
  const vdus = new Map<CollectionName, Vdu>();
  const vdu = (c: CollectionName): Vdu => {
    let f = vdus.get(c);
    if (!f) {
      f = new Function(`return (${designDocFor(BRANCH, c).validate_doc_update});`)() as Vdu;
      vdus.set(c, f);
    }
    return f;
  };

  it('refuses every invalid document and accepts every valid one (run in Node)', () => {
    const counts = new Map<string, number>();
    fc.assert(fc.property(fuzzCase(BRANCH), (c: FuzzCase) => {
      const expected = expectedVerdict(c, BRANCH);
      const actual = verdictOf(() => vdu(c.collection)(structuredClone(c.newDoc), c.oldDoc && structuredClone(c.oldDoc), c.admin ? admin : member, {}));
      expect(actual, `${c.collection}: ${c.mutations.join('; ')}\n${JSON.stringify(c.newDoc).slice(0, 400)}`).toBe(expected);
      tally(counts, actual);
    }), { numRuns: 20_000, seed: 1212 });
    console.log(`validate_doc_update fuzz (Node): 20,000 documents: ${summary(counts)}`);
    // The generator must exercise both sides and every kind of refusal.
    for (const kind of ['accepted', 'malformed', 'wrong-branch', 'immutable', 'no-delete']) expect(counts.get(kind) ?? 0).toBeGreaterThan(200);
  });
});

describe('validate_doc_update under generated documents, through the real server', () => {
  const couch = inject('couch');
  const adminAuth: Credentials = { user: couch.adminUser, password: couch.adminPassword };
  const http = httpClient(couch.url);
  const branchId = uniqueBranchId('fz');
  const tablet: Credentials = { user: branchUser(branchId).name, password: 'fuzz-pass' };
  beforeAll(async () => {
    await provisionBranch({ url: couch.url, admin: adminAuth, branchId, branchPassword: tablet.password });
  });
  
  it('gives each generated document the same verdict as the rules (300 documents)', async () => {
    const counts = new Map<string, number>();
    // Over a deleted written-once document cannot be set up on the server
    // (nobody may delete one), so those cases are sent as new documents.
    const cases = fc.sample(fuzzCase(branchId), { numRuns: 300, seed: 4242 });
    let n = 0;
    for (const generated of cases) {
      n += 1;
      const c: FuzzCase = structuredClone(generated);
      // A fresh, short id per case on the shared server; a generated id is kept
      // (made unique by a prefix, so only longer).
      const id = !c.oldDoc && c.mutations.some((m) => m.startsWith('_id')) ? `f${n}-${String(c.newDoc._id)}` : `f${n}`;
      c.newDoc._id = id;
      const db = serverDbName(branchId, c.collection);
      const at = `${db}/${encodeURIComponent(id)}`;
      const auth = c.admin ? adminAuth : tablet;
      if (c.oldDoc) {
        if (c.oldDoc._deleted === true) {
          c.oldDoc = null;
        } else {
          const base: Doc = { ...c.oldDoc, _id: id };
          delete base._rev;
          const made = await http('PUT', at, { auth: adminAuth, body: base });
          expect(made.status, JSON.stringify(made.json)).toBe(201);
          c.oldDoc = { ...base, _rev: made.json.rev };
          if ('_rev' in c.newDoc) c.newDoc._rev = made.json.rev;
        }
      }
      const expected = expectedVerdict(c, branchId);
      const res = await http('PUT', at, { auth, body: c.newDoc });
      // A write the server takes is 2xx with ok: CouchDB 3 answers a deletion
      // with 200, a creation or update with 201 (pouchdb-server 201 for both).
      const actual: string = (res.status === 201 || res.status === 200) && res.json.ok === true ? 'accepted' : res.status === 403 ? (rejectionKindOf(String(res.json.reason)) ?? `403 ${String(res.json.reason)}`) : `${res.status} ${JSON.stringify(res.json)}`;
      expect(actual, `${c.collection}: ${c.mutations.join('; ')}\n${JSON.stringify(c.newDoc).slice(0, 400)}`).toBe(expected);
      tally(counts, actual);
    }
    console.log(`validate_doc_update fuzz (real server): 300 documents: ${summary(counts)}`);
    for (const kind of ['accepted', 'malformed', 'immutable', 'no-delete']) expect(counts.get(kind) ?? 0).toBeGreaterThan(5);
  });
});
