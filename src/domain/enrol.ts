/**
 * Enrolling a guest as a 7天会 member at the desk. Pure: the caller passes
 * the time, the initials (from its pinyin dictionary) and whether the card
 * number is already taken.
 *
 * Member numbers: the desk may be offline, so it cannot ask the chain for
 * the next number. The physical card is pre-printed with a number unique
 * across the chain, so the member number is derived from it: `M` + the
 * card's last 10 digits. Legacy members keep their `M` + 9-digit numbers;
 * the two forms can never collide.
 */
import { isCardNumber } from './card-swipe';
import { validateIdNumber, type IdNumberError } from './id-number';
import type { EpochMs, IsoDate, Member } from './model';
import { isMobile, normalizePhone } from './phone';
import type { Rules } from './rules';

export interface EnrolInput {
  name: string;
  phone: string;
  idNumberRaw: string;
  cardNo: string;
  feeWaived: boolean;
}

export type EnrolField = 'name' | 'phone' | 'idNumber' | 'cardNo';
export type EnrolError =
  | { field: 'name'; code: 'required' | 'invalid' }
  | { field: 'phone'; code: 'required' | 'invalid' }
  | { field: 'idNumber'; code: IdNumberError }
  | { field: 'cardNo'; code: 'required' | 'invalid' | 'taken' };

const HAN_NAME = /^[\u3400-\u9fff·]{2,16}$/u;

export function memberNoForCard(cardNo: string): string {
  return `M${cardNo.slice(-10)}`;
}

export function validateEnrol(input: EnrolInput, today: IsoDate, cardTaken: boolean): EnrolError[] {
  const errors: EnrolError[] = [];
  const name = input.name.trim();
  if (name === '') errors.push({ field: 'name', code: 'required' });
  else if (!HAN_NAME.test(name)) errors.push({ field: 'name', code: 'invalid' });
  const phone = normalizePhone(input.phone);
  if (phone === '') errors.push({ field: 'phone', code: 'required' });
  else if (!isMobile(phone)) errors.push({ field: 'phone', code: 'invalid' });
  const id = validateIdNumber(input.idNumberRaw, today);
  if (!id.ok) errors.push({ field: 'idNumber', code: id.error });
  const card = input.cardNo.trim();
  if (card === '') errors.push({ field: 'cardNo', code: 'required' });
  else if (!isCardNumber(card)) errors.push({ field: 'cardNo', code: 'invalid' });
  else if (cardTaken) errors.push({ field: 'cardNo', code: 'taken' });
  return errors;
}

/** The new member document; call only after `validateEnrol` returned no errors. */
export function planEnrol(
  input: EnrolInput,
  ctx: { today: IsoDate; now: EpochMs; initials: string; branchId: string; rules: Rules },
): Member {
  const id = validateIdNumber(input.idNumberRaw, ctx.today);
  if (!id.ok) throw new RangeError(`Invalid ID number [${JSON.stringify(input.idNumberRaw)}]: ${id.error}.`);
  const phone = normalizePhone(input.phone);
  const cardNo = input.cardNo.trim();
  return {
    id: memberNoForCard(cardNo),
    name: input.name.trim(),
    nameInitials: ctx.initials,
    phone,
    phoneLast4: phone.slice(-4),
    idNumber: id.value,
    cardNo,
    cardLost: false,
    gender: id.gender,
    birthday: id.birthDate.slice(5),
    tier: 'registered',
    joinedAt: ctx.now,
    joinFeeFen: input.feeWaived ? 0 : ctx.rules.joinFeeFen,
    corporate: '',
    prefs: { roomType: 'any', floor: 'any', pillow: 'any', smoking: false, diet: 'none', quiet: false },
    tags: [],
    lastStayDate: '',
    stays12m: 0,
    nights12m: 0,
    homeBranchId: ctx.branchId,
    updatedAt: ctx.now,
  };
}
