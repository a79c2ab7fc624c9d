/**
 * Room status as two facts (src/domain/room-status.ts): the status each
 * combination derives, the reports a clerk can make, and the merge of two
 * tablets' versions — commutative, associative, idempotent, and losing
 * neither the newest housekeeping report nor the newest occupancy change.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  applyReport, checkReport, deriveStatus, factsOf, mergeRoom, normaliseRoom, occupy, vacate, type HousekeepingReport,
} from '../../src/domain/room-status';
import type { Room } from '../../src/domain/model';
import { canonicalJson } from '../../src/domain/merge';
import { NOW, room } from '../support/fixtures';

fc.configureGlobal({ seed: 20_261_207, numRuns: 200 });

const base = normaliseRoom(room('305', { status: 'vacant-dirty', updatedAt: NOW - 10_000 }));

describe('derived status', () => {
  it('reads a v0 document from its status and writes the facts out unchanged in meaning', () => {
    for (const status of ['vacant-clean', 'vacant-dirty', 'occupied', 'out-of-order'] as const) {
      const v0 = room('305', { status, reservationId: status === 'occupied' ? 'R1' : '' });
      expect(deriveStatus(factsOf(v0))).toBe(status);
      expect(normaliseRoom(v0).status).toBe(status);
    }
  });

  it('check-out leaves the room dirty even if it was reported clean while occupied; a later clean report returns it to sale', () => {
    const clean = applyReport(base, { kind: 'clean' }, 'S1', NOW);
    expect(clean.status).toBe('vacant-clean');
    const inUse = occupy(clean, 'R1', NOW + 1000);
    expect(inUse.status).toBe('occupied');
    const left = vacate(inUse, NOW + 2000);
    expect(left).toMatchObject({ status: 'vacant-dirty', reservationId: '', hk: 'clean' });
    expect(applyReport(left, { kind: 'clean' }, 'S1', NOW + 3000).status).toBe('vacant-clean');
  });

  it('refuses a report on an occupied room, an out-of-order without a reason or with a too long one, and a no-op', () => {
    const inUse = occupy(base, 'R1', NOW);
    expect(checkReport(inUse, { kind: 'clean' })).toBe('occupied');
    expect(checkReport(base, { kind: 'out-of-order', reason: '   ' })).toBe('reasonRequired');
    expect(checkReport(base, { kind: 'out-of-order', reason: '漏'.repeat(101) })).toBe('reasonTooLong');
    expect(checkReport(base, { kind: 'dirty' })).toBe('unchanged');
    expect(checkReport(base, { kind: 'out-of-order', reason: '空调漏水' })).toBeNull();
    const ooo = applyReport(base, { kind: 'out-of-order', reason: ' 空调漏水 ' }, 'S1', NOW);
    expect(ooo).toMatchObject({ status: 'out-of-order', hkReason: '空调漏水', hkStaffId: 'S1' });
    expect(checkReport(ooo, { kind: 'clean' })).toBeNull();
  });

  it('an edit made on a tablet whose clock is behind still wins over the version it was made from', () => {
    const late = applyReport(base, { kind: 'clean' }, 'S1', NOW + 60_000);
    const behind = applyReport(late, { kind: 'out-of-order', reason: '门锁坏' }, 'S2', NOW);
    expect(mergeRoom(late, behind).merged.status).toBe('out-of-order');
  });
});

describe('two tablets, one room', () => {
  it('tablet A checks the guest out while tablet B (offline, earlier) reported the room out of order: both facts survive', () => {
    const inUse = occupy(base, 'R1', NOW);
    const a = vacate(inUse, NOW + 3000);
    const b = applyReport(inUse, { kind: 'out-of-order', reason: '卫生间漏水' }, 'S2', NOW + 2000);
    for (const { merged, lost } of [mergeRoom(a, b), mergeRoom(b, a)]) {
      expect(merged).toMatchObject({ status: 'out-of-order', reservationId: '', hkReason: '卫生间漏水' });
      expect(lost).toBeNull();
    }
  });

  it('a clean report and a later check-in on the other tablet: occupied, then dirty after check-out', () => {
    const a = applyReport(base, { kind: 'clean' }, 'S1', NOW);
    const b = occupy(normaliseRoom({ ...base, status: 'vacant-clean', hk: 'clean', hkAt: NOW - 1 }), 'R9', NOW + 1000);
    const { merged } = mergeRoom(a, b);
    expect(merged.status).toBe('occupied');
    expect(vacate(merged, NOW + 5000).status).toBe('vacant-dirty');
  });

  it('two stays put in one room offline: the later stays, the other goes to the conflict log', () => {
    const clean = applyReport(base, { kind: 'clean' }, 'S1', NOW);
    const a = occupy(clean, 'R1', NOW + 1000);
    const b = occupy(clean, 'R2', NOW + 2000);
    const { merged, lost } = mergeRoom(a, b);
    expect(merged.reservationId).toBe('R2');
    expect(lost?.reservationId).toBe('R1');
  });

  const step = fc.oneof(
    fc.record({ op: fc.constant('report' as const), report: fc.constantFrom<HousekeepingReport>({ kind: 'clean' }, { kind: 'dirty' }, { kind: 'out-of-order', reason: '维修' }), dt: fc.integer({ min: -5000, max: 5000 }) }),
    fc.record({ op: fc.constant('occupy' as const), res: fc.constantFrom('R1', 'R2'), dt: fc.integer({ min: -5000, max: 5000 }) }),
    fc.record({ op: fc.constant('vacate' as const), dt: fc.integer({ min: -5000, max: 5000 }) }),
  );
  const version = fc.array(step, { maxLength: 5 }).map((steps) => steps.reduce<Room>((r, s) => {
    const t = NOW + s.dt;
    if (s.op === 'report') return applyReport(r, s.report, 'S', t);
    if (s.op === 'occupy') return occupy(r, s.res, t);
    return vacate(r, t);
  }, base));

  it('merges commutatively, associatively and idempotently, with the status always derived from the facts', () => {
    fc.assert(fc.property(version, version, version, (a, b, c) => {
      const m = (x: Room, y: Room) => mergeRoom(x, y).merged;
      expect(canonicalJson(m(a, b))).toBe(canonicalJson(m(b, a)));
      expect(canonicalJson(m(m(a, b), c))).toBe(canonicalJson(m(a, m(b, c))));
      expect(canonicalJson(m(m(a, b), b))).toBe(canonicalJson(m(a, b)));
      const ab = m(a, b);
      expect(ab.status).toBe(deriveStatus(factsOf(ab)));
      // Neither tablet's newest report nor newest occupancy change is lost.
      expect(ab.hkAt).toBe(Math.max(a.hkAt ?? 0, b.hkAt ?? 0));
      expect(ab.occupancyAt).toBe(Math.max(a.occupancyAt ?? 0, b.occupancyAt ?? 0));
    }));
  });
});
