/**
 * The week's invariants (./week-invariants.ts) can fail: a sound snapshot
 * passes each, and each deliberately broken one is caught with its reason.
 */
import { describe, expect, it } from 'vitest';
import { auditProblems, businessDateProblems, ledgerProblems, roomProblems, unknownReservations, type AuditRecord, type WeekSnapshot } from './week-invariants';
import { BRANCH_ID, BUSINESS_DATE, entry, smallBranch } from '../support/fixtures';
import type { Reservation } from '../../src/domain/model';
import { auditNoShows } from '../../src/domain/night-audit';
import { DEFAULT_RULES } from '../../src/domain/rules';

const NEXT = '2026-11-24';

function sound(): WeekSnapshot {
  const data = smallBranch();
  // The audit of the business date has run: every expected arrival is a no-show.
  const reservations = data.reservations.map((r): Reservation => (r.arrivalDate === BUSINESS_DATE && r.status === 'expected' ? { ...r, status: 'no-show' } : r));
  const base = { reservations, members: data.members };
  // What the audit's rule makes of them, as the audit command records it.
  const items = auditNoShows({ ...base, members: new Map(data.members.map((m) => [m.id, m])), businessDate: BUSINESS_DATE }, DEFAULT_RULES);
  const noShows = items.filter((i) => i.outcome.kind !== 'exempt').length;
  const penalties = -items.reduce((sum, i) => sum + i.points, 0);
  const record: AuditRecord = { id: `${BRANCH_ID}:${BUSINESS_DATE}`, businessDate: BUSINESS_DATE, noShows, penalties };
  return { ...base, rooms: data.rooms, ledger: data.ledger, branchBusinessDate: BUSINESS_DATE, audits: [record] };
}

describe('the week\'s invariants', () => {
  it('pass on a sound day', () => {
    const s = sound();
    expect(roomProblems(s)).toEqual([]);
    expect(ledgerProblems(s, new Map())).toEqual([]);
    expect(unknownReservations(s, { initial: new Set(s.reservations.map((r) => r.id)), feed: new Set(), desk: new Set() })).toEqual([]);
    expect(auditProblems(s, BUSINESS_DATE)).toEqual([]);
    expect(businessDateProblems(s, BUSINESS_DATE, BUSINESS_DATE)).toEqual([]);
  });

  it('catch a room in two minds: occupied by nobody, a stay in no room, a dirty room naming a guest', () => {
    const s = sound();
    const inHouse = s.reservations.find((r) => r.status === 'checked-in')!;
    const rooms = s.rooms.map((r) => (r.reservationId === inHouse.id ? { ...r, status: 'vacant-dirty' as const } : r));
    expect(roomProblems({ ...s, rooms })).toEqual([
      `room ${inHouse.roomNo}: vacant-dirty but names stay ${inHouse.id}`,
      `stay ${inHouse.id} (${inHouse.guestName}) is in house in room ${inHouse.roomNo}, but that room is not occupied by it`,
    ]);
    const empty = s.rooms.map((r) => (r.status === 'vacant-clean' ? { ...r, status: 'occupied' as const } : r));
    expect(roomProblems({ ...s, rooms: empty }).some((p) => p.endsWith('occupied by nobody'))).toBe(true);
    const twice = [...s.rooms, { ...s.rooms.find((r) => r.reservationId === inHouse.id)!, roomNo: '999', id: `${BRANCH_ID}:999` }];
    expect(roomProblems({ ...s, rooms: twice })).toContain(`stay ${inHouse.id} occupies rooms ${inHouse.roomNo} and 999`);
  });

  it('catch a balance the desk shows that is not the sum of the ledger, and a line on no member', () => {
    const s = sound();
    const m = s.members[0]!;
    const sum = s.ledger.filter((l) => l.memberId === m.id).reduce((a, l) => a + l.points, 0);
    expect(ledgerProblems(s, new Map([[m.id, sum]]))).toEqual([]);
    expect(ledgerProblems(s, new Map([[m.id, sum + 200]]))).toEqual([`member ${m.id}: the desk shows ${sum + 200} points, the ledger sums to ${sum}`]);
    const stray = [...s.ledger, entry({ id: 'L-stray', memberId: 'M999999999', points: 7 })];
    expect(ledgerProblems({ ...s, ledger: stray }, new Map())).toEqual(['ledger line L-stray: no member M999999999']);
  });

  it('catch a reservation nobody made', () => {
    const s = sound();
    const [first, ...rest] = s.reservations;
    expect(unknownReservations(s, { initial: new Set(rest.map((r) => r.id)), feed: new Set(), desk: new Set() }))
      .toEqual([`reservation ${first!.id} (${first!.guestName}, ${first!.arrivalDate}, ${first!.status}) was made by nobody`]);
    expect(unknownReservations(s, { initial: new Set(rest.map((r) => r.id)), feed: new Set(), desk: new Set([first!.id]) })).toEqual([]);
  });

  it('catch an audit whose counts disagree with the reservations, or an arrival left expected', () => {
    const s = sound();
    const record = s.audits[0]!;
    expect(auditProblems({ ...s, audits: [{ ...record, noShows: record.noShows + 1 }] }, BUSINESS_DATE))
      .toEqual([`${BUSINESS_DATE}: the audit recorded ${record.noShows + 1} no-shows, the reservations make ${record.noShows}`]);
    expect(auditProblems({ ...s, audits: [{ ...record, penalties: record.penalties + 300 }] }, BUSINESS_DATE))
      .toEqual([`${BUSINESS_DATE}: the audit recorded ${record.penalties + 300} penalty points, the reservations make ${record.penalties}`]);
    const left = s.reservations.map((r) => (r.arrivalDate === BUSINESS_DATE && r.status === 'no-show' ? { ...r, status: 'expected' as const } : r));
    expect(auditProblems({ ...s, reservations: left }, BUSINESS_DATE)).toContain(`${BUSINESS_DATE}: ${left.filter((r) => r.arrivalDate === BUSINESS_DATE && r.status === 'expected').length} arrivals still expected after the audit`);
    expect(auditProblems({ ...s, audits: [] }, BUSINESS_DATE)).toEqual([`0 audit records for ${BUSINESS_DATE}`]);
  });

  it('catch a business date that moved twice or not at all', () => {
    const s = sound();
    const record = s.audits[0]!;
    expect(businessDateProblems({ ...s, audits: [] }, BUSINESS_DATE, BUSINESS_DATE))
      .toEqual([`closed days (none), expected ${BUSINESS_DATE}`, `the open business date is ${BUSINESS_DATE}, expected ${NEXT}`]);
    expect(businessDateProblems({ ...s, audits: [record, { ...record, id: 'x', businessDate: NEXT }] }, BUSINESS_DATE, BUSINESS_DATE))
      .toEqual([`closed days ${BUSINESS_DATE}, ${NEXT}, expected ${BUSINESS_DATE}`, `the open business date is 2026-11-25, expected ${NEXT}`]);
  });
});
