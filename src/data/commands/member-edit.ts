import { editMember, type MemberChanges } from '../../domain/merge';
import type { Member, Preferences } from '../../domain/model';
import { isMobile, normalizePhone } from '../../domain/phone';
import type { FrontDeskDatabase } from '../database';
import type { CommandContext } from './context';
import { defineCommand } from './registry';

export type MemberEditError = 'forbidden' | 'memberNotFound' | 'phoneFormat' | 'phoneTaken';

export interface MemberEditInput {
  memberId: string;
  phone?: string;
  prefs?: Partial<Preferences>;
}

/**
 * Edit a member's phone and preferences at the desk. Each changed field
 * carries its own edit time, so when two tablets edited different fields
 * offline, both edits survive the sync (see domain/merge.ts).
 */
export const updateMemberProfile = defineCommand<MemberEditInput, Member, MemberEditError>({
  name: 'updateMemberProfile',
  permission: 'editMember',
  forbidden: 'forbidden',
  run: async (db: FrontDeskDatabase, input: MemberEditInput, ctx: CommandContext) => {
    const doc = await db.members.findOne(input.memberId).exec();
    if (!doc) return { ok: false, error: 'memberNotFound' };
    const member = doc.toJSON() as Member;
    const changes: MemberChanges = {};
    if (input.phone !== undefined) {
      const phone = normalizePhone(input.phone);
      if (!isMobile(phone)) return { ok: false, error: 'phoneFormat' };
      if (phone !== member.phone) {
        const other = await db.members.findOne({ selector: { phone } }).exec();
        if (other && other.id !== member.id) return { ok: false, error: 'phoneTaken' };
        changes.phone = phone;
        changes.phoneLast4 = phone.slice(-4);
      }
    }
    if (input.prefs) changes.prefs = input.prefs;
    const next = editMember(member, changes, ctx.now());
    if (next !== member) await db.members.upsert(next);
    return { ok: true, value: next };
  },
});
