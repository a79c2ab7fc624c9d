/**
 * How two versions of one document become one after tablets worked offline.
 *
 * Every rule here is a deterministic function of the two versions alone, so
 * whichever tablet resolves a conflict, and in whatever order versions meet,
 * all replicas end with the same document:
 *
 * - Immutable facts (ledger lines, door events, review records): the version
 *   the server already holds stands. The same fact written twice (equal but
 *   for who/when recorded it) is no conflict; anything else is a bug that is
 *   reported, never dropped (`immutableOutcome`).
 * - Member profiles: field by field, the value with the later per-field
 *   timestamp wins (`mergeMember`), so one tablet's phone-number edit and
 *   another's pillow preference both survive.
 * - Reservations: the furthest status wins (checked-out over checked-in over
 *   expected; an arrival beats a no-show or cancellation); the other version
 *   is kept in the conflict log (`pickReservation`).
 * - Everything else: the later `updatedAt` wins, the other is logged
 *   (`pickLatest`).
 *
 * Ties are broken by comparing the versions' canonical JSON, a total order,
 * so the merge is commutative, associative and idempotent.
 */
import type { EpochMs, Member, Preferences, Reservation, ReservationStatus } from './model';

/** JSON with object keys sorted: equal documents give equal strings. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Storage and replication bookkeeping that is not part of a document's content. */
const BOOKKEEPING = new Set(['_rev', '_meta', '_attachments', '_revisions', '_conflicts']);

function content(doc: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) if (!BOOKKEEPING.has(k)) out[k] = v;
  return out;
}

/** Exactly the same document (bookkeeping fields aside). */
export function sameDocument(a: object, b: object): boolean {
  return canonicalJson(content(a)) === canonicalJson(content(b));
}

/** Fields that legitimately differ when two devices record the same fact. */
export const PROVENANCE_FIELDS = ['createdAt', 'deviceId', 'staffId'] as const;

/** The same fact, recorded perhaps by another device or at another moment. */
export function sameFact(a: object, b: object): boolean {
  const strip = (d: object) => {
    const c = content(d);
    for (const f of PROVENANCE_FIELDS) delete c[f];
    return c;
  };
  return canonicalJson(strip(a)) === canonicalJson(strip(b));
}

export type ImmutableOutcome = 'identical' | 'same-fact' | 'contradiction';

/** What a second version of an immutable document means. */
export function immutableOutcome(stored: object, incoming: object): ImmutableOutcome {
  if (sameDocument(stored, incoming)) return 'identical';
  return sameFact(stored, incoming) ? 'same-fact' : 'contradiction';
}

// ---------------------------------------------------------------- members

/** Top-level member fields merged one by one (`prefs` is merged per preference). */
export const MEMBER_FIELDS = [
  'name', 'nameInitials', 'phone', 'phoneLast4', 'idNumber', 'cardNo', 'cardLost', 'gender', 'birthday',
  'tier', 'joinedAt', 'joinFeeFen', 'corporate', 'tags', 'lastStayDate', 'stays12m', 'nights12m', 'homeBranchId',
] as const satisfies readonly (keyof Member)[];
export const PREF_FIELDS = ['roomType', 'floor', 'pillow', 'smoking', 'diet', 'quiet'] as const satisfies readonly (keyof Preferences)[];

export type MemberField = (typeof MEMBER_FIELDS)[number];
export type MemberFieldKey = MemberField | `prefs.${(typeof PREF_FIELDS)[number]}`;
export const MEMBER_FIELD_KEYS: readonly MemberFieldKey[] = [...MEMBER_FIELDS, ...PREF_FIELDS.map((p) => `prefs.${p}` as const)];

/** Fields that move together: the phone and its last four digits. */
const GROUPED: Partial<Record<MemberFieldKey, MemberFieldKey>> = { phoneLast4: 'phone' };

function valueOf(m: Member, key: MemberFieldKey): unknown {
  return key.startsWith('prefs.') ? m.prefs[key.slice(6) as keyof Preferences] : m[key as MemberField];
}

/** When a field was last set; a field never edited since the record was written carries `updatedAt`. */
export function fieldTime(m: Member, key: MemberFieldKey): EpochMs {
  return m.fieldTimes?.[key] ?? m.updatedAt;
}

/**
 * Per-field last-writer-wins. Each field (or group of fields that must move
 * together) is taken from the version that set it later; on equal times,
 * from the version whose value sorts first in canonical JSON.
 */
