/**
 * The manager's answers in the sync review. Nothing is ever edited: an
 * overdraft is answered by a compensating ledger line (src/domain/overdraft)
 * plus a 'resolution' record saying who did it and why; a conflict or a
 * server rejection by a 'resolution' record pointing at it. Both need the
 * 'resolveExceptions' permission; a refusal writes nothing.
 */
import { balance } from '../../domain/ledger';
import { compensatingEntry, type CompensationError, type CompensationKind } from '../../domain/overdraft';
import type { ReviewRecord } from '../../domain/review';
import type { FrontDeskDatabase } from '../database';
import { commitAtomically } from '../journal';
import { ledgerOnce } from '../queries';
import { authoriser, requireBranch, toLedgerEntry, type CommandContext } from './context';
import { defineCommand } from './registry';

export const REVIEW_NOTE_MAX_LENGTH = 200;

export type ResolveOverdraftError = 'forbidden' | 'noteTooLong' | 'memberNotFound' | CompensationError;
export type AcknowledgeError = 'forbidden' | 'noteTooLong' | 'notFound' | 'notAcknowledgeable' | 'alreadyResolved';
/** Every error code of this file (the screen has a text for each). */
export type ReviewError = ResolveOverdraftError | AcknowledgeError;

function cleanNote(note: string): string | null {
  const text = note.trim();
  return text.length > REVIEW_NOTE_MAX_LENGTH ? null : text;
}

function resolutionRecord(
  fields: Pick<ReviewRecord, 'branchId' | 'docCollection' | 'docId' | 'refId' | 'detail'>,
  now: number,
  ctx: CommandContext,
): ReviewRecord {
  // Not deterministic on purpose: two managers' notes on the same matter both survive a sync.
  return { id: `resolution:${ctx.newId()}`, kind: 'resolution', ...fields, createdAt: now, deviceId: ctx.deviceId, staffId: ctx.staffId, ...authoriser(ctx) };
}

/**
 * Answer a member's overdraft: reverse one redemption (`lineId`) or write
 * off what is left. The compensating line and the resolution record are
 * written together. Refused unless the balance is below zero now.
 */
export interface ResolveOverdraftInput {
  memberId: string;
  how: CompensationKind;
  lineId?: string;
  note: string;
}

export const resolveOverdraft = defineCommand<ResolveOverdraftInput, { entryId: string; points: number; balanceAfter: number }, ResolveOverdraftError>({
  name: 'resolveOverdraft',
  permission: 'resolveExceptions',
  forbidden: 'forbidden',
  validate: (input) => (cleanNote(input.note) === null ? 'noteTooLong' : null),
  run: async (db: FrontDeskDatabase, input: ResolveOverdraftInput, ctx: CommandContext) => {
    const note = cleanNote(input.note) ?? '';
    if (!(await db.members.findOne(input.memberId).exec())) return { ok: false, error: 'memberNotFound' };
    const lines = await ledgerOnce(db, input.memberId);
    if (balance(lines) >= 0) return { ok: false, error: 'notOverdrawn' };
    const result = compensatingEntry(input.how, {
      memberId: input.memberId, lines, ...(input.lineId === undefined ? {} : { lineId: input.lineId }),
    });
    if (!result.ok) return { ok: false, error: result.error };
    const branch = await requireBranch(db);
    const now = ctx.now();
    const entry = toLedgerEntry(result.line, {
      memberId: input.memberId, branchId: branch.id, reservationId: '', businessDate: branch.businessDate, now, ctx,
    });
    const record = resolutionRecord({
      branchId: branch.id, docCollection: 'members', docId: input.memberId, refId: input.memberId,
      detail: {
        how: input.how, lineId: input.how === 'reversal' ? (input.lineId ?? '') : '', entryId: entry.id,
        points: entry.points, balanceBefore: result.balanceBefore, note,
      },
    }, now, ctx);
    await commitAtomically(db, `resolve-overdraft-${input.how}`, [
      { collection: 'ledger', mode: 'insert', docs: [entry] },
      { collection: 'reviews', mode: 'insert', docs: [record] },
    ], ctx.newId(), now);
    return { ok: true, value: { entryId: entry.id, points: entry.points, balanceAfter: result.balanceAfter } };
  },
});

/** Mark a conflict or a server rejection as seen and dealt with (once). */
export const acknowledgeReview = defineCommand<{ reviewId: string; note: string }, { id: string }, AcknowledgeError>({
  name: 'acknowledgeReview',
  permission: 'resolveExceptions',
  forbidden: 'forbidden',
  validate: (input) => (cleanNote(input.note) === null ? 'noteTooLong' : null),
  run: async (db: FrontDeskDatabase, input: { reviewId: string; note: string }, ctx: CommandContext) => {
    const note = cleanNote(input.note) ?? '';
    const doc = await db.reviews.findOne(input.reviewId).exec();
    if (!doc) return { ok: false, error: 'notFound' };
    const target = doc.toJSON() as ReviewRecord;
    if (target.kind !== 'conflict' && target.kind !== 'rejected') return { ok: false, error: 'notAcknowledgeable' };
    const answered = await db.reviews.findOne({ selector: { kind: 'resolution', refId: target.id } }).exec();
    if (answered) return { ok: false, error: 'alreadyResolved' };
    const branch = await requireBranch(db);
    const record = resolutionRecord({
      branchId: branch.id, docCollection: target.docCollection, docId: target.docId, refId: target.id,
      detail: { how: 'acknowledge', of: target.kind, note },
    }, ctx.now(), ctx);
    await db.reviews.insert(record);
    return { ok: true, value: { id: record.id } };
  },
});
