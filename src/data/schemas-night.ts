/**
 * Schemas for the night's work: door-access events (immutable, hash-chained
 * per device), staff (PIN stored only as a slow salted hash), the record
 * of a closed business day, and this device's own state (never replicated).
 */
import { toTypedRxJsonSchema, type ExtractDocumentTypeFromTypedRxJsonSchema } from 'rxdb';
import { DOOR_DECISIONS, DOOR_REASONS } from '../domain/door';
import { ROLES, PIN_HASH } from '../domain/staff';
import { REVIEW_KINDS } from '../domain/review';
import { bool, enumOf, epochMs, isoDate, nonNegInt, str } from './schema-parts';

export const doorEventSchema = toTypedRxJsonSchema({
  title: 'door event',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: str(100),
    branchId: str(32),
    deviceId: str(64),
    seq: { type: 'integer', minimum: 0, maximum: 1_000_000_000, multipleOf: 1 },
    at: epochMs,
    businessDate: isoDate,
    cardNo: str(32),
    memberId: str(16),
    memberName: str(32),
    roomNo: str(8),
    decision: enumOf(DOOR_DECISIONS),
    reason: enumOf(DOOR_REASONS),
    staffId: str(64),
    prevHash: str(64),
    hash: str(64),
  },
  required: ['id', 'branchId', 'deviceId', 'seq', 'at', 'businessDate', 'cardNo', 'memberId', 'memberName', 'roomNo', 'decision', 'reason', 'staffId', 'prevHash', 'hash'],
  indexes: [['deviceId', 'seq'], ['businessDate', 'at']],
  additionalProperties: false,
} as const);

export const staffSchema = toTypedRxJsonSchema({
  title: 'staff',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: str(64),
    branchId: str(32),
    name: str(32),
    role: enumOf(ROLES),
    pin: {
      type: 'object',
      properties: {
        algorithm: enumOf([PIN_HASH.algorithm] as const),
        iterations: nonNegInt,
        salt: str(64),
        hash: str(128),
      },
      required: ['algorithm', 'iterations', 'salt', 'hash'],
      additionalProperties: false,
    },
    active: bool,
    updatedAt: epochMs,
  },
  required: ['id', 'branchId', 'name', 'role', 'pin', 'active', 'updatedAt'],
  additionalProperties: false,
} as const);

/** One closed business day: its id is `${branchId}:${businessDate}`, so two tablets closing the same day write the same document. */
export const auditSchema = toTypedRxJsonSchema({
  title: 'night audit',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: str(64),
    branchId: str(32),
    businessDate: isoDate,
    closedAt: epochMs,
    staffId: str(64),
    deviceId: str(64),
    noShows: nonNegInt,
    penalties: nonNegInt,
  },
  required: ['id', 'branchId', 'businessDate', 'closedAt', 'staffId', 'deviceId', 'noShows', 'penalties'],
  additionalProperties: false,
} as const);

/**
 * Per-device state, local only, never replicated: PIN lockouts
 * (`lock:<staffId>`) and the head of this device's door chain
 * (`door-head`), so deleting the newest door event is detected too.
 */
export const deviceStateSchema = toTypedRxJsonSchema({
  title: 'device state',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: str(64),
    failures: nonNegInt,
    lockedUntil: epochMs,
    headSeq: { type: 'integer', minimum: -1 },
    headHash: str(64),
  },
  required: ['id', 'failures', 'lockedUntil', 'headSeq', 'headHash'],
  additionalProperties: false,
} as const);

/**
 * The manager's review log: conflicts, server rejections, reconnect reports
 * and resolutions. Immutable; replicated so every tablet of the branch and
 * the manager see the same list.
 */
export const reviewSchema = toTypedRxJsonSchema({
  title: 'review record',
  // v1: optional `authorisedBy` (a manager's PIN entered in place for a clerk's action).
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: str(160),
    branchId: str(32),
    kind: enumOf(REVIEW_KINDS),
    docCollection: str(32),
    docId: str(120),
    refId: str(160),
    detail: { type: 'object' },
    createdAt: epochMs,
    deviceId: str(64),
    staffId: str(64),
    authorisedBy: str(64),
  },
  required: ['id', 'branchId', 'kind', 'docCollection', 'docId', 'refId', 'detail', 'createdAt', 'deviceId', 'staffId'],
  indexes: [['kind', 'createdAt'], ['createdAt']],
  additionalProperties: false,
} as const);

export type DoorEventDoc = ExtractDocumentTypeFromTypedRxJsonSchema<typeof doorEventSchema>;
export type StaffDoc = ExtractDocumentTypeFromTypedRxJsonSchema<typeof staffSchema>;
export type AuditDoc = ExtractDocumentTypeFromTypedRxJsonSchema<typeof auditSchema>;
export type DeviceStateDoc = ExtractDocumentTypeFromTypedRxJsonSchema<typeof deviceStateSchema>;
export type ReviewDoc = ExtractDocumentTypeFromTypedRxJsonSchema<typeof reviewSchema>;
