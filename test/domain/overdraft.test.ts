/**
 * Overdrafts after sync and the manager's compensating lines
 * (src/domain/overdraft.ts): a write-off leaves exactly 0, a reversal gives
 * back exactly the reversed redemption, the same answer on two tablets is
 * one ledger line, and the originals are never touched.
 *
 * Seeded so a run is reproducible. When a property fails, fast-check prints
 * `{ seed, path }`: replay it with `fc.assert(prop, { seed, path })`.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { balance, uniqueById } from '../../src/domain/ledger';
import { ledgerEntryOf } from '../../src/domain/ledger';
import type { EpochMs, LedgerEntry, LedgerKind } from '../../src/domain/model';
import { compensatingEntry, findOverdrafts, overdraftOf } from '../../src/domain/overdraft';
import { DEFAULT_RULES as R } from '../../src/domain/rules';
import { NOW, entry } from '../support/fixtures';

fc.configureGlobal({ seed: 20_261_123, numRuns: 300 });

const HOUR = 3_600_000;
const M = 'M000000001';

function line(id: string, kind: LedgerKind, points: number, createdAt: EpochMs, deviceId = 'tab-A'): LedgerEntry {
  const rule = kind === 'redeem' ? 'redeem.milk' : kind === 'penalty' ? 'no-show' : 'stay';
  return entry({ id, memberId: M, kind, rule, points, createdAt, deviceId, params: { points } });
}

/** A member's ledger: earnings, redemptions from two tablets and penalties, some lines duplicated (posted twice). */
const ledger: fc.Arbitrary<LedgerEntry[]> = fc
  .array(
    fc.record({
      kind: fc.constantFrom<LedgerKind>('earn', 'redeem', 'redeem', 'penalty'),
      amount: fc.integer({ min: 1, max: 3000 }),
      at: fc.integer({ min: 0, max: 72 }),
      device: fc.constantFrom('tab-A', 'tab-B'),
    }),
    { minLength: 1, maxLength: 25 },
  )
  .chain((specs) => {
    const lines = specs.map((s, i) => line(`L${i}`, s.kind, s.kind === 'earn' ? s.amount : -s.amount, NOW + s.at * HOUR, s.device));
    return fc.tuple(fc.constant(lines), fc.subarray(lines)).map(([all, dups]) => [...all, ...dups]);
  });

const overdrawn = ledger.filter((xs) => balance(xs) < 0);

/** The ledger document a tablet would write for a compensating line. */
function posted(c: ReturnType<typeof compensatingEntry>, createdAt: EpochMs, deviceId: string): LedgerEntry {
  if (!c.ok) throw new Error(c.error);
  return ledgerEntryOf(c.line, { memberId: M, branchId: 'gz-test', reservationId: '', businessDate: '2026-11-23', createdAt, deviceId, staffId: 'S-boss' });
}

