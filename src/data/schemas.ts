/**
 * RxDB JSON schemas, one per collection. Document types are derived from
 * the schemas, and `type-checks.ts` proves at compile time that each derived
 * type is exactly the domain type in src/domain/model.ts, so the schema and
 * the domain cannot drift apart. Field names are CouchDB-safe (no leading
 * underscore): every collection except `journal` will replicate.
 */
import { toTypedRxJsonSchema, type ExtractDocumentTypeFromTypedRxJsonSchema } from 'rxdb';
import {
  CHANNELS, DIETS, FEEDBACK_KINDS, FLOOR_PREFS, LEDGER_KINDS, PILLOWS,
  RESERVATION_STATUSES, ROOM_STATUSES, ROOM_TYPES, TIERS,
} from '../domain/model';
import { HOUSEKEEPING } from '../domain/room-status';
import { bool, enumOf, epochMs, int, isoDate, nonNegInt, str } from './schema-parts';

const ID = str(64);

export const memberSchema = toTypedRxJsonSchema({
  title: 'member',
  // 1: optional per-field edit times (fieldTimes) for merging offline edits.
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: str(16),
    name: str(32),
    nameInitials: str(16),
    phone: str(16),
    phoneLast4: str(4),
    idNumber: str(18),
    cardNo: str(16),
    cardLost: bool,
    gender: enumOf(['M', 'F'] as const),
    birthday: str(5),
    tier: enumOf(TIERS),
    joinedAt: epochMs,
    joinFeeFen: nonNegInt,
    corporate: str(64),
    prefs: {
      type: 'object',
      properties: {
        roomType: enumOf([...ROOM_TYPES, 'any'] as const),
        floor: enumOf(FLOOR_PREFS),
        pillow: enumOf(PILLOWS),
        smoking: bool,
        diet: enumOf(DIETS),
        quiet: bool,
      },
      required: ['roomType', 'floor', 'pillow', 'smoking', 'diet', 'quiet'],
      additionalProperties: false,
    },
    tags: { type: 'array', items: { type: 'string', maxLength: 16 } },
    lastStayDate: isoDate,
    stays12m: nonNegInt,
    nights12m: nonNegInt,
    homeBranchId: str(32),
    updatedAt: epochMs,
    fieldTimes: { type: 'object', additionalProperties: { type: 'integer', minimum: 0 } },
  },
  required: [
    'id', 'name', 'nameInitials', 'phone', 'phoneLast4', 'idNumber', 'cardNo', 'cardLost', 'gender',
    'birthday', 'tier', 'joinedAt', 'joinFeeFen', 'corporate', 'prefs', 'tags', 'lastStayDate',
    'stays12m', 'nights12m', 'homeBranchId', 'updatedAt',
  ],
  indexes: ['cardNo', 'phone', 'phoneLast4', 'idNumber', 'name', 'nameInitials'],
  additionalProperties: false,
} as const);

export const reservationSchema = toTypedRxJsonSchema({
  title: 'reservation',
  // 1: optional nightsStayed (early departure) and roomMoves (换房).
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: ID,
    branchId: str(32),
    memberId: str(16),
    guestName: str(32),
    guestPhone: str(16),
    guestIdNumber: str(18),
    bookedForOther: bool,
    channel: enumOf(CHANNELS),
    memberRate: bool,
    bookedAt: epochMs,
    arrivalDate: isoDate,
    nights: { type: 'integer', minimum: 1, maximum: 90 },
    extensionNights: { type: 'integer', minimum: 0, maximum: 90 },
    extensionAdvanceOwnChannel: bool,
    roomType: enumOf(ROOM_TYPES),
    rateFen: nonNegInt,
    expectedArrival: str(5),
    guaranteePoints: nonNegInt,
    status: enumOf(RESERVATION_STATUSES),
    roomNo: str(8),
    checkedInAt: epochMs,
    checkInStaffId: str(64),
    checkInDeviceId: str(64),
    checkedOutAt: epochMs,
    cancelledAt: epochMs,
    note: str(500),
    updatedAt: epochMs,
    nightsStayed: { type: 'integer', minimum: 1, maximum: 180 },
    roomMoves: {
      type: 'array',
      maxItems: 50,
      items: {
        type: 'object',
        properties: { fromRoomNo: str(8), toRoomNo: str(8), reason: str(100), at: epochMs, staffId: str(64) },
        required: ['fromRoomNo', 'toRoomNo', 'reason', 'at', 'staffId'],
        additionalProperties: false,
      },
    },
  },
  required: [
    'id', 'branchId', 'memberId', 'guestName', 'guestPhone', 'guestIdNumber', 'bookedForOther', 'channel',
    'memberRate', 'bookedAt', 'arrivalDate', 'nights', 'extensionNights', 'extensionAdvanceOwnChannel',
    'roomType', 'rateFen', 'expectedArrival', 'guaranteePoints', 'status', 'roomNo', 'checkedInAt', 'checkInStaffId', 'checkInDeviceId',
    'checkedOutAt', 'cancelledAt', 'note', 'updatedAt',
  ],
  indexes: [['arrivalDate', 'expectedArrival'], ['memberId', 'arrivalDate'], ['status', 'arrivalDate']],
  additionalProperties: false,
} as const);

