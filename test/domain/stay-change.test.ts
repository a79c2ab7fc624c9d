/** Extension, early departure and room move as pure plans (src/domain/stay-change.ts). */
import { describe, expect, it } from 'vitest';
import { checkExtension, nightsStayedBy, planExtension, planRoomMove } from '../../src/domain/stay-change';
import { normaliseRoom } from '../../src/domain/room-status';
import { NOW, reservation, room } from '../support/fixtures';

const inHouse = reservation({ id: 'R1', guestName: '李娜', arrivalDate: '2026-11-22', nights: 2, status: 'checked-in', roomNo: '301' });

describe('extension (续住)', () => {
  it('adds the nights up to the new departure, desk or advance own-channel', () => {
    const desk = planExtension(inHouse, { departureDate: '2026-11-26', advanceOwnChannel: false }, NOW);
    expect(desk).toMatchObject({ ok: true, addedNights: 2, reservation: { nights: 2, extensionNights: 2, extensionAdvanceOwnChannel: false } });
    const app = planExtension(inHouse, { departureDate: '2026-11-25', advanceOwnChannel: true }, NOW);
    expect(app).toMatchObject({ ok: true, addedNights: 1, reservation: { extensionNights: 1, extensionAdvanceOwnChannel: true } });
  });

  it('refuses a bad date, a date not after the departure, 0 nights, a stay past 90 nights, mixing kinds, a stay not in house', () => {
    const ext = (departureDate: string, advanceOwnChannel = false, r = inHouse) => checkExtension(r, { departureDate, advanceOwnChannel });
    expect(ext('')).toEqual({ ok: false, error: 'required' });
    expect(ext('2026-13-01')).toEqual({ ok: false, error: 'invalid' });
    expect(ext('2026-11-24')).toEqual({ ok: false, error: 'notLater' }); // 0 nights
    expect(ext('2026-11-20')).toEqual({ ok: false, error: 'notLater' }); // in the past
    expect(ext('2027-12-29')).toEqual({ ok: false, error: 'tooLong' }); // ~400 nights
    expect(ext('2026-11-27', true, { ...inHouse, extensionNights: 1, extensionAdvanceOwnChannel: false })).toEqual({ ok: false, error: 'mixedKind' });
    expect(ext('2026-11-25', false, { ...inHouse, status: 'expected' })).toEqual({ ok: false, error: 'notInHouse' });
  });
});

describe('early departure', () => {
  it('counts the business days stayed, at least 1, at most the nights booked', () => {
    expect(nightsStayedBy(inHouse, '2026-11-23')).toEqual({ booked: 2, stayed: 1, early: true });
    expect(nightsStayedBy(inHouse, '2026-11-22')).toEqual({ booked: 2, stayed: 1, early: true });
    expect(nightsStayedBy(inHouse, '2026-11-24')).toEqual({ booked: 2, stayed: 2, early: false });
    expect(nightsStayedBy(inHouse, '2026-11-30')).toEqual({ booked: 2, stayed: 2, early: false });
    expect(nightsStayedBy({ ...inHouse, extensionNights: 2 }, '2026-11-25')).toEqual({ booked: 4, stayed: 3, early: true });
  });
});

describe('room move (换房)', () => {
  const from = normaliseRoom(room('301', { status: 'occupied', reservationId: 'R1' }));
  const to = normaliseRoom(room('302'));

  it('moves the one stay, records the move, leaves the old room dirty and the new one occupied', () => {
    const plan = planRoomMove({ reservation: inHouse, from, to, reason: ' 空调坏了 ', allowOtherType: false, staffId: 'S1', now: NOW });
    expect(plan).toMatchObject({
      ok: true,
      reservation: { id: 'R1', roomNo: '302', status: 'checked-in', roomMoves: [{ fromRoomNo: '301', toRoomNo: '302', reason: '空调坏了', at: NOW, staffId: 'S1' }] },
      from: { status: 'vacant-dirty', reservationId: '' },
      to: { status: 'occupied', reservationId: 'R1' },
    });
  });

  it('refuses without a reason, into an out-of-order, dirty or occupied room, or into the same room', () => {
    const move = (over: Partial<Parameters<typeof planRoomMove>[0]>) =>
      planRoomMove({ reservation: inHouse, from, to, reason: '噪音', allowOtherType: false, staffId: 'S1', now: NOW, ...over });
    expect(move({ reason: '' })).toEqual({ ok: false, errors: ['reasonRequired'] });
    expect(move({ to: normaliseRoom(room('302', { status: 'out-of-order' })) })).toEqual({ ok: false, errors: ['outOfOrder'] });
    expect(move({ to: normaliseRoom(room('302', { status: 'vacant-dirty' })) })).toEqual({ ok: false, errors: ['dirty'] });
    expect(move({ to: normaliseRoom(room('302', { status: 'occupied', reservationId: 'R2' })) })).toEqual({ ok: false, errors: ['notVacant'] });
    expect(move({ to: from })).toEqual({ ok: false, errors: ['sameRoom'] });
    expect(move({ to: normaliseRoom(room('303', { type: 'family' })) })).toEqual({ ok: false, errors: ['wrongType'] });
  });
});
