/**
 * Staff on a shared tablet: roles, what each role may do, the PIN policy and
 * the lockout after repeated wrong PINs. Pure: the slow hash (PBKDF2 through
 * WebCrypto in the app) is a `derive` function passed in, time is passed in.
 *
 * Invariants
 * - Roles: front desk (desk work only), night auditor (desk work + door
 *   mode + audit + the audit report), manager (everything). `can(role,
 *   action)` reads the one table `PERMISSIONS`; an unknown role or action is
 *   refused. Decision: adopting a suggestion is desk work (it is how the
 *   existing feedback panel works); resolving exceptions and managing staff
 *   are the manager's only.
 * - PIN: 4–8 ASCII digits, not all the same digit, not a run stepping by +1
 *   or −1 (wrapping 9↔0, so 1234, 4321, 7890 and 0987 are refused).
 * - Stored PIN: never the PIN, only `{ algorithm, iterations, salt, hash }`
 *   (salt and hash lower-case hex) from PBKDF2-SHA-256 with 210,000
 *   iterations (OWASP 2023 figure), a 16-byte random salt from the caller
 *   and a 32-byte key. Verification re-derives with the stored iteration
 *   count and compares the bytes in constant time (no early exit).
 *   Caveat: a slow hash cannot make a 4–8 digit PIN strong against someone
 *   holding a copy of the stored hash; the PIN only guards switching staff
 *   on a tablet already in the branch, and the lockout guards guessing.
 * - Lockout (Assumption: 5 wrong PINs lock for 5 minutes; per staff member
 *   and device): `{ failures, lockedUntil }` is a pure state machine. While
 *   locked, the PIN is not checked at all and a failure changes nothing; the
 *   fifth consecutive failure locks until now + lockMs and starts a new
 *   count; a success clears everything. Lock ends at exactly lockedUntil.
 *   A tablet clock set forward ends a lock early: offline, time is trusted.
 */
import type { EpochMs } from './model';

export const ROLES = ['front-desk', 'night-auditor', 'manager'] as const;
export type Role = (typeof ROLES)[number];

export const ACTIONS = [
  'checkIn', 'checkOut', 'redeem', 'enrol', 'recordFeedback', 'adoptSuggestion', 'editMember', 'manageBookings',
  'reportHousekeeping', 'changeStay',
  'doorMode', 'runAudit', 'viewAuditReport', 'resolveExceptions', 'manageStaff',
] as const;
export type Action = (typeof ACTIONS)[number];

// Decision: housekeeping's report (the clerk marks rooms clean or out of order) and stay
// changes (extend, room move) are desk work, done by whoever is at the desk, day or night.
const DESK: readonly Action[] = [
  'checkIn', 'checkOut', 'redeem', 'enrol', 'recordFeedback', 'adoptSuggestion', 'editMember', 'manageBookings',
  'reportHousekeeping', 'changeStay',
];

export const PERMISSIONS: Readonly<Record<Role, readonly Action[]>> = {
  'front-desk': DESK,
  'night-auditor': [...DESK, 'doorMode', 'runAudit', 'viewAuditReport'],
  manager: ACTIONS,
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function can(role: Role, action: Action): boolean {
  return Object.hasOwn(PERMISSIONS, role) && PERMISSIONS[role].includes(action);
}

/** A staff member as stored (CouchDB-safe field names). */
export interface Staff {
  id: string;
  branchId: string;
  name: string;
  role: Role;
  pin: StoredPin;
  active: boolean;
  updatedAt: EpochMs;
}

export type PinError = 'format' | 'all-same' | 'sequence';
export type PinCheck = { ok: true } | { ok: false; error: PinError };

const PIN_FORMAT = /^[0-9]{4,8}$/;

function steps(pin: string, step: 1 | -1): boolean {
  for (let i = 1; i < pin.length; i += 1) {
    if ((Number(pin[i - 1]) + step + 10) % 10 !== Number(pin[i])) return false;
  }
  return true;
}

export function validatePin(pin: string): PinCheck {
  if (!PIN_FORMAT.test(pin)) return { ok: false, error: 'format' };
  if ([...pin].every((d) => d === pin[0])) return { ok: false, error: 'all-same' };
  if (steps(pin, 1) || steps(pin, -1)) return { ok: false, error: 'sequence' };
  return { ok: true };
}

export const PIN_HASH = {
  algorithm: 'PBKDF2-SHA-256',
  iterations: 210_000,
  saltBytes: 16,
  keyBytes: 32,
} as const;

export interface StoredPin {
  algorithm: typeof PIN_HASH.algorithm;
  iterations: number;
  /** Lower-case hex. */
  salt: string;
  /** Lower-case hex of the derived key. */
  hash: string;
}

/** PBKDF2-SHA-256 of the PIN's UTF-8 bytes with `salt` and `iterations`, PIN_HASH.keyBytes long. */
export type DerivePin = (pin: string, salt: Uint8Array, iterations: number) => Promise<Uint8Array>;

function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return hex;
}