export const roomSchema = toTypedRxJsonSchema({
  title: 'room',
  // 1: the housekeeping and occupancy facts the status is derived from (src/domain/room-status.ts).
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: ID,
    branchId: str(32),
    roomNo: str(8),
    floor: { type: 'integer', minimum: -5, maximum: 200, multipleOf: 1 },
    type: enumOf(ROOM_TYPES),
    smoking: bool,
    quiet: bool,
    status: enumOf(ROOM_STATUSES),
    reservationId: ID,
    updatedAt: epochMs,
    hk: enumOf(HOUSEKEEPING),
    hkAt: epochMs,
    hkReason: str(100),
    hkStaffId: str(64),
    occupancyAt: epochMs,
  },
  required: ['id', 'branchId', 'roomNo', 'floor', 'type', 'smoking', 'quiet', 'status', 'reservationId', 'updatedAt'],
  indexes: [['status', 'roomNo']],
  additionalProperties: false,
} as const);

export const ledgerSchema = toTypedRxJsonSchema({
  title: 'ledger entry',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: str(100),
    memberId: str(16),
    branchId: str(32),
    kind: enumOf(LEDGER_KINDS),
    rule: str(40),
    points: int,
    params: { type: 'object', additionalProperties: { anyOf: [{ type: 'number' }, { type: 'string' }, { type: 'boolean' }] } },
    reservationId: ID,
    businessDate: isoDate,
    createdAt: epochMs,
    deviceId: str(64),
    staffId: str(64),
  },
  required: [
    'id', 'memberId', 'branchId', 'kind', 'rule', 'points', 'params', 'reservationId', 'businessDate',
    'createdAt', 'deviceId', 'staffId',
  ],
  indexes: [['memberId', 'createdAt'], ['businessDate', 'createdAt']],
  additionalProperties: false,
} as const);

export const feedbackSchema = toTypedRxJsonSchema({
  title: 'feedback',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: ID,
    memberId: str(16),
    branchId: str(32),
    kind: enumOf(FEEDBACK_KINDS),
    text: str(1000),
    createdAt: epochMs,
    adopted: bool,
    adoptedAt: epochMs,
    staffId: str(64),
    deviceId: str(64),
  },
  required: ['id', 'memberId', 'branchId', 'kind', 'text', 'createdAt', 'adopted', 'adoptedAt', 'staffId', 'deviceId'],
  indexes: [['memberId', 'createdAt']],
  additionalProperties: false,
} as const);

export const branchSchema = toTypedRxJsonSchema({
  title: 'branch',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: str(32),
    name: str(64),
    city: str(32),
    timeZone: str(64),
    businessDate: isoDate,
    updatedAt: epochMs,
  },
  required: ['id', 'name', 'city', 'timeZone', 'businessDate', 'updatedAt'],
  additionalProperties: false,
} as const);

/**
 * Local-only write-ahead journal for changes that span documents (check-in
 * touches a reservation, a room and maybe a new member). Never replicated.
 */
export const journalSchema = toTypedRxJsonSchema({
  title: 'journal',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: ID,
    label: str(64),
    createdAt: epochMs,
    writes: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          collection: str(32),
          mode: enumOf(['upsert', 'insert'] as const),
          docs: { type: 'array', items: { type: 'object' } },
        },
        required: ['collection', 'mode', 'docs'],
      },
    },
  },
  required: ['id', 'label', 'createdAt', 'writes'],
  indexes: ['createdAt'],
  additionalProperties: false,
} as const);

export type MemberDoc = ExtractDocumentTypeFromTypedRxJsonSchema<typeof memberSchema>;
export type ReservationDoc = ExtractDocumentTypeFromTypedRxJsonSchema<typeof reservationSchema>;
export type RoomDoc = ExtractDocumentTypeFromTypedRxJsonSchema<typeof roomSchema>;
export type LedgerDoc = ExtractDocumentTypeFromTypedRxJsonSchema<typeof ledgerSchema>;
export type FeedbackDoc = ExtractDocumentTypeFromTypedRxJsonSchema<typeof feedbackSchema>;
export type BranchDoc = ExtractDocumentTypeFromTypedRxJsonSchema<typeof branchSchema>;
export type JournalDoc = ExtractDocumentTypeFromTypedRxJsonSchema<typeof journalSchema>;
