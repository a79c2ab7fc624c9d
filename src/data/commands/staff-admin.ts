/**
 * The manager's staff list: add a staff member, change a name, a role or a
 * PIN, stop or restore an account. A staff record is the one kind of
 * document staff edit in place (the ledger and door events stay immutable);
 * its `updatedAt` decides between two tablets' edits (later wins, the loser
 * in the conflict log).
 *
 * Refused, writing nothing:
 * - a manager stopping or demoting themself (they would lock themself out
 *   mid-task; another manager does it);
 * - any change that leaves the branch without an active manager (nobody
 *   could add staff or resolve exceptions any more);
 * - a name empty or over 32 characters, a PIN the policy refuses.
 * A stopped account cannot sign in or authorise (sign-in and the permission
 * check read `active`); its records keep its name.
 */
import { hashPin, validatePin, ROLES, type PinError, type Role, type Staff } from '../../domain/staff';
import type { FrontDeskDatabase } from '../database';
import { derivePin, randomSalt } from '../crypto';
import { defineCommand } from './registry';

export type UpdateStaffError =
  | { error: 'forbidden' }
  | { error: 'notFound' }
  | { error: 'name' }
  | { error: 'role' }
  | { error: 'pin'; reason: PinError }
  | { error: 'self' }
  | { error: 'lastManager' }
  | { error: 'nothing' };

export interface UpdateStaffInput {
  staffId: string;
  name?: string;
  role?: Role;
  active?: boolean;
  /** A new PIN (stored only as its hash). */
  pin?: string;
  /** PBKDF2 iterations (tests use few); the default is PIN_HASH.iterations. */
  iterations?: number;
}

function checkInput(input: UpdateStaffInput): UpdateStaffError | null {
  if (input.name === undefined && input.role === undefined && input.active === undefined && input.pin === undefined) return { error: 'nothing' };
  if (input.name !== undefined) {
    const name = input.name.trim();
    if (name === '' || name.length > 32) return { error: 'name' };
  }
  if (input.role !== undefined && !(ROLES as readonly string[]).includes(input.role)) return { error: 'role' };
  if (input.pin !== undefined) {
    const check = validatePin(input.pin);
    if (!check.ok) return { error: 'pin', reason: check.error };
  }
  return null;
}

async function activeManagers(db: FrontDeskDatabase, branchId: string): Promise<string[]> {
  const docs = await db.staff.find({ selector: { active: true } }).exec();
  return docs.map((d) => d.toJSON() as Staff).filter((s) => s.role === 'manager' && s.branchId === branchId).map((s) => s.id);
}

export const updateStaff = defineCommand<UpdateStaffInput, Staff, UpdateStaffError>({
  name: 'updateStaff',
  permission: 'manageStaff',
  forbidden: { error: 'forbidden' },
  validate: checkInput,
  run: async (db: FrontDeskDatabase, input, ctx) => {
    const doc = await db.staff.findOne(input.staffId).exec();
    if (!doc) return { ok: false, error: { error: 'notFound' } };
    const before = doc.toJSON() as Staff;
    const after: Staff = {
      ...before,
      ...(input.name !== undefined ? { name: input.name.trim() } : {}),
      ...(input.role !== undefined ? { role: input.role } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
    };
    const losesManager = before.active && before.role === 'manager' && (!after.active || after.role !== 'manager');
    if (losesManager && before.id === ctx.staffId) return { ok: false, error: { error: 'self' } };
    if (losesManager && (await activeManagers(db, before.branchId)).filter((id) => id !== before.id).length === 0) {
      return { ok: false, error: { error: 'lastManager' } };
    }
    if (!after.active && before.id === ctx.staffId) return { ok: false, error: { error: 'self' } };
    const pin = input.pin !== undefined ? await hashPin(input.pin, randomSalt(), derivePin, input.iterations) : before.pin;
    const staff: Staff = { ...after, pin, updatedAt: Math.max(ctx.now(), before.updatedAt + 1) };
    await doc.incrementalPatch({ name: staff.name, role: staff.role, active: staff.active, pin: staff.pin, updatedAt: staff.updatedAt });
    return { ok: true, value: staff };
  },
});
