/**
 * Invariants every generated demo branch must satisfy, whatever the seed and
 * the time of day. Shared by the example tests and the property test.
 */
import { expect } from 'vitest';
import { validateIdNumber } from '../../src/domain/id-number';
import type { EpochMs, LedgerEntry } from '../../src/domain/model';
import type { DemoBranch } from '../../src/demo/generate';
import { recentStays } from '../../src/domain/member-stays';

export function runningBalancesNeverNegative(ledger: readonly LedgerEntry[]): { memberId: string; at: number; balance: number } | undefined {
  const byMember = new Map<string, LedgerEntry[]>();
  for (const l of ledger) {
    const list = byMember.get(l.memberId) ?? [];
    list.push(l);
    byMember.set(l.memberId, list);
  }
  for (const [memberId, lines] of byMember) {
    let balance = 0;
    for (const l of [...lines].sort((a, b) => a.createdAt - b.createdAt)) {
      balance += l.points;
      if (balance < 0) return { memberId, at: l.createdAt, balance };
    }
  }
  return undefined;
}

export function checkInvariants(d: DemoBranch, now: EpochMs): void {
  const { businessDate } = d.branch;
  const members = new Map(d.members.map((m) => [m.id, m]));

  // Members: identity fields.
  for (const m of d.members) {
    const id = validateIdNumber(m.idNumber, businessDate);
    expect(id.ok, `${m.id} ${m.idNumber}`).toBe(true);
    if (id.ok) {
      expect(id.gender).toBe(m.gender);
      expect(id.birthDate.slice(5)).toBe(m.birthday);
    }
    expect(m.id).toMatch(/^M\d{9}$/);
    expect(m.cardNo).toMatch(/^77\d{10}$/);
    expect(m.phone).toMatch(/^1[3-9]\d{9}$/);
    expect(m.phoneLast4).toBe(m.phone.slice(-4));
    expect(m.nameInitials).toMatch(/^[A-Z]+$/);
    expect(m.joinedAt).toBeLessThanOrEqual(now);
    expect(m.updatedAt).toBeLessThanOrEqual(now);
    expect([0, 7700]).toContain(m.joinFeeFen);
    if (m.lastStayDate !== '') expect(m.lastStayDate <= businessDate).toBe(true);
  }
  expect(new Set(d.members.map((m) => m.cardNo)).size).toBe(d.members.length);
  expect(new Set(d.members.map((m) => m.id)).size).toBe(d.members.length);

  // Reservations.
  expect(new Set(d.reservations.map((r) => r.id)).size).toBe(d.reservations.length);
  for (const r of d.reservations) {
    expect(r.bookedAt).toBeLessThanOrEqual(now);
    expect(r.updatedAt).toBeLessThanOrEqual(now);
    if (r.memberId === '') expect(['ota', 'group-buy']).toContain(r.channel);
    else expect(r.bookedAt).toBeGreaterThan(members.get(r.memberId)?.joinedAt ?? Infinity);
    expect(r.memberRate).toBe(r.channel !== 'ota' && r.channel !== 'group-buy');
    expect(r.guaranteePoints % 500).toBe(0);
    if (r.bookedForOther) expect(r.guestName).not.toBe(members.get(r.memberId)?.name);
    if (r.status === 'checked-in' || r.status === 'checked-out') {
      expect(r.roomNo).not.toBe('');
      expect(r.checkedInAt).toBeGreaterThanOrEqual(r.bookedAt);
      expect(r.checkedInAt).toBeLessThanOrEqual(now);
      expect(validateIdNumber(r.guestIdNumber, businessDate).ok).toBe(true);
    }
    if (r.status === 'checked-out') {
      expect(r.checkedOutAt).toBeGreaterThan(r.checkedInAt);
      expect(r.checkedOutAt).toBeLessThanOrEqual(now);
    }
    if (r.status === 'checked-in') {
      const departure = Date.parse(`${r.arrivalDate}T00:00:00Z`) + (r.nights + r.extensionNights) * 86_400_000;
      expect(departure).toBeGreaterThanOrEqual(Date.parse(`${businessDate}T00:00:00Z`));
    }
    if (r.status === 'cancelled') {
      expect(r.cancelledAt).toBeGreaterThan(r.bookedAt);
      expect(r.cancelledAt).toBeLessThanOrEqual(now);
    }
  }

  // Rooms and in-house guests agree one to one.
  const inHouse = d.reservations.filter((r) => r.status === 'checked-in');
  const occupied = d.rooms.filter((r) => r.status === 'occupied');
  expect(occupied.length).toBe(inHouse.length);
  for (const room of occupied) {
    const guests = inHouse.filter((r) => r.roomNo === room.roomNo);
    expect(guests).toHaveLength(1);
    expect(room.reservationId).toBe(guests[0]?.id);
    expect(room.type).toBe(guests[0]?.roomType);
  }
  for (const r of inHouse) expect(d.rooms.find((room) => room.roomNo === r.roomNo)?.status).toBe('occupied');
  for (const room of d.rooms) {
    expect(room.id).toBe(`${d.branch.id}:${room.roomNo}`);
    expect(room.updatedAt).toBeLessThanOrEqual(now);
    if (room.status !== 'occupied') expect(room.reservationId).toBe('');
  }

  // Ledger.
  expect(new Set(d.ledger.map((l) => l.id)).size).toBe(d.ledger.length);
  expect(runningBalancesNeverNegative(d.ledger)).toBeUndefined();
  for (const l of d.ledger) {
    expect(Number.isSafeInteger(l.points)).toBe(true);
    expect(l.createdAt).toBeLessThanOrEqual(now);
    expect(l.createdAt).toBeGreaterThan(members.get(l.memberId)?.joinedAt ?? Infinity);
    expect(['legacy', 'demo']).toContain(l.deviceId);
    expect(l.staffId).toBe('system');
    expect(l.businessDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  }
  const holds = d.ledger.filter((l) => l.kind === 'hold');
  for (const r of d.reservations.filter((x) => x.guaranteePoints > 0)) {
    expect(r.status).toBe('expected');
    expect(r.expectedArrival <= '23:00').toBe(true);
    const hold = holds.filter((h) => h.reservationId === r.id);
    expect(hold).toHaveLength(1);
    expect(hold[0]?.id).toBe(`${r.id}:guarantee.hold`);
    expect(hold[0]?.points).toBe(-r.guaranteePoints);
  }
  expect(holds.length).toBe(d.reservations.filter((x) => x.guaranteePoints > 0).length);

  // Feedback.
  for (const f of d.feedback) {
    expect(f.createdAt).toBeLessThanOrEqual(now);
    const lines = d.ledger.filter((l) => l.id === `${f.id}:suggestion`);
    expect(lines).toHaveLength(f.adopted ? 1 : 0);
    if (f.adopted) {
      expect(f.kind).toBe('suggestion');
      expect(f.adoptedAt).toBeGreaterThan(f.createdAt);
      expect(f.adoptedAt).toBeLessThanOrEqual(now);
      expect(lines[0]).toMatchObject({ kind: 'earn', rule: 'suggestion', points: 50, memberId: f.memberId });
    }
  }

  // The profile's 最近入住 agrees with the ledger: every stay that earned
  // points (a 'stay' line, at this branch or another) is listed.
  const stayLines = new Map<string, LedgerEntry[]>();
  for (const l of d.ledger) if (l.rule === 'stay') stayLines.set(l.memberId, [...(stayLines.get(l.memberId) ?? []), l]);
  const localStays = new Map<string, typeof d.reservations>();
  for (const r of d.reservations) if (r.memberId !== '') localStays.set(r.memberId, [...(localStays.get(r.memberId) ?? []), r]);
  for (const [memberId, lines] of stayLines) {
    const listed = recentStays(localStays.get(memberId) ?? [], lines, Infinity);
    const ids = new Set(listed.map((s) => s.reservationId));
    for (const l of lines) expect(ids.has(l.reservationId), `${memberId}: the stay ${l.reservationId} in the ledger is not in 最近入住`).toBe(true);
  }
}
