import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { pinyin } from 'pinyin-pro';
import { dayOf, isoOf } from '../../src/demo/calendar';
import { cardNoFor, memberIdFor, memberIndexOf } from '../../src/demo/identity';
import { FEMALE_GIVEN, MALE_GIVEN, SURNAMES } from '../../src/demo/names';

const initial = (text: string, surname: boolean): string =>
  (pinyin(text, { pattern: 'first', toneType: 'none', type: 'array', ...(surname ? { mode: 'surname' as const } : {}) }) as string[])
    .join('').toUpperCase();

describe('name tables', () => {
  it('give the surname reading of every surname (单 Shan, 曾 Zeng, 区 Ou)', () => {
    for (const [surname, initials] of SURNAMES) expect(initials, surname).toBe(initial(surname, true));
    expect(SURNAMES.find(([s]) => s === '单')?.[1]).toBe('S');
    expect(SURNAMES.find(([s]) => s === '区')?.[1]).toBe('O');
  });

  it('give the initial of every given-name character', () => {
    for (const [ch, init] of [...MALE_GIVEN, ...FEMALE_GIVEN]) expect(init, ch).toBe(initial(ch, false));
  });
});

describe('identity numbers', () => {
  it('member ids round-trip to their index', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 99_999_999 }), (i) => memberIndexOf(memberIdFor(i)) === i));
    expect(memberIndexOf('X123')).toBe(-1);
  });

  it('card numbers are 77 + 10 digits', () => {
    fc.assert(fc.property(fc.integer(), fc.integer({ min: 0, max: 99_999_999 }), (seed, i) => /^77\d{10}$/.test(cardNoFor(seed, i))));
  });
});

describe('calendar', () => {
  it('isoOf agrees with Date for days from 1900 to 2100', () => {
    for (let day = dayOf('1900-01-01'); day <= dayOf('2100-12-31'); day += 13) {
      expect(isoOf(day)).toBe(new Date(day * 86_400_000).toISOString().slice(0, 10));
    }
  });
});
