/**
 * The `validate_doc_update` of each branch database, generated from the
 * collection's RxDB JSON schema and its row in REPLICATED, so the server
 * refuses exactly what the client would never write.
 *
 * The generated source is ES5 only (CouchDB 3 may run SpiderMonkey 1.8.5:
 * no arrow functions, no let/const, no template strings) and self-contained:
 * the branch id and the schema are baked in as JSON literals.
 *
 * Every refusal is `throw({forbidden: '<kind>: <detail>'})` (HTTP 403), the
 * kind being one of REJECTION_KINDS so a client can tell them apart.
 */

/** The first word of every refusal message. */
export const REJECTION_KINDS = {
  /** A written-once document was edited or deleted. */
  immutable: 'immutable',
  /** A document of a mutable collection was deleted by someone who is not a server admin. */
  noDelete: 'no-delete',
  /** The document's branchId is another branch's (refused for branch users; head office may load history). */
  wrongBranch: 'wrong-branch',
  /** The document does not match the collection's JSON schema. */
  malformed: 'malformed',
} as const;

export type RejectionKind = (typeof REJECTION_KINDS)[keyof typeof REJECTION_KINDS];

/** The kind of a refusal (the `reason` of a 403 from the server), if it is one of ours. */
export function rejectionKindOf(reason: string): RejectionKind | undefined {
  const kind = /^([a-z-]+):/.exec(reason)?.[1];
  return (Object.values(REJECTION_KINDS) as string[]).includes(kind ?? '') ? (kind as RejectionKind) : undefined;
}

/** CouchDB's own top-level fields a stored document may carry. */
export const COUCH_META_FIELDS = ['_id', '_rev', '_revisions', '_deleted', '_attachments', '_conflicts'] as const;

/** The JSON schema subset the validator understands (what src/data's schemas use). */
export interface JsonSchemaSubset {
  type?: string | readonly string[];
  properties?: Readonly<Record<string, JsonSchemaSubset>>;
  required?: readonly string[];
  additionalProperties?: boolean | JsonSchemaSubset;
  items?: JsonSchemaSubset;
  anyOf?: readonly JsonSchemaSubset[];
  enum?: readonly unknown[];
  maxLength?: number;
  minLength?: number;
  minimum?: number;
  maximum?: number;
  multipleOf?: number;
  minItems?: number;
  maxItems?: number;
}

/** Keywords that do not constrain a stored document (RxDB bookkeeping and annotations). */
const IGNORED_KEYWORDS = new Set([
  'title', 'description', 'version', 'primaryKey', 'indexes', 'internalIndexes', 'keyCompression',
  'encrypted', 'final', 'default', '$comment', 'crdt', 'sharding',
]);
const SUPPORTED_KEYWORDS = new Set([
  'type', 'properties', 'required', 'additionalProperties', 'items', 'anyOf', 'enum',
  'maxLength', 'minLength', 'minimum', 'maximum', 'multipleOf', 'minItems', 'maxItems',
]);
const TYPES = new Set(['string', 'integer', 'number', 'boolean', 'object', 'array', 'null']);

/**
 * The schema reduced to the keywords the validator checks. Throws on any
 * keyword it does not understand (better no validator than a wrong one).
 */
export function validationSchemaOf(schema: unknown, where = 'schema'): JsonSchemaSubset {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    throw new Error(`${where}: a schema must be an object`);
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema as Record<string, unknown>)) {
    if (IGNORED_KEYWORDS.has(key)) continue;
    if (!SUPPORTED_KEYWORDS.has(key)) throw new Error(`${where}: the server validator does not support the keyword ${JSON.stringify(key)}`);
    switch (key) {
      case 'type': {
        const types = Array.isArray(value) ? value : [value];
        for (const t of types) if (typeof t !== 'string' || !TYPES.has(t)) throw new Error(`${where}: unsupported type ${JSON.stringify(t)}`);
        out[key] = value;
        break;
      }
      case 'properties': {
        const props: Record<string, JsonSchemaSubset> = {};
        for (const [name, sub] of Object.entries(value as Record<string, unknown>)) props[name] = validationSchemaOf(sub, `${where}.${name}`);
        out[key] = props;
        break;
      }
      case 'items':
        if (Array.isArray(value)) throw new Error(`${where}: tuple items are not supported`);
        out[key] = validationSchemaOf(value, `${where}[]`);
        break;
      case 'additionalProperties':
        out[key] = typeof value === 'boolean' ? value : validationSchemaOf(value, `${where}.*`);
        break;
      case 'anyOf':
        out[key] = (value as unknown[]).map((sub, i) => validationSchemaOf(sub, `${where}.anyOf[${i}]`));
        break;
      default:
        out[key] = value;
    }
  }
  return out as JsonSchemaSubset;
}

