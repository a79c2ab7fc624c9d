import { planCheckIn, planWalkIn, type CheckInError } from '../../domain/checkin';
import { localDateOf } from '../../domain/dates';
import { planEnrol, validateEnrol, type EnrolError, type EnrolInput } from '../../domain/enrol';
import { guaranteeReleaseLine } from '../../domain/guarantee';
import { normaliseIdNumber } from '../../domain/id-number';
import type { Member, Reservation, Room } from '../../domain/model';
import type { Rules } from '../../domain/rules';
import type { FrontDeskDatabase } from '../database';
import { commitAtomically, type JournalWrite } from '../journal';
import { pinyinInitials } from '../pinyin';
import { requireBranch, toLedgerEntry, type CommandContext } from './context';
import { defineCommand } from './registry';

export type CheckInCommandError =
  | CheckInError
  | EnrolError
  | { field: 'reservation'; code: 'notFound' }
  | { field: 'idNumber'; code: 'notMembersId' | 'alreadyMember' }
  | { field: 'staff'; code: 'forbidden' };

export interface CheckInCommand {
  reservationId: string;
  roomId: string;
  idNumberRaw: string;
  /** Give a room of another type than booked (an upgrade, or none of the booked type is free). */
  allowOtherType?: boolean;
  /** Enrol the (non-member) guest as a member in the same change. */
  enrol?: Omit<EnrolInput, 'idNumberRaw'>;
  /**
   * A walk-in's draft reservation (from `draftWalkIn`, id = reservationId),
   * stored only now, in the same change as the check-in.
   */
  walkIn?: Reservation;
}

/**
 * Check a guest in: the reservation, the room, a new member profile (when
 * enrolling) and the release of a late-arrival guarantee are written
 * together through the journal, or nothing is written.
 */
export const checkIn = defineCommand<CheckInCommand, { reservation: Reservation; member: Member | null }, CheckInCommandError[]>({
  name: 'checkIn',
  permission: 'checkIn',
  alsoNeeds: (input) => (input.enrol ? ['enrol'] : []),
  forbidden: [{ field: 'staff', code: 'forbidden' }],
  run: async (db: FrontDeskDatabase, input: CheckInCommand, ctx: CommandContext, rules: Rules) => {
    const branch = await requireBranch(db);
    const resDoc = await db.reservations.findOne(input.reservationId).exec();
    let reservation: Reservation;
    if (input.walkIn) {
      // Planned again from the draft's fields: the command checks what it stores.
      const w = input.walkIn;
      if (w.id !== input.reservationId) throw new RangeError(`Invalid walk-in draft [${JSON.stringify(w.id)}]: not reservation ${JSON.stringify(input.reservationId)}.`);
      // Already stored: this draft was checked in before (a second tap).
      if (resDoc) return { ok: false, error: [{ field: 'reservation', code: 'alreadyCheckedIn' }] };
      const replanned = planWalkIn({
        id: w.id, branchId: branch.id, businessDate: branch.businessDate, memberId: w.memberId, guestName: w.guestName,
        guestPhone: w.guestPhone, roomType: w.roomType, nights: w.nights, rateFen: w.rateFen, now: ctx.now(), timeZone: branch.timeZone,
      }, rules);
      // The draft passed the same check moments ago: a refusal now is a programming error, not input.
      if (!replanned.ok) throw new RangeError(`Invalid walk-in draft [${JSON.stringify(replanned.errors)}].`);
      reservation = replanned.reservation;
    } else {
      if (!resDoc) return { ok: false, error: [{ field: 'reservation', code: 'notFound' }] };
      reservation = resDoc.toJSON() as Reservation;
    }
    const roomDoc = input.roomId ? await db.rooms.findOne(input.roomId).exec() : null;
    const room = roomDoc ? (roomDoc.toJSON() as Room) : null;
    const now = ctx.now();
    const today = localDateOf(now, branch.timeZone);
    const errors: CheckInCommandError[] = [];

    let enrolled: Member | null = null;
    if (input.enrol) {
      const enrolInput: EnrolInput = { ...input.enrol, idNumberRaw: input.idNumberRaw };
      const taken = (await db.members.count({ selector: { cardNo: enrolInput.cardNo.trim() } }).exec()) > 0;
      const enrolErrors = validateEnrol(enrolInput, today, taken);
      errors.push(...enrolErrors.filter((e) => e.field !== 'idNumber')); // the ID is checked once, below
      const idOk = enrolErrors.every((e) => e.field !== 'idNumber');
      const existing = idOk ? await db.members.findOne({ selector: { idNumber: normaliseIdNumber(enrolInput.idNumberRaw) } }).exec() : null;
      if (existing) errors.push({ field: 'idNumber', code: 'alreadyMember' });
      if (enrolErrors.length === 0 && !existing) {
        const initials = await pinyinInitials(enrolInput.name.trim());
        enrolled = planEnrol(enrolInput, { today, now, initials, branchId: branch.id, rules });
        reservation = { ...reservation, memberId: enrolled.id, memberRate: true };
      }
    }

    const plan = planCheckIn({
      reservation, businessDate: branch.businessDate, room, idNumberRaw: input.idNumberRaw, today,
      allowOtherType: input.allowOtherType === true,
      now, staffId: ctx.staffId, deviceId: ctx.deviceId,
    });
    if (!plan.ok) errors.push(...plan.errors);

    // A member checking in for themself must show their own ID card.
    const member = reservation.memberId && !enrolled ? await db.members.findOne(reservation.memberId).exec() : null;
    if (plan.ok && member && !reservation.bookedForOther && member.idNumber !== plan.reservation.guestIdNumber) {
      errors.push({ field: 'idNumber', code: 'notMembersId' });
    }
    if (errors.length > 0 || !plan.ok) return { ok: false, error: errors };

    const writes: JournalWrite[] = [];
    if (enrolled) writes.push({ collection: 'members', mode: 'insert', docs: [enrolled] });
    writes.push({ collection: 'reservations', mode: input.walkIn ? 'insert' : 'upsert', docs: [plan.reservation] });
    writes.push({ collection: 'rooms', mode: 'upsert', docs: [plan.room] });
    if (reservation.guaranteePoints > 0 && reservation.memberId) {
      const hold = await db.ledger.findOne(`${reservation.id}:guarantee.hold`).exec();
      if (hold) {
        const line = guaranteeReleaseLine(reservation.id, -hold.points);
        writes.push({ collection: 'ledger', mode: 'insert', docs: [toLedgerEntry(line, {
          memberId: reservation.memberId, branchId: branch.id, reservationId: reservation.id,
          businessDate: branch.businessDate, now, ctx,
        })] });
      }
    }
    await commitAtomically(db, 'check-in', writes, ctx.newId(), now);
    return { ok: true, value: { reservation: plan.reservation, member: enrolled } };
  },
});
