/**
 * The UI texts: Chinese and English have the same keys and placeholders,
 * every key the screens build at run time (`t(\`tier.${tier}\`)`, error
 * codes, preference chips) exists in both languages, every literal key in
 * the source exists, and i18next as configured resolves them, including the
 * ledger texts whose keys contain dots.
 */
import { DAY_PHASES, TALLY_CODES } from '../../src/domain/business-day';
import { DESK_CHANNELS, type BookingError, type BookingStateError, type GuaranteeError } from '../../src/domain/booking';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { zh } from '../../src/i18n/zh';
import { en } from '../../src/i18n/en';
import { createI18n, resources } from '../../src/i18n';
import { CHANNELS, DIETS, FEEDBACK_KINDS, FLOOR_PREFS, PILLOWS, RESERVATION_STATUSES, ROOM_TYPES, TIERS } from '../../src/domain/model';
import type { Preferences } from '../../src/domain/model';
import { HINT_CODES } from '../../src/domain/member-hints';
import { NOTE_CODES, REDEMPTION_ITEMS, RULE_CODES } from '../../src/domain/rules';
import { SEARCH_KINDS } from '../../src/domain/search-query';
import type { IdNumberError } from '../../src/domain/id-number';
import type { RoomCheckInError } from '../../src/domain/rooms';
import type { ReservationStateError, WalkInError } from '../../src/domain/checkin';
import type { EnrolError } from '../../src/domain/enrol';
import type { CheckInCommandError } from '../../src/data/commands/checkin';
import type { CheckOutError } from '../../src/data/commands/checkout';
import type { AdoptError, FeedbackError } from '../../src/data/commands/feedback';
import type { Tab } from '../../src/session/store';
import type { MemberEditError } from '../../src/data/commands/member-edit';
import type { Connection, SyncErrorCode } from '../../src/sync/status';
import type { SetupError } from '../../src/sync/setup';
import type { TabletsError } from '../../src/sync/enrol';
import { prefChips } from '../../src/ui/prefs';
import { KNOWN_TAGS } from '../../src/ui/names';
import { ROLES } from '../../src/domain/staff';
import { DOOR_DECISIONS, DOOR_REASONS } from '../../src/domain/door';
import { EXEMPT_REASONS, NO_SHOW_CAUSES, REPORT_LABEL_KEYS } from '../../src/domain/night-audit';
import type { ReviewError } from '../../src/data/commands/review';
import type { MergeMembersError } from '../../src/data/commands/merge-members';
import type { ReverseRedemptionError } from '../../src/data/commands/redeem';
import type { CollectionName } from '../../src/data/database';
import { CONFLICT_REASONS, REJECTION_REASONS } from '../../src/data/queries-review';
import { REVIEW_FIELDS } from '../../src/features/review/labels';
import type { HousekeepingCommandError } from '../../src/data/commands/housekeeping';
import type { ExtendStayError, MoveRoomError } from '../../src/data/commands/stay';
import { ROOM_STATUSES } from '../../src/domain/model';

// ---- exhaustive code lists ------------------------------------------------
// The error codes are types, not arrays. `every<T>()([...])` refuses, at
// compile time, a list that misses a member of T, so these lists cannot
// silently fall behind the domain.

type Missing<T, L extends readonly unknown[]> = Exclude<T, L[number]>;
function every<T extends string>() {
  return <const L extends readonly T[]>(list: L & ([Missing<T, L>] extends [never] ? unknown : { missing: Missing<T, L> })): readonly T[] => list;
}

/** `field.code` for each `{ field, code }` error. */
type FieldCode<E> = E extends { field: infer F extends string; code: infer C extends string } ? `${F}.${C}` : never;

