import { describe, expect, it } from 'vitest';
import {
  DOOR_EVENT_FIELDS, DOOR_REASONS, decideDoorAccess, departureDate, doorEventDraft, isDoorModeTime, reasonAllows,
} from '../../src/domain/door';
import type { DoorAccessInput } from '../../src/domain/door';
import { chainDoorEvent } from '../../src/domain/door-chain';
import { BRANCH, DATE, member, reservation, sha256 } from './night-fixtures';

function decide(over: Partial<DoorAccessInput> = {}) {
  return decideDoorAccess({ member: member(), reservations: [], businessDate: DATE, nowLocalTime: '23:40', ...over });
}

describe('decideDoorAccess', () => {
  it('denies an unknown card', () => {
    expect(decide({ member: null })).toEqual({ decision: 'denied', reason: 'unknown-card', roomNo: '' });
  });

  it('grants an in-house guest, with the room', () => {
    const r = reservation({ status: 'checked-in', roomNo: '808', arrivalDate: '2026-11-23', nights: 3 });
    expect(decide({ reservations: [r] })).toEqual({ decision: 'granted', reason: 'in-house', roomNo: '808' });
  });

  it('denies a card reported lost even while its member is in house', () => {
    const r = reservation({ status: 'checked-in', roomNo: '808' });
    expect(decide({ member: member({ cardLost: true }), reservations: [r] }))
      .toEqual({ decision: 'denied', reason: 'card-lost', roomNo: '' });
  });

  it('grants a guaranteed late arrival for tonight, at any hour of the night', () => {
    const r = reservation({ guaranteePoints: 1000, expectedArrival: '21:00' });
    for (const nowLocalTime of ['23:00', '23:59', '00:30', '05:59']) {
      expect(decide({ reservations: [r], nowLocalTime })).toEqual({ decision: 'granted', reason: 'guaranteed-arrival', roomNo: '' });
    }
  });

  it('does not let in an expected arrival without a guarantee, or a guarantee for another night', () => {
    expect(decide({ reservations: [reservation()] }).reason).toBe('no-stay-tonight');
    expect(decide({ reservations: [reservation({ guaranteePoints: 500, arrivalDate: '2026-11-25' })] }).reason).toBe('no-stay-tonight');
    expect(decide({ reservations: [reservation({ guaranteePoints: 500, status: 'no-show' })] }).reason).toBe('no-stay-tonight');
    expect(decide({ reservations: [reservation({ guaranteePoints: 500, status: 'cancelled' })] }).reason).toBe('no-stay-tonight');
  });

  it('denies a guest who checked out today (or left early), naming the room', () => {
    const today = reservation({ status: 'checked-out', roomNo: '305', arrivalDate: '2026-11-22', nights: 2 });
    expect(departureDate(today)).toBe(DATE);
    expect(decide({ reservations: [today] })).toEqual({ decision: 'denied', reason: 'checked-out', roomNo: '305' });
    const early = reservation({ status: 'checked-out', roomNo: '306', arrivalDate: '2026-11-23', nights: 4 });
    expect(decide({ reservations: [early] }).reason).toBe('checked-out');
  });

  it('denies a member whose stays are all in the past or future', () => {
    const past = reservation({ status: 'checked-out', roomNo: '305', arrivalDate: '2026-11-20', nights: 2 });
    const extendedPast = reservation({ id: 'R2', status: 'checked-out', arrivalDate: '2026-11-20', nights: 2, extensionNights: 1 });
    expect(departureDate(extendedPast)).toBe('2026-11-23');
    const future = reservation({ id: 'R3', arrivalDate: '2026-12-01' });
    expect(decide({ reservations: [past, extendedPast, future] })).toEqual({ decision: 'denied', reason: 'no-stay-tonight', roomNo: '' });
    expect(decide({ reservations: [] }).reason).toBe('no-stay-tonight');
  });

  it('prefers in house over a guarantee over checked out', () => {
    const out = reservation({ id: 'A', status: 'checked-out', roomNo: '101', arrivalDate: '2026-11-23' });
    const guaranteed = reservation({ id: 'B', guaranteePoints: 500 });
    const inHouse = reservation({ id: 'C', status: 'checked-in', roomNo: '909' });
    expect(decide({ reservations: [out, guaranteed, inHouse] }).reason).toBe('in-house');
    expect(decide({ reservations: [out, guaranteed] }).reason).toBe('guaranteed-arrival');
  });

  it('reports the same room whatever the input order', () => {
    const a = reservation({ id: 'A', status: 'checked-in', roomNo: '512' });
    const b = reservation({ id: 'B', status: 'checked-in', roomNo: '210' });
    expect(decide({ reservations: [a, b] }).roomNo).toBe('210');
    expect(decide({ reservations: [b, a] }).roomNo).toBe('210');
  });

  it('ignores other members\' and, when told the branch, other branches\' reservations', () => {
    const someoneElse = reservation({ memberId: 'M2', status: 'checked-in', roomNo: '808' });
    expect(decide({ reservations: [someoneElse] }).reason).toBe('no-stay-tonight');
    const elsewhere = reservation({ branchId: 'gz-tianhe', status: 'checked-in', roomNo: '808' });
    expect(decide({ reservations: [elsewhere], branchId: BRANCH }).reason).toBe('no-stay-tonight');
    expect(decide({ reservations: [elsewhere] }).reason).toBe('in-house');
  });

  it('refuses a malformed local time', () => {
    expect(() => decide({ nowLocalTime: '24:00' })).toThrow(RangeError);
    expect(() => decide({ nowLocalTime: '9:00' })).toThrow(RangeError);
  });

  it('grants exactly for the granting reasons', () => {
    expect(DOOR_REASONS.filter(reasonAllows)).toEqual(['in-house', 'guaranteed-arrival']);
  });
});

