/**
 * How two versions of one document become one (src/domain/merge.ts):
 * member profiles merged field by field, reservations by status order,
 * immutable facts compared, all independent of the order versions meet.
 *
 * Seeded so a run is reproducible. When a property fails, fast-check prints
 * `{ seed, path }`: replay it with `fc.assert(prop, { seed, path })`.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  MEMBER_FIELD_KEYS, STATUS_RANK, canonicalJson, editMember, fieldTime, immutableOutcome, mergeMember, pickLatest,
  pickReservation, sameDocument, sameFact,
} from '../../src/domain/merge';
import type { MemberChanges, MemberFieldKey } from '../../src/domain/merge';
import { DIETS, FLOOR_PREFS, PILLOWS, RESERVATION_STATUSES, ROOM_TYPES, TIERS } from '../../src/domain/model';
import type { EpochMs, Member, Reservation, ReservationStatus } from '../../src/domain/model';
import { NOW, entry, member, reservation } from '../support/fixtures';

fc.configureGlobal({ seed: 20_261_123, numRuns: 100 });

// ------------------------------------------------------------------ helpers

/** The base record every replica starts from; written at NOW - 1000, no field times yet. */
const BASE: Member = member({
  id: 'M000000001', name: '张伟', nameInitials: 'ZW', cardNo: '770000000001', phone: '13812345678', phoneLast4: '5678',
  tier: 'gold', tags: ['vip'], prefs: { roomType: 'king', floor: 'high', pillow: 'buckwheat', smoking: false, diet: 'none', quiet: true },
});
const T0 = BASE.updatedAt;

const json = canonicalJson;
const merge = mergeMember;

/** `m` with every field time written out (a missing one means `updatedAt`). */
function withAllTimes(m: Member): Member {
  const fieldTimes: Record<string, EpochMs> = {};
  for (const k of MEMBER_FIELD_KEYS) fieldTimes[k] = fieldTime(m, k);
  return { ...m, fieldTimes };
}

/** Everything but the field times and `updatedAt`: what a guest or clerk sees. */
function visible(m: Member): string {
  const rest: Partial<Member> = { ...m };
  delete rest.fieldTimes;
  delete rest.updatedAt;
  return json(rest);
}

function valueAt(m: Member, key: MemberFieldKey): unknown {
  return key.startsWith('prefs.') ? m.prefs[key.slice(6) as keyof Member['prefs']] : m[key as keyof Member];
}

// --------------------------------------------------------------- generators

const phoneArb = fc.stringMatching(/^1[3-9][0-9]{9}$/);