const ID_NUMBER_ERRORS = every<IdNumberError>()(['empty', 'length', 'characters', 'region', 'birthDate', 'birthInFuture', 'checkChar']);
const ROOM_ERRORS = every<RoomCheckInError | 'required'>()(['required', 'notVacant', 'dirty', 'outOfOrder', 'wrongType']);
const RESERVATION_ERRORS = every<ReservationStateError | 'notFound'>()(['notFound', 'notToday', 'alreadyCheckedIn', 'alreadyCheckedOut', 'noShow', 'cancelled']);

const CHECKIN_ERRORS = every<FieldCode<CheckInCommandError>>()([
  ...RESERVATION_ERRORS.map((c) => `reservation.${c}` as const),
  ...ROOM_ERRORS.map((c) => `room.${c}` as const),
  ...ID_NUMBER_ERRORS.map((c) => `idNumber.${c}` as const),
  'idNumber.notMembersId',
  'idNumber.alreadyMember',
  'name.required', 'name.invalid',
  'phone.required', 'phone.invalid',
  'cardNo.required', 'cardNo.invalid', 'cardNo.taken',
  'staff.forbidden',
]);

// What the enrolment part of the check-in can return (checked against EnrolError itself).
const ENROL_ERRORS = every<FieldCode<EnrolError>>()([
  'name.required', 'name.invalid', 'phone.required', 'phone.invalid', 'cardNo.required', 'cardNo.invalid', 'cardNo.taken',
  'idNumber.empty', 'idNumber.length', 'idNumber.characters', 'idNumber.region', 'idNumber.birthDate', 'idNumber.birthInFuture', 'idNumber.checkChar',
]);
const WALKIN_ERRORS = every<FieldCode<WalkInError>>()([
  'guestName.required', 'guestName.tooLong', 'guestPhone.invalid', 'nights.invalid', 'rateFen.invalid',
]);
const CHECKOUT_ERRORS = every<CheckOutError>()(['forbidden', 'notFound', 'notCheckedIn', 'roomMismatch']);
const FEEDBACK_ERRORS = every<FeedbackError | AdoptError>()(['forbidden', 'empty', 'tooLong', 'memberNotFound', 'notFound', 'notSuggestion', 'alreadyAdopted', 'ownSuggestion']);
const REVIEW_ERRORS = every<ReviewError>()([
  'forbidden', 'noteTooLong', 'memberNotFound', 'notOverdrawn', 'lineNotFound', 'notRedemption', 'alreadyReversed',
  'notFound', 'notAcknowledgeable', 'alreadyResolved',
]);
const MERGE_ERRORS = every<MergeMembersError>()(['forbidden', 'sameMember', 'memberNotFound', 'notSamePerson', 'alreadyMerged']);
const REVERSE_REDEMPTION_ERRORS = every<ReverseRedemptionError>()([
  'forbidden', 'memberNotFound', 'notOverdrawn', 'lineNotFound', 'notRedemption', 'alreadyReversed',
]);
const REVIEWED_COLLECTIONS = every<CollectionName>()(['members', 'reservations', 'rooms', 'ledger', 'feedback', 'branches', 'doorEvents', 'staff', 'audits', 'reviews']);
const BOOKING_ERRORS = every<FieldCode<BookingError>>()([
  'guestName.required', 'guestName.tooLong', 'guestPhone.required', 'guestPhone.invalid', 'channel.invalid', 'roomType.invalid', 'rateFen.invalid', 'rateFen.range', 'expectedArrival.invalid',
  'arrivalDate.required', 'arrivalDate.invalid', 'arrivalDate.past', 'arrivalDate.tooFar',
  'departureDate.required', 'departureDate.invalid', 'departureDate.beforeArrival', 'departureDate.tooLong', 'departureDate.unchanged',
]);
const BOOKING_STATES = every<BookingStateError>()(['checkedIn', 'checkedOut', 'cancelled', 'noShow']);
const GUARANTEE_ERRORS = every<Exclude<GuaranteeError['error'], 'state'>>()([
  'noMember', 'already', 'releasedBefore', 'arrivalPast', 'notHeld', 'quantity', 'past-latest', 'insufficient',
]);
const HOUSEKEEPING_ERRORS = every<HousekeepingCommandError['code']>()(['forbidden', 'noRooms', 'tooManyRooms', 'reasonRequired', 'reasonTooLong', 'notFound', 'occupied']);
const STAY_ERRORS = every<ExtendStayError | MoveRoomError>()([
  'forbidden', 'notFound', 'notInHouse', 'required', 'invalid', 'notLater', 'tooLong', 'mixedKind', 'roomRequired', 'sameRoom',
  'roomMismatch', 'reasonRequired', 'reasonTooLong', 'tooManyMoves', 'notVacant', 'dirty', 'outOfOrder', 'wrongType',
]);
const TABS = every<Tab>()(['arrivals', 'bookings', 'members', 'inhouse', 'rooms', 'door', 'audit', 'review']);

