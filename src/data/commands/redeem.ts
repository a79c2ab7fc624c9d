import { balance } from '../../domain/ledger';
import { checkOfflineRedemption, spentOfflineSince, type OfflineRedemptionCheck } from '../../domain/offline-redemption';
import { redeem as planRedeem, type RedemptionCheck } from '../../domain/redemption';
import type { RedemptionItem, Rules } from '../../domain/rules';
import { compensatingEntry, type CompensationError } from '../../domain/overdraft';
import type { ReviewRecord } from '../../domain/review';
import type { FrontDeskDatabase } from '../database';
import { commitAtomically } from '../journal';
import { ledgerOnce } from '../queries';
import { authoriser, requireBranch, toLedgerEntry, type CommandContext } from './context';
import { defineCommand } from './registry';

export type RedeemError =
  | Exclude<RedemptionCheck, { ok: true }>
  | Exclude<OfflineRedemptionCheck, { ok: true }>
  | { error: 'memberNotFound' }
  | { error: 'forbidden' };

export interface RedeemInput {
  memberId: string;
  item: RedemptionItem;
  quantity: number;
}

/**
 * Redeem points at the desk. The balance is read and the line written
 * inside one exclusive section, so two quick taps cannot both spend the
 * same points. A refusal writes nothing.
 */
export const redeemPoints = defineCommand<RedeemInput, { balanceAfter: number; cost: number }, RedeemError>({
  name: 'redeemPoints',
  permission: 'redeem',
  forbidden: { error: 'forbidden' },
  run: async (db: FrontDeskDatabase, input: RedeemInput, ctx: CommandContext, rules: Rules) => {
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
  },
});

export type ReverseRedemptionError = 'forbidden' | 'memberNotFound' | CompensationError;

export interface ReverseRedemptionInput {
  memberId: string;
  lineId: string;
}

/**
 * Undo a redemption made by mistake: the manager posts the compensating
 * reversal line (+its points, rule 'adjust.reversal', the same line the
 * overdraft review uses), never an edit of the original. A resolution
 * record says who undid it. Needs 'resolveExceptions'; refusals write nothing.
 */
export const reverseRedemption = defineCommand<ReverseRedemptionInput, { entryId: string; points: number; balanceAfter: number }, ReverseRedemptionError>({
  name: 'reverseRedemption',
  permission: 'resolveExceptions',
  forbidden: 'forbidden',
  run: async (db: FrontDeskDatabase, input: ReverseRedemptionInput, ctx: CommandContext) => {
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
      refId: input.memberId, createdAt: now, deviceId: ctx.deviceId, staffId: ctx.staffId, ...authoriser(ctx),
      detail: { how: 'reversal', lineId: input.lineId, entryId: entry.id, points: entry.points, balanceBefore: result.balanceBefore, note: '' },
    };
    await commitAtomically(db, 'reverse-redemption', [
      { collection: 'ledger', mode: 'insert', docs: [entry] },
      { collection: 'reviews', mode: 'insert', docs: [record] },
    ], ctx.newId(), now);
    return { ok: true, value: { entryId: entry.id, points: entry.points, balanceAfter: result.balanceAfter } };
  },
});
