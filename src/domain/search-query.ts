/**
 * What the clerk typed in the single member search box: a card number, a
 * member number, an ID number, a phone number or its last four digits, a
 * name (汉字, prefix search) or pinyin initials. Full-width characters
 * (typed with a Chinese IME) are read as their ASCII forms.
 */
import { CARD_NUMBER_PATTERN } from './card-swipe';
import { normaliseIdNumber } from './id-number';

export const SEARCH_KINDS = [
  'cardNo', 'memberNo', 'idNumber', 'phone', 'phoneLast4', 'name', 'initials', 'empty', 'invalid',
] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

export interface SearchQuery {
  kind: SearchKind;
  /** The normalised value to search with ('' for empty). */
  value: string;
}

/** Member numbers: "M" and 9 digits. */
export const MEMBER_NO_PATTERN = /^M\d{9,10}$/; // legacy 9 digits; desk-enrolled M + card digits (see enrol.ts)

const ID_LIKE = /^\d{17}[\dX]$/;
const PHONE = /^1\d{10}$/;
const LAST4 = /^\d{4}$/;
// Han characters, allowing the middle dot of transcribed names (e.g. 买买提·艾力).
const HAN_NAME = /^\p{Script=Han}(?:[\p{Script=Han}·・•]*\p{Script=Han})?$/u;
const INITIALS = /^[A-Za-z]{1,6}$/;
// Spaces and dashes people put inside phone, card and ID numbers.
const SEPARATORS = /[\s-]/g;

/** Full-width ASCII (U+FF01..U+FF5E) to ASCII and the ideographic space to a space. */
export function toHalfWidth(s: string): string {
  let out = '';
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    if (code >= 0xff01 && code <= 0xff5e) out += String.fromCharCode(code - 0xfee0);
    else if (code === 0x3000) out += ' ';
    else out += ch;
  }
  return out;
}

export function classifySearch(raw: string): SearchQuery {
  const text = toHalfWidth(raw).trim();
  if (text === '') return { kind: 'empty', value: '' };

  const compact = text.replace(SEPARATORS, '');
  if (CARD_NUMBER_PATTERN.test(compact)) return { kind: 'cardNo', value: compact };
  const upper = compact.toUpperCase();
  if (MEMBER_NO_PATTERN.test(upper)) return { kind: 'memberNo', value: upper };
  const id = normaliseIdNumber(compact);
  if (ID_LIKE.test(id)) return { kind: 'idNumber', value: id };
  if (PHONE.test(compact)) return { kind: 'phone', value: compact };
  if (LAST4.test(compact)) return { kind: 'phoneLast4', value: compact };
  if (HAN_NAME.test(compact)) return { kind: 'name', value: compact };
  if (INITIALS.test(compact)) return { kind: 'initials', value: upper };
  return { kind: 'invalid', value: text };
}
