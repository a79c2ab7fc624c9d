import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CARD_NUMBER_PATTERN,
  SWIPE_DEFAULTS,
  createSwipeState,
  feedKey,
  isCardNumber,
} from '../../src/domain/card-swipe';
import type { FeedResult, SwipeOptions, SwipeState, Swipe } from '../../src/domain/card-swipe';

const CARD = '770012345678';

interface Stroke {
  key: string;
  gap: number; // ms since the previous stroke
}

/** Feed strokes starting at `startMs`; return every swipe seen and the final state. */
function run(strokes: readonly Stroke[], startMs = 1_000, opts?: Partial<SwipeOptions>) {
  let state: SwipeState = createSwipeState();
  let at = startMs;
  const swipes: Swipe[] = [];
  for (const s of strokes) {
    at += s.gap;
    const r = feedKey(state, s.key, at, opts);
    state = r.state;
    if (r.swipe) swipes.push(r.swipe);
  }
  return { swipes, state };
}

/** The keys a reader sends: digits then Enter, `gap` ms apart. */
function reader(cardNo: string, gap = 8): Stroke[] {
  return [...cardNo, 'Enter'].map((key) => ({ key, gap }));
}

function typed(text: string, gap: number): Stroke[] {
  return [...text].map((key) => ({ key, gap }));
}

describe('isCardNumber', () => {
  it('accepts 12 digits starting with 77 and nothing else', () => {
    expect(isCardNumber(CARD)).toBe(true);
    expect(isCardNumber('77001234567')).toBe(false); // 11
    expect(isCardNumber('7700123456789')).toBe(false); // 13
    expect(isCardNumber('780012345678')).toBe(false);
    expect(isCardNumber('77001234567a')).toBe(false);
    expect(isCardNumber(` ${CARD}`)).toBe(false);
    expect(CARD_NUMBER_PATTERN.test(CARD)).toBe(true);
  });
});

describe('feedKey', () => {
  it('has the documented defaults', () => {
    expect(SWIPE_DEFAULTS).toEqual({ maxGapMs: 35, maxTotalMs: 400 });
  });

  it('detects a fast swipe on its Enter, with start time and length', () => {
    const strokes = reader(CARD);
    let state = createSwipeState();
    let at = 5_000;
    for (const [i, s] of strokes.entries()) {
      at += s.gap;
      const r = feedKey(state, s.key, at);
      state = r.state;
      if (i < strokes.length - 1) expect(r.swipe).toBeUndefined();
      else expect(r.swipe).toEqual({ cardNo: CARD, startedAtMs: 5_008, length: 12 });
    }
    // The machine is idle again afterwards.
    expect(state).toEqual(createSwipeState());
  });

  it('accepts gaps right at maxGapMs and a total right at maxTotalMs', () => {
    // 12 digits and Enter: 12 gaps of 33 ms = 396 ms ≤ 400.
    expect(run(reader(CARD, 33)).swipes).toHaveLength(1);
    expect(run(reader(CARD, 35), 0, { maxTotalMs: 420 }).swipes).toHaveLength(1);
    expect(run(reader(CARD, 36), 0, { maxTotalMs: 1_000 }).swipes).toHaveLength(0);
  });

  it('refuses a run that is fast key to key but too long in total', () => {
    // 12 gaps of 34 ms = 408 ms > 400.
    expect(run(reader(CARD, 34)).swipes).toHaveLength(0);
  });

  it.each([80, 120, 200])('does not take a person typing a card number at %i ms per key for a swipe', (gap) => {
    expect(run(reader(CARD, gap)).swipes).toHaveLength(0);
  });

  it('does not take fast digits followed by a slow Enter for a swipe', () => {
    const strokes = [...typed(CARD, 8), { key: 'Enter', gap: 90 }];
    expect(run(strokes).swipes).toHaveLength(0);
  });

  it('detects a swipe after human typing in the same field and reports only its own characters', () => {
    // The clerk typed "138" slowly, paused, then swiped the card into the same field.
    const strokes = [...typed('138', 150), ...reader(CARD, 6).map((s, i) => (i === 0 ? { ...s, gap: 700 } : s))];
    const { swipes } = run(strokes, 0);
    expect(swipes).toHaveLength(1);
    expect(swipes[0]?.cardNo).toBe(CARD);
    expect(swipes[0]?.length).toBe(CARD.length);
    // started at the swipe's first digit, not at the clerk's first key
    expect(swipes[0]?.startedAtMs).toBe(450 + 700);
  });

  it('detects a swipe even when the human typing just before was digits 77', () => {
    const strokes = [...typed('77', 100), ...reader(CARD).map((s, i) => (i === 0 ? { ...s, gap: 100 } : s))];
    expect(run(strokes).swipes.map((s) => s.cardNo)).toEqual([CARD]);
  });

  it.each([
    ['too short', '77001234567'],
    ['too long', '7700123456789'],
    ['wrong prefix', '780012345678'],
    ['wrong prefix 07', '077001234567'],
  ])('a fast run that is %s is not a swipe', (_label, digits) => {
    expect(run(reader(digits)).swipes).toHaveLength(0);
  });

  it('reports a reader-fast run of digits that is not a member card as unrecognised, and human typing never (issue #11)', () => {
    const fed = (strokes: { key: string; gap: number }[]) => {
      let state = createSwipeState();
      let t = 1000;
      const out: (FeedResult['unrecognised'])[] = [];
      for (const s of strokes) {
        t += s.gap;
        const r = feedKey(state, s.key, t);
        state = r.state;
        if (r.unrecognised) out.push(r.unrecognised);
      }
      return out;
    };
    expect(fed(reader('6222021234567890123'))).toEqual([{ length: 13 }]);
    expect(fed(reader('780012345678'))).toEqual([{ length: 12 }]);
    expect(fed(reader(CARD))).toEqual([]);
    expect(fed(reader('1234567'))).toEqual([]);
    expect(fed(typed('780012345678', 120).concat([{ key: 'Enter', gap: 120 }]))).toEqual([]);
  });

  it('a non-digit key in the middle resets the buffer', () => {
    const strokes = reader(CARD);
    strokes.splice(6, 0, { key: 'a', gap: 5 });
    expect(run(strokes).swipes).toHaveLength(0);
    const shifted = reader(CARD);
    shifted.splice(6, 0, { key: 'Shift', gap: 5 });
    expect(run(shifted).swipes).toHaveLength(0);
  });

  it('a slow gap in the middle of a run restarts the buffer at that key', () => {
    const strokes = reader(CARD);
    strokes[6] = { key: strokes[6]?.key ?? '', gap: 60 };
    const { swipes } = run(strokes);
    expect(swipes).toHaveLength(0);
    // ...and the restarted run holds only the digits from the slow key on.
    const partial = run(typed(CARD, 8).map((s, i) => (i === 6 ? { ...s, gap: 60 } : s)));
    expect(partial.state.buffer).toBe(CARD.slice(6));
  });

  it('a clock that goes backwards restarts the run', () => {
    const strokes = reader(CARD);
    strokes[3] = { key: strokes[3]?.key ?? '', gap: -5 };
    expect(run(strokes).swipes).toHaveLength(0);
  });

  it('two swipes in a row are both detected', () => {
    const other = '779876543210';
    const strokes = [...reader(CARD), ...reader(other).map((s, i) => (i === 0 ? { ...s, gap: 2_000 } : s))];
    expect(run(strokes).swipes.map((s) => s.cardNo)).toEqual([CARD, other]);
  });

  it('Enter on an idle reader is not a swipe', () => {
    expect(feedKey(createSwipeState(), 'Enter', 10).swipe).toBeUndefined();
  });

  it('does not mutate the state it is given', () => {
    const s0 = createSwipeState();
    const s1 = feedKey(s0, '7', 10).state;
    const snapshot = JSON.stringify(s1);
    feedKey(s1, '7', 15);
    expect(JSON.stringify(s1)).toBe(snapshot);
    expect(s0).toEqual({ buffer: '', startedAtMs: null, lastAtMs: null });
  });

  it('refuses a non-finite time and bad options', () => {
    expect(() => feedKey(createSwipeState(), '7', Number.NaN)).toThrow(RangeError);
    expect(() => feedKey(createSwipeState(), '7', 0, { maxGapMs: -1 })).toThrow(RangeError);
  });
});

