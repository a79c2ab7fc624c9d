import { can, hashPin, isLocked, lockRemainingMs, registerFailure, registerSuccess, UNLOCKED, validatePin, verifyPin, type Action, type PinError, type Role, type Staff } from '../../domain/staff';
import type { FrontDeskDatabase } from '../database';
import { derivePin, randomSalt } from '../crypto';
import { exclusive, type CommandContext, type CommandResult } from './context';
import { checkPermission, defineCommand } from './registry';

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

export type AuthoriseError = SignInError | { error: 'notAllowed' };

/**
 * A manager's PIN entered in place on a clerk's session: the PIN is checked
 * as at sign-in (the same per-device lock-out), and the staff member must
 * be allowed every one of `actions`. The tablet's session does not change;
 * the caller passes the returned id as `authorisedBy` to ONE command.
 */
export async function authoriseInPlace(
  db: FrontDeskDatabase,
  staffId: string,
  pin: string,
  actions: readonly Action[],
  ctx: Pick<CommandContext, 'now'>,
): Promise<CommandResult<Staff, AuthoriseError>> {
  const res = await signIn(db, staffId, pin, ctx);
  if (!res.ok) return res;
  if (!actions.every((a) => can(res.value.role, a))) return { ok: false, error: { error: 'notAllowed' } };
  return res;
}

/** The staff member acting, if allowed to do `action` (or authorised in place); the data layer's own check behind the UI's. */
export async function requirePermission(db: FrontDeskDatabase, ctx: CommandContext, action: Action): Promise<Staff | null> {
  return (await checkPermission(db, ctx, [action]))?.staff ?? null;
}

export type CreateStaffError = { error: 'forbidden' } | { error: 'name' } | { error: 'pin'; reason: PinError };

export interface CreateStaffInput {
  id: string;
  branchId: string;
  name: string;
  role: Role;
  pin: string;
  /** PBKDF2 iterations (tests use few); the default is PIN_HASH.iterations. */
  iterations?: number;
}

function checkStaffInput(input: CreateStaffInput): CreateStaffError | null {
  const name = input.name.trim();
  if (name === '' || name.length > 32) return { error: 'name' };
  const check = validatePin(input.pin);
  return check.ok ? null : { error: 'pin', reason: check.error };
}

async function writeStaff(db: FrontDeskDatabase, input: CreateStaffInput, updatedAt: number): Promise<Staff> {
  const pin = await hashPin(input.pin, randomSalt(), derivePin, input.iterations);
  const staff: Staff = { id: input.id, branchId: input.branchId, name: input.name.trim(), role: input.role, pin, active: true, updatedAt };
  await db.staff.upsert(staff);
  return staff;
}

const createStaffCommand = defineCommand<CreateStaffInput, Staff, CreateStaffError>({
  name: 'createStaff',
  permission: 'manageStaff',
  forbidden: { error: 'forbidden' },
  // The first staff member of a device being set up needs no one's permission.
  exemptWhen: async (db) => (await db.staff.count().exec()) === 0,
  validate: checkStaffInput,
  run: async (db, input, ctx) => ({ ok: true, value: await writeStaff(db, input, ctx.now()) }),
});

/**
 * Add a staff member: a manager's command. With `ctx` null this is the
 * device set-up path instead (boot's demo staff, test fixtures): it loads
 * the record like `loadBranch` loads the branch, without a permission
 * check, and is never reachable from a screen.
 */
export function createStaff(
  db: FrontDeskDatabase,
  input: Omit<CreateStaffInput, 'iterations'>,
  ctx: CommandContext | null,
  iterations?: number,
): Promise<CommandResult<Staff, CreateStaffError>> {
  const full: CreateStaffInput = iterations === undefined ? input : { ...input, iterations };
  if (ctx) return createStaffCommand(db, full, ctx);
  return exclusive(db, async () => {
    const invalid = checkStaffInput(full);
    if (invalid) return { ok: false, error: invalid };
    return { ok: true, value: await writeStaff(db, full, 0) };
  });
}