// ---- helpers ---------------------------------------------------------------

type Tree = { [key: string]: string | Tree };

/** 'a.b.c' → text, for every leaf of a nested text table. */
function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const placeholders = (text: string): string[] => [...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1] ?? '').sort();

/** i18next's plural suffixes: `key_one`, `key_other` are forms of `key`. */
const PLURAL = /_(zero|one|two|few|many|other)$/;
const baseKey = (key: string): string => key.replace(PLURAL, '');

const ZH = flatten(zh as unknown as Tree);
const EN = flatten(en as unknown as Tree);
/** Everything i18next is given, ledger texts included (their keys contain dots). */
const ZH_ALL = flatten(resources.zh.translation as unknown as Tree);
const EN_ALL = flatten(resources.en.translation as unknown as Tree);
const ZH_BASES = new Set([...ZH.keys()].map(baseKey));
const EN_BASES = new Set([...EN.keys()].map(baseKey));

/** The keys directly under `prefix` (one level), e.g. tier → registered, silver, … */
function childKeys(table: Map<string, string>, prefix: string): string[] {
  return [...table.keys()].filter((k) => k.startsWith(`${prefix}.`)).map((k) => k.slice(prefix.length + 1)).sort();
}

const sorted = (list: readonly string[]): string[] => [...list].sort();

const MEMBER_EDIT_ERRORS = every<Exclude<MemberEditError, 'memberNotFound'>>()(['forbidden', 'phoneFormat', 'phoneTaken']);
const SYNC_CONNECTIONS = every<Connection>()(['standalone', 'connecting', 'online', 'offline', 'unauthorized', 'error']);
const SYNC_ERRORS = every<SyncErrorCode>()(['network', 'unauthorized', 'server', 'rejected', 'quota', 'unknown']);
const TABLETS_ERRORS = every<TabletsError>()(['network', 'unauthorized', 'serverError']);
const SETUP_ERRORS = every<SetupError>()(['branchId', 'password', 'server', 'network', 'unauthorized', 'forbidden', 'locked', 'notProvisioned', 'serverError', 'unsynced', 'codeInvalid', 'codeUsed', 'codeExpired']);

