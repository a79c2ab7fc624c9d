import { planWalkIn, type WalkInError } from '../../domain/checkin';
import type { Reservation, RoomType } from '../../domain/model';
import type { FrontDeskDatabase } from '../database';
import { requireBranch, type CommandContext, type CommandResult } from './context';

export interface WalkInDraftInput {
  memberId: string;
  guestName: string;
  guestPhone: string;
  roomType: RoomType;
  nights: number;
  rateFen: number;
}

/**
 * The reservation for the guest at the desk, checked but NOT stored: it is
 * written only together with the check-in (`checkIn` with `walkIn`), so a
 * walk-in abandoned at the room step leaves nothing behind (no arrival, no
 * no-show at the night audit).
 */
export async function draftWalkIn(
  db: FrontDeskDatabase,
  input: WalkInDraftInput,
  ctx: CommandContext,
): Promise<CommandResult<{ reservation: Reservation }, WalkInError[]>> {
  const branch = await requireBranch(db);
  const plan = planWalkIn({ ...input, id: `W-${ctx.newId()}`, branchId: branch.id, businessDate: branch.businessDate, now: ctx.now(), timeZone: branch.timeZone });
  if (!plan.ok) return { ok: false, error: plan.errors };
  return { ok: true, value: { reservation: plan.reservation } };
}
