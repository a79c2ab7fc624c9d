import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { balance } from '../../src/domain/ledger';
import { newestFirst, withRunningBalance } from '../../src/domain/ledger-history';

fc.configureGlobal({ seed: 7_077_777, numRuns: 300 });

const line = fc.record({
  id: fc.stringMatching(/^L[0-9]{1,3}$/),
  points: fc.integer({ min: -5000, max: 5000 }),
  createdAt: fc.integer({ min: 0, max: 1_000 }),
});

describe('ledger history with a running balance', () => {
  it('ends at the balance the profile shows, whatever order the lines arrive in', () => {
    fc.assert(fc.property(fc.array(line, { maxLength: 60 }), (lines) => {
      const history = withRunningBalance(lines);
      const last = history.at(-1)?.balanceAfter ?? 0;
      expect(last).toBe(balance(lines));
      expect(withRunningBalance([...lines].reverse()).map((l) => l.balanceAfter)).toEqual(history.map((l) => l.balanceAfter));
    }));
  });

  it('each line moves the balance by exactly its points, oldest first', () => {
    fc.assert(fc.property(fc.array(line, { maxLength: 60 }), (lines) => {
      const history = withRunningBalance(lines);
      history.forEach((l, i) => {
        expect(l.balanceAfter - (i === 0 ? 0 : history[i - 1]!.balanceAfter)).toBe(l.points);
        if (i > 0) expect(l.createdAt).toBeGreaterThanOrEqual(history[i - 1]!.createdAt);
      });
    }));
  });

  it('shows the newest lines first, and growing the count only adds older lines below', () => {
    fc.assert(fc.property(fc.array(fc.integer(), { maxLength: 100 }), fc.integer({ min: 0, max: 120 }), (xs, count) => {
      const shown = newestFirst(xs, count);
      expect(shown).toEqual([...xs].reverse().slice(0, count));
      expect(newestFirst(xs, count + 20).slice(0, shown.length)).toEqual(shown);
    }));
  });
});
