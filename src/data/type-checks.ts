/**
 * Compile-time proof that the types derived from the JSON schemas and the
 * domain model agree in both directions. A schema change that the domain
 * type does not follow (or the reverse) fails `npm run typecheck`.
 */
import type { Branch, Feedback, LedgerEntry, Member, Reservation, Room } from '../domain/model';
import type { BranchDoc, FeedbackDoc, LedgerDoc, MemberDoc, ReservationDoc, RoomDoc } from './schemas';
import type { DoorEventDoc, StaffDoc } from './schemas-night';
import type { DoorEvent } from '../domain/door';
import type { Staff } from '../domain/staff';

type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Expect<T extends true> = T;

export type SchemaMatchesDomain = [
  Expect<Mutual<MemberDoc, Member>>,
  Expect<Mutual<ReservationDoc, Reservation>>,
  Expect<Mutual<RoomDoc, Room>>,
  Expect<Mutual<LedgerDoc, LedgerEntry>>,
  Expect<Mutual<FeedbackDoc, Feedback>>,
  Expect<Mutual<BranchDoc, Branch>>,
  Expect<Mutual<DoorEventDoc, DoorEvent>>,
  Expect<Mutual<StaffDoc, Staff>>,
];
