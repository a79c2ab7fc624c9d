/**
 * Stay changes at the desk (src/domain/stay-change.ts): an extension (续住),
 * at the desk or recorded as booked in advance through an own channel, and a
 * room move (换房) with a reason, keeping one stay. Early departure is part
 * of the check-out (./checkout.ts).
 */
import type { Reservation, Room } from '../../domain/model';
import {
  checkMoveReason, planExtension, planRoomMove, type ExtensionError, type ExtensionInput, type MoveError,
} from '../../domain/stay-change';
import type { FrontDeskDatabase } from '../database';
import { commitAtomically } from '../journal';
import type { CommandContext } from './context';
import { defineCommand } from './registry';

export interface ExtendStayInput extends ExtensionInput {
  reservationId: string;
}

export type ExtendStayError = ExtensionError | 'forbidden' | 'notFound';

export const extendStay = defineCommand<ExtendStayInput, { reservation: Reservation; addedNights: number }, ExtendStayError>({
  name: 'extendStay',
  permission: 'changeStay',
  forbidden: 'forbidden',
  run: async (db: FrontDeskDatabase, input: ExtendStayInput, ctx: CommandContext) => {
    const doc = await db.reservations.findOne(input.reservationId).exec();
    if (!doc) return { ok: false, error: 'notFound' };
    const plan = planExtension(doc.toJSON() as Reservation, input, ctx.now());
    if (!plan.ok) return plan;
    await db.reservations.upsert(plan.reservation);
    return { ok: true, value: { reservation: plan.reservation, addedNights: plan.addedNights } };
  },
});

export interface MoveRoomInput {
  reservationId: string;
  toRoomId: string;
  reason: string;
  /** A room of another type than booked (an upgrade, or none of the booked type is free). */
  allowOtherType?: boolean;
}

export type MoveRoomError = MoveError | 'forbidden' | 'notFound' | 'roomRequired';

export const moveRoom = defineCommand<MoveRoomInput, { reservation: Reservation; from: Room; to: Room }, MoveRoomError[]>({
  name: 'moveRoom',
  permission: 'changeStay',
  forbidden: ['forbidden'],
  validate: (input) => {
    const errors: MoveRoomError[] = [];
    if (input.toRoomId === '') errors.push('roomRequired');
    const reason = checkMoveReason(input.reason);
    if (reason !== null) errors.push(reason);
    return errors.length > 0 ? errors : null;
  },
  run: async (db: FrontDeskDatabase, input: MoveRoomInput, ctx: CommandContext) => {
    const doc = await db.reservations.findOne(input.reservationId).exec();
    if (!doc) return { ok: false, error: ['notFound'] };
    const reservation = doc.toJSON() as Reservation;
    const [fromDoc, toDoc] = await Promise.all([
      db.rooms.findOne(`${reservation.branchId}:${reservation.roomNo}`).exec(),
      db.rooms.findOne(input.toRoomId).exec(),
    ]);
    if (!toDoc) return { ok: false, error: ['notFound'] };
    if (!fromDoc) return { ok: false, error: [reservation.status === 'checked-in' ? 'roomMismatch' : 'notInHouse'] };
    const now = ctx.now();
    const plan = planRoomMove({
      reservation, from: fromDoc.toJSON() as Room, to: toDoc.toJSON() as Room, reason: input.reason,
      allowOtherType: input.allowOtherType === true, staffId: ctx.staffId, now,
    });
    if (!plan.ok) return { ok: false, error: plan.errors };
    await commitAtomically(db, 'room-move', [
      { collection: 'reservations', mode: 'upsert', docs: [plan.reservation] },
      { collection: 'rooms', mode: 'upsert', docs: [plan.from, plan.to] },
    ], ctx.newId(), now);
    return { ok: true, value: { reservation: plan.reservation, from: plan.from, to: plan.to } };
  },
});
