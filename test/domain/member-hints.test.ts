import { describe, expect, it } from 'vitest';
import { DEFAULT_HINT_RULES, daysUntilBirthday, memberHints, nextBirthday } from '../../src/domain/member-hints';
import type { Member } from '../../src/domain/model';

const TODAY = '2026-11-24';

/** Epoch ms of local midnight in Shanghai on an ISO date. */
function shanghaiMidnight(iso: string): number {
  return Date.parse(`${iso}T00:00:00+08:00`);
}

function member(over: Partial<Member> = {}): Member {
  return {
    id: 'M000012345',
    name: '张小明',
    nameInitials: 'ZXM',
    phone: '13812345678',
    phoneLast4: '5678',
    idNumber: '11010519490601002X',
    cardNo: '770012345678',
    cardLost: false,
    gender: 'F',
    birthday: '06-01',
    tier: 'silver',
    joinedAt: shanghaiMidnight('2024-01-10'),
    joinFeeFen: 7700,
    corporate: '',
    prefs: { roomType: 'any', floor: 'any', pillow: 'any', smoking: false, diet: 'none', quiet: false },
    tags: [],
    lastStayDate: '2026-10-01',
    stays12m: 4,
    nights12m: 6,
    homeBranchId: 'B1',
    updatedAt: 0,
    ...over,
  };
}

const hints = (over: Partial<Member>, today = TODAY) => memberHints(member(over), { today, balance: 0 });

describe('memberHints', () => {
  it('gives no hints for an ordinary regular member', () => {
    expect(hints({})).toEqual([]);
  });

  it.each([
    [{ tier: 'gold' as const }, true],
    [{ tier: 'platinum' as const }, true],
    [{ tier: 'registered' as const }, false],
    [{ tags: ['VIP'] }, true],
    [{ tags: ['vip '] }, true],
    [{ tags: ['corporate'] }, false],
  ])('vip for %j: %s', (over, expected) => {
    expect(hints(over).includes('vip')).toBe(expected);
  });

  it('flags a lost card first', () => {
    expect(hints({ cardLost: true, tier: 'gold' })).toEqual(['cardLost', 'vip']);
  });

  describe('birthdayThisWeek', () => {
    it.each([
      ['11-24', TODAY, true], // today
      ['11-30', TODAY, true], // sixth day after today: the 7th day of the window
      ['12-01', TODAY, false], // eighth day
      ['11-23', TODAY, false], // yesterday
      ['01-02', '2026-12-28', true], // across the new year
      ['01-04', '2026-12-28', false],
      ['12-31', '2026-12-31', true],
      ['02-29', '2027-02-25', true], // common year: celebrated on the 28th
      ['02-29', '2027-02-21', false], // 28th is 7 days away
      ['02-29', '2028-02-24', true], // leap year: the 29th itself
      ['02-29', '2028-02-22', false], // the 29th is 7 days away
      ['02-29', '2027-03-01', false], // the 28th has passed; next is 2028-02-29
      ['', TODAY, false],
      ['13-01', TODAY, false],
      ['02-30', '2027-02-25', false],
    ])('birthday %s on %s: %s', (birthday, today, expected) => {
      expect(hints({ birthday }, today).includes('birthdayThisWeek')).toBe(expected);
    });
  });

  describe('churnRisk', () => {
    it('warns when the last stay is more than 180 days ago', () => {
      expect(hints({ lastStayDate: '2026-05-28' })).not.toContain('churnRisk'); // exactly 180 days
      expect(hints({ lastStayDate: '2026-05-27' })).toContain('churnRisk'); // 181 days
    });

    it('warns for a member who never stayed and joined more than 180 days ago', () => {
      expect(hints({ lastStayDate: '', joinedAt: shanghaiMidnight('2026-05-27') })).toContain('churnRisk');
      expect(hints({ lastStayDate: '', joinedAt: shanghaiMidnight('2026-05-28') })).not.toContain('churnRisk');
    });

    it('takes the threshold as a rule', () => {
      const m = member({ lastStayDate: '2026-09-01' }); // 84 days
      expect(memberHints(m, { today: TODAY, balance: 0 })).not.toContain('churnRisk');
      expect(memberHints(m, { today: TODAY, balance: 0 }, { ...DEFAULT_HINT_RULES, churnDays: 60 })).toContain('churnRisk');
    });
  });

  describe('newMember', () => {
    it('marks members who joined within 90 days', () => {
      expect(hints({ joinedAt: shanghaiMidnight(TODAY), lastStayDate: '' })).toEqual(['newMember']);
      expect(hints({ joinedAt: shanghaiMidnight('2026-08-26') })).toContain('newMember'); // 90 days
      expect(hints({ joinedAt: shanghaiMidnight('2026-08-25') })).not.toContain('newMember'); // 91 days
    });

    it('reads the join instant as a Shanghai date', () => {
      // 2026-08-25T16:30Z is 2026-08-26 00:30 in Shanghai: 90 days before today.
      expect(hints({ joinedAt: Date.parse('2026-08-25T16:30:00Z') })).toContain('newMember');
      expect(hints({ joinedAt: Date.parse('2026-08-25T15:30:00Z') })).not.toContain('newMember');
    });
  });

  it('returns hints in a fixed order', () => {
    const all = hints({
      cardLost: true,
      tier: 'platinum',
      birthday: '11-25',
      lastStayDate: '',
      joinedAt: shanghaiMidnight('2026-09-01'),
    });
    expect(all).toEqual(['cardLost', 'vip', 'birthdayThisWeek', 'newMember']);
  });

  it('refuses an invalid today', () => {
    expect(() => hints({}, '2026-11-31')).toThrow(RangeError);
  });
});

describe('daysUntilBirthday / nextBirthday', () => {
  it('counts to the next birthday', () => {
    expect(daysUntilBirthday('11-24', TODAY)).toBe(0);
    expect(daysUntilBirthday('11-23', TODAY)).toBe(364);
    expect(daysUntilBirthday('01-01', '2026-12-31')).toBe(1);
    expect(nextBirthday('02-29', '2027-01-01')).toBe('2027-02-28');
    expect(nextBirthday('02-29', '2027-03-01')).toBe('2028-02-29');
    expect(nextBirthday('xx', TODAY)).toBeNull();
  });
});