export interface ValidatorInput {
  branchId: string;
  /** The collection name (as in REPLICATED), used in messages. */
  collection: string;
  /** The collection's RxDB JSON schema (primary key `id`, which is `_id` on the server). */
  schema: { primaryKey?: unknown; properties?: Record<string, unknown>; required?: readonly string[] } & Record<string, unknown>;
  /** Written once: editing or deleting is refused for everyone. */
  immutable: boolean;
}

/**
 * The ES5 runtime of the generated function. `SETTINGS` is replaced by a
 * JSON literal: { branchId, collection, immutable, hasBranchId, idSchema,
 * schema, meta }.
 */
const RUNTIME = String.raw`function (newDoc, oldDoc, userCtx, secObj) {
  var S = __SETTINGS__;
  var id = String(newDoc._id);
  if (id.indexOf('_design/') === 0) return;

  function refuse(kind, message) {
    throw({ forbidden: kind + ': ' + message });
  }
  function isAdmin() {
    var roles = (userCtx && userCtx.roles) || [];
    for (var i = 0; i < roles.length; i++) if (roles[i] === '_admin') return true;
    return false;
  }
  function has(o, k) {
    return Object.prototype.hasOwnProperty.call(o, k);
  }
  function isArray(v) {
    return Object.prototype.toString.call(v) === '[object Array]';
  }
  function typeOf(v) {
    if (v === null) return 'null';
    if (isArray(v)) return 'array';
    if (typeof v === 'number') return isFinite(v) ? (Math.floor(v) === v ? 'integer' : 'number') : 'non-finite number';
    return typeof v;
  }
  function hasType(v, t) {
    var actual = typeOf(v);
    if (t === 'number') return actual === 'number' || actual === 'integer';
    return actual === t;
  }
  function article(t) {
    return (/^[aeiou]/.test(t) ? 'an ' : 'a ') + t;
  }
  function codePoints(s) {
    return s.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, '_').length;
  }
  function join(path, key) {
    return path ? path + '.' + key : key;
  }
  function describe(schema) {
    if (schema.anyOf) {
      var parts = [];
      for (var i = 0; i < schema.anyOf.length; i++) parts.push(describe(schema.anyOf[i]));
      return parts.join(' or ');
    }
    if (schema.enum) return 'one of ' + schema.enum.join(', ');
    var types = isArray(schema.type) ? schema.type : (schema.type ? [schema.type] : []);
    var words = [];
    for (var j = 0; j < types.length; j++) words.push(article(types[j]));
    return words.length ? words.join(' or ') : 'valid';
  }

  // Returns why value does not match schema, or null.
  function check(value, schema, path, top) {
    var name = path || 'the document';
    var i, k;
    if (schema.type !== undefined) {
      var types = isArray(schema.type) ? schema.type : [schema.type];
      var typeOk = false;
      for (i = 0; i < types.length; i++) if (hasType(value, types[i])) typeOk = true;
      if (!typeOk) return name + ' must be ' + describe({ type: types }) + ' (is ' + article(typeOf(value)) + ')';
    }
    if (schema.anyOf) {
      var anyOk = false;
      for (i = 0; i < schema.anyOf.length && !anyOk; i++) if (check(value, schema.anyOf[i], path, false) === null) anyOk = true;
      if (!anyOk) return name + ' must be ' + describe(schema);
    }
    if (schema.enum) {
      var found = false;
      for (i = 0; i < schema.enum.length; i++) if (schema.enum[i] === value) found = true;
      if (!found) return name + ' must be one of ' + schema.enum.join(', ') + ' (is ' + JSON.stringify(value) + ')';
    }
    if (typeof value === 'string') {
      if (schema.maxLength !== undefined && codePoints(value) > schema.maxLength) return name + ' is longer than ' + schema.maxLength + ' characters';
      if (schema.minLength !== undefined && codePoints(value) < schema.minLength) return name + ' is shorter than ' + schema.minLength + ' characters';
    }
    if (typeof value === 'number') {
      if (schema.minimum !== undefined && value < schema.minimum) return name + ' must be at least ' + schema.minimum;
      if (schema.maximum !== undefined && value > schema.maximum) return name + ' must be at most ' + schema.maximum;
      if (schema.multipleOf !== undefined) {
        var q = value / schema.multipleOf;
        if (Math.abs(q - Math.round(q)) > 1e-9) return name + ' must be a multiple of ' + schema.multipleOf;
      }
    }
    if (isArray(value)) {
      if (schema.minItems !== undefined && value.length < schema.minItems) return name + ' must have at least ' + schema.minItems + ' items';
      if (schema.maxItems !== undefined && value.length > schema.maxItems) return name + ' must have at most ' + schema.maxItems + ' items';
      if (schema.items) {
        for (i = 0; i < value.length; i++) {
          var itemError = check(value[i], schema.items, path + '[' + i + ']', false);
          if (itemError !== null) return itemError;
        }
      }
    }
    if (typeOf(value) === 'object') {
      var props = schema.properties || {};
      var required = schema.required || [];
      for (i = 0; i < required.length; i++) {
        if (!has(value, required[i]) || value[required[i]] === undefined) return 'missing required field ' + join(path, required[i]);
      }
      for (k in value) {
        if (!has(value, k) || value[k] === undefined) continue;
        if (has(props, k)) {
          var propError = check(value[k], props[k], join(path, k), false);
          if (propError !== null) return propError;
        } else if (top && has(S.meta, k)) {
          continue;
        } else if (schema.additionalProperties === false) {
          return 'unknown field ' + join(path, k);
        } else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
          var extraError = check(value[k], schema.additionalProperties, join(path, k), false);
          if (extraError !== null) return extraError;
        }
      }
    }
    return null;
  }

  if (newDoc._deleted) {
    if (S.immutable) refuse('immutable', S.collection + ' ' + id + ' cannot be deleted');
    if (!isAdmin()) refuse('no-delete', S.collection + ' ' + id + ' cannot be deleted (only a server admin may delete documents)');
    return;
  }
  if (S.immutable && oldDoc && !oldDoc._deleted) {
    refuse('immutable', S.collection + ' ' + id + ' is written once and cannot be changed');
  }
  var idError = check(id, S.idSchema, '_id', false);
  if (idError !== null) refuse('malformed', idError);
  var error = check(newDoc, S.schema, '', true);
  if (error !== null) refuse('malformed', error);
  // A branch writes only its own documents. Server admins (the chain's
  // head office) may load a member's history from other branches.
  if (S.hasBranchId && newDoc.branchId !== S.branchId && !isAdmin()) {
    refuse('wrong-branch', 'branchId ' + JSON.stringify(newDoc.branchId) + ' is not this database\'s branch ' + JSON.stringify(S.branchId));
  }
}`;

