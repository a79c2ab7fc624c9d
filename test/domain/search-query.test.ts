import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SEARCH_KINDS, classifySearch, toHalfWidth } from '../../src/domain/search-query';
import type { SearchKind } from '../../src/domain/search-query';

describe('classifySearch', () => {
  it.each<[string, SearchKind, string]>([
    ['', 'empty', ''],
    ['   ', 'empty', ''],
    ['\u3000', 'empty', ''],
    // card numbers
    ['770012345678', 'cardNo', '770012345678'],
    [' 770012345678 ', 'cardNo', '770012345678'],
    ['７７００１２３４５６７８', 'cardNo', '770012345678'],
    ['7700 1234 5678', 'cardNo', '770012345678'],
    ['780012345678', 'invalid', '780012345678'],
    // member numbers
    ['M000012345', 'memberNo', 'M000012345'],
    ['m000012345', 'memberNo', 'M000012345'],
    ['Ｍ０００１２３４５', 'invalid', 'M00012345'], // only 8 digits
    ['ｍ００００１２３４５', 'memberNo', 'M000012345'],
    ['M00001234567', 'invalid', 'M00001234567'],
    // ID numbers
    ['11010519491231002X', 'idNumber', '11010519491231002X'],
    ['11010519491231002x', 'idNumber', '11010519491231002X'],
    ['１１０１０５１９４９１２３１００２ｘ', 'idNumber', '11010519491231002X'],
    ['110105 19491231 002X', 'idNumber', '11010519491231002X'],
    ['110105194912310021', 'idNumber', '110105194912310021'], // the check is for the lookup, not the box
    ['1101051949123100X2', 'invalid', '1101051949123100X2'],
    // phones
    ['13812345678', 'phone', '13812345678'],
    ['138 1234 5678', 'phone', '13812345678'],
    ['138-1234-5678', 'phone', '13812345678'],
    ['１３８１２３４５６７８', 'phone', '13812345678'],
    ['23812345678', 'invalid', '23812345678'],
    ['5678', 'phoneLast4', '5678'],
    ['５６７８', 'phoneLast4', '5678'],
    ['567', 'invalid', '567'],
    ['56789', 'invalid', '56789'],
    // names
    ['张', 'name', '张'],
    ['张小明', 'name', '张小明'],
    [' 张 小明 ', 'name', '张小明'],
    ['买买提·艾力', 'name', '买买提·艾力'],
    ['·艾力', 'invalid', '·艾力'],
    ['张3', 'invalid', '张3'],
    ['张xm', 'invalid', '张xm'],
    // initials
    ['zxm', 'initials', 'ZXM'],
    ['Z', 'initials', 'Z'],
    ['ｚｘｍ', 'initials', 'ZXM'],
    ['abcdef', 'initials', 'ABCDEF'],
    ['abcdefg', 'invalid', 'abcdefg'],
    ['zhang san', 'invalid', 'zhang san'], // 8 letters once spaces go
    // other
    ['!!', 'invalid', '!!'],
    ['a1', 'invalid', 'a1'],
  ])('%j is %s %j', (raw, kind, value) => {
    expect(classifySearch(raw)).toEqual({ kind, value });
  });

  it('property: always returns a known kind, and digit strings are classified by length alone', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 24 }), (s) => SEARCH_KINDS.includes(classifySearch(s).kind)),
      { seed: 42, numRuns: 1_000 },
    );
    fc.assert(
      fc.property(fc.stringMatching(/^\d{1,20}$/), (digits) => {
        const { kind } = classifySearch(digits);
        if (digits.length === 4) return kind === 'phoneLast4';
        if (digits.length === 12 && digits.startsWith('77')) return kind === 'cardNo';
        if (digits.length === 11 && digits.startsWith('1')) return kind === 'phone';
        if (digits.length === 18) return kind === 'idNumber';
        return kind === 'invalid';
      }),
      { seed: 42, numRuns: 1_000 },
    );
  });
});

describe('toHalfWidth', () => {
  it('maps full-width ASCII and the ideographic space', () => {
    expect(toHalfWidth('ＡＢｃ１２３\u3000！')).toBe('ABc123 !');
    expect(toHalfWidth('张三')).toBe('张三');
  });
});