describe('findOverdrafts', () => {
  it('lists exactly the members whose balance is below zero, with the amount owed', () => {
    fc.assert(fc.property(fc.array(ledger, { minLength: 1, maxLength: 4 }), (ledgers) => {
      const byMember = new Map(ledgers.map((xs, i) => [`M${i}`, xs.map((l) => ({ ...l, memberId: `M${i}` }))]));
      const found = findOverdrafts(byMember, R);
      const expected = [...byMember].filter(([, xs]) => balance(xs) < 0).map(([id]) => id).sort();
      expect(found.map((o) => o.memberId).sort()).toEqual(expected);
      for (const o of found) {
        expect(o.balance).toBe(balance(byMember.get(o.memberId) ?? []));
        expect(o.amount).toBe(-o.balance);
      }
      for (let i = 1; i < found.length; i++) expect(found[i - 1]!.amount).toBeGreaterThanOrEqual(found[i]!.amount);
    }));
  });

  it('gives the redemptions behind an overdraft newest first, each once, none reversed', () => {
    fc.assert(fc.property(overdrawn, (xs) => {
      const o = overdraftOf(M, xs, R);
      expect(o).not.toBeNull();
      const r = o!.redemptions;
      expect(new Set(r.map((l) => l.id)).size).toBe(r.length);
      for (const l of r) expect(l.kind).toBe('redeem');
      for (let i = 1; i < r.length; i++) expect(r[i - 1]!.createdAt).toBeGreaterThanOrEqual(r[i]!.createdAt);
    }));
  });

  it('two tablets spending the same 2000 points offline: both redemptions are listed, the old one is not', () => {
    const lines = [
      line('old-milk', 'redeem', -200, NOW - 40 * 24 * HOUR),
      line('earn', 'earn', 2200, NOW - 30 * 24 * HOUR),
      line('A:redeem.freeNight', 'redeem', -2000, NOW, 'tab-A'),
      line('B:redeem.freeNight', 'redeem', -2000, NOW + 2 * HOUR, 'tab-B'),
    ];
    const [o] = findOverdrafts(new Map([[M, lines]]), R);
    expect(o).toMatchObject({ memberId: M, balance: -2000, amount: 2000, since: NOW + 2 * HOUR });
    expect(o!.redemptions.map((l) => [l.id, l.deviceId, l.createdAt])).toEqual([
      ['B:redeem.freeNight', 'tab-B', NOW + 2 * HOUR],
      ['A:redeem.freeNight', 'tab-A', NOW],
    ]);
    // Once one of them is reversed it is no longer offered, and the overdraft is gone.
    const rev = posted(compensatingEntry('reversal', { memberId: M, lines, lineId: 'A:redeem.freeNight' }), NOW + 5 * HOUR, 'tab-boss');
    expect(findOverdrafts(new Map([[M, [...lines, rev]]]), R)).toEqual([]);
  });

  it('a balance of exactly 0 is not an overdraft', () => {
    expect(findOverdrafts(new Map([[M, [line('e', 'earn', 200, NOW), line('r', 'redeem', -200, NOW)]]]), R)).toEqual([]);
  });
});

describe('write-off', () => {
  it('leaves the balance at exactly 0, and the original lines untouched', () => {
    fc.assert(fc.property(overdrawn, (xs) => {
      const copy = structuredClone(xs);
      const c = compensatingEntry('writeOff', { memberId: M, lines: xs });
      if (!c.ok) return false;
      expect(c.line).toMatchObject({ rule: 'adjust.writeOff', kind: 'adjust', points: -balance(xs), params: { points: -balance(xs), balanceBefore: balance(xs) } });
      expect(balance([...xs, posted(c, NOW, 'tab-boss')])).toBe(0);
      expect(c.balanceAfter).toBe(0);
      expect(xs).toEqual(copy);
      return true;
    }));
  });

  it('is refused when the balance is not negative, and once written off the overdraft is gone', () => {
    fc.assert(fc.property(ledger, (xs) => {
      const c = compensatingEntry('writeOff', { memberId: M, lines: xs });
      if (balance(xs) >= 0) return !c.ok && c.error === 'notOverdrawn';
      const after = [...xs, posted(c, NOW, 'tab-boss')];
      const again = compensatingEntry('writeOff', { memberId: M, lines: after });
      return !again.ok && again.error === 'notOverdrawn' && overdraftOf(M, after, R) === null;
    }));
  });

  it('made on two tablets from the same ledger (in any order, at other times) is one line', () => {
    fc.assert(fc.property(overdrawn.chain((xs) => fc.tuple(fc.constant(xs), fc.shuffledSubarray(xs, { minLength: xs.length, maxLength: xs.length }))), ([xs, shuffled]) => {
      const a = posted(compensatingEntry('writeOff', { memberId: M, lines: xs }), NOW + HOUR, 'tab-A');
      const b = posted(compensatingEntry('writeOff', { memberId: M, lines: shuffled }), NOW + 2 * HOUR, 'tab-B');
      expect(b.id).toBe(a.id);
      expect(uniqueById([...xs, a, b]).filter((l) => l.rule === 'adjust.writeOff')).toHaveLength(1);
      expect(balance([...xs, a, b])).toBe(0);
    }));
  });

  it('a later, different overdraft gets a write-off of its own', () => {
    const first = [line('e', 'earn', 100, NOW), line('r1', 'redeem', -300, NOW)];
    const w1 = posted(compensatingEntry('writeOff', { memberId: M, lines: first }), NOW, 'tab-boss');
    const second = [...first, w1, line('r2', 'redeem', -400, NOW + HOUR)];
    const w2 = posted(compensatingEntry('writeOff', { memberId: M, lines: second }), NOW + HOUR, 'tab-boss');
    expect(w2.id).not.toBe(w1.id);
    expect(balance([...second, w2])).toBe(0);
  });
});

