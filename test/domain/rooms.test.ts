import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FLOOR_PREFS, ROOM_STATUSES } from '../../src/domain/model';
import type { Preferences, Room } from '../../src/domain/model';
import { compareRoomNo, scoreRoom, suggestRooms, validateRoomForCheckIn } from '../../src/domain/rooms';

function room(roomNo: string, over: Partial<Room> = {}): Room {
  return {
    id: `B1:${roomNo}`,
    branchId: 'B1',
    roomNo,
    floor: Number(roomNo.slice(0, -2)) || 1,
    type: 'king',
    smoking: false,
    quiet: false,
    status: 'vacant-clean',
    reservationId: '',
    updatedAt: 0,
    ...over,
  };
}

function prefs(over: Partial<Preferences> = {}): Preferences {
  return { roomType: 'any', floor: 'any', pillow: 'any', smoking: false, diet: 'none', quiet: false, ...over };
}

const nos = (rooms: Room[]) => rooms.map((r) => r.roomNo);

describe('suggestRooms', () => {
  const rooms = [
    room('305'),
    room('201'),
    room('502', { smoking: true }),
    room('408', { quiet: true }),
    room('602', { status: 'vacant-dirty' }),
    room('603', { status: 'occupied', reservationId: 'R9' }),
    room('604', { status: 'out-of-order' }),
    room('701', { type: 'family' }),
    room('202', { quiet: true, smoking: true }),
  ];

  it('offers only clean vacant rooms of the wanted type, by room number when nothing else differs', () => {
    expect(nos(suggestRooms(rooms, { roomType: 'king', prefs: prefs() }, 10))).toEqual(['201', '305', '408', '202', '502']);
    expect(nos(suggestRooms(rooms, { roomType: 'family', prefs: prefs() }))).toEqual(['701']);
    expect(suggestRooms(rooms, { roomType: 'economy-twin', prefs: prefs() })).toEqual([]);
  });

  it('never offers a non-smoker a smoking room before a non-smoking one, even a quiet high one', () => {
    const got = nos(suggestRooms(rooms, { roomType: 'king', prefs: prefs({ quiet: true, floor: 'high' }) }, 10));
    expect(got).toEqual(['408', '305', '201', '202', '502']);
  });

  it('offers a smoker smoking rooms first', () => {
    const got = nos(suggestRooms(rooms, { roomType: 'king', prefs: prefs({ smoking: true }) }, 10));
    expect(got).toEqual(['202', '502', '201', '305', '408']);
  });

  it('orders by floor: high prefers higher floors, low prefers lower', () => {
    const plain = [room('301'), room('1201'), room('901'), room('101')];
    expect(nos(suggestRooms(plain, { roomType: 'king', prefs: prefs({ floor: 'high' }) }))).toEqual(['1201', '901', '301', '101']);
    expect(nos(suggestRooms(plain, { roomType: 'king', prefs: prefs({ floor: 'low' }) }))).toEqual(['101', '301', '901', '1201']);
    // 'any' falls back to room number order, numerically.
    expect(nos(suggestRooms(plain, { roomType: 'king', prefs: prefs() }))).toEqual(['101', '301', '901', '1201']);
  });

  it('puts a quiet room first for a guest who wants quiet, before floor', () => {
    const list = [room('901'), room('302', { quiet: true }), room('801')];
    const got = nos(suggestRooms(list, { roomType: 'king', prefs: prefs({ quiet: true, floor: 'high' }) }));
    expect(got).toEqual(['302', '901', '801']);
  });

  it('respects the limit (default 5) and refuses a bad one', () => {
    const many = Array.from({ length: 8 }, (_, i) => room(`${i + 1}01`));
    expect(suggestRooms(many, { roomType: 'king', prefs: prefs() })).toHaveLength(5);
    expect(suggestRooms(many, { roomType: 'king', prefs: prefs() }, 2)).toHaveLength(2);
    expect(suggestRooms(many, { roomType: 'king', prefs: prefs() }, 0)).toEqual([]);
    expect(() => suggestRooms(many, { roomType: 'king', prefs: prefs() }, -1)).toThrow(RangeError);
    expect(() => suggestRooms(many, { roomType: 'king', prefs: prefs() }, 1.5)).toThrow(RangeError);
  });

  it('does not reorder its input', () => {
    const input = [room('305'), room('201')];
    suggestRooms(input, { roomType: 'king', prefs: prefs() });
    expect(nos(input)).toEqual(['305', '201']);
  });

  const roomArb = fc.record({
    roomNo: fc.integer({ min: 101, max: 2_999 }).map(String),
    smoking: fc.boolean(),
    quiet: fc.boolean(),
    status: fc.constantFrom(...ROOM_STATUSES),
  }).map((r) => room(r.roomNo, { smoking: r.smoking, quiet: r.quiet, status: r.status }));

  const prefsArb = fc.record({
    floor: fc.constantFrom(...FLOOR_PREFS),
    quiet: fc.boolean(),
  }).map((p) => prefs({ ...p, smoking: false }));

  it('property: for a non-smoker every non-smoking room comes before any smoking room; input order does not matter', () => {
    fc.assert(
      fc.property(fc.uniqueArray(roomArb, { selector: (r) => r.roomNo, maxLength: 30 }), prefsArb, (list, p) => {
        const got = suggestRooms(list, { roomType: 'king', prefs: p }, 100);
        const firstSmoking = got.findIndex((r) => r.smoking);
        const noSmokingAfter = firstSmoking === -1 || got.slice(firstSmoking).every((r) => r.smoking);
        const reversed = suggestRooms([...list].reverse(), { roomType: 'king', prefs: p }, 100);
        return noSmokingAfter && got.every((r) => r.status === 'vacant-clean') && nos(got).join() === nos(reversed).join();
      }),
      { seed: 42, numRuns: 300 },
    );
  });
});

