/**
 * The generated validate_doc_update, run in Node as CouchDB would run it:
 * ES5 source, evaluated to a function, called with (newDoc, oldDoc, userCtx, secObj).
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'acorn';
import { COLLECTION_SCHEMAS, type CollectionName } from '../../src/data/database';
import { REPLICATED, REPLICATED_NAMES } from '../../src/data/replicated';
import { rejectionKindOf, validateDocUpdateSource, validationSchemaOf } from '../../server/validate';
import { designDocFor, toCouchDoc } from '../../server/provision';
import { sampleDocs } from './samples';

const BRANCH = 'gz-unit';
type Doc = Record<string, unknown>;
type Vdu = (newDoc: Doc, oldDoc: Doc | null, userCtx: { name: string | null; roles: string[] }, secObj: unknown) => void;

const member = { name: 'branch-gz-unit', roles: ['branch-gz-unit'] };
const admin = { name: 'admin', roles: ['_admin'] };

function vduFor(collection: CollectionName): Vdu {
  const source = designDocFor(BRANCH, collection).validate_doc_update;
  return new Function(`return (${source});`)() as Vdu;
}

/** Runs the validator; returns the forbidden message, or null when accepted. */
function run(collection: CollectionName, newDoc: Doc, oldDoc: Doc | null = null, userCtx = member): string | null {
  try {
    vduFor(collection)(structuredClone(newDoc), oldDoc ? structuredClone(oldDoc) : null, userCtx, {});
    return null;
  } catch (e) {
    const forbidden = (e as { forbidden?: unknown }).forbidden;
    if (typeof forbidden !== 'string') throw e;
    return forbidden;
  }
}

const couch = (collection: CollectionName, over: Doc = {}): Doc => ({ ...toCouchDoc(sampleDocs(BRANCH)[collection]), ...over });
const without = (doc: Doc, field: string): Doc => Object.fromEntries(Object.entries(doc).filter(([k]) => k !== field));

