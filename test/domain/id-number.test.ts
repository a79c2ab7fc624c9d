import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { idCheckChar, normaliseIdNumber, validateIdNumber } from '../../src/domain/id-number';

const TODAY = '2026-05-01';
const SAMPLE = '11010519491231002X'; // the well-known GB 11643 sample

function withCheck(body: string): string {
  return body + idCheckChar(body);
}

describe('idCheckChar', () => {
  it('computes ISO 7064 MOD 11-2 check characters', () => {
    expect(idCheckChar('11010519491231002')).toBe('X');
    // Hand-computed: weighted sums 196 (mod 11 = 9 -> '3') and 261 (mod 11 = 8 -> '4').
    expect(idCheckChar('44030419900101123')).toBe('3');
    expect(idCheckChar('31011519851231456')).toBe('4');
  });

  it('refuses a body that is not 17 digits', () => {
    expect(() => idCheckChar('1101051949123100')).toThrow(RangeError);
    expect(() => idCheckChar('1101051949123100A')).toThrow(RangeError);
  });
});

describe('normaliseIdNumber', () => {
  it('maps full-width digits and x to ASCII and drops spaces', () => {
    expect(normaliseIdNumber('１１０１０５１９４９１２３１００２ｘ')).toBe(SAMPLE);
    expect(normaliseIdNumber('110105 19491231 002x')).toBe(SAMPLE);
    expect(normaliseIdNumber('11010519491231002Ｘ')).toBe(SAMPLE);
  });
});

describe('validateIdNumber', () => {
  it('accepts the well-known sample with birth date and gender', () => {
    expect(validateIdNumber(SAMPLE, TODAY)).toEqual({
      ok: true,
      value: SAMPLE,
      birthDate: '1949-12-31',
      gender: 'F', // 17th digit 2 is even
    });
  });

  it.each(['44030419900101123', '31011519851231456', '51010720000229001', '65010219000101009'])(
    'accepts body %s with its computed check character',
    (body) => {
      const r = validateIdNumber(withCheck(body), TODAY);
      expect(r.ok).toBe(true);
    },
  );

  it('normalises full-width digits and a lower-case x before validating', () => {
    const r = validateIdNumber('１１０１０５１９４９１２３１００２ｘ', TODAY);
    expect(r).toMatchObject({ ok: true, value: SAMPLE });
    expect(validateIdNumber('11010519491231002x', TODAY)).toMatchObject({ ok: true, value: SAMPLE });
  });

  it('reads the gender from the 17th digit: odd is male, even is female', () => {
    const male = withCheck('44030419900101123');
    const female = withCheck('44030419900101124');
    expect(validateIdNumber(male, TODAY)).toMatchObject({ ok: true, gender: 'M' });
    expect(validateIdNumber(female, TODAY)).toMatchObject({ ok: true, gender: 'F' });
  });

  it.each([
    ['empty', ''],
    ['empty', '   '],
    ['length', '11010519491231002'],
    ['length', '11010519491231002X1'],
    ['characters', '1101051949123100AX'],
    ['characters', '1101051949123100X2'],
    ['region', withCheck('00010519491231002')],
    ['region', withCheck('99010519491231002')],
    ['birthDate', withCheck('11010519900230002')], // 30 February
    ['birthDate', withCheck('11010519000229002')], // 1900 was not a leap year
    ['birthDate', withCheck('11010518991231002')], // before 1900
    ['birthDate', withCheck('11010519901301002')], // month 13
    ['birthDate', withCheck('11010519900100002')], // day 0
    ['birthInFuture', withCheck('11010520260502002')],
    ['checkChar', '110105194912310021'],
  ])('reports %s for %j', (code, raw) => {
    const r = validateIdNumber(raw, TODAY);
    expect(r).toMatchObject({ ok: false, error: code });
  });

  it('accepts a birth date equal to today and 29 February in a leap year', () => {
    expect(validateIdNumber(withCheck('11010520260501002'), TODAY).ok).toBe(true);
    expect(validateIdNumber(withCheck('11010520000229002'), TODAY).ok).toBe(true);
  });

  it('uses the today it is given for the future check', () => {
    const id = withCheck('11010520260502002');
    expect(validateIdNumber(id, '2026-05-01')).toMatchObject({ ok: false, error: 'birthInFuture' });
    expect(validateIdNumber(id, '2026-05-02')).toMatchObject({ ok: true, birthDate: '2026-05-02' });
  });

  it('returns the normalised value with an error', () => {
    expect(validateIdNumber('１１０１０５１９４９１２３１００２１', TODAY)).toEqual({
      ok: false,
      error: 'checkChar',
      value: '110105194912310021',
    });
  });
});

const REGIONS = [11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82];

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** A random valid 17-digit body: real province, a real date 1900..2025, any county and sequence. */
const bodyArb = fc
  .record({
    region: fc.constantFrom(...REGIONS),
    county: fc.integer({ min: 0, max: 9999 }),
    date: fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2025-12-31T00:00:00Z'), noInvalidDate: true }),
    seq: fc.integer({ min: 0, max: 999 }),
  })
  .map(({ region, county, date, seq }) => {
    const ymd = `${pad(date.getUTCFullYear(), 4)}${pad(date.getUTCMonth() + 1, 2)}${pad(date.getUTCDate(), 2)}`;
    return `${region}${pad(county, 4)}${ymd}${pad(seq, 3)}`;
  });

describe('validateIdNumber properties', () => {
  it('accepts every valid body with its check character, reading the birth date back', () => {
    fc.assert(
      fc.property(bodyArb, (body) => {
        const r = validateIdNumber(withCheck(body), TODAY);
        return r.ok && r.birthDate === `${body.slice(6, 10)}-${body.slice(10, 12)}-${body.slice(12, 14)}`;
      }),
      { seed: 42, numRuns: 500 },
    );
  });

  it('rejects every single-character substitution of a valid number', () => {
    const alphabet = '0123456789X';
    fc.assert(
      fc.property(
        bodyArb,
        fc.integer({ min: 0, max: 17 }),
        fc.integer({ min: 1, max: 10 }),
        (body, position, shift) => {
          const valid = withCheck(body);
          const old = valid[position] ?? '';
          // Digits are replaced by another digit; the check character by any other of 0-9 and X.
          const choices = position === 17 ? alphabet : alphabet.slice(0, 10);
          const next = choices[(choices.indexOf(old) + shift) % choices.length] ?? '';
          if (next === old) return true; // shift wrapped around to the same character
          const mutated = valid.slice(0, position) + next + valid.slice(position + 1);
          return !validateIdNumber(mutated, TODAY).ok;
        },
      ),
      { seed: 42, numRuns: 2_000 },
    );
  });
});
