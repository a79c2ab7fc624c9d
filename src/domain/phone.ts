/** Mainland mobile numbers: 11 digits, 1 then 3–9. One rule for every form. */
export const MOBILE_PATTERN = /^1[3-9]\d{9}$/;

export function isMobile(phone: string): boolean {
  return MOBILE_PATTERN.test(phone);
}
