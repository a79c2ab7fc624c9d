import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { validateWalkIn } from '../../src/domain/checkin';
import { validateEnrol } from '../../src/domain/enrol';
import { isMobile, maskPhone, normalizePhone, unmaskPhone } from '../../src/domain/phone';
import { planBooking } from '../../src/domain/booking';
import { IDS } from '../support/fixtures';

const enrolRefuses = (phone: string) =>
  validateEnrol({ name: '林小雨', phone, idNumberRaw: IDS.walkIn, cardNo: '770000009999', feeWaived: false }, '2026-11-23', false)
    .some((e) => e.field === 'phone');
const walkInRefuses = (phone: string) =>
  validateWalkIn({ guestName: '林小雨', guestPhone: phone, nights: 1, rateFen: 19_800 }).some((e) => e.field === 'guestPhone');
/** The booking form (预订): refused, or else the phone it stores. */
function booking(phone: string) {
  const plan = planBooking({
    id: 'D-1', branchId: 'gz-test', businessDate: '2026-11-23', memberId: '', guestName: '林小雨', guestPhone: phone,
    channel: 'phone', roomType: 'king', rateFen: 19_800, expectedArrival: '20:00', arrivalDate: '2026-11-24', departureDate: '2026-11-25', now: 0,
  });
  return plan.ok ? { refused: false, stored: plan.reservation.guestPhone } : { refused: plan.errors.some((e) => e.field === 'guestPhone'), stored: null };
}
const bookingRefuses = (phone: string) => booking(phone).refused;
/** What 修改资料 (updateMemberProfile) checks. */
const editRefuses = (phone: string) => !isMobile(normalizePhone(phone));

describe('one phone rule for the walk-in, the enrolment, the booking and 修改资料', () => {
  it.each([
    ['spaces', '138 1234 5678'],
    ['dashes', '138-1234-5678'],
    ['full-width digits from a Chinese IME', '１３８１２３４５６７８'],
    ['a +86 prefix', '+86 138 1234 5678'],
    ['surrounding blanks', ' 13812345678 '],
  ])('accepts a mobile typed with %s, in every form', (_what, typed) => {
    expect(normalizePhone(typed)).toBe('13812345678');
    expect(enrolRefuses(typed)).toBe(false);
    expect(walkInRefuses(typed)).toBe(false);
    expect(editRefuses(typed)).toBe(false);
    expect(booking(typed)).toEqual({ refused: false, stored: '13812345678' });
  });

  it.each([['too short', '1381234567'], ['a landline', '020-83331234'], ['starts 12', '12812345678'], ['letters', '138abcd5678']])(
    'refuses %s, in every form', (_what, typed) => {
      expect(enrolRefuses(typed)).toBe(true);
      expect(walkInRefuses(typed)).toBe(true);
      expect(editRefuses(typed)).toBe(true);
      expect(bookingRefuses(typed)).toBe(true);
    });

  it('the forms agree on any typing (the walk-in alone allows an empty phone)', () => {
    const typing = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.array(fc.constantFrom('1', '3', '8', '5', '0', ' ', '-', '１', '+86'), { maxLength: 16 }).map((a) => a.join('')),
    );
    fc.assert(fc.property(typing, (typed) => {
      fc.pre(normalizePhone(typed) !== '');
      expect(walkInRefuses(typed)).toBe(enrolRefuses(typed));
      expect(editRefuses(typed)).toBe(enrolRefuses(typed));
      expect(bookingRefuses(typed)).toBe(enrolRefuses(typed));
    }), { seed: 11_011, numRuns: 500 });
  });

  it('masks all but the first 3 and last 4 digits, whatever the length', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('+8613812345678')).toBe('+86*******5678');
    expect(maskPhone('12345')).toBe('*2345');
    fc.assert(fc.property(fc.stringMatching(/^[0-9]{5,20}$/), (p) => {
      const masked = maskPhone(p);
      expect(masked).not.toBe(p);
      expect(masked.slice(-4)).toBe(p.slice(-4));
      expect(masked).toHaveLength(p.length);
    }), { seed: 11_011 });
  });

  it('a masked pre-fill stands for the member\'s number until the clerk types another (issue #11)', () => {
    expect(unmaskPhone('138****5678', '13812345678')).toBe('13812345678');
    expect(unmaskPhone('13912345678', '13812345678')).toBe('13912345678');
    expect(unmaskPhone('138****567', '13812345678')).toBe('138****567');
    expect(unmaskPhone('', '')).toBe('');
    fc.assert(fc.property(fc.stringMatching(/^1[3-9][0-9]{9}$/), fc.string({ maxLength: 14 }), (known, typed) => {
      expect(unmaskPhone(maskPhone(known), known)).toBe(known);
      if (typed !== maskPhone(known)) expect(unmaskPhone(typed, known)).toBe(typed);
    }), { seed: 11_011 });
  });
});