const keyArb = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9') },
  { weight: 2, arbitrary: fc.constant('Enter') },
  { weight: 1, arbitrary: fc.constantFrom('a', 'X', ' ', 'Backspace', 'Shift', 'Tab', '-') },
);

describe('feedKey properties', () => {
  it('never yields a swipe when every gap is at least 60 ms', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ key: keyArb, gap: fc.integer({ min: 60, max: 3_000 }) }), { maxLength: 200 }),
        fc.integer({ min: 0, max: 2 ** 40 }),
        (strokes, start) => run(strokes, start).swipes.length === 0,
      ),
      { seed: 42, numRuns: 500 },
    );
  });

  it('never yields a swipe from human typing even when it spells card numbers', () => {
    const humanCard = fc
      .tuple(fc.stringMatching(/^\d{10}$/), fc.array(fc.integer({ min: 60, max: 400 }), { minLength: 13, maxLength: 13 }))
      .map(([rest, gaps]) => [...`77${rest}`, 'Enter'].map((key, i) => ({ key, gap: gaps[i] ?? 60 })));
    fc.assert(
      fc.property(fc.array(humanCard, { maxLength: 5 }), (cards) => run(cards.flat()).swipes.length === 0),
      { seed: 7, numRuns: 300 },
    );
  });

  it('always detects a reader swipe, whatever slow typing came before it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ key: keyArb, gap: fc.integer({ min: 60, max: 3_000 }) }), { maxLength: 30 }),
        fc.stringMatching(/^\d{10}$/),
        fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 13, maxLength: 13 }),
        fc.integer({ min: 36, max: 5_000 }),
        (before, rest, gaps, pause) => {
          const cardNo = `77${rest}`;
          const swipe = [...cardNo, 'Enter'].map((key, i) => ({ key, gap: i === 0 ? pause : (gaps[i] ?? 0) }));
          const { swipes } = run([...before, ...swipe]);
          return swipes.length === 1 && swipes[0]?.cardNo === cardNo && swipes[0].length === 12;
        },
      ),
      { seed: 20260101, numRuns: 300 },
    );
  });
});
