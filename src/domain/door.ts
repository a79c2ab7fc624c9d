/**
 * Door mode (门禁): after the street door is locked (about 23:00, rules
 * `door.cutoff`) a tablet by the door reads member cards and decides who may
 * come in. Every swipe, granted or denied, becomes one immutable
 * `DoorEvent`; ./door-chain links each device's events into a hash chain.
 *
 * Invariants
 * - `DoorEvent` is plain JSON with CouchDB-safe field names (no leading
 *   underscore); `seq` is the per-device sequence number (integer >= 0, no
 *   gaps); `at` is epoch ms; `memberId` and `memberName` are '' for an
 *   unknown card; `roomNo` is '' when no room applies.
 * - `decision` and `reason` always agree: 'granted' goes with 'in-house' or
 *   'guaranteed-arrival', 'denied' with any other reason (`reasonAllows`).
 * - `decideDoorAccess` looks at, in this order (first match wins):
 *   1. no member for the card                        → denied 'unknown-card'
 *   2. the card is reported lost (even if in house)  → denied 'card-lost'
 *   3. a reservation 'checked-in' at this branch     → granted 'in-house' (its room)
 *   4. a reservation 'expected' for the business date
 *      with guaranteePoints > 0                        → granted 'guaranteed-arrival' ('' room)
 *   5. a reservation 'checked-out' whose stay covered
 *      the business date (arrival <= date <= departure,
 *      departure = arrival + nights + extensionNights) → denied 'checked-out' (its room)
 *   6. anything else                                  → denied 'no-stay-tonight'
 *   Decision: "checked out today" is judged on business dates, not on the
 *   instant of check-out, so no time zone is needed and an early departure
 *   (left before the booked departure date) also reads 'checked-out'.
 *   Decision: a guaranteed arrival is let in whatever the time: its hold
 *   ends by 23:00 at the latest, but the guarantee is exactly what pays for
 *   a late arrival, and the night audit turns it into a no-show (status
 *   'no-show', which no longer opens the door) when it closes the day.
 *   `nowLocalTime` is therefore only checked to be a valid `HH:MM`; it is in
 *   the input so a time-dependent rule stays a change inside the domain.
 *   When several reservations match one step, the lowest room number (then
 *   reservation id) is reported, so the answer never depends on input order.
 * - `isDoorModeTime(t, cutoff, morningEnd)`: from the cut-off (inclusive)
 *   through midnight until the morning end (exclusive), default 06:00
 *   (Assumption: the door opens again at 06:00). A cut-off after midnight
 *   (e.g. 00:30) gives the plain interval [cutoff, morningEnd); equal times
 *   give an empty interval.
 */
import { addDays } from './dates';
import { clockMinutes } from './guarantee';
import type { EpochMs, IsoDate, Member, Reservation } from './model';
import { DEFAULT_RULES } from './rules';
import type { ClockTime } from './rules';

export const DOOR_DECISIONS = ['granted', 'denied'] as const;
export type DoorDecisionKind = (typeof DOOR_DECISIONS)[number];

export const DOOR_REASONS = [
  'in-house', 'guaranteed-arrival', 'unknown-card', 'no-stay-tonight', 'checked-out', 'card-lost',
] as const;
export type DoorReason = (typeof DOOR_REASONS)[number];

/** The reasons that open the door; every other reason denies. */
export const GRANTING_REASONS: readonly DoorReason[] = ['in-house', 'guaranteed-arrival'];

/** When door mode ends in the morning: the rules table's value. */
export const DEFAULT_DOOR_MORNING_END: ClockTime = DEFAULT_RULES.door.morningEnd;

/** Genesis value of a device's chain: the `prevHash` of its event with seq 0. */
export const GENESIS_HASH = '0'.repeat(64);

/** One swipe at the street door. Immutable once written. */
export interface DoorEvent {
  id: string;
  branchId: string;
  deviceId: string;
  /** Per-device sequence number: 0 for the device's first event, then +1 each. */
  seq: number;
  at: EpochMs;
  businessDate: IsoDate;
  cardNo: string;
  /** '' when the card is unknown. */
  memberId: string;
  memberName: string;
  /** The room of the stay that decided, '' when none. */
  roomNo: string;
  decision: DoorDecisionKind;
  reason: DoorReason;
  /** Staff member on duty (signed in on the door tablet). */
  staffId: string;
  /** Lower-case hex SHA-256 of the previous event of this device, GENESIS_HASH for seq 0. */
  prevHash: string;
  /** Lower-case hex SHA-256 of `canonicalDoorEvent(this)` (./door-chain). */
  hash: string;
}

