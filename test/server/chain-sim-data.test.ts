/**
 * The simulated chain's data (server/chain-sim/data.ts): each branch has
 * members of its own, the previous branch's travellers under the same ids
 * and history, and one of today's arrivals is a traveller.
 */
import { describe, expect, test } from 'vitest';
import { simChain } from '../../server/chain-sim/data';

const opts = { members: 20, travellers: 2, businessDate: '2026-12-07', now: Date.UTC(2026, 11, 7, 2, 0, 0) };

describe('the simulated chain', () => {
  test('branches share exactly the travellers, with the same history lines', () => {
    const chain = simChain(4, opts);
    for (const b of chain) {
      const prev = chain[(b.index + 3) % 4]!;
      const own = b.data.members.filter((m) => !b.travellers.includes(m.id)).map((m) => m.id);
      expect(own).toHaveLength(20);
      // Of its own members, only the first two are held elsewhere: by the next branch, as its travellers.
      const next = chain[(b.index + 1) % 4]!;
      for (const other of chain.filter((o) => o !== b)) {
        expect(other.data.members.filter((m) => own.includes(m.id)).map((m) => m.id)).toEqual(other === next ? own.slice(0, 2) : []);
      }
      expect(b.travellers).toEqual(prev.data.members.slice(0, 2).map((m) => m.id));
      const lines = (data: typeof b.data, ids: string[]) => data.ledger.filter((l) => ids.includes(l.memberId)).map((l) => JSON.stringify(l)).sort();
      expect(lines(b.data, b.travellers)).toEqual(lines(prev.data, b.travellers));
      const arrival = b.data.reservations.find((r) => r.id === b.travellerArrival);
      expect(arrival?.memberId).toBe(b.travellers[0]);
      expect(arrival?.arrivalDate).toBe(opts.businessDate);
      expect(new Set(b.data.ledger.map((l) => l.id)).size).toBe(b.data.ledger.length);
    }
  });

  test('the same options give the same chain', () => {
    expect(JSON.stringify(simChain(3, opts))).toBe(JSON.stringify(simChain(3, opts)));
  });

  test('the day\'s writes follow from the clock the data is made at: the arrivals still expected then', () => {
    // What a tablet checks in (server/chain-sim/tablet.ts): the expected reservations of members, the traveller's
    // included; it also redeems for the traveller and for 4 members, so a branch writes this + 5 lines (100 members, as the sim).
    const expected = (shanghai: string) => {
      const now = Date.parse(shanghai);
      const chain = simChain(3, { ...opts, members: 100, businessDate: shanghai.slice(0, 10), now });
      return chain.map((b) => b.data.reservations.filter((r) => r.status === 'expected' && r.memberId !== '').length);
    };
    // The issue #14 runs: 12:34 UTC (13 arrivals, 18 writes) and 15:10 UTC (8 arrivals, 13 writes).
    expect(expected('2026-12-07T20:34:00+08:00')).toEqual([13, 13, 13]);
    expect(expected('2026-12-07T23:10:00+08:00')).toEqual([8, 8, 8]);
    // After midnight in Shanghai a new business date: none of its arrivals has come yet.
    expect(expected('2026-12-08T01:56:00+08:00')).toEqual([36, 36, 36]);
  });
});
