/**
 * The stays a member's profile lists under 最近入住. The branch database holds
 * reservations for this branch only, while the points ledger is chain-wide:
 * a stay at another branch is known here only by its 'stay' ledger line
 * (posted at checkout, on the departure date, with the nights it paid
 * points for). Listing reservations alone made the profile say "no stays"
 * beside a ledger full of stay points; both sources are merged here.
 */
import { addDays } from './dates';
import type { IsoDate, LedgerEntry, Reservation, ReservationStatus, RoomType } from './model';

export interface StaySummary {
  reservationId: string;
  branchId: string;
  /** At this branch (a reservation here), or known only from the ledger. */
  here: boolean;
  arrivalDate: IsoDate;
  nights: number;
  roomType: RoomType | '';
  roomNo: string;
  status: ReservationStatus;
}

type StayLine = Pick<LedgerEntry, 'rule' | 'reservationId' | 'branchId' | 'businessDate' | 'params'>;

export function recentStays(reservations: readonly Reservation[], ledger: readonly StayLine[], limit: number): StaySummary[] {
  const out: StaySummary[] = reservations.map((r) => ({
    reservationId: r.id, branchId: r.branchId, here: true, arrivalDate: r.arrivalDate,
    nights: r.nights + r.extensionNights, roomType: r.roomType, roomNo: r.roomNo, status: r.status,
  }));
  const known = new Set(out.map((s) => s.reservationId));
  for (const l of ledger) {
    if (l.rule !== 'stay' || l.reservationId === '' || known.has(l.reservationId)) continue;
    const nights = typeof l.params['nights'] === 'number' && l.params['nights'] > 0 ? l.params['nights'] : 1;
    known.add(l.reservationId);
    out.push({
      reservationId: l.reservationId, branchId: l.branchId, here: false, arrivalDate: addDays(l.businessDate, -nights),
      nights, roomType: '', roomNo: '', status: 'checked-out',
    });
  }
  return out.sort((a, b) => (a.arrivalDate < b.arrivalDate ? 1 : a.arrivalDate > b.arrivalDate ? -1 : 0)).slice(0, limit);
}
