import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { planCheckIn, planCheckOut, planWalkIn, validateCheckIn, validateWalkIn } from '../../src/domain/checkin';
import type { CheckInPlanInput, WalkInInput } from '../../src/domain/checkin';
import type { Reservation, Room } from '../../src/domain/model';
import { DEFAULT_RULES } from '../../src/domain/rules';
import { parseYuan } from '../../src/domain/units';

const ID = '11010519491231002X';
const TODAY = '2026-11-24';
const NOW = Date.UTC(2026, 10, 24, 6, 15); // 14:15 in Shanghai

function reservation(over: Partial<Reservation> = {}): Reservation {
  return {
    id: 'R1',
    branchId: 'B1',
    memberId: 'M000012345',
    guestName: '张小明',
    guestPhone: '13812345678',
    guestIdNumber: '',
    bookedForOther: false,
    channel: 'app',
    memberRate: true,
    bookedAt: NOW - 86_400_000,
    arrivalDate: TODAY,
    nights: 2,
    extensionNights: 0,
    extensionAdvanceOwnChannel: false,
    roomType: 'king',
    rateFen: 21_800,
    expectedArrival: '18:00',
    guaranteePoints: 0,
    status: 'expected',
    roomNo: '',
    checkedInAt: 0,
    checkInStaffId: '',
    checkInDeviceId: '',
    checkedOutAt: 0,
    cancelledAt: 0,
    note: '',
    updatedAt: 1,
    ...over,
  };
}

function room(over: Partial<Room> = {}): Room {
  return {
    id: 'B1:305',
    branchId: 'B1',
    roomNo: '305',
    floor: 3,
    type: 'king',
    smoking: false,
    quiet: false,
    status: 'vacant-clean',
    reservationId: '',
    updatedAt: 1,
    ...over,
  };
}

function input(over: Partial<CheckInPlanInput> = {}): CheckInPlanInput {
  return {
    reservation: reservation(),
    businessDate: TODAY,
    room: room(),
    idNumberRaw: ID,
    today: TODAY,
    now: NOW,
    staffId: 'S7',
    deviceId: 'D2',
    ...over,
  };
}

describe('validateCheckIn', () => {
  it('passes an expected reservation for today with a clean room and a valid ID, returning the normalised ID', () => {
    expect(validateCheckIn(input({ idNumberRaw: ' １１０１０５１９４９１２３１００２ｘ ' }))).toEqual({ ok: true, idNumber: ID });
  });

  it('refuses a reservation for another day', () => {
    expect(validateCheckIn(input({ reservation: reservation({ arrivalDate: '2026-11-25' }) }))).toEqual({
      ok: false,
      errors: [{ field: 'reservation', code: 'notToday' }],
    });
    expect(validateCheckIn(input({ reservation: reservation({ arrivalDate: '2026-11-23' }) }))).toMatchObject({
      ok: false,
      errors: [{ field: 'reservation', code: 'notToday' }],
    });
  });

  it.each([
    ['checked-in', 'alreadyCheckedIn'],
    ['checked-out', 'alreadyCheckedOut'],
    ['no-show', 'noShow'],
    ['cancelled', 'cancelled'],
  ] as const)('refuses a %s reservation with %s', (status, code) => {
    expect(validateCheckIn(input({ reservation: reservation({ status, arrivalDate: '2026-11-01' }) }))).toEqual({
      ok: false,
      errors: [{ field: 'reservation', code }],
    });
  });

  it('reports room problems', () => {
    expect(validateCheckIn(input({ room: room({ status: 'vacant-dirty' }) }))).toEqual({
      ok: false,
      errors: [{ field: 'room', code: 'dirty' }],
    });
    expect(validateCheckIn(input({ room: null }))).toEqual({ ok: false, errors: [{ field: 'room', code: 'required' }] });
    expect(validateCheckIn(input({ room: room({ type: 'family' }) }))).toMatchObject({
      ok: false,
      errors: [{ field: 'room', code: 'wrongType' }],
    });
    expect(validateCheckIn(input({ room: room({ type: 'family' }), allowOtherType: true })).ok).toBe(true);
  });

  it('reports ID problems with the ID error code, using the today passed in', () => {
    expect(validateCheckIn(input({ idNumberRaw: '' }))).toEqual({ ok: false, errors: [{ field: 'idNumber', code: 'empty' }] });
    expect(validateCheckIn(input({ idNumberRaw: '110105194912310021' }))).toEqual({
      ok: false,
      errors: [{ field: 'idNumber', code: 'checkChar' }],
    });
  });

  it('reports every problem at once, in field order', () => {
    const r = validateCheckIn(input({
      reservation: reservation({ arrivalDate: '2026-11-30' }),
      room: room({ status: 'occupied', reservationId: 'R0' }),
      idNumberRaw: '123',
    }));
    expect(r).toEqual({
      ok: false,
      errors: [
        { field: 'reservation', code: 'notToday' },
        { field: 'room', code: 'notVacant' },
        { field: 'idNumber', code: 'length' },
      ],
    });
  });
});