/** Every field of a DoorEvent, in declaration order. */
export const DOOR_EVENT_FIELDS = [
  'id', 'branchId', 'deviceId', 'seq', 'at', 'businessDate', 'cardNo', 'memberId', 'memberName',
  'roomNo', 'decision', 'reason', 'staffId', 'prevHash', 'hash',
] as const satisfies readonly (keyof DoorEvent)[];

/** A door event before ./door-chain numbers and hashes it. */
export type DoorEventDraft = Omit<DoorEvent, 'seq' | 'prevHash' | 'hash'>;

export interface DoorDecision {
  decision: DoorDecisionKind;
  reason: DoorReason;
  roomNo: string;
}

export interface DoorAccessInput {
  /** The member the card belongs to, or null for an unknown card. */
  member: Member | null;
  /** That member's reservations at this branch. */
  reservations: readonly Reservation[];
  /** The branch's open business date. */
  businessDate: IsoDate;
  /** Branch-local wall-clock time of the swipe, `HH:MM`. */
  nowLocalTime: ClockTime;
  /** When given, reservations of other branches (or other members) are ignored. */
  branchId?: string;
}

export function reasonAllows(reason: DoorReason): boolean {
  return GRANTING_REASONS.includes(reason);
}

function decided(reason: DoorReason, roomNo: string): DoorDecision {
  return { decision: reasonAllows(reason) ? 'granted' : 'denied', reason, roomNo };
}

function byRoomThenId(a: Reservation, b: Reservation): number {
  if (a.roomNo !== b.roomNo) return a.roomNo < b.roomNo ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function firstOf(reservations: readonly Reservation[], test: (r: Reservation) => boolean): Reservation | undefined {
  return reservations.filter(test).sort(byRoomThenId)[0];
}

/** The last business date a stay covers (its departure date). */
export function departureDate(r: Pick<Reservation, 'arrivalDate' | 'nights' | 'extensionNights'>): IsoDate {
  return addDays(r.arrivalDate, r.nights + r.extensionNights);
}

/** May this card open the street door now? See the file comment for the order of the rules. */
export function decideDoorAccess(input: DoorAccessInput): DoorDecision {
  clockMinutes(input.nowLocalTime); // throws a RangeError on a malformed time
  const { member, businessDate, branchId } = input;
  if (member === null) return decided('unknown-card', '');
  if (member.cardLost) return decided('card-lost', '');

  const mine = input.reservations.filter(
    (r) => r.memberId === member.id && (branchId === undefined || r.branchId === branchId),
  );
  const inHouse = firstOf(mine, (r) => r.status === 'checked-in');
  if (inHouse) return decided('in-house', inHouse.roomNo);

  const guaranteed = firstOf(
    mine,
    (r) => r.status === 'expected' && r.arrivalDate === businessDate && r.guaranteePoints > 0,
  );
  if (guaranteed) return decided('guaranteed-arrival', '');

  const left = firstOf(
    mine,
    (r) => r.status === 'checked-out' && r.arrivalDate <= businessDate && businessDate <= departureDate(r),
  );
  if (left) return decided('checked-out', left.roomNo);

  return decided('no-stay-tonight', '');
}

/** Is `localTime` inside door mode: from the cut-off until the morning end? */
export function isDoorModeTime(
  localTime: ClockTime,
  cutoff: ClockTime = DEFAULT_RULES.door.cutoff,
  morningEnd: ClockTime = DEFAULT_DOOR_MORNING_END,
): boolean {
  const t = clockMinutes(localTime);
  const from = clockMinutes(cutoff);
  const until = clockMinutes(morningEnd);
  if (from === until) return false;
  return from < until ? t >= from && t < until : t >= from || t < until;
}

export interface DoorEventContext {
  id: string;
  branchId: string;
  deviceId: string;
  at: EpochMs;
  businessDate: IsoDate;
  cardNo: string;
  staffId: string;
}

/** The draft event recording one swipe and its decision (chain it with ./door-chain). */
export function doorEventDraft(ctx: DoorEventContext, member: Member | null, outcome: DoorDecision): DoorEventDraft {
  if (reasonAllows(outcome.reason) !== (outcome.decision === 'granted')) {
    throw new RangeError(`Invalid door decision [${JSON.stringify(outcome)}]: decision and reason disagree.`);
  }
  return {
    id: ctx.id,
    branchId: ctx.branchId,
    deviceId: ctx.deviceId,
    at: ctx.at,
    businessDate: ctx.businessDate,
    cardNo: ctx.cardNo,
    memberId: member?.id ?? '',
    memberName: member?.name ?? '',
    roomNo: outcome.roomNo,
    decision: outcome.decision,
    reason: outcome.reason,
    staffId: ctx.staffId,
  };
}
