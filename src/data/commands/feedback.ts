import type { FeedbackKind } from '../../domain/model';
import { suggestionAdoptedLine } from '../../domain/points';
import type { Rules } from '../../domain/rules';
import type { FrontDeskDatabase } from '../database';
import { commitAtomically } from '../journal';
import { requireBranch, toLedgerEntry, type CommandContext } from './context';
import { defineCommand } from './registry';

export const FEEDBACK_MAX_LENGTH = 1000;
export type FeedbackError = 'forbidden' | 'empty' | 'tooLong' | 'memberNotFound';

export interface FeedbackInput {
  memberId: string;
  kind: FeedbackKind;
  text: string;
}

export const addFeedback = defineCommand<FeedbackInput, { id: string }, FeedbackError>({
  name: 'addFeedback',
  permission: 'recordFeedback',
  forbidden: 'forbidden',
  validate: (input) => {
    const text = input.text.trim();
    return text === '' ? 'empty' : text.length > FEEDBACK_MAX_LENGTH ? 'tooLong' : null;
  },
  run: async (db: FrontDeskDatabase, input: FeedbackInput, ctx: CommandContext) => {
    const text = input.text.trim();
    if (!(await db.members.findOne(input.memberId).exec())) return { ok: false, error: 'memberNotFound' };
    const branch = await requireBranch(db);
    const id = ctx.newId();
    await db.feedback.insert({
      id, memberId: input.memberId, branchId: branch.id, kind: input.kind, text, createdAt: ctx.now(),
      adopted: false, adoptedAt: 0, staffId: ctx.staffId, deviceId: ctx.deviceId,
    });
    return { ok: true, value: { id } };
  },
});

export type AdoptError = 'forbidden' | 'notFound' | 'notSuggestion' | 'alreadyAdopted' | 'ownSuggestion';

/**
 * Mark a suggestion adopted and award its points, together. Four eyes: the
 * staff member who recorded the suggestion cannot adopt it (+points) too;
 * another one does.
 */
export const adoptSuggestion = defineCommand<string, { points: number }, AdoptError>({
  name: 'adoptSuggestion',
  permission: 'adoptSuggestion',
  forbidden: 'forbidden',
  run: async (db: FrontDeskDatabase, feedbackId: string, ctx: CommandContext, rules: Rules) => {
    const doc = await db.feedback.findOne(feedbackId).exec();
    if (!doc) return { ok: false, error: 'notFound' };
    const fb = doc.toJSON();
    if (fb.kind !== 'suggestion') return { ok: false, error: 'notSuggestion' };
    if (fb.adopted) return { ok: false, error: 'alreadyAdopted' };
    if (fb.staffId === ctx.staffId) return { ok: false, error: 'ownSuggestion' };
    const branch = await requireBranch(db);
    const now = ctx.now();
    const line = suggestionAdoptedLine(fb.id, rules);
    await commitAtomically(db, 'adopt-suggestion', [
      { collection: 'feedback', mode: 'upsert', docs: [{ ...fb, adopted: true, adoptedAt: now }] },
      { collection: 'ledger', mode: 'insert', docs: [toLedgerEntry(line, {
        memberId: fb.memberId, branchId: branch.id, reservationId: '', businessDate: branch.businessDate, now, ctx,
      })] },
    ], ctx.newId(), now);
    return { ok: true, value: { points: line.points } };
  },
});
