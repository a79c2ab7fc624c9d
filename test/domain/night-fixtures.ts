/**
 * Fixtures for the door, door-chain, night-audit and report tests: members,
 * reservations, branch-local instants, WebCrypto SHA-256 and a seeded PRNG.
 */
import { mulberry32 } from '../../src/demo/prng';
import { webcrypto } from 'node:crypto';
import type { Sha256 } from '../../src/domain/door-chain';
import type { Member, Reservation } from '../../src/domain/model';

export const BRANCH = 'sz-futian';
export const DATE = '2026-11-24';
export const TZ = 'Asia/Shanghai';

/** Epoch ms of a Shanghai (UTC+8, no DST) wall-clock time. */
export function sh(date: string, time: string): number {
  return Date.parse(`${date}T${time}:00+08:00`);
}

export function member(over: Partial<Member> = {}): Member {
  return {
    id: 'M1', name: '张小明', nameInitials: 'ZXM', phone: '13812345678', phoneLast4: '5678',
    idNumber: '11010519491231002X', cardNo: '770000000001', cardLost: false, gender: 'M', birthday: '12-31',
    tier: 'silver', joinedAt: sh('2025-01-01', '10:00'), joinFeeFen: 7700, corporate: '',
    prefs: { roomType: 'any', floor: 'any', pillow: 'any', smoking: false, diet: 'none', quiet: false },
    tags: [], lastStayDate: '', stays12m: 1, nights12m: 1, homeBranchId: BRANCH, updatedAt: 1,
    ...over,
  };
}

export function reservation(over: Partial<Reservation> = {}): Reservation {
  return {
    id: 'R1', branchId: BRANCH, memberId: 'M1', guestName: '张小明', guestPhone: '13812345678', guestIdNumber: '',
    bookedForOther: false, channel: 'app', memberRate: true, bookedAt: sh('2026-11-20', '09:00'), arrivalDate: DATE,
    nights: 1, extensionNights: 0, extensionAdvanceOwnChannel: false, roomType: 'king', rateFen: 19_900,
    expectedArrival: '18:00', guaranteePoints: 0, status: 'expected', roomNo: '', checkedInAt: 0, checkInStaffId: '', checkInDeviceId: '', checkedOutAt: 0,
    cancelledAt: 0, note: '', updatedAt: 1,
    ...over,
  };
}

/** SHA-256 through WebCrypto, as the app does it. */
export const sha256: Sha256 = async (data) => new Uint8Array(await webcrypto.subtle.digest('SHA-256', data));

/**
 * The same WebCrypto SHA-256, remembering results by input bytes. A hash is
 * a pure function, so this only saves time when thousands of mostly
 * unchanged events are verified again and again.
 */
export function memoSha256(): Sha256 {
  const seen = new Map<string, Uint8Array>();
  return (data) => {
    const key = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('latin1');
    const hit = seen.get(key);
    if (hit !== undefined) return Promise.resolve(hit);
    return sha256(data).then((digest) => {
      seen.set(key, digest);
      return digest;
    });
  };
}

/** mulberry32 (the demo's seeded PRNG), so every run makes the same events and tampers. */
export const prng = mulberry32;


export function intBelow(rand: () => number, n: number): number {
  return Math.floor(rand() * n);
}

export function pick<T>(rand: () => number, xs: readonly T[]): T {
  const x = xs[intBelow(rand, xs.length)];
  if (x === undefined) throw new Error('pick from an empty list');
  return x;
}

export function shuffled<T>(rand: () => number, xs: readonly T[]): T[] {
  const out = xs.slice();
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = intBelow(rand, i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