describe('planCheckIn', () => {
  it('checks the guest in and occupies the room, stamped with now, the staff member and the device', () => {
    const plan = planCheckIn(input());
    expect(plan).toEqual({
      ok: true,
      reservation: { ...reservation(), status: 'checked-in', roomNo: '305', guestIdNumber: ID, checkedInAt: NOW, checkInStaffId: 'S7', checkInDeviceId: 'D2', updatedAt: NOW },
      room: expect.objectContaining({ ...room(), status: 'occupied', reservationId: 'R1', occupancyAt: NOW, updatedAt: NOW }),
      event: { kind: 'check-in', reservationId: 'R1', roomNo: '305', at: NOW, staffId: 'S7', deviceId: 'D2' },
    });
  });

  it('does not touch the documents it is given', () => {
    const res = reservation();
    const rm = room();
    planCheckIn(input({ reservation: res, room: rm }));
    expect(res).toEqual(reservation());
    expect(rm).toEqual(room());
  });

  it('returns the validation errors instead of a plan', () => {
    expect(planCheckIn(input({ reservation: reservation({ status: 'cancelled' }) }))).toEqual({
      ok: false,
      errors: [{ field: 'reservation', code: 'cancelled' }],
    });
  });

  it('refuses a room of another branch as a programming error', () => {
    expect(() => planCheckIn(input({ room: room({ branchId: 'B2', id: 'B2:305' }) }))).toThrow(/different branch/);
  });
});

describe('planCheckOut', () => {
  const inHouse = reservation({ status: 'checked-in', roomNo: '305', guestIdNumber: ID, checkedInAt: NOW });
  const occupied = room({ status: 'occupied', reservationId: 'R1' });
  const later = NOW + 2 * 86_400_000;

  it('checks the guest out and leaves the room vacant and dirty', () => {
    expect(planCheckOut(inHouse, occupied, later)).toEqual({
      ok: true,
      reservation: { ...inHouse, status: 'checked-out', checkedOutAt: later, updatedAt: later },
      room: expect.objectContaining({ ...occupied, status: 'vacant-dirty', reservationId: '', occupancyAt: later, updatedAt: later }),
    });
  });

  it.each(['expected', 'checked-out', 'no-show', 'cancelled'] as const)('refuses a %s reservation', (status) => {
    expect(planCheckOut({ ...inHouse, status }, occupied, later)).toEqual({ ok: false, error: 'notCheckedIn' });
  });

  it('refuses a room that does not hold this reservation', () => {
    expect(planCheckOut(inHouse, room({ roomNo: '306', id: 'B1:306', status: 'occupied', reservationId: 'R1' }), later))
      .toEqual({ ok: false, error: 'roomMismatch' });
    expect(planCheckOut(inHouse, room({ status: 'occupied', reservationId: 'R2' }), later)).toEqual({
      ok: false,
      error: 'roomMismatch',
    });
  });
});