describe('validate_doc_update source', () => {
  it.each(REPLICATED_NAMES)('%s: is ES5 (parses with ecmaVersion 5) and is a function expression', (collection) => {
    const source = designDocFor(BRANCH, collection).validate_doc_update;
    expect(() => parse(`(${source})`, { ecmaVersion: 5 })).not.toThrow();
    expect(source).toMatch(/^function \(newDoc, oldDoc, userCtx, secObj\) \{/);
    expect(source).toContain(JSON.stringify(BRANCH));
  });

  it('is a pure function of its input', () => {
    const input = { branchId: BRANCH, collection: 'ledger', schema: COLLECTION_SCHEMAS.ledger as unknown as Doc, immutable: true };
    expect(validateDocUpdateSource(input)).toBe(validateDocUpdateSource({ ...input }));
    expect(validateDocUpdateSource({ ...input, branchId: 'gz-other' })).not.toBe(validateDocUpdateSource(input));
  });

  it('refuses schema keywords it does not understand', () => {
    expect(() => validationSchemaOf({ type: 'string', pattern: '^a' })).toThrow(/pattern/);
    expect(() => validationSchemaOf({ type: 'object', properties: { a: { type: 'string', format: 'email' } } })).toThrow(/schema\.a.*format/);
  });
});

describe('validate_doc_update behaviour', () => {
  it.each(REPLICATED_NAMES)('%s: accepts the well-formed sample as a new document', (collection) => {
    expect(run(collection, couch(collection))).toBeNull();
    // Fields CouchDB and pouchdb-server add are fine.
    expect(run(collection, couch(collection, { _rev: '1-abc', _revisions: { start: 1, ids: ['abc'] }, _deleted: false }))).toBeNull();
  });

  it('lets design documents through (CouchDB restricts them to db admins)', () => {
    expect(run('ledger', { _id: '_design/x', views: {} })).toBeNull();
  });

  it.each(REPLICATED_NAMES.filter((c) => REPLICATED[c].immutable))('%s (immutable): refuses edits and deletions, for admins too', (collection) => {
    const old = couch(collection, { _rev: '1-a' });
    for (const who of [member, admin]) {
      expect(run(collection, couch(collection, { _rev: '1-a' }), old, who)).toMatch(/^immutable: .* cannot be changed/);
      expect(run(collection, { _id: old._id, _rev: '1-a', _deleted: true }, old, who)).toMatch(/^immutable: .* cannot be deleted/);
      expect(run(collection, couch(collection, { _rev: '1-a', _deleted: true }), old, who)).toMatch(/^immutable:/);
    }
    // Written again after a deletion (an admin's cleanup) is a new document.
    expect(run(collection, couch(collection), { ...old, _deleted: true })).toBeNull();
  });

  it.each(REPLICATED_NAMES.filter((c) => !REPLICATED[c].immutable))('%s (mutable): edits pass, deletions only for server admins', (collection) => {
    const old = couch(collection, { _rev: '1-a' });
    expect(run(collection, couch(collection, { _rev: '1-a' }), old)).toBeNull();
    expect(run(collection, { _id: old._id, _rev: '1-a', _deleted: true }, old)).toMatch(/^no-delete: /);
    expect(run(collection, { _id: old._id, _rev: '1-a', _deleted: true }, old, admin)).toBeNull();
  });

  it.each(REPLICATED_NAMES.filter((c) => 'branchId' in COLLECTION_SCHEMAS[c].properties))('%s: refuses another branch\'s branchId', (collection) => {
    const message = run(collection, couch(collection, { branchId: 'gz-other' }));
    expect(message).toBe('wrong-branch: branchId "gz-other" is not this database\'s branch "gz-unit"');
    expect(rejectionKindOf(message ?? '')).toBe('wrong-branch');
    // Head office (a server admin) may load a member's history from other branches.
    expect(run(collection, couch(collection, { branchId: 'gz-other' }), null, admin)).toBeNull();
  });

  it('refuses malformed documents, saying which field and why', () => {
    const ledger = couch('ledger');
    expect(run('ledger', { ...ledger, points: 1.5 })).toBe('malformed: points must be an integer (is a number)');
    expect(run('ledger', { ...ledger, points: '10' })).toBe('malformed: points must be an integer (is a string)');
    expect(run('ledger', without(ledger, 'memberId'))).toBe('malformed: missing required field memberId');
    expect(run('ledger', { ...ledger, colour: 'red' })).toBe('malformed: unknown field colour');
    expect(run('ledger', { ...ledger, id: ledger._id })).toBe('malformed: unknown field id');
    expect(run('ledger', { ...ledger, rule: 'x'.repeat(41) })).toBe('malformed: rule is longer than 40 characters');
    expect(run('ledger', { ...ledger, kind: 'gift' })).toMatch(/^malformed: kind must be one of earn, redeem, .* \(is "gift"\)$/);
    expect(run('ledger', { ...ledger, createdAt: -1 })).toBe('malformed: createdAt must be at least 0');
    expect(run('ledger', { ...ledger, params: { a: [1] } })).toBe('malformed: params.a must be a number or a string or a boolean');
    expect(run('ledger', { ...ledger, params: 'none' })).toBe('malformed: params must be an object (is a string)');
    expect(run('ledger', { ...ledger, _id: 'x'.repeat(101) })).toBe('malformed: _id is longer than 100 characters');

    const reservation = couch('reservations');
    expect(run('reservations', { ...reservation, nights: 0 })).toBe('malformed: nights must be at least 1');
    expect(run('reservations', { ...reservation, nights: 91 })).toBe('malformed: nights must be at most 90');
    expect(run('reservations', { ...reservation, memberRate: 'yes' })).toBe('malformed: memberRate must be a boolean (is a string)');
    expect(run('reservations', { ...reservation, status: null })).toMatch(/^malformed: status must be a string \(is a null\)$/);

    const member = couch('members');
    expect(run('members', { ...member, prefs: { ...(member.prefs as Doc), pillow: 'feather' } })).toMatch(/^malformed: prefs\.pillow must be one of /);
    expect(run('members', { ...member, prefs: without(member.prefs as Doc, 'quiet') })).toBe('malformed: missing required field prefs.quiet');
    expect(run('members', { ...member, prefs: { ...(member.prefs as Doc), extra: 1 } })).toBe('malformed: unknown field prefs.extra');
    expect(run('members', { ...member, tags: ['ok', 'x'.repeat(17)] })).toBe('malformed: tags[1] is longer than 16 characters');
    expect(run('members', { ...member, tags: 'vip' })).toBe('malformed: tags must be an array (is a string)');

    const room = couch('rooms');
    expect(run('rooms', { ...room, floor: 3.5 })).toMatch(/^malformed: floor must be an integer/);
    // Lengths count characters (code points), not UTF-16 units.
    expect(run('members', { ...member, name: '😀'.repeat(32) })).toBeNull();
    expect(run('members', { ...member, name: '😀'.repeat(33) })).toBe('malformed: name is longer than 32 characters');
  });
});