/** Every key each screen builds from a code, and the codes it builds it from. */
const FAMILIES: [prefix: string, codes: readonly string[]][] = [
  ['nav', TABS],
  ['memberTag', Object.values(KNOWN_TAGS)],
  ['tier', TIERS],
  ['roomType', ROOM_TYPES],
  ['channel', CHANNELS],
  ['arrivals.status', [...RESERVATION_STATUSES, 'all']],
  ['hint', HINT_CODES],
  ['hintWhy.weekday', ['0', '1', '2', '3', '4', '5', '6']],
  ['redeem.item', REDEMPTION_ITEMS],
  ['feedback.kind', FEEDBACK_KINDS],
  ['feedback.saved', FEEDBACK_KINDS],
  ['feedback.error', FEEDBACK_ERRORS],
  ['checkin.error', CHECKIN_ERRORS],
  ['checkin.error.idNumber', [...ID_NUMBER_ERRORS, 'notMembersId', 'alreadyMember']],
  ['walkin.error', WALKIN_ERRORS],
  ['redeem.undoError', REVERSE_REDEMPTION_ERRORS],
  ['checkout.error', CHECKOUT_ERRORS],
  ['bookings.error', BOOKING_ERRORS],
  ['rooms.error', HOUSEKEEPING_ERRORS],
  ['rooms.status', ROOM_STATUSES],
  ['rooms.saved', ['clean', 'dirty', 'out-of-order']],
  ['stay.error', STAY_ERRORS],
  ['bookings.state', BOOKING_STATES],
  ['bookings.guaranteeError', GUARANTEE_ERRORS],
  ['bookings.channelOption', DESK_CHANNELS],
  ['members.searchKind', SEARCH_KINDS.filter((k) => k !== 'empty' && k !== 'invalid')],
  ['role', ROLES],
  ['door.decision', DOOR_DECISIONS],
  ['door.reason', DOOR_REASONS],
  ['report', REPORT_LABEL_KEYS],
  ['report.status', RESERVATION_STATUSES],
  ['report.cause', NO_SHOW_CAUSES],
  ['report.exempt', EXEMPT_REASONS],
  ['report.outcome', ['penalty', 'forfeit']],
  ['report.item', REDEMPTION_ITEMS],
  ['report.decision', DOOR_DECISIONS],
  ['report.reason', DOOR_REASONS],
  ['review.collection', REVIEWED_COLLECTIONS],
  ['review.error', REVIEW_ERRORS],
  ['chain.merge.error', MERGE_ERRORS],
  ['review.rejectKind', REJECTION_REASONS],
  ['members.edit.error', MEMBER_EDIT_ERRORS],
  ['pref.floor', FLOOR_PREFS.filter((v) => v !== 'any')],
  ['pref.pillow', PILLOWS.filter((v) => v !== 'any')],
  ['pref.diet', DIETS.filter((v) => v !== 'none')],
  ['sync.connection', SYNC_CONNECTIONS],
  ['sync.error', SYNC_ERRORS],
  ['sync.setup.error', SETUP_ERRORS],
  ['tablets.error', TABLETS_ERRORS],
  ['sync.download.problem', ['offline', 'unauthorized', 'error']],
  ['review.conflictReason', CONFLICT_REASONS],
  ['review.field', REVIEW_FIELDS],
  ['day.phase', DAY_PHASES],
  ['day.tally', [...TALLY_CODES, 'label', 'total']],
];

// ---- tests -----------------------------------------------------------------

describe('zh and en text tables', () => {
  it('have exactly the same keys (plural forms counted as their base key)', () => {
    const onlyZh = [...ZH_BASES].filter((k) => !EN_BASES.has(k));
    const onlyEn = [...EN_BASES].filter((k) => !ZH_BASES.has(k));
    expect(onlyZh, 'keys only in zh').toEqual([]);
    expect(onlyEn, 'keys only in en').toEqual([]);
    expect(ZH.size).toBeGreaterThan(150);
  });

  it('give every plural key the forms each language needs (zh: other; en: one and other), and no plain form beside them', () => {
    const plural = new Set([...ZH_ALL.keys(), ...EN_ALL.keys()].filter((k) => PLURAL.test(k)).map(baseKey));
    for (const key of plural) {
      expect(ZH_ALL.has(`${key}_other`), `zh ${key}_other`).toBe(true);
      expect(EN_ALL.has(`${key}_one`), `en ${key}_one`).toBe(true);
      expect(EN_ALL.has(`${key}_other`), `en ${key}_other`).toBe(true);
      expect(ZH_ALL.has(key) || EN_ALL.has(key), `${key} both plain and plural`).toBe(false);
    }
  });

  it('have no empty texts', () => {
    for (const [table, name] of [[ZH_ALL, 'zh'], [EN_ALL, 'en']] as const) {
      for (const [k, v] of table) expect(v.trim(), `${name}: ${k}`).not.toBe('');
    }
  });

  it('use the same {{placeholders}} for each key, both ways, in every plural form', () => {
    const byBase = new Map<string, [string, string][]>();
    for (const key of new Set([...ZH_ALL.keys(), ...EN_ALL.keys()].map(baseKey))) byBase.set(key, []);
    for (const [lang, table] of [['zh', ZH_ALL], ['en', EN_ALL]] as const) {
      for (const [k, v] of table) byBase.get(baseKey(k))?.push([`${lang} ${k}`, v]);
    }
    expect(byBase.size).toBeGreaterThan(150);
    for (const [key, variants] of byBase) {
      const first = placeholders(variants[0]?.[1] ?? '');
      for (const [where, text] of variants) expect(placeholders(text), `${key}: ${where}`).toEqual(first);
      expect(variants.some(([w]) => w.startsWith('zh')) && variants.some(([w]) => w.startsWith('en')), key).toBe(true);
    }
  });
});