describe('planWalkIn', () => {
  function walkIn(over: Partial<WalkInInput> = {}): WalkInInput {
    return {
      id: 'R-walk-1',
      branchId: 'B1',
      businessDate: TODAY,
      memberId: '',
      guestName: ' 李四 ',
      guestPhone: '13900001111',
      roomType: 'economy-twin',
      nights: 1,
      rateFen: 15_900,
      now: NOW,
      ...over,
    };
  }

  it('creates an expected walk-in reservation arriving today, expected now (branch time)', () => {
    const plan = planWalkIn(walkIn());
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.reservation).toMatchObject({
      id: 'R-walk-1',
      branchId: 'B1',
      channel: 'walk-in',
      arrivalDate: TODAY,
      nights: 1,
      rateFen: 15_900,
      guestName: '李四',
      status: 'expected',
      memberRate: false,
      bookedAt: NOW,
      updatedAt: NOW,
      expectedArrival: '14:15',
      roomNo: '',
      guaranteePoints: 0,
    });
    // And it can go straight through check-in.
    const checkIn = planCheckIn(input({ reservation: plan.reservation, room: room({ type: 'economy-twin' }) }));
    expect(checkIn.ok).toBe(true);
  });

  it('uses member rate for a member by default, and the time zone given', () => {
    const plan = planWalkIn(walkIn({ memberId: 'M000012345', timeZone: 'UTC' }));
    expect(plan).toMatchObject({ ok: true, reservation: { memberRate: true, memberId: 'M000012345', expectedArrival: '06:15' } });
    expect(planWalkIn(walkIn({ memberId: 'M000012345', memberRate: false }))).toMatchObject({ reservation: { memberRate: false } });
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses %s nights', (nights) => {
    expect(planWalkIn(walkIn({ nights }))).toEqual({ ok: false, errors: [{ field: 'nights', code: 'invalid' }] });
  });

  it.each([0, -100, 159.5, Number.POSITIVE_INFINITY])('refuses a rate of %s fen', (rateFen) => {
    expect(planWalkIn(walkIn({ rateFen }))).toEqual({ ok: false, errors: [{ field: 'rateFen', code: 'invalid' }] });
  });

  it('requires a name and checks a phone when one is given', () => {
    expect(planWalkIn(walkIn({ guestName: '  ', guestPhone: '12345' }))).toEqual({
      ok: false,
      errors: [{ field: 'guestName', code: 'required' }, { field: 'guestPhone', code: 'invalid' }],
    });
    expect(planWalkIn(walkIn({ guestPhone: '' })).ok).toBe(true);
  });

  it('throws on missing ids', () => {
    expect(() => planWalkIn(walkIn({ id: '' }))).toThrow(RangeError);
  });

  it('refuses values past the bounds in the rules table (issue #11: 200-character name, 999 nights, ¥99,999,999)', () => {
    const limits = DEFAULT_RULES.walkIn;
    expect(planWalkIn(walkIn({ guestName: '林'.repeat(200), nights: 999, rateFen: 9_999_999_900 }))).toEqual({
      ok: false,
      errors: [{ field: 'guestName', code: 'tooLong' }, { field: 'nights', code: 'invalid' }, { field: 'rateFen', code: 'invalid' }],
    });
    // The bounds themselves are allowed; one past them is not.
    expect(planWalkIn(walkIn({ guestName: '林'.repeat(limits.guestNameMaxChars), nights: limits.maxNights, rateFen: limits.maxRateFen })).ok).toBe(true);
    expect(planWalkIn(walkIn({ rateFen: limits.minRateFen })).ok).toBe(true);
    expect(validateWalkIn({ guestName: '林', guestPhone: '', nights: limits.maxNights + 1, rateFen: limits.minRateFen - 1 })).toEqual([
      { field: 'nights', code: 'invalid' }, { field: 'rateFen', code: 'invalid' },
    ]);
    // Every planned reservation fits the bounds: no schema refusal can reach the clerk.
    fc.assert(fc.property(
      fc.string({ maxLength: 60 }), fc.integer({ min: -5, max: 2000 }), fc.integer({ min: -100, max: 10_000_000 }),
      (guestName, nights, rateFen) => {
        const plan = planWalkIn(walkIn({ guestName, nights, rateFen }));
        if (!plan.ok) return;
        expect([...plan.reservation.guestName].length).toBeLessThanOrEqual(limits.guestNameMaxChars);
        expect(plan.reservation.nights).toBeGreaterThanOrEqual(1);
        expect(plan.reservation.nights).toBeLessThanOrEqual(limits.maxNights);
        expect(plan.reservation.rateFen).toBeGreaterThanOrEqual(limits.minRateFen);
        expect(plan.reservation.rateFen).toBeLessThanOrEqual(limits.maxRateFen);
      },
    ));
  });
});

describe('parseYuan', () => {
  it.each([['198', 19_800], ['198.5', 19_850], ['198.50', 19_850], [' 0.01 ', 1], ['0', 0]])('reads %j as %i fen', (text, expected) => {
    expect(parseYuan(text)).toBe(expected);
  });

  it.each(['0.005', '1.999', '一百', '', '-5', '1e3', '12.', '.5', '99999999999'])('refuses %j rather than rounding it', (text) => {
    expect(parseYuan(text)).toBeNull();
  });
});
