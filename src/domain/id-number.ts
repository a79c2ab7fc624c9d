/**
 * Mainland resident ID numbers (居民身份证号码, GB 11643-1999): 17 digits
 * and a check character computed with ISO 7064 MOD 11-2. Pure: "today" is
 * passed in so a birth date in the future can be refused without a clock.
 */
import type { IsoDate } from './model';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/** Province-level codes that the first two digits must name. */
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
  50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
]);

export type IdNumberError =
  | 'empty'
  | 'length'
  | 'characters'
  | 'region'
  | 'birthDate'
  | 'birthInFuture'
  | 'checkChar';

export type IdNumberResult =
  | { ok: true; value: string; birthDate: IsoDate; gender: 'M' | 'F' }
  | { ok: false; error: IdNumberError; value: string };

/** Full-width digits and letters to ASCII, lower-case x to X, spaces removed. */
export function normaliseIdNumber(raw: string): string {
  let out = '';
  for (const ch of raw) {
    const code = ch.codePointAt(0) ?? 0;
    if (code >= 0xff10 && code <= 0xff19) out += String.fromCharCode(code - 0xff10 + 0x30);
    else if (code === 0xff58 || code === 0xff38) out += 'X'; // ｘ Ｘ
    else if (ch === 'x') out += 'X';
    else if (ch === ' ' || ch === '\u3000' || ch === '\t') continue;
    else out += ch;
  }
  return out;
}

/** The check character for the first 17 digits. */
export function idCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) {
    throw new RangeError(`Invalid ID number body [${JSON.stringify(first17)}]: need 17 digits.`);
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS[sum % 11] ?? '';
}

function isRealDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] ?? 0;
  return d <= days;
}

export function validateIdNumber(raw: string, today: IsoDate): IdNumberResult {
  const value = normaliseIdNumber(raw);
  if (value.length === 0) return { ok: false, error: 'empty', value };
  if (value.length !== 18) return { ok: false, error: 'length', value };
  if (!/^\d{17}[\dX]$/.test(value)) return { ok: false, error: 'characters', value };
  if (!PROVINCES.has(Number(value.slice(0, 2)))) return { ok: false, error: 'region', value };
  const y = Number(value.slice(6, 10));
  const m = Number(value.slice(10, 12));
  const d = Number(value.slice(12, 14));
  if (y < 1900 || !isRealDate(y, m, d)) return { ok: false, error: 'birthDate', value };
  const birthDate = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  if (birthDate > today) return { ok: false, error: 'birthInFuture', value };
  if (idCheckChar(value.slice(0, 17)) !== value[17]) return { ok: false, error: 'checkChar', value };
  const gender = Number(value[16]) % 2 === 1 ? 'M' : 'F';
  return { ok: true, value, birthDate, gender };
}