describe('keys the screens build from codes', () => {
  it.each(FAMILIES)('%s.<code> exists in zh and en for every code, and for nothing else', (prefix, codes) => {
    expect(codes.length).toBeGreaterThan(0);
    for (const code of codes) {
      expect(ZH.has(`${prefix}.${code}`), `zh ${prefix}.${code}`).toBe(true);
      expect(EN.has(`${prefix}.${code}`), `en ${prefix}.${code}`).toBe(true);
    }
    // No stale texts: every key in the family is reachable from a code.
    expect(childKeys(ZH, prefix)).toEqual(sorted(codes));
    expect(childKeys(EN, prefix)).toEqual(sorted(codes));
  });

  it('the enrolment codes are a subset of the check-in codes the dialog translates', () => {
    for (const code of ENROL_ERRORS) expect(CHECKIN_ERRORS, code).toContain(code);
  });

  it('every preference chip, for every preference value, has a text in zh and en', () => {
    const base: Preferences = { roomType: 'any', floor: 'any', pillow: 'any', smoking: false, diet: 'none', quiet: false };
    const variants: Preferences[] = [
      base,
      ...ROOM_TYPES.map((roomType) => ({ ...base, roomType })),
      ...FLOOR_PREFS.map((floor) => ({ ...base, floor })),
      ...PILLOWS.map((pillow) => ({ ...base, pillow })),
      ...DIETS.map((diet) => ({ ...base, diet })),
      { ...base, smoking: true },
      { ...base, quiet: true },
    ];
    const chips = new Set(variants.flatMap(prefChips));
    // Every non-default value produces a chip of its own.
    expect(chips.size).toBe(ROOM_TYPES.length + (FLOOR_PREFS.length - 1) + (PILLOWS.length - 1) + (DIETS.length - 1) + 3);
    for (const key of chips) {
      expect(ZH.has(key), `zh ${key}`).toBe(true);
      expect(EN.has(key), `en ${key}`).toBe(true);
    }
  });
});

