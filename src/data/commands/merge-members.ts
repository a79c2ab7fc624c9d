/**
 * The manager merges two records of one person (src/domain/member-merge):
 * the merged record's balance moves to the kept one by two new ledger lines,
 * and a resolution record says who merged what. No member document and no
 * ledger line is edited or deleted: both records and all their lines stay.
 */
import { balance } from '../../domain/ledger';
import { mergeBalanceLines } from '../../domain/member-merge';
import type { Member } from '../../domain/model';
import type { ReviewRecord } from '../../domain/review';
import type { FrontDeskDatabase } from '../database';
import { commitAtomically } from '../journal';
import { ledgerOnce } from '../queries';
import { mergedMemberIds } from '../queries-merge';
import { authoriser, requireBranch, toLedgerEntry, type CommandContext } from './context';
import { defineCommand } from './registry';

export type MergeMembersError = 'forbidden' | 'sameMember' | 'memberNotFound' | 'notSamePerson' | 'alreadyMerged';

export interface MergeMembersInput { keepId: string; mergeId: string }

export const mergeMembers = defineCommand<MergeMembersInput, { points: number; lineIds: string[] }, MergeMembersError>({
  name: 'mergeMembers',
  permission: 'resolveExceptions',
  forbidden: 'forbidden',
  validate: (input) => (input.keepId === input.mergeId ? 'sameMember' : null),
  run: async (db: FrontDeskDatabase, input: MergeMembersInput, ctx: CommandContext) => {
    const [keepDoc, mergeDoc] = await Promise.all([db.members.findOne(input.keepId).exec(), db.members.findOne(input.mergeId).exec()]);
    if (!keepDoc || !mergeDoc) return { ok: false, error: 'memberNotFound' };
    const keep = keepDoc.toJSON() as Member;
    const merged = mergeDoc.toJSON() as Member;
    if (!keep.idNumber || keep.idNumber !== merged.idNumber) return { ok: false, error: 'notSamePerson' };
    if ((await mergedMemberIds(db)).has(merged.id)) return { ok: false, error: 'alreadyMerged' };
    const lines = await ledgerOnce(db, merged.id);
    const branch = await requireBranch(db);
    const now = ctx.now();
    const entries = mergeBalanceLines(keep.id, merged.id, lines).map(({ memberId, line }) => toLedgerEntry(line, {
      memberId, branchId: branch.id, reservationId: '', businessDate: branch.businessDate, now, ctx,
    }));
    const record: ReviewRecord = {
      id: `resolution:${ctx.newId()}`, kind: 'resolution', branchId: branch.id, docCollection: 'members', docId: merged.id, refId: keep.id,
      detail: { how: 'merge', from: merged.id, into: keep.id, points: balance(lines), lines: lines.length, entryIds: entries.map((e) => e.id).join(' ') },
      createdAt: now, deviceId: ctx.deviceId, staffId: ctx.staffId, ...authoriser(ctx),
    };
    await commitAtomically(db, 'merge-members', [
      ...(entries.length > 0 ? [{ collection: 'ledger' as const, mode: 'insert' as const, docs: entries }] : []),
      { collection: 'reviews', mode: 'insert', docs: [record] },
    ], ctx.newId(), now);
    return { ok: true, value: { points: balance(lines), lineIds: entries.map((e) => e.id) } };
  },
});
