/**
 * Generated documents for fuzzing the server's validate_doc_update, and the
 * verdict each one should get, computed independently of the validator:
 * the shape from the client's own schema validator (ajv, as RxDB's dev mode
 * runs it, on the document as RxDB holds it), the other rules (written once,
 * deletions, branch) from the README's table.
 */
import fc from 'fast-check';
import { getValidator } from 'rxdb/plugins/validate-ajv';
import { COLLECTION_SCHEMAS, type CollectionName } from '../../src/data/database';
import { REPLICATED, REPLICATED_NAMES } from '../../src/data/replicated';
import { toCouchDoc } from '../../server/provision';
import { sampleDocs } from './samples';

export type Doc = Record<string, unknown>;
export type Verdict = 'accepted' | 'malformed' | 'wrong-branch' | 'immutable' | 'no-delete';

export interface FuzzCase {
  collection: CollectionName;
  newDoc: Doc;
  oldDoc: Doc | null;
  admin: boolean;
  /** What was done to the sample, for the failure message. */
  mutations: string[];
}

const ajvFor = new Map<CollectionName, (doc: unknown) => unknown[]>();
function schemaErrors(collection: CollectionName, doc: Doc): unknown[] {
  let v = ajvFor.get(collection);
  if (!v) {
    v = getValidator(COLLECTION_SCHEMAS[collection] as never) as (doc: unknown) => unknown[];
    ajvFor.set(collection, v);
  }
  return v(doc);
}

const META = new Set(['_rev', '_revisions', '_deleted', '_attachments', '_conflicts']);

/** The verdict the server must give, from the rules and ajv (never from the validator under test). */
export function expectedVerdict(c: FuzzCase, branchId: string): Verdict {
  const { immutable } = REPLICATED[c.collection];
  if (c.newDoc._deleted === true) return immutable ? 'immutable' : c.admin ? 'accepted' : 'no-delete';
  if (immutable && c.oldDoc && c.oldDoc._deleted !== true) return 'immutable';
  // The document as RxDB holds it: `_id` is the primary key `id`, CouchDB's own fields are not its.
  const rx: Doc = { id: c.newDoc._id };
  for (const [k, v] of Object.entries(c.newDoc)) if (k !== '_id' && !META.has(k)) rx[k] = v;
  if ('id' in c.newDoc) return 'malformed'; // `id` lives in `_id` on the server
  if (schemaErrors(c.collection, rx).length > 0) return 'malformed';
  const hasBranch = 'branchId' in COLLECTION_SCHEMAS[c.collection].properties;
  if (hasBranch && rx.branchId !== branchId && !c.admin) return 'wrong-branch';
  return 'accepted';
}

type Path = (string | number)[];

/** Every path to a value inside the document (not the document itself, not `_id`). */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [];
  const out: Path[] = [];
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  for (const [k, v] of entries) {
    if (prefix.length === 0 && k === '_id') continue;
    out.push([...prefix, k], ...pathsOf(v, [...prefix, k]));
  }
  return out;
}
function objectPaths(doc: Doc): Path[] {
  const objects: Path[] = [[]];
  for (const p of pathsOf(doc)) {
    let v: unknown = doc;
    for (const k of p) v = (v as Record<string | number, unknown>)[k];
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) objects.push(p);
  }
  return objects;
}
function parentOf(doc: Doc, path: Path): Record<string | number, unknown> | undefined {
  let v: unknown = doc;
  for (const k of path.slice(0, -1)) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[k];
  }
  return v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>) : undefined;
}

/** Characters that count differently in UTF-16 and code points, and CJK text the desk stores. */
const char = fc.constantFrom('a', 'Z', '7', '-', ' ', '张', '伟', '店', '😀', 'é', '\u2028', '"', '\\');
const lengthNear = fc.constantFrom(0, 1, 3, 4, 5, 6, 10, 15, 16, 17, 18, 19, 31, 32, 33, 39, 40, 41, 63, 64, 65, 99, 100, 101, 300, 2000);
const sizedString = lengthNear.chain((n) => fc.array(char, { minLength: n, maxLength: n }).map((cs) => cs.join('')));
const numberNear = fc.oneof(
  fc.constantFrom(-1, 0, 1, 2, 7, 9, 10, 90, 91, 100, 2000, -300, 1.5, 0.5, -0.5, 1e15, 2 ** 53, -(2 ** 53)),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const anyJson = fc.oneof(
  { depthSize: 'small' },
  sizedString, numberNear, fc.boolean(), fc.constant(null),
  fc.array(fc.oneof(fc.string({ maxLength: 20 }), fc.integer()), { maxLength: 3 }),
  fc.dictionary(fc.constantFrom('a', 'b', 'pillow', 'quiet'), fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.boolean()), { maxKeys: 3 }),
);
const otherBranch = fc.constantFrom('gz-other', 'sh-nanjinglu', '', 'GZ-FUZZ', 'x'.repeat(33));

