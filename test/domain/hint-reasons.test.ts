import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays } from '../../src/domain/dates';
import { birthdayReason, churnReason, weekdayOf } from '../../src/domain/hint-reasons';

describe('why a hint is shown', () => {
  it('names the day of the birthday: date, weekday, days to go', () => {
    // 2026-11-24 is a Tuesday; the birthday 11-28 is the coming Saturday.
    expect(birthdayReason('11-28', '2026-11-24')).toEqual({ date: '2026-11-28', month: 11, day: 28, weekday: 6, daysUntil: 4 });
    expect(birthdayReason('11-24', '2026-11-24')).toMatchObject({ date: '2026-11-24', weekday: 2, daysUntil: 0 });
    // Across the new year.
    expect(birthdayReason('01-02', '2026-12-30')).toMatchObject({ date: '2027-01-02', weekday: 6, daysUntil: 3 });
    expect(birthdayReason('13-01', '2026-11-24')).toBeNull();
  });

  it('weekdays advance by one a day', () => {
    expect(weekdayOf('1970-01-01')).toBe(4);
    expect(weekdayOf('2026-12-05')).toBe(6);
    fc.assert(fc.property(fc.integer({ min: -30_000, max: 30_000 }), (n) => {
      const d = addDays('2000-01-01', n);
      expect(weekdayOf(addDays(d, 1))).toBe((weekdayOf(d) + 1) % 7);
    }));
  });

  it('explains a churn risk by the last stay and the stays per year falling', () => {
    const stays = ['2024-01-10', '2024-03-01', '2024-06-01', '2024-09-01', '2025-02-01'];
    expect(churnReason({ lastStayDate: '2025-02-01', joinedAt: 0 }, stays, '2025-12-01')).toEqual({
      lastStayDate: '2025-02-01', idleDays: 303, staysLast12m: 1, staysPrior12m: 4,
    });
  });

  it('a member who never stayed is idle since joining', () => {
    const joinedAt = Date.parse('2025-01-01T00:00:00+08:00');
    expect(churnReason({ lastStayDate: '', joinedAt }, [], '2025-12-01')).toEqual({ lastStayDate: '', idleDays: 334, staysLast12m: 0, staysPrior12m: 0 });
  });
});
