import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ACTIONS, can, constantTimeEqual, DEFAULT_LOCKOUT, hashPin, isLocked, lockRemainingMs, needsRehash, PIN_HASH,
  registerFailure, registerSuccess, ROLES, UNLOCKED, validatePin, verifyPin,
} from '../../src/domain/staff';
import type { Action, DerivePin, LockoutState, Role } from '../../src/domain/staff';

/** PBKDF2-SHA-256 through WebCrypto, as the app does it. */
const derive: DerivePin = async (pin, salt, iterations) => {
  const key = await webcrypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits']);
  const bits = await webcrypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: new Uint8Array(salt), iterations }, key, PIN_HASH.keyBytes * 8,
  );
  return new Uint8Array(bits);
};

const salt = (fill: number): Uint8Array => new Uint8Array(PIN_HASH.saltBytes).fill(fill);
const FAST = 1_000; // iterations for tests; the app uses PIN_HASH.iterations

describe('permissions', () => {
  const expected: Record<Role, Action[]> = {
    'front-desk': ['checkIn', 'checkOut', 'redeem', 'enrol', 'recordFeedback', 'adoptSuggestion', 'editMember', 'manageBookings', 'reportHousekeeping', 'changeStay'],
    'night-auditor': ['checkIn', 'checkOut', 'redeem', 'enrol', 'recordFeedback', 'adoptSuggestion', 'editMember', 'manageBookings', 'reportHousekeeping', 'changeStay', 'doorMode', 'runAudit', 'viewAuditReport'],
    manager: [...ACTIONS],
  };

  it('follows the table for every role and action', () => {
    for (const role of ROLES) {
      for (const action of ACTIONS) expect(can(role, action), `${role} ${action}`).toBe(expected[role].includes(action));
    }
  });

  it('keeps a front-desk clerk from exceptions, the audit and door mode', () => {
    for (const action of ['resolveExceptions', 'runAudit', 'viewAuditReport', 'doorMode', 'manageStaff'] as const) {
      expect(can('front-desk', action)).toBe(false);
    }
    expect(can('night-auditor', 'resolveExceptions')).toBe(false);
    expect(can('night-auditor', 'manageStaff')).toBe(false);
  });

  it('refuses an unknown role or action', () => {
    expect(can('owner' as Role, 'checkIn')).toBe(false);
    expect(can('manager', 'deleteEverything' as Action)).toBe(false);
    expect(can('toString' as Role, 'checkIn')).toBe(false);
  });
});

describe('validatePin', () => {
  it('accepts 4 to 8 digits that are not trivial', () => {
    for (const pin of ['2580', '1357', '8642', '1122', '13572468', '1235', '90210']) expect(validatePin(pin), pin).toEqual({ ok: true });
  });

  it('refuses other lengths and non-digits', () => {
    for (const pin of ['', '123', '975', '123456789', '12a4', ' 2580', '２５８０', '25.8']) {
      expect(validatePin(pin), pin).toEqual({ ok: false, error: 'format' });
    }
  });

  it('refuses one digit repeated and simple runs up or down', () => {
    for (const pin of ['0000', '7777', '55555555']) expect(validatePin(pin)).toEqual({ ok: false, error: 'all-same' });
    for (const pin of ['1234', '4321', '0123', '3210', '12345678', '87654321', '7890', '0987', '89012']) {
      expect(validatePin(pin), pin).toEqual({ ok: false, error: 'sequence' });
    }
  });
});