/** One profile edit, as the member-edit form or check-out would make it; phone and its last four move together. */
const changesArb: fc.Arbitrary<MemberChanges> = fc
  .record(
    {
      phone: phoneArb,
      name: fc.constantFrom('张伟', '张薇', '章伟', '李娜'),
      tags: fc.subarray(['vip', 'quiet-room', 'late-arrival', 'corporate', 'complained']),
      tier: fc.constantFrom(...TIERS),
      stays12m: fc.integer({ min: 0, max: 40 }),
      nights12m: fc.integer({ min: 0, max: 80 }),
      corporate: fc.constantFrom('', 'ACME', 'Huawei'),
      cardLost: fc.boolean(),
      lastStayDate: fc.constantFrom('', '2026-10-01', '2026-11-20'),
      prefs: fc.record(
        {
          pillow: fc.constantFrom(...PILLOWS),
          floor: fc.constantFrom(...FLOOR_PREFS),
          roomType: fc.constantFrom('any' as const, ...ROOM_TYPES),
          smoking: fc.boolean(),
          diet: fc.constantFrom(...DIETS),
          quiet: fc.boolean(),
        },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: [] },
  )
  .map((c) => (c.phone === undefined ? c : { ...c, phoneLast4: c.phone.slice(-4) }));

/**
 * Edit times: a narrow window around the base's time, so equal times (ties)
 * and edits "before" the base (a tablet clock behind) both happen often.
 */
const timeArb = fc.integer({ min: T0 - 5, max: T0 + 20 });
const editArb = fc.tuple(changesArb, timeArb);
const editsArb = fc.array(editArb, { maxLength: 5 });

function applyEdits(m: Member, edits: readonly (readonly [MemberChanges, EpochMs])[]): Member {
  return edits.reduce((acc, [c, t]) => editMember(acc, c, t), m);
}

/** A replica of BASE after some offline edits. */
const replicaArb = editsArb.map((es) => applyEdits(BASE, es));

/**
 * Three replicas; the third sometimes works on top of a merge of the first
 * two (a tablet that synced once, then went offline again).
 */
const threeReplicasArb = fc
  .tuple(replicaArb, replicaArb, editsArb, fc.boolean())
  .map(([a, b, es, afterSync]) => [a, b, applyEdits(afterSync ? merge(a, b) : BASE, es)] as const);

// ------------------------------------------------------------ member merge

describe('mergeMember: a join of replicas', () => {
  it('is commutative', () => {
    fc.assert(fc.property(replicaArb, replicaArb, (a, b) => {
      expect(json(merge(a, b))).toBe(json(merge(b, a)));
    }));
  });

  it('is associative', () => {
    fc.assert(fc.property(threeReplicasArb, ([a, b, c]) => {
      expect(json(merge(merge(a, b), c))).toBe(json(merge(a, merge(b, c))));
    }));
  });

  it('is idempotent, and absorbs what it already contains', () => {
    fc.assert(fc.property(replicaArb, replicaArb, (a, b) => {
      const m = merge(a, b);
      expect(json(merge(m, m))).toBe(json(m));
      expect(json(merge(m, a))).toBe(json(m));
      expect(json(merge(b, m))).toBe(json(m));
      // A version merged with itself keeps every value (only its times get written out).
      expect(visible(merge(a, a))).toBe(visible(a));
      expect(merge(a, a).updatedAt).toBe(a.updatedAt);
    }));
  });

  it('three replicas merged in any order give the same document', () => {
    fc.assert(fc.property(threeReplicasArb, ([a, b, c]) => {
      const orders: [Member, Member, Member][] = [[a, b, c], [a, c, b], [b, a, c], [b, c, a], [c, a, b], [c, b, a]];
      const results = new Set<string>();
      for (const [x, y, z] of orders) {
        results.add(json(merge(merge(x, y), z)));
        results.add(json(merge(x, merge(y, z))));
      }
      expect([...results]).toHaveLength(1);
    }));
  });

  it('takes every field from one of the versions, and phoneLast4 always matches the merged phone', () => {
    fc.assert(fc.property(threeReplicasArb, ([a, b, c]) => {
      const m = merge(merge(a, b), c);
      expect(m.phoneLast4).toBe(m.phone.slice(-4));
      for (const k of MEMBER_FIELD_KEYS) {
        expect([a, b, c].map((r) => json(valueAt(r, k)))).toContain(json(valueAt(m, k)));
      }
      expect(m.id).toBe(BASE.id);
    }));
  });

  it("a result's field times are the per-field maximum (phoneLast4 carries the phone's), updatedAt the maximum", () => {
    fc.assert(fc.property(replicaArb, replicaArb, (a, b) => {
      const m = merge(a, b);
      for (const k of MEMBER_FIELD_KEYS) {
        const lead = k === 'phoneLast4' ? 'phone' : k;
        expect(m.fieldTimes?.[k]).toBe(Math.max(fieldTime(a, lead), fieldTime(b, lead)));
      }
      expect(Object.keys(m.fieldTimes ?? {}).sort()).toEqual([...MEMBER_FIELD_KEYS].sort());
      expect(m.updatedAt).toBe(Math.max(a.updatedAt, b.updatedAt));
    }));
  });

  it('each field holds the value with the latest time among the versions', () => {
    fc.assert(fc.property(threeReplicasArb, ([a, b, c]) => {
      const m = merge(merge(a, b), c);
      for (const k of MEMBER_FIELD_KEYS) {
        const lead = k === 'phoneLast4' ? 'phone' : k;
        const latest = Math.max(...[a, b, c].map((r) => fieldTime(r, lead)));
        const candidates = [a, b, c].filter((r) => fieldTime(r, lead) === latest).map((r) => json(valueAt(r, k)));
        expect(candidates).toContain(json(valueAt(m, k)));
      }
    }));
  });

  it('does not change its arguments', () => {
    fc.assert(fc.property(replicaArb, replicaArb, (a, b) => {
      const before = [json(a), json(b)];
      const m = merge(a, b);
      m.tags.push('mutated');
      m.prefs.pillow = 'firm';
      expect([json(a), json(b)]).toEqual(before);
    }));
  });
});

describe('mergeMember: the offline-edit scenarios', () => {
  const after = fc.integer({ min: T0 + 1, max: T0 + 10_000 });

  it('tablet A edits the phone, tablet B the pillow: both survive, whatever the times and merge order', () => {
    fc.assert(fc.property(after, after, phoneArb, (t1, t2, phone) => {
      fc.pre(phone !== BASE.phone);
      const a = editMember(BASE, { phone, phoneLast4: phone.slice(-4) }, t1);
      const b = editMember(BASE, { prefs: { pillow: 'soft' } }, t2);
      for (const m of [merge(a, b), merge(b, a)]) {
        expect(m.phone).toBe(phone);
        expect(m.phoneLast4).toBe(phone.slice(-4));
        expect(m.prefs.pillow).toBe('soft');
        expect(m.prefs).toEqual({ ...BASE.prefs, pillow: 'soft' });
        expect(m.name).toBe(BASE.name);
        expect(m.updatedAt).toBe(Math.max(t1, t2));
      }
      expect(json(merge(a, b))).toBe(json(merge(b, a)));
    }));
  });

  it('the example: phone at 10:00 on A, pillow at 10:05 on B, then each syncs', () => {
    const a = editMember(BASE, { phone: '13987654321', phoneLast4: '4321' }, NOW);
    const b = editMember(BASE, { prefs: { pillow: 'soft' } }, NOW + 5 * 60_000);
    const m = merge(a, b);
    expect(m).toMatchObject({ phone: '13987654321', phoneLast4: '4321', prefs: { pillow: 'soft', floor: 'high' }, updatedAt: NOW + 5 * 60_000 });
    expect(m.fieldTimes).toMatchObject({ phone: NOW, phoneLast4: NOW, 'prefs.pillow': NOW + 5 * 60_000, name: T0 });
  });

  it('the same field edited on both tablets: the later edit wins, in either merge order', () => {
    fc.assert(fc.property(after, after, phoneArb, phoneArb, (t1, t2, p1, p2) => {
      fc.pre(t1 !== t2 && p1 !== BASE.phone && p2 !== BASE.phone);
      const a = editMember(BASE, { phone: p1, phoneLast4: p1.slice(-4), prefs: { pillow: 'soft' } }, t1);
      const b = editMember(BASE, { phone: p2, phoneLast4: p2.slice(-4), prefs: { pillow: 'firm' } }, t2);
      const later = t1 > t2 ? { phone: p1, pillow: 'soft' } : { phone: p2, pillow: 'firm' };
      for (const m of [merge(a, b), merge(b, a)]) {
        expect(m.phone).toBe(later.phone);
        expect(m.phoneLast4).toBe(later.phone.slice(-4));
        expect(m.prefs.pillow).toBe(later.pillow);
      }
    }));
  });

  it('the same field edited at the same moment: both orders agree on one of the two values', () => {
    fc.assert(fc.property(after, phoneArb, phoneArb, (t, p1, p2) => {
      const a = editMember(BASE, { phone: p1, phoneLast4: p1.slice(-4) }, t);
      const b = editMember(BASE, { phone: p2, phoneLast4: p2.slice(-4) }, t);
      const ab = merge(a, b);
      expect(json(ab)).toBe(json(merge(b, a)));
      expect([p1, p2]).toContain(ab.phone);
      expect(ab.phoneLast4).toBe(ab.phone.slice(-4));
    }));
  });

  it('a phone change that keeps the last four digits still carries them with the phone', () => {
    // A: 138 1234 5678 -> 139 1234 5678 (same last four, so phoneLast4 keeps its old time);
    // B, earlier: -> 137 0000 1111. The later phone wins, and so do its last four.
    const a = editMember(BASE, { phone: '13912345678', phoneLast4: '5678' }, NOW + 10);
    const b = editMember(BASE, { phone: '13700001111', phoneLast4: '1111' }, NOW + 5);
    expect(a.fieldTimes?.phoneLast4).toBe(T0);
    for (const m of [merge(a, b), merge(b, a)]) {
      expect(m.phone).toBe('13912345678');
      expect(m.phoneLast4).toBe('5678');
    }
  });
});

// ------------------------------------------------------------- editMember

describe('editMember', () => {
  it('returns the very same object when nothing really changes', () => {
    fc.assert(fc.property(replicaArb, timeArb, (m, t) => {
      const same: MemberChanges = {
        phone: m.phone, name: m.name, tags: [...m.tags], tier: m.tier, stays12m: m.stays12m,
        prefs: { pillow: m.prefs.pillow, floor: m.prefs.floor },
      };
      expect(editMember(m, same, t)).toBe(m);
      expect(editMember(m, {}, t)).toBe(m);
      expect(editMember(m, { prefs: {} }, t)).toBe(m);
    }));
  });

  it('stamps exactly the changed fields with now and keeps every other field time', () => {
    fc.assert(fc.property(replicaArb, changesArb, timeArb, (m, c, t) => {
      const out = editMember(m, c, t);
      for (const k of MEMBER_FIELD_KEYS) {
        const changed = json(valueAt(out, k)) !== json(valueAt(m, k));
        if (!changed) expect(fieldTime(out, k)).toBe(fieldTime(m, k));
        else if (t > fieldTime(m, k)) expect(fieldTime(out, k)).toBe(t);
        else expect(fieldTime(out, k)).toBeGreaterThanOrEqual(t); // clock behind: see the failing cases below
      }
      expect(out.updatedAt).toBe(out === m ? m.updatedAt : Math.max(t, m.updatedAt));
      expect(out.id).toBe(m.id);
    }));
  });

  it('does not change its argument', () => {
    fc.assert(fc.property(replicaArb, changesArb, timeArb, (m, c, t) => {
      const before = json(m);
      editMember(m, c, t);
      expect(json(m)).toBe(before);
    }));
  });

  it('with a clock that is not behind: field times only go up and the edit survives any merge with older versions', () => {
    fc.assert(fc.property(replicaArb, changesArb, (m, c) => {
      const t = Math.max(...MEMBER_FIELD_KEYS.map((k) => fieldTime(m, k))) + 1;
      const out = editMember(m, c, t);
      for (const k of MEMBER_FIELD_KEYS) expect(fieldTime(out, k)).toBeGreaterThanOrEqual(fieldTime(m, k));
      expect(visible(merge(out, m))).toBe(visible(out));
      expect(visible(merge(m, out))).toBe(visible(out));
    }));
  });

  // A tablet whose clock is behind the one that wrote the record: its edit
  // must still beat the version it was made from (this once failed: the
  // field's time went down and the merge undid the edit).
  it('never lowers a field time, even with the clock behind the record', () => {
    fc.assert(fc.property(replicaArb, changesArb, timeArb, (m, c, t) => {
      const out = editMember(m, c, t);
      for (const k of MEMBER_FIELD_KEYS) expect(fieldTime(out, k)).toBeGreaterThanOrEqual(fieldTime(m, k));
    }));
  });

  it('an edit survives a merge with the version it was made from, whatever the clock', () => {
    fc.assert(fc.property(replicaArb, changesArb, timeArb, (m, c, t) => {
      const out = editMember(m, c, t);
      expect(visible(merge(m, out))).toBe(visible(out));
    }));
  });

  it('the clock-behind case concretely: the phone edited at T0 - 1 survives', () => {
    // The record was written at T0 (no field times). A tablet whose clock
    // reads T0 - 1 changes the phone, then meets the record it edited.
    const edited = editMember(BASE, { phone: '13987654321', phoneLast4: '4321' }, T0 - 1);
    expect(edited.fieldTimes?.phone).toBeGreaterThanOrEqual(T0);
    expect(merge(BASE, edited).phone).toBe('13987654321');
  });
});

// ------------------------------------------------------------ field times

describe('a member without fieldTimes', () => {
  it('merges as if every field had been set at updatedAt', () => {
    fc.assert(fc.property(replicaArb, fc.integer({ min: T0 - 10, max: T0 + 10 }), (other, u) => {
      const bare: Member = { ...BASE, updatedAt: u, name: '张薇', prefs: { ...BASE.prefs, pillow: 'firm' } };
      const explicit = withAllTimes(bare);
      expect(bare.fieldTimes).toBeUndefined();
      expect(json(merge(bare, other))).toBe(json(merge(explicit, other)));
      expect(json(merge(other, bare))).toBe(json(merge(other, explicit)));
    }));
  });

  it('edits as if every field had been set at updatedAt', () => {
    fc.assert(fc.property(changesArb, timeArb, (c, t) => {
      const explicit = withAllTimes(BASE);
      const a = editMember(BASE, c, t);
      const b = editMember(explicit, c, t);
      expect(json(a === BASE ? explicit : a)).toBe(json(b));
    }));
  });

  it('partial fieldTimes: a missing key falls back to updatedAt', () => {
    const m: Member = { ...BASE, fieldTimes: { phone: T0 + 50 } };
    expect(fieldTime(m, 'phone')).toBe(T0 + 50);
    expect(fieldTime(m, 'prefs.pillow')).toBe(T0);
    const other = editMember(BASE, { prefs: { pillow: 'soft' } }, T0 + 1);
    const merged = merge(m, other);
    expect(merged.prefs.pillow).toBe('soft');
    expect(merged.fieldTimes).toMatchObject({ phone: T0 + 50, 'prefs.pillow': T0 + 1, name: T0 });
  });
});

// ----------------------------------------------------------- reservations

const statusArb = fc.constantFrom(...RESERVATION_STATUSES);
const reservationArb: fc.Arbitrary<Reservation> = fc
  .record({
    status: statusArb,
    updatedAt: fc.integer({ min: NOW - 3, max: NOW + 3 }),
    roomNo: fc.constantFrom('', '301', '308'),
    note: fc.constantFrom('', 'late', '晚到'),
  })
  .map((over) => reservation({ id: 'R-1', guestName: '张伟', ...over }));

const rank = (s: ReservationStatus): number => STATUS_RANK[s];

describe('pickReservation', () => {
  it('ranks statuses: checked-out > checked-in > no-show = cancelled > expected', () => {
    expect(rank('checked-out')).toBeGreaterThan(rank('checked-in'));
    expect(rank('checked-in')).toBeGreaterThan(rank('no-show'));
    expect(rank('checked-in')).toBeGreaterThan(rank('cancelled'));
    expect(rank('no-show')).toBe(rank('cancelled'));
    expect(rank('cancelled')).toBeGreaterThan(rank('expected'));
  });

  it('the furthest status wins in either argument order, even against a later update', () => {
    const pairs: [ReservationStatus, ReservationStatus][] = [
      ['checked-out', 'checked-in'], ['checked-in', 'expected'], ['checked-out', 'expected'],
      ['checked-in', 'no-show'], ['checked-in', 'cancelled'], ['no-show', 'expected'], ['cancelled', 'expected'],
    ];
    for (const [hi, lo] of pairs) {
      const h = reservation({ id: 'R-1', guestName: '张伟', status: hi, updatedAt: NOW });
      const l = reservation({ id: 'R-1', guestName: '张伟', status: lo, updatedAt: NOW + 60_000 });
      expect(pickReservation(h, l)).toEqual({ winner: h, loser: l });
      expect(pickReservation(l, h)).toEqual({ winner: h, loser: l });
      expect(pickReservation(l, h).winner).toBe(h);
    }
  });

  it('higher rank wins; same rank, later updatedAt; the loser is the other version', () => {
    fc.assert(fc.property(reservationArb, reservationArb, (a, b) => {
      fc.pre(!sameDocument(a, b));
      for (const [x, y] of [[a, b], [b, a]] as const) {
        const { winner, loser } = pickReservation(x, y);
        expect([x, y]).toContain(winner);
        expect(loser).toBe(winner === x ? y : x);
        if (rank(x.status) !== rank(y.status)) expect(rank(winner.status)).toBe(Math.max(rank(x.status), rank(y.status)));
        else if (x.updatedAt !== y.updatedAt) expect(winner.updatedAt).toBe(Math.max(x.updatedAt, y.updatedAt));
      }
    }));
  });

  it('the winner does not depend on argument order', () => {
    fc.assert(fc.property(reservationArb, reservationArb, (a, b) => {
      const ab = pickReservation(a, b);
      const ba = pickReservation(b, a);
      expect(json(ab.winner)).toBe(json(ba.winner));
      expect(json(ab.loser)).toBe(json(ba.loser));
      if (!sameDocument(a, b)) expect(ab.winner).toBe(ba.winner);
    }));
  });

  it('picking is a total order: the winner of three does not depend on pairing', () => {
    fc.assert(fc.property(reservationArb, reservationArb, reservationArb, (a, b, c) => {
      const w = (x: Reservation, y: Reservation) => pickReservation(x, y).winner;
      expect(json(w(w(a, b), c))).toBe(json(w(a, w(b, c))));
      expect(json(w(w(a, b), c))).toBe(json(w(w(c, a), b)));
    }));
  });

  it('no loser when both are the same document, bookkeeping fields aside', () => {
    fc.assert(fc.property(reservationArb, (r) => {
      const copy = { ...JSON.parse(JSON.stringify(r)) as Reservation, _rev: '2-abc', _meta: { lwt: 1 } };
      expect(pickReservation(r, copy).loser).toBeNull();
      expect(pickReservation(r, r)).toEqual({ winner: r, loser: null });
    }));
  });
});

describe('pickLatest', () => {
  it('the later time wins in either order; equal times are settled the same way in both orders', () => {
    fc.assert(fc.property(reservationArb, reservationArb, (a, b) => {
      fc.pre(!sameDocument(a, b));
      const ab = pickLatest(a, b, (r) => r.updatedAt);
      const ba = pickLatest(b, a, (r) => r.updatedAt);
      expect(ab.winner).toBe(ba.winner);
      expect(ab.loser).toBe(ab.winner === a ? b : a);
      if (a.updatedAt !== b.updatedAt) expect(ab.winner.updatedAt).toBe(Math.max(a.updatedAt, b.updatedAt));
    }));
  });
});

// --------------------------------------------------------- immutable facts

describe('immutableOutcome, sameDocument, sameFact', () => {
  const line = entry({
    id: 'R-ZHANG:stay', memberId: 'M000000001', points: 199, kind: 'earn', rule: 'stay',
    params: { rateFen: 19_900, nights: 1 }, createdAt: NOW, deviceId: 'tab-A', staffId: 's1',
  });

  it('identical: the same document, in any key order, with any bookkeeping', () => {
    const reordered = Object.fromEntries(Object.entries(line).reverse());
    expect(immutableOutcome(line, reordered)).toBe('identical');
    expect(immutableOutcome(line, { ...line, _rev: '3-x', _meta: { lwt: 5 } })).toBe('identical');
    expect(sameDocument({ ...line, _rev: '1-a' }, { ...line, _rev: '2-b', _meta: { lwt: 1 } })).toBe(true);
    expect(immutableOutcome(line, { ...line, params: { nights: 1, rateFen: 19_900 } })).toBe('identical');
  });

  it('same-fact: only who and when recorded it differ', () => {
    expect(immutableOutcome(line, { ...line, createdAt: NOW + 1 })).toBe('same-fact');
    expect(immutableOutcome(line, { ...line, deviceId: 'tab-B' })).toBe('same-fact');
    expect(immutableOutcome(line, { ...line, staffId: 's2', deviceId: 'tab-B', createdAt: NOW - 9, _rev: '9-z' })).toBe('same-fact');
    expect(sameDocument(line, { ...line, deviceId: 'tab-B' })).toBe(false);
  });

  it('contradiction: the content differs', () => {
    expect(immutableOutcome(line, { ...line, points: 200 })).toBe('contradiction');
    expect(immutableOutcome(line, { ...line, rule: 'stay.bonus' })).toBe('contradiction');
    expect(immutableOutcome(line, { ...line, params: { rateFen: 19_900, nights: 2 } })).toBe('contradiction');
    expect(immutableOutcome(line, { ...line, points: 200, deviceId: 'tab-B' })).toBe('contradiction');
    const missingField: Partial<typeof line> = { ...line };
    delete missingField.reservationId;
    expect(immutableOutcome(line, missingField)).toBe('contradiction');
  });

  it('property: provenance changes give same-fact, any content change a contradiction', () => {
    const provenance = fc.record({ createdAt: fc.integer(), deviceId: fc.string(), staffId: fc.string() }, { requiredKeys: [] });
    const contentChange = fc.oneof(
      fc.integer().filter((p) => p !== line.points).map((points) => ({ points })),
      fc.string().filter((r) => r !== line.rule).map((rule) => ({ rule })),
      fc.constantFrom('redeem' as const, 'adjust' as const, 'penalty' as const).map((kind) => ({ kind })),
      fc.string().filter((m) => m !== line.memberId).map((memberId) => ({ memberId })),
    );
    fc.assert(fc.property(provenance, contentChange, (p, c) => {
      const other = { ...line, ...p };
      expect(sameFact(line, other)).toBe(true);
      expect(immutableOutcome(line, other)).toBe(sameDocument(line, other) ? 'identical' : 'same-fact');
      expect(immutableOutcome(line, { ...other, ...c })).toBe('contradiction');
      expect(immutableOutcome({ ...other, ...c }, line)).toBe('contradiction');
    }));
  });
});

describe('canonicalJson', () => {
  /** The same value with every object's keys in reverse (or rotated) order. */
  function reorder(v: unknown, rotate: number): unknown {
    if (Array.isArray(v)) return v.map((x) => reorder(x, rotate));
    if (v !== null && typeof v === 'object') {
      const es = Object.entries(v).map(([k, x]) => [k, reorder(x, rotate)] as const).reverse();
      const r = es.length === 0 ? 0 : rotate % es.length;
      return Object.fromEntries([...es.slice(r), ...es.slice(0, r)]);
    }
    return v;
  }

  it('does not depend on key order', () => {
    fc.assert(fc.property(fc.jsonValue(), fc.nat(10), (v, rot) => {
      expect(canonicalJson(reorder(v, rot))).toBe(canonicalJson(v));
    }));
  });

  it('is JSON that reads back to an equal value', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => {
      const s = canonicalJson(v);
      expect(canonicalJson(JSON.parse(s))).toBe(s);
      expect(JSON.parse(s)).toEqual(JSON.parse(JSON.stringify(v)));
    }));
  });

  it('tells different documents apart and sorts keys', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
    expect(canonicalJson({ a: 1, b: undefined })).toBe(canonicalJson({ a: 1 }));
    expect(canonicalJson({ a: '1' })).not.toBe(canonicalJson({ a: 1 }));
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
  });
});