describe('scoreRoom', () => {
  it('ranks a smoking room below any non-smoking room for a non-smoker', () => {
    const worst = scoreRoom(room('101'), prefs({ quiet: true, floor: 'high' }));
    const smokingBest = scoreRoom(room('9901', { smoking: true, quiet: true, floor: 99 }), prefs({ quiet: true, floor: 'high' }));
    expect(smokingBest).toBeLessThan(worst);
  });

  it('ignores quiet when the guest does not ask for it', () => {
    expect(scoreRoom(room('301', { quiet: true }), prefs())).toBe(scoreRoom(room('301'), prefs()));
  });
});

describe('compareRoomNo', () => {
  it('orders numeric room numbers numerically and others as text', () => {
    expect(['1201', '98', '301', '0301'].sort(compareRoomNo)).toEqual(['98', '0301', '301', '1201']);
    expect(['B12', 'A3'].sort(compareRoomNo)).toEqual(['A3', 'B12']);
  });
});

describe('validateRoomForCheckIn', () => {
  const reservation = { roomType: 'king' as const };

  it.each([
    ['vacant-clean', null],
    ['vacant-dirty', 'dirty'],
    ['occupied', 'notVacant'],
    ['out-of-order', 'outOfOrder'],
  ] as const)('a %s room gives %s', (status, expected) => {
    expect(validateRoomForCheckIn(room('301', { status }), reservation)).toBe(expected);
  });

  it('refuses another room type unless allowed', () => {
    const family = room('301', { type: 'family' });
    expect(validateRoomForCheckIn(family, reservation)).toBe('wrongType');
    expect(validateRoomForCheckIn(family, reservation, { allowOtherType: false })).toBe('wrongType');
    expect(validateRoomForCheckIn(family, reservation, { allowOtherType: true })).toBeNull();
  });

  it('reports the room state before the type', () => {
    expect(validateRoomForCheckIn(room('301', { type: 'family', status: 'vacant-dirty' }), reservation)).toBe('dirty');
  });
});