describe('hashPin and verifyPin (PBKDF2-SHA-256 via WebCrypto)', () => {
  it('stores only the salt and derived key, and verifies the right PIN only', async () => {
    const stored = await hashPin('2580', salt(7), derive, FAST);
    expect(stored).toEqual({ algorithm: 'PBKDF2-SHA-256', iterations: FAST, salt: '07'.repeat(16), hash: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown });
    expect(JSON.stringify(stored)).not.toContain('2580');
    expect(await verifyPin('2580', stored, derive)).toBe(true);
    expect(await verifyPin('2581', stored, derive)).toBe(false);
    expect(await verifyPin('', stored, derive)).toBe(false);
  });

  it('gives a different hash for another salt, and re-derives with the stored iteration count', async () => {
    const a = await hashPin('2580', salt(1), derive, FAST);
    const b = await hashPin('2580', salt(2), derive, FAST);
    expect(a.hash).not.toBe(b.hash);
    expect(await verifyPin('2580', { ...a, iterations: FAST + 1 }, derive)).toBe(false);
  });

  it('uses 210,000 iterations by default and flags weaker records for re-hashing', async () => {
    const stored = await hashPin('2580', salt(3), derive);
    expect(stored.iterations).toBe(210_000);
    expect(await verifyPin('2580', stored, derive)).toBe(true);
    expect(needsRehash(stored)).toBe(false);
    expect(needsRehash({ ...stored, iterations: FAST })).toBe(true);
  }, 30_000);

  it('refuses a weak PIN or a short salt, and a tampered record never verifies', async () => {
    await expect(hashPin('1234', salt(1), derive, FAST)).rejects.toThrow(RangeError);
    await expect(hashPin('2580', new Uint8Array(8), derive, FAST)).rejects.toThrow(RangeError);
    const stored = await hashPin('2580', salt(4), derive, FAST);
    const flipped = (stored.hash[0] === 'a' ? 'b' : 'a') + stored.hash.slice(1);
    expect(await verifyPin('2580', { ...stored, hash: flipped }, derive)).toBe(false);
    expect(await verifyPin('2580', { ...stored, hash: stored.hash.slice(0, 62) }, derive)).toBe(false);
    expect(await verifyPin('2580', { ...stored, salt: 'zz' }, derive)).toBe(false);
    expect(await verifyPin('2580', { ...stored, hash: '' }, derive)).toBe(false);
  });

  it('compares bytes without stopping at the first difference', () => {
    expect(constantTimeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 3]))).toBe(true);
    expect(constantTimeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 4]))).toBe(false);
    expect(constantTimeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2]))).toBe(false);
    expect(constantTimeEqual(new Uint8Array([0]), new Uint8Array([]))).toBe(false);
    expect(constantTimeEqual(new Uint8Array([]), new Uint8Array([]))).toBe(true);
  });
});

describe('lockout after repeated wrong PINs', () => {
  const T = 1_700_000_000_000;
  const fail = (times: number, state: LockoutState = UNLOCKED, at = T): LockoutState => {
    let s = state;
    for (let i = 0; i < times; i += 1) s = registerFailure(s, at + i);
    return s;
  };

  it('locks on the fifth failure for five minutes, not before', () => {
    expect(DEFAULT_LOCKOUT).toEqual({ maxFailures: 5, lockMs: 300_000 });
    const four = fail(4);
    expect(four).toEqual({ failures: 4, lockedUntil: 0 });
    expect(isLocked(four, T + 10)).toBe(false);
    const five = registerFailure(four, T + 10);
    expect(five.lockedUntil).toBe(T + 10 + 300_000);
    expect(isLocked(five, T + 10)).toBe(true);
    expect(isLocked(five, T + 10 + 299_999)).toBe(true);
    expect(lockRemainingMs(five, T + 10 + 60_000)).toBe(240_000);
    expect(isLocked(five, T + 10 + 300_000)).toBe(false);
    expect(lockRemainingMs(five, T + 10 + 300_000)).toBe(0);
  });

  it('ignores failures while locked and starts a new count once the lock ends', () => {
    const locked = fail(5);
    expect(registerFailure(locked, T + 1000)).toBe(locked);
    const after = locked.lockedUntil;
    const again = fail(4, locked, after);
    expect(isLocked(again, after + 4)).toBe(false);
    expect(isLocked(registerFailure(again, after + 5), after + 5)).toBe(true);
  });

  it('a success clears the count', () => {
    const s = registerSuccess(fail(4));
    expect(s).toEqual({ failures: 0, lockedUntil: 0 });
    expect(isLocked(fail(4, s), T + 10)).toBe(false);
  });

  it('follows a policy passed in', () => {
    const policy = { maxFailures: 3, lockMs: 1000 };
    let s: LockoutState = UNLOCKED;
    for (let i = 0; i < 3; i += 1) s = registerFailure(s, T, policy);
    expect(s).toEqual({ failures: 0, lockedUntil: T + 1000 });
  });
});
