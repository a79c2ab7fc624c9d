import { hashPin, isLocked, lockRemainingMs, registerFailure, registerSuccess, UNLOCKED, validatePin, verifyPin, can, type Action, type PinError, type Role, type Staff } from '../../domain/staff';
import type { FrontDeskDatabase } from '../database';
import { derivePin, randomSalt } from '../crypto';
import { exclusive, type CommandContext, type CommandResult } from './context';

export type SignInError =
  | { error: 'unknown' }
  | { error: 'locked'; remainingMs: number }
  | { error: 'wrongPin'; attemptsLeft: number };

const MAX_FAILURES = 5;

/**
 * Switch the tablet to a staff member by PIN, offline. Failures are counted
 * per device (local state); after five the account is locked for a while
 * on this tablet.
 */
export function signIn(
  db: FrontDeskDatabase,
  staffId: string,
  pin: string,
  ctx: Pick<CommandContext, 'now'>,
): Promise<CommandResult<Staff, SignInError>> {
  return exclusive(db, async () => {
    const doc = await db.staff.findOne(staffId).exec();
    if (!doc || !doc.active) return { ok: false, error: { error: 'unknown' } };
    const staff = doc.toJSON() as Staff;
    const now = ctx.now();
    const lockId = `lock:${staffId}`;
    const lockDoc = await db.deviceState.findOne(lockId).exec();
    const state = lockDoc ? { failures: lockDoc.failures, lockedUntil: lockDoc.lockedUntil } : UNLOCKED;
    if (isLocked(state, now)) return { ok: false, error: { error: 'locked', remainingMs: lockRemainingMs(state, now) } };
    const good = await verifyPin(pin, staff.pin, derivePin);
    const next = good ? registerSuccess(state) : registerFailure(state, now);
    await db.deviceState.upsert({ id: lockId, ...next, headSeq: -1, headHash: '' });
    if (good) return { ok: true, value: staff };
    if (isLocked(next, now)) return { ok: false, error: { error: 'locked', remainingMs: lockRemainingMs(next, now) } };
    return { ok: false, error: { error: 'wrongPin', attemptsLeft: Math.max(0, MAX_FAILURES - next.failures) } };
  });
}

/** The staff member acting, if allowed to do `action`; the data layer's own check behind the UI's. */
export async function requirePermission(db: FrontDeskDatabase, ctx: CommandContext, action: Action): Promise<Staff | null> {
  const doc = await db.staff.findOne(ctx.staffId).exec();
  if (!doc || !doc.active) return null;
  const staff = doc.toJSON() as Staff;
  return can(staff.role, action) ? staff : null;
}

export type CreateStaffError = { error: 'forbidden' } | { error: 'name' } | { error: 'pin'; reason: PinError };

export function createStaff(
  db: FrontDeskDatabase,
  input: { id: string; branchId: string; name: string; role: Role; pin: string },
  ctx: CommandContext | null,
  iterations?: number,
): Promise<CommandResult<Staff, CreateStaffError>> {
  return exclusive(db, async () => {
    // The first staff member of a device being set up needs no one's permission.
    if (ctx && (await db.staff.count().exec()) > 0 && !(await requirePermission(db, ctx, 'manageStaff'))) {
      return { ok: false, error: { error: 'forbidden' } };
    }
    const name = input.name.trim();
    if (name === '' || name.length > 32) return { ok: false, error: { error: 'name' } };
    const check = validatePin(input.pin);
    if (!check.ok) return { ok: false, error: { error: 'pin', reason: check.error } };
    const pin = await hashPin(input.pin, randomSalt(), derivePin, iterations);
    const staff: Staff = { id: input.id, branchId: input.branchId, name, role: input.role, pin, active: true, updatedAt: ctx ? ctx.now() : 0 };
    await db.staff.upsert(staff);
    return { ok: true, value: staff };
  });
}