describe('reversal', () => {
  const withRedemption = ledger.filter((xs) => xs.some((l) => l.kind === 'redeem'))
    .chain((xs) => fc.tuple(fc.constant(xs), fc.constantFrom(...xs.filter((l) => l.kind === 'redeem'))));

  it('restores exactly the reversed amount and points at the original', () => {
    fc.assert(fc.property(withRedemption, ([xs, target]) => {
      const copy = structuredClone(xs);
      const c = compensatingEntry('reversal', { memberId: M, lines: xs, lineId: target.id });
      if (!c.ok) return false;
      expect(c.line).toEqual({ id: `${target.id}:adjust.reversal`, rule: 'adjust.reversal', kind: 'adjust', points: -target.points, params: { of: target.id, points: -target.points } });
      expect(balance([...xs, posted(c, NOW, 'tab-boss')])).toBe(balance(xs) - target.points);
      expect(c.balanceAfter - c.balanceBefore).toBe(-target.points);
      expect(xs).toEqual(copy);
      return true;
    }));
  });

  it('is refused once the line is reversed; the same reversal on two tablets is one line', () => {
    fc.assert(fc.property(withRedemption, ([xs, target]) => {
      const a = posted(compensatingEntry('reversal', { memberId: M, lines: xs, lineId: target.id }), NOW + HOUR, 'tab-A');
      const b = posted(compensatingEntry('reversal', { memberId: M, lines: [...xs].reverse(), lineId: target.id }), NOW + 3 * HOUR, 'tab-B');
      expect(b.id).toBe(a.id);
      expect(balance([...xs, a, b])).toBe(balance([...xs, a]));
      expect(compensatingEntry('reversal', { memberId: M, lines: [...xs, a], lineId: target.id })).toEqual({ ok: false, error: 'alreadyReversed' });
    }));
  });

  it('refuses a line that is not a redemption, an unknown line, and another member\'s line', () => {
    const lines = [line('e', 'earn', 100, NOW), line('p', 'penalty', -300, NOW), line('r', 'redeem', -200, NOW)];
    expect(compensatingEntry('reversal', { memberId: M, lines, lineId: 'e' })).toEqual({ ok: false, error: 'notRedemption' });
    expect(compensatingEntry('reversal', { memberId: M, lines, lineId: 'p' })).toEqual({ ok: false, error: 'notRedemption' });
    expect(compensatingEntry('reversal', { memberId: M, lines, lineId: 'nope' })).toEqual({ ok: false, error: 'lineNotFound' });
    expect(compensatingEntry('reversal', { memberId: M, lines })).toEqual({ ok: false, error: 'lineNotFound' });
    expect(compensatingEntry('reversal', { memberId: 'M000000002', lines, lineId: 'r' })).toEqual({ ok: false, error: 'lineNotFound' });
    // A reversal line is not itself reversible.
    const rev = posted(compensatingEntry('reversal', { memberId: M, lines, lineId: 'r' }), NOW, 'tab-boss');
    expect(compensatingEntry('reversal', { memberId: M, lines: [...lines, rev], lineId: rev.id })).toEqual({ ok: false, error: 'notRedemption' });
  });
});