/**
 * The `validate_doc_update` source for one branch database. Pure: the same
 * input gives the same string, so provisioning can tell whether the design
 * document is up to date by comparing sources.
 */
export function validateDocUpdateSource(input: ValidatorInput): string {
  const { branchId, collection, schema, immutable } = input;
  const primaryKey = typeof schema.primaryKey === 'string' ? schema.primaryKey : 'id';
  const full = validationSchemaOf(schema, collection);
  const properties = { ...(full.properties ?? {}) };
  const idSchema = properties[primaryKey] ?? { type: 'string' };
  // On the server the primary key is `_id`; the field itself must not be there.
  delete properties[primaryKey];
  const serverSchema: JsonSchemaSubset = {
    ...full,
    properties,
    required: (full.required ?? []).filter((name) => name !== primaryKey),
  };
  const settings = {
    branchId,
    collection,
    immutable,
    hasBranchId: Object.prototype.hasOwnProperty.call(properties, 'branchId'),
    idSchema,
    schema: serverSchema,
    meta: Object.fromEntries(COUCH_META_FIELDS.map((f) => [f, true])),
  };
  // JSON is valid ES5 expression syntax except for U+2028/U+2029 inside strings.
  const literal = JSON.stringify(settings).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  return RUNTIME.replace('__SETTINGS__', () => literal);
}
