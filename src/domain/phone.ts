/**
 * Mainland mobile numbers: one rule for every form (walk-in, enrolment,
 * 修改资料). What a clerk may type around the 11 digits (spaces, dashes,
 * full-width digits from a Chinese IME, a +86 prefix) is removed by
 * `normalizePhone` before `isMobile` judges it, and the normalised number is
 * what gets stored, so the same typing is accepted or refused everywhere.
 */
export const MOBILE_PATTERN = /^1[3-9]\d{9}$/;

export function isMobile(phone: string): boolean {
  return MOBILE_PATTERN.test(phone);
}

/** Full-width digits and signs to ASCII; spaces, dashes and a +86 / 0086 prefix dropped. */
export function normalizePhone(raw: string): string {
  const ascii = raw.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
  const compact = ascii.replace(/[\s\-()]/g, '');
  return compact.replace(/^(?:\+86|0086)(?=1\d{10}$)/, '');
}

/** 138****5678: the first 3 and last 4 digits; anything shorter shows only its last 4. */
export function maskPhone(phone: string): string {
  if (phone.length >= 11) return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`;
  return phone.length > 4 ? `${'*'.repeat(phone.length - 4)}${phone.slice(-4)}` : phone;
}

/**
 * A form pre-filled with a member's phone shows it masked (only 修改资料
 * shows the whole number). `shown` is what the field holds now: while it is
 * still the masked pre-fill, the member's number is meant; anything the
 * clerk typed instead is taken as typed.
 */
export function unmaskPhone(shown: string, known: string): string {
  return known !== '' && shown === maskPhone(known) ? known : shown;
}