type Op = 'remove' | 'set' | 'add' | 'branch' | 'id';
interface Mutation { op: Op; at: number; key: string; value: unknown }

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  // remove a field (top-level or nested)
  fc.record({ op: fc.constant<Op>('remove'), at: fc.nat(), key: fc.constant(''), value: fc.constant(null) }),
  // a value of any type (mostly the wrong one), an oversize string, a number at a boundary
  fc.record({ op: fc.constant<Op>('set'), at: fc.nat(), key: fc.constant(''), value: anyJson }),
  fc.record({ op: fc.constant<Op>('set'), at: fc.nat(), key: fc.constant(''), value: sizedString }),
  fc.record({ op: fc.constant<Op>('set'), at: fc.nat(), key: fc.constant(''), value: numberNear }),
  // an unknown field in any object
  fc.record({ op: fc.constant<Op>('add'), at: fc.nat(), key: fc.constantFrom('colour', 'extra', 'x_1', 'note'), value: anyJson }),
  // another branch's id
  fc.record({ op: fc.constant<Op>('branch'), at: fc.constant(0), key: fc.constant(''), value: otherBranch }),
  // an oversize or odd document id
  fc.record({ op: fc.constant<Op>('id'), at: fc.constant(0), key: fc.constant(''), value: sizedString.filter((s) => s.length > 0 && !s.startsWith('_')) }),
);

/** Applies a mutation to `doc` in place (paths are taken from the document as it is now); names what it did. */
function apply(doc: Doc, m: Mutation): string {
  const paths = m.op === 'add' ? objectPaths(doc) : pathsOf(doc);
  const p = paths.length > 0 ? (paths[m.at % paths.length] as Path) : [];
  switch (m.op) {
    case 'remove': {
      const parent = parentOf(doc, p);
      const key = p[p.length - 1];
      if (key === undefined || !parent) return 'remove nothing';
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
      return `remove ${p.join('.')}`;
    }
    case 'set': {
      const parent = parentOf(doc, p);
      const key = p[p.length - 1];
      if (key === undefined || !parent) return 'set nothing';
      parent[key] = structuredClone(m.value);
      return `set ${p.join('.')} = ${JSON.stringify(m.value).slice(0, 40)}`;
    }
    case 'add': {
      let target: unknown = doc;
      for (const key of p) target = (target as Record<string | number, unknown>)[key];
      (target as Doc)[m.key] = structuredClone(m.value);
      return `add ${[...p, m.key].join('.')}`;
    }
    case 'branch':
      if ('branchId' in doc) doc.branchId = m.value;
      return `branchId = ${JSON.stringify(m.value)}`;
    case 'id':
      doc._id = m.value;
      return `_id (${[...String(m.value)].length} chars)`;
  }
}

const KINDS = ['new', 'new', 'new', 'edit', 'edit', 'delete', 'recreate'] as const;

/**
 * A generated case: a well-formed sample, 0–3 mutations, written as a new
 * document, as an edit, as a deletion or over a deleted one, by the branch or
 * (one in five) the server admin.
 */
export function fuzzCase(branchId: string): fc.Arbitrary<FuzzCase> {
  return fc.record({
    collection: fc.constantFrom(...REPLICATED_NAMES),
    kind: fc.constantFrom(...KINDS),
    admin: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
    mutations: fc.array(mutation, { maxLength: 3 }),
  }).map(({ collection, kind, admin, mutations }) => {
    const base = toCouchDoc(sampleDocs(branchId)[collection] as unknown as Doc);
    const doc = structuredClone(base);
    const done = mutations.map((m) => apply(doc, m));
    // JSON round trip: what reaches the server is JSON (no undefined, no -0).
    let newDoc = JSON.parse(JSON.stringify(doc)) as Doc;
    let oldDoc: Doc | null = null;
    // An edit is of the same document (CouchDB hands the validator the stored version of that id).
    if (kind === 'edit') { oldDoc = { ...base, _rev: '1-a' }; newDoc = { ...newDoc, _id: base._id, _rev: '1-a' }; }
    if (kind === 'recreate') { oldDoc = { _id: base._id, _rev: '2-b', _deleted: true }; newDoc = { ...newDoc, _id: base._id }; }
    if (kind === 'delete') { oldDoc = { ...base, _rev: '1-a' }; newDoc = { _id: base._id, _rev: '1-a', _deleted: true }; }
    return { collection, newDoc, oldDoc, admin, mutations: [kind, ...done] };
  });
}