describe('i18next as the app sets it up', () => {
  it('renders a ledger line although its key contains dots', () => {
    const i18n = createI18n('zh');
    const text = i18n.t('ledger.rule.booking.ordinary', { bookings: 1, perBooking: 77, points: 77 });
    expect(text).not.toBe('ledger.rule.booking.ordinary');
    expect(text).toBe('官方渠道预订积分：1笔预订 × 每笔77分 = 77分');
    expect(createI18n('en').t('ledger.rule.booking.ordinary', { bookings: 1, perBooking: 77, points: 77 }))
      .toBe('Booking points for booking direct: 1 booking(s) × 77 points = 77 points');
  });

  it.each(['zh', 'en'] as const)('%s: every ledger rule and note text resolves and fills its placeholders', (lang) => {
    const i18n = createI18n(lang);
    const table = lang === 'zh' ? ZH_ALL : EN_ALL;
    const keys = [...RULE_CODES.map((c) => `ledger.rule.${c}`), ...NOTE_CODES.map((c) => `ledger.note.${c}`)];
    for (const key of keys) {
      const raw = table.get(key) ?? '';
      const params = Object.fromEntries(placeholders(raw).map((p) => [p, 7]));
      const text = i18n.t(key, params);
      expect(text, key).not.toBe(key);
      expect(text, key).not.toMatch(/\{\{/);
      expect(text.length, key).toBeGreaterThan(0);
    }
  });

  it('en: counts read as English, not "night(s)" (i18next plurals)', () => {
    const en = createI18n('en');
    expect(en.t('arrivals.nights', { count: 1 })).toBe('1 night');
    expect(en.t('arrivals.nights', { count: 3 })).toBe('3 nights');
    expect(createI18n('zh').t('arrivals.nights', { count: 1 })).toBe('1晚');
    expect([...EN_ALL.entries()].filter(([k, v]) => !k.startsWith('ledger.') && /\w\(s\)/.test(v)).map(([k]) => k)).toEqual([]);
  });

  it.each(['zh', 'en'] as const)('%s: every UI key resolves to its own text, placeholders filled', (lang) => {
    const i18n = createI18n(lang);
    const table = lang === 'zh' ? ZH : EN;
    for (const [key, raw] of table) {
      const params = Object.fromEntries(placeholders(raw).map((p) => [p, 'X']));
      const text = i18n.t(key, params);
      expect(text, key).toBe(raw.replace(/\{\{\s*([\w.]+)\s*\}\}/g, 'X'));
    }
  });
});

// ---- literal keys in the source --------------------------------------------

const ROOT = join(import.meta.dirname, '..', '..');
const SOURCE_DIRS = ['src/features', 'src/app', 'src/ui'];

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return sourceFiles(rel);
    return /\.(ts|tsx)$/.test(e.name) ? [rel] : [];
  });
}

const FILES = SOURCE_DIRS.flatMap(sourceFiles);

describe('keys written in the source', () => {
  it('finds the screens', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(10);
  });

  it('every literal t(\'…\') key exists in zh (as a text, not a group)', () => {
    const used: [file: string, key: string][] = [];
    for (const file of FILES) {
      const src = readFileSync(join(ROOT, file), 'utf8');
      for (const m of src.matchAll(/\b(?:t|msg)\('([a-zA-Z0-9_.-]+)'/g)) used.push([file, m[1] ?? '']);
    }
    expect(used.length).toBeGreaterThan(50);
    const missing = used.filter(([, key]) => !ZH_ALL.has(key) && !ZH_ALL.has(`${key}_other`)).map(([file, key]) => `${file}: ${key}`);
    expect(missing).toEqual([]);
  });

  it('every t(`prefix.${…}`) key family exists in zh and en', () => {
    const prefixes = new Set<string>();
    for (const file of FILES) {
      const src = readFileSync(join(ROOT, file), 'utf8');
      for (const m of src.matchAll(/\b(?:t|msg)\(`([a-zA-Z0-9_.-]+)\.\$\{/g)) prefixes.add(m[1] ?? '');
    }
    expect(prefixes.size).toBeGreaterThan(10);
    for (const prefix of prefixes) {
      expect([...ZH_ALL.keys()].some((k) => k.startsWith(`${prefix}.`)), `zh ${prefix}.*`).toBe(true);
      expect([...EN_ALL.keys()].some((k) => k.startsWith(`${prefix}.`)), `en ${prefix}.*`).toBe(true);
    }
    // Each family the source builds is one this file checks code by code (or the ledger texts).
    const checked = new Set([...FAMILIES.map(([p]) => p), 'ledger.rule', 'ledger.note']);
    expect([...prefixes].filter((p) => !checked.has(p))).toEqual([]);
  });
});
