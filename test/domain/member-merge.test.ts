import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { balance } from '../../src/domain/ledger';
import { duplicatePairs, keptOf, mergeBalanceLines } from '../../src/domain/member-merge';

describe('member merge (pure)', () => {
  it('moves the whole balance and nothing else: the total over both records is unchanged, the merged one ends at zero', () => {
    fc.assert(fc.property(
      fc.array(fc.integer({ min: -5000, max: 5000 }), { maxLength: 20 }),
      fc.array(fc.integer({ min: -5000, max: 5000 }), { maxLength: 20 }),
      (keepPts, mergePts) => {
        const keep = keepPts.map((points, i) => ({ id: `k${i}`, points }));
        const merge = mergePts.map((points, i) => ({ id: `m${i}`, points }));
        const moves = mergeBalanceLines('K', 'M', merge);
        const on = (id: string) => moves.filter((m) => m.memberId === id).map((m) => m.line);
        expect(balance([...merge, ...on('M')])).toBe(0);
        expect(balance([...keep, ...on('K')])).toBe(balance(keep) + balance(merge));
        expect(moves.every((m) => Number.isInteger(m.line.points) && m.line.points !== 0)).toBe(true);
        // Deterministic: the same state gives the same ids (two tablets merging write each line once).
        expect(mergeBalanceLines('K', 'M', merge).map((m) => m.line.id)).toEqual(moves.map((m) => m.line.id));
      },
    ), { seed: 14, numRuns: 300 });
  });

  it('pairs records sharing an ID number into the oldest, skips merged ones and empty ID numbers, in a stable order', () => {
    const people = [
      { id: 'M3', idNumber: 'X', joinedAt: 30 }, { id: 'M1', idNumber: 'X', joinedAt: 10 }, { id: 'M2', idNumber: 'X', joinedAt: 20 },
      { id: 'M4', idNumber: '', joinedAt: 1 }, { id: 'M5', idNumber: '', joinedAt: 2 }, { id: 'M6', idNumber: 'Y', joinedAt: 5 },
    ];
    expect(duplicatePairs(people, new Set())).toEqual([
      { idNumber: 'X', keepId: 'M1', mergeId: 'M2' }, { idNumber: 'X', keepId: 'M1', mergeId: 'M3' },
    ]);
    expect(duplicatePairs([...people].reverse(), new Set(['M2']))).toEqual([{ idNumber: 'X', keepId: 'M1', mergeId: 'M3' }]);
    expect(keptOf({ id: 'B', idNumber: 'X', joinedAt: 1 }, { id: 'A', idNumber: 'X', joinedAt: 1 }).keep.id).toBe('A');
  });
});
