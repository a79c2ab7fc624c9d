import { balance } from '../../domain/ledger';
import { checkOfflineRedemption, spentOfflineSince, type OfflineRedemptionCheck } from '../../domain/offline-redemption';
import { redeem as planRedeem, type RedemptionCheck } from '../../domain/redemption';
import { DEFAULT_RULES, type RedemptionItem, type Rules } from '../../domain/rules';
import { compensatingEntry, type CompensationError } from '../../domain/overdraft';
import type { ReviewRecord } from '../../domain/review';
import type { FrontDeskDatabase } from '../database';
import { commitAtomically } from '../journal';
import { ledgerOnce } from '../queries';
import { exclusive, requireBranch, toLedgerEntry, type CommandContext, type CommandResult } from './context';
import { requirePermission } from './staff';

export type RedeemError =
  | Exclude<RedemptionCheck, { ok: true }>
  | Exclude<OfflineRedemptionCheck, { ok: true }>
  | { error: 'memberNotFound' };

/**
 * Redeem points at the desk. The balance is read and the line written
 * inside one exclusive section, so two quick taps cannot both spend the
 * same points. A refusal writes nothing.
 */
export function redeemPoints(
  db: FrontDeskDatabase,
  input: { memberId: string; item: RedemptionItem; quantity: number },
  ctx: CommandContext,
  rules: Rules = DEFAULT_RULES,
): Promise<CommandResult<{ balanceAfter: number; cost: number }, RedeemError>> {
  return exclusive(db, async () => {
    const member = await db.members.findOne(input.memberId).exec();
    if (!member) return { ok: false, error: { error: 'memberNotFound' } };
    const branch = await requireBranch(db);
    const lines = await ledgerOnce(db, input.memberId);
    const before = balance(lines);
    const result = planRedeem(before, ctx.newId(), input.item, input.quantity, rules);
    if (!result.ok) return { ok: false, error: result.check };
    const now = ctx.now();
    // Offline, a tablet that shares its ledger spends only within the limits (no double-spend past them).
    const standing = ctx.syncStanding?.() ?? { kind: 'standalone' as const };
    const spentOffline = standing.kind === 'synced' ? spentOfflineSince(lines, ctx.deviceId, standing.confirmedAt) : 0;
    const offline = checkOfflineRedemption({ standing, cost: -result.line.points, now, spentOffline }, rules);
    if (!offline.ok) return { ok: false, error: offline };
    await db.ledger.insert(toLedgerEntry(result.line, {
      memberId: input.memberId, branchId: branch.id, reservationId: '', businessDate: branch.businessDate, now, ctx,
    }));
    return { ok: true, value: { balanceAfter: before + result.line.points, cost: -result.line.points } };
  });
}

export type ReverseRedemptionError = 'forbidden' | 'memberNotFound' | CompensationError;

/**
 * Undo a redemption made by mistake: the manager posts the compensating
 * reversal line (+its points, rule 'adjust.reversal', the same line the
 * overdraft review uses), never an edit of the original. A resolution
 * record says who undid it. Needs 'resolveExceptions'; refusals write nothing.
 */
export function reverseRedemption(
  db: FrontDeskDatabase,
  input: { memberId: string; lineId: string },
  ctx: CommandContext,
): Promise<CommandResult<{ entryId: string; points: number; balanceAfter: number }, ReverseRedemptionError>> {
  return exclusive(db, async () => {
    if (!(await requirePermission(db, ctx, 'resolveExceptions'))) return { ok: false, error: 'forbidden' };
    if (!(await db.members.findOne(input.memberId).exec())) return { ok: false, error: 'memberNotFound' };
    const lines = await ledgerOnce(db, input.memberId);
    const result = compensatingEntry('reversal', { memberId: input.memberId, lines, lineId: input.lineId });
    if (!result.ok) return { ok: false, error: result.error };
    const branch = await requireBranch(db);
    const now = ctx.now();
    const entry = toLedgerEntry(result.line, {
      memberId: input.memberId, branchId: branch.id, reservationId: '', businessDate: branch.businessDate, now, ctx,
    });
    const record: ReviewRecord = {
      id: `resolution:${ctx.newId()}`, kind: 'resolution', branchId: branch.id, docCollection: 'members', docId: input.memberId,
      refId: input.memberId, createdAt: now, deviceId: ctx.deviceId, staffId: ctx.staffId,
      detail: { how: 'reversal', lineId: input.lineId, entryId: entry.id, points: entry.points, balanceBefore: result.balanceBefore, note: '' },
    };
    await commitAtomically(db, 'reverse-redemption', [
      { collection: 'ledger', mode: 'insert', docs: [entry] },
      { collection: 'reviews', mode: 'insert', docs: [record] },
    ], ctx.newId(), now);
    return { ok: true, value: { entryId: entry.id, points: entry.points, balanceAfter: result.balanceAfter } };
  });
}
