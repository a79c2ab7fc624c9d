import { planCheckOut } from '../../domain/checkin';
import { localDateOf } from '../../domain/dates';
import { vouchersEarned, voucherLine, type PaidStay } from '../../domain/ledger';
import type { Member, Reservation, Room } from '../../domain/model';
import { computeStayEarnings, isNewMemberBonusEligible, tierFor, type EarnLine, type StayEarnings } from '../../domain/points';
import { DEFAULT_RULES, type Rules } from '../../domain/rules';
import { nightsStayedBy, type NightsStayed } from '../../domain/stay-change';
import { editMember } from '../../domain/merge';
import type { FrontDeskDatabase } from '../database';
import { commitAtomically, type JournalWrite } from '../journal';
import { requireBranch, toLedgerEntry, type CommandContext } from './context';
import { defineCommand } from './registry';

export interface CheckOutPreview {
  reservation: Reservation;
  member: Member | null;
  /** Nights booked and stayed: fewer stayed is an early departure, and the points follow the nights stayed. */
  nights: NightsStayed;
  earnings: StayEarnings;
  /** All lines the checkout posts, voucher included. */
  lines: EarnLine[];
}

export type CheckOutError = 'forbidden' | 'notFound' | 'notCheckedIn' | 'roomMismatch';

async function preview(db: FrontDeskDatabase, reservationId: string, now: number, rules: Rules) {
  const resDoc = await db.reservations.findOne(reservationId).exec();
  if (!resDoc) return null;
  const reservation = resDoc.toJSON() as Reservation;
  const branch = await requireBranch(db);
  // A stay already checked out keeps what it recorded; one in house is counted to today's business date.
  const nights: NightsStayed = reservation.status === 'checked-out'
    ? { booked: reservation.nights + reservation.extensionNights, stayed: reservation.nightsStayed ?? reservation.nights + reservation.extensionNights, early: reservation.nightsStayed !== undefined }
    : nightsStayedBy(reservation, branch.businessDate);
  const memberDoc = reservation.memberId ? await db.members.findOne(reservation.memberId).exec() : null;
  const member = memberDoc ? (memberDoc.toJSON() as Member) : null;
  const past = member
    ? (await db.reservations.find({ selector: { memberId: member.id, status: 'checked-out' } }).exec()).map((d) => d.toJSON() as Reservation)
    : [];
  const staysSinceJoin = member ? past.filter((r) => r.checkedOutAt >= member.joinedAt).length : 0;
  const earnings = computeStayEarnings({
    reservationId: reservation.id,
    memberId: member ? member.id : '',
    branchId: reservation.branchId,
    channel: reservation.channel,
    memberRate: reservation.memberRate,
    nights: reservation.nights,
    extensionNights: reservation.extensionNights,
    extensionAdvanceOwnChannel: reservation.extensionAdvanceOwnChannel,
    rateFen: reservation.rateFen,
    bookedForOther: reservation.bookedForOther,
    tier: member ? member.tier : 'registered',
    newMemberEligible: member ? isNewMemberBonusEligible(member.joinedAt, staysSinceJoin, now, rules) : false,
    ...(nights.early ? { nightsStayed: nights.stayed } : {}),
  }, rules);
  const lines = [...earnings.lines];
  if (member) {
    const paid: PaidStay[] = past.map((r) => ({ reservationId: r.id, checkoutAt: r.checkedOutAt, paidNights: r.nightsStayed ?? r.nights + r.extensionNights }));
    paid.push({ reservationId: reservation.id, checkoutAt: now, paidNights: nights.stayed });
    const voucher = voucherLine(reservation.id, vouchersEarned(paid, reservation.id, rules), rules);
    if (voucher) lines.push(voucher);
  }
  return { reservation, member, nights, earnings, lines };
}

/** What the checkout will post, for the clerk to read to the guest before confirming. */
export async function previewCheckOut(db: FrontDeskDatabase, reservationId: string, now: number, rules: Rules = DEFAULT_RULES): Promise<CheckOutPreview | null> {
  return preview(db, reservationId, now, rules);
}

/**
 * Check out: the reservation, the room (to be cleaned), the member's stay
 * statistics and the stay's ledger lines are written together. The lines
 * have deterministic ids, so the same checkout posted twice (a retry, or
 * another tablet) adds nothing.
 */
export const checkOut = defineCommand<string, CheckOutPreview, CheckOutError>({
  name: 'checkOut',
  permission: 'checkOut',
  forbidden: 'forbidden',
  run: async (db: FrontDeskDatabase, reservationId: string, ctx: CommandContext, rules: Rules) => {
    const branch = await requireBranch(db);
    const now = ctx.now();
    const p = await preview(db, reservationId, now, rules);
    if (!p) return { ok: false, error: 'notFound' };
    const roomDoc = await db.rooms.findOne(`${p.reservation.branchId}:${p.reservation.roomNo}`).exec();
    if (!roomDoc) return { ok: false, error: p.reservation.status === 'checked-in' ? 'roomMismatch' : 'notCheckedIn' };
    const plan = planCheckOut(p.reservation, roomDoc.toJSON() as Room, now, p.nights.early ? p.nights.stayed : undefined);
    if (!plan.ok) return { ok: false, error: plan.error };

    const writes: JournalWrite[] = [
      { collection: 'reservations', mode: 'upsert', docs: [plan.reservation] },
      { collection: 'rooms', mode: 'upsert', docs: [plan.room] },
    ];
    if (p.member) {
      const nights = p.nights.stayed;
      const stays12m = p.member.stays12m + 1;
      const nights12m = p.member.nights12m + nights;
      // Only the stay counters and tier change (per-field times, so another
      // tablet's offline edit of, say, the phone survives the merge).
      writes.push({ collection: 'members', mode: 'upsert', docs: [editMember(p.member, {
        stays12m, nights12m, lastStayDate: localDateOf(now, branch.timeZone),
        tier: tierFor(stays12m, nights12m, p.member.tier, rules),
      }, now)] });
      const memberId = p.member.id;
      writes.push({ collection: 'ledger', mode: 'insert', docs: p.lines.map((line) => toLedgerEntry(line, {
        memberId, branchId: branch.id, reservationId: p.reservation.id, businessDate: branch.businessDate, now, ctx,
      })) });
    }
    await commitAtomically(db, 'check-out', writes, ctx.newId(), now);
    return { ok: true, value: { ...p, reservation: plan.reservation } };
  },
});