describe('isDoorModeTime', () => {
  it('runs from the 23:00 cut-off through midnight until 06:00', () => {
    expect(isDoorModeTime('22:59')).toBe(false);
    expect(isDoorModeTime('23:00')).toBe(true);
    expect(isDoorModeTime('23:59')).toBe(true);
    expect(isDoorModeTime('00:00')).toBe(true);
    expect(isDoorModeTime('05:59')).toBe(true);
    expect(isDoorModeTime('06:00')).toBe(false);
    expect(isDoorModeTime('12:00')).toBe(false);
  });

  it('takes the cut-off and the morning end as parameters', () => {
    expect(isDoorModeTime('22:30', '22:30', '07:00')).toBe(true);
    expect(isDoorModeTime('06:30', '22:30', '07:00')).toBe(true);
    expect(isDoorModeTime('07:00', '22:30', '07:00')).toBe(false);
    // A cut-off after midnight is a plain interval.
    expect(isDoorModeTime('00:29', '00:30', '06:00')).toBe(false);
    expect(isDoorModeTime('00:30', '00:30', '06:00')).toBe(true);
    expect(isDoorModeTime('23:30', '00:30', '06:00')).toBe(false);
    expect(isDoorModeTime('03:00', '06:00', '06:00')).toBe(false);
    expect(() => isDoorModeTime('25:00')).toThrow(RangeError);
  });
});

describe('doorEventDraft', () => {
  const ctx = { id: 'D1', branchId: BRANCH, deviceId: 'door-1', at: 1_000, businessDate: DATE, cardNo: '770000000001', staffId: 'S-night' };

  it('records the swipe, the member and the decision; chaining adds seq, prevHash and hash', async () => {
    const m = member();
    const draft = doorEventDraft(ctx, m, { decision: 'granted', reason: 'in-house', roomNo: '808' });
    expect(draft).toMatchObject({ memberId: 'M1', memberName: '张小明', roomNo: '808', staffId: 'S-night', deviceId: 'door-1' });
    const event = await chainDoorEvent(null, draft, sha256);
    expect(Object.keys(event).sort()).toEqual([...DOOR_EVENT_FIELDS].sort());
    expect(Object.keys(event).some((k) => k.startsWith('_'))).toBe(false);
  });

  it('leaves member fields empty for an unknown card and refuses a contradictory decision', () => {
    const draft = doorEventDraft(ctx, null, { decision: 'denied', reason: 'unknown-card', roomNo: '' });
    expect(draft.memberId).toBe('');
    expect(draft.memberName).toBe('');
    expect(() => doorEventDraft(ctx, null, { decision: 'granted', reason: 'card-lost', roomNo: '' })).toThrow(RangeError);
    expect(() => doorEventDraft(ctx, null, { decision: 'denied', reason: 'in-house', roomNo: '' })).toThrow(RangeError);
  });
});
