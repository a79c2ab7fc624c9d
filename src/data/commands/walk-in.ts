import { planWalkIn, type WalkInError } from '../../domain/checkin';
import type { RoomType } from '../../domain/model';
import type { FrontDeskDatabase } from '../database';
import { exclusive, requireBranch, type CommandContext, type CommandResult } from './context';

/** A reservation for the guest at the desk; checked in next through the normal check-in. */
export function createWalkIn(
  db: FrontDeskDatabase,
  input: { memberId: string; guestName: string; guestPhone: string; roomType: RoomType; nights: number; rateFen: number },
  ctx: CommandContext,
): Promise<CommandResult<{ reservationId: string }, WalkInError[]>> {
  return exclusive(db, async () => {
    const branch = await requireBranch(db);
    const plan = planWalkIn({ ...input, id: `W-${ctx.newId()}`, branchId: branch.id, businessDate: branch.businessDate, now: ctx.now(), timeZone: branch.timeZone });
    if (!plan.ok) return { ok: false, error: plan.errors };
    await db.reservations.insert(plan.reservation);
    return { ok: true, value: { reservationId: plan.reservation.id } };
  });
}