function fromHex(hex: string): Uint8Array | null {
  if (!/^(?:[0-9a-f]{2})*$/.test(hex)) return null;
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i += 1) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/** Compare two byte arrays in time that depends only on their lengths. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length;
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i += 1) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

/**
 * Hash a new PIN for storage. Throws a RangeError for a PIN that fails
 * `validatePin`, a salt shorter than PIN_HASH.saltBytes or a derived key of
 * the wrong length. `iterations` is for tests and for raising the cost later.
 */
export async function hashPin(
  pin: string,
  salt: Uint8Array,
  derive: DerivePin,
  iterations: number = PIN_HASH.iterations,
): Promise<StoredPin> {
  const check = validatePin(pin);
  if (!check.ok) throw new RangeError(`Invalid PIN: ${check.error}.`);
  if (salt.length < PIN_HASH.saltBytes) throw new RangeError(`Invalid salt: at least ${PIN_HASH.saltBytes} bytes.`);
  if (!Number.isSafeInteger(iterations) || iterations < 1) throw new RangeError(`Invalid iterations [${iterations}].`);
  const key = await derive(pin, salt, iterations);
  if (key.length !== PIN_HASH.keyBytes) throw new RangeError(`Invalid derived key: ${key.length} bytes, expected ${PIN_HASH.keyBytes}.`);
  return { algorithm: PIN_HASH.algorithm, iterations, salt: toHex(salt), hash: toHex(key) };
}

/** Is `pin` the stored PIN? False (never a throw) for a malformed stored record. */
export async function verifyPin(pin: string, stored: StoredPin, derive: DerivePin): Promise<boolean> {
  const salt = fromHex(stored.salt);
  const expected = fromHex(stored.hash);
  if (stored.algorithm !== PIN_HASH.algorithm || salt === null || expected === null || expected.length === 0) return false;
  if (!Number.isSafeInteger(stored.iterations) || stored.iterations < 1) return false;
  if (!PIN_FORMAT.test(pin)) return false;
  return constantTimeEqual(await derive(pin, salt, stored.iterations), expected);
}

/** True when the stored PIN used fewer iterations than today's policy (re-hash at the next success). */
export function needsRehash(stored: StoredPin): boolean {
  return stored.algorithm !== PIN_HASH.algorithm || stored.iterations < PIN_HASH.iterations;
}

export interface LockoutPolicy {
  maxFailures: number;
  lockMs: number;
}

/** Assumption: 5 wrong PINs lock the staff member out on that device for 5 minutes. */
export const DEFAULT_LOCKOUT: Readonly<LockoutPolicy> = Object.freeze({ maxFailures: 5, lockMs: 5 * 60_000 });

export interface LockoutState {
  failures: number;
  /** Epoch ms when the lock ends; 0 when not locked. */
  lockedUntil: EpochMs;
}

export const UNLOCKED: Readonly<LockoutState> = Object.freeze({ failures: 0, lockedUntil: 0 });

export function isLocked(state: LockoutState, now: EpochMs): boolean {
  return now < state.lockedUntil;
}

export function registerFailure(state: LockoutState, now: EpochMs, policy: LockoutPolicy = DEFAULT_LOCKOUT): LockoutState {
  if (isLocked(state, now)) return state;
  const failures = state.failures + 1;
  if (failures >= policy.maxFailures) return { failures: 0, lockedUntil: now + policy.lockMs };
  return { failures, lockedUntil: 0 };
}

export function registerSuccess(_state: LockoutState): LockoutState {
  return { failures: 0, lockedUntil: 0 };
}

/** Milliseconds until the lock ends, 0 when not locked (for "try again in 4:12"). */
export function lockRemainingMs(state: LockoutState, now: EpochMs): number {
  return Math.max(0, state.lockedUntil - now);
}
