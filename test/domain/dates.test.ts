import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, isIsoDate, localDateOf, localTimeOf } from '../../src/domain/dates';

describe('isIsoDate', () => {
  it.each([
    ['2026-02-28', true],
    ['2028-02-29', true],
    ['2026-02-29', false],
    ['1900-02-29', false],
    ['2000-02-29', true],
    ['2026-04-31', false],
    ['2026-13-01', false],
    ['2026-1-01', false],
    ['2026-01-01T00:00', false],
    ['', false],
  ])('%s is %s', (s, expected) => {
    expect(isIsoDate(s)).toBe(expected);
  });
});

describe('addDays', () => {
  it.each([
    ['2026-11-24', 1, '2026-11-25'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2027-01-01', -1, '2026-12-31'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2027-02-28', 1, '2027-03-01'],
    ['2026-03-29', 0, '2026-03-29'],
    ['2026-01-31', 365, '2027-01-31'],
    ['1900-03-01', -1, '1900-02-28'],
  ])('%s + %i = %s', (from, n, expected) => {
    expect(addDays(from, n)).toBe(expected);
  });

  it('refuses invalid dates and counts', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow(/Invalid ISO date \["2026-02-30"\]/);
    expect(() => addDays('2026-02-01', 0.5)).toThrow(RangeError);
  });
});

describe('daysBetween', () => {
  it('counts whole days, signed', () => {
    expect(daysBetween('2026-11-24', '2026-11-24')).toBe(0);
    expect(daysBetween('2026-11-24', '2027-01-01')).toBe(38);
    expect(daysBetween('2027-01-01', '2026-11-24')).toBe(-38);
    expect(daysBetween('2028-01-01', '2029-01-01')).toBe(366);
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2); // a European DST weekend changes nothing
  });

  it('property: daysBetween(d, addDays(d, n)) === n', () => {
    const dateArb = fc
      .date({ min: new Date('1901-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -40_000, max: 40_000 }), (d, n) => {
        const e = addDays(d, n);
        return isIsoDate(e) && daysBetween(d, e) === n && addDays(e, -n) === d;
      }),
      { seed: 42, numRuns: 500 },
    );
  });
});

describe('localDateOf / localTimeOf', () => {
  const t = Date.parse('2026-11-23T16:30:00Z');

  it('reads an instant in Shanghai by default: 2026-11-23T16:30Z is 2026-11-24 00:30', () => {
    expect(localDateOf(t)).toBe('2026-11-24');
    expect(localTimeOf(t)).toBe('00:30');
    expect(localDateOf(t, 'Asia/Shanghai')).toBe('2026-11-24');
  });

  it('uses the time zone given', () => {
    expect(localDateOf(t, 'UTC')).toBe('2026-11-23');
    expect(localTimeOf(t, 'UTC')).toBe('16:30');
    expect(localTimeOf(t, 'America/New_York')).toBe('11:30');
    expect(localDateOf(Date.parse('2026-11-23T23:59:00Z'), 'Asia/Urumqi')).toBe('2026-11-24');
  });

  it('writes midnight as 00:00, never 24:00', () => {
    expect(localTimeOf(Date.parse('2026-11-23T16:00:00Z'))).toBe('00:00');
    expect(localTimeOf(Date.parse('2026-11-24T15:59:00Z'))).toBe('23:59');
  });

  it('refuses an unknown time zone and a non-finite instant', () => {
    expect(() => localDateOf(t, 'Mars/Olympus')).toThrow(RangeError);
    expect(() => localTimeOf(Number.NaN)).toThrow(RangeError);
  });
});
