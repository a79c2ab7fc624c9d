import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskIdNumber, maskName } from '../../src/domain/privacy';

describe('maskName', () => {
  it.each([['林芳', '林*'], ['欧阳娜娜', '欧*'], [' Tom Lee ', 'T*'], ['𠀀明', '𠀀*'], ['', ''], ['  ', '']])('%j → %j', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it('never shows more than the first character', () => {
    fc.assert(fc.property(fc.string({ minLength: 2 }), (name) => {
      const masked = maskName(name);
      expect([...masked].length).toBeLessThanOrEqual(2);
      if (masked !== '') expect(masked.endsWith('*')).toBe(true);
    }));
  });
});

describe('maskIdNumber', () => {
  it('keeps the region and the last four only', () => {
    expect(maskIdNumber('440106198808081234')).toBe('440106********1234');
    expect(maskIdNumber('12345')).toBe('*****');
  });
});