export function mergeMember(a: Member, b: Member): Member {
  const out: Member = { ...a, prefs: { ...a.prefs }, tags: [...a.tags] };
  const times: Record<string, EpochMs> = {};
  for (const key of MEMBER_FIELD_KEYS) {
    const lead = GROUPED[key] ?? key;
    const ta = fieldTime(a, lead);
    const tb = fieldTime(b, lead);
    const fromB = tb > ta || (tb === ta && compareStrings(canonicalJson(valueOf(b, lead)), canonicalJson(valueOf(a, lead))) < 0);
    const src = fromB ? b : a;
    const v = valueOf(src, key);
    if (key.startsWith('prefs.')) (out.prefs as unknown as Record<string, unknown>)[key.slice(6)] = v;
    else (out as unknown as Record<string, unknown>)[key] = Array.isArray(v) ? [...(v as unknown[])] : v;
    times[key] = Math.max(ta, tb);
  }
  out.updatedAt = Math.max(a.updatedAt, b.updatedAt);
  out.fieldTimes = times;
  return out;
}

/**
 * An edit's time for a field: `now`, but always later than the field's
 * previous time, so an edit made on a tablet whose clock is behind still
 * beats the version it was made from.
 */
function stamp(previous: EpochMs | undefined, now: EpochMs): EpochMs {
  return Math.max(now, (previous ?? 0) + 1);
}

export type MemberChanges = Partial<Pick<Member, MemberField>> & { prefs?: Partial<Preferences> };

/**
 * A member edited at `now`: the changed fields (only those whose value
 * really changes) get `now` as their time (or just after their previous
 * time, if the clock is behind it); every other field keeps the time
 * it had, so a later merge does not mistake them for fresh edits.
 */
export function editMember(m: Member, changes: MemberChanges, now: EpochMs): Member {
  const times: Record<string, EpochMs> = {};
  for (const key of MEMBER_FIELD_KEYS) times[key] = fieldTime(m, key);
  const out: Member = { ...m, prefs: { ...m.prefs }, tags: [...m.tags] };
  let changed = false;
  for (const [k, v] of Object.entries(changes)) {
    if (k === 'prefs' || v === undefined) continue;
    if (canonicalJson(m[k as MemberField]) === canonicalJson(v)) continue;
    (out as unknown as Record<string, unknown>)[k] = v;
    times[k] = stamp(times[k], now);
    changed = true;
  }
  for (const [k, v] of Object.entries(changes.prefs ?? {})) {
    if (v === undefined || m.prefs[k as keyof Preferences] === v) continue;
    (out.prefs as unknown as Record<string, unknown>)[k] = v;
    times[`prefs.${k}`] = stamp(times[`prefs.${k}`], now);
    changed = true;
  }
  if (!changed) return m;
  out.updatedAt = Math.max(now, m.updatedAt);
  out.fieldTimes = times;
  return out;
}

// ----------------------------------------------------------- reservations

/** How far a stay has gone. An arrival outranks a no-show or cancellation recorded elsewhere. */
export const STATUS_RANK: Readonly<Record<ReservationStatus, number>> = {
  expected: 0,
  cancelled: 1,
  'no-show': 1,
  'checked-in': 2,
  'checked-out': 3,
};

/** Total order for "which version wins": the first key that differs decides. */
function winsOver(a: { rank: number; time: number; json: string }, b: { rank: number; time: number; json: string }): boolean {
  if (a.rank !== b.rank) return a.rank > b.rank;
  if (a.time !== b.time) return a.time > b.time;
  return compareStrings(a.json, b.json) < 0;
}

export interface Picked<T> {
  winner: T;
  /** The version that lost, or null when both were the same document. */
  loser: T | null;
}

function pick<T extends object>(a: T, b: T, rank: (d: T) => number, time: (d: T) => number): Picked<T> {
  if (sameDocument(a, b)) return { winner: a, loser: null };
  const ka = { rank: rank(a), time: time(a), json: canonicalJson(content(a)) };
  const kb = { rank: rank(b), time: time(b), json: canonicalJson(content(b)) };
  return winsOver(ka, kb) ? { winner: a, loser: b } : { winner: b, loser: a };
}

export function pickReservation(a: Reservation, b: Reservation): Picked<Reservation> {
  return pick(a, b, (r) => STATUS_RANK[r.status], (r) => r.updatedAt);
}

/** Later `updatedAt` (or the given time) wins; ties by canonical JSON. */
export function pickLatest<T extends object>(a: T, b: T, time: (d: T) => number): Picked<T> {
  return pick(a, b, () => 0, time);
}
