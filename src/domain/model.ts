/**
 * The domain's document shapes. Plain data, CouchDB-safe field names (no
 * leading underscore), integers for money (fen) and points. The RxDB schemas
 * in src/data mirror these types and are checked against them at compile time.
 *
 * Time is carried as epoch milliseconds (`...At`) and dates as branch-local
 * ISO dates (`YYYY-MM-DD`, the branch's business calendar).
 */

export type IsoDate = string; // YYYY-MM-DD, branch-local business date
export type EpochMs = number;

export const TIERS = ['registered', 'silver', 'gold', 'platinum'] as const;
export type Tier = (typeof TIERS)[number];

export const ROOM_TYPES = ['business-king', 'king', 'economy-twin', 'family'] as const;
export type RoomType = (typeof ROOM_TYPES)[number];

export const CHANNELS = [
  'web', 'app', 'wap', 'sms', 'phone', 'ota', 'group-buy', 'walk-in', 'corporate',
] as const;
export type Channel = (typeof CHANNELS)[number];

export const PILLOWS = ['any', 'buckwheat', 'soft', 'firm'] as const;
export type Pillow = (typeof PILLOWS)[number];

export const FLOOR_PREFS = ['any', 'high', 'low'] as const;
export type FloorPref = (typeof FLOOR_PREFS)[number];

export const DIETS = ['none', 'vegetarian', 'halal', 'no-spicy'] as const;
export type Diet = (typeof DIETS)[number];

export interface Preferences {
  roomType: RoomType | 'any';
  floor: FloorPref;
  pillow: Pillow;
  smoking: boolean;
  diet: Diet;
  quiet: boolean;
}

export interface Member {
  id: string; // member number, e.g. "M00012345"
  name: string; // 汉字
  nameInitials: string; // pinyin initials, upper case, e.g. "ZXM"
  phone: string; // 11-digit mainland mobile
  phoneLast4: string;
  idNumber: string; // normalised 18-character resident ID
  cardNo: string; // member card number (also the door and room card)
  cardLost: boolean;
  gender: 'M' | 'F';
  birthday: string; // MM-DD, from the ID number
  tier: Tier;
  joinedAt: EpochMs;
  joinFeeFen: number; // 7700, or 0 when waived by a promotion
  corporate: string; // company account, '' when none
  prefs: Preferences;
  tags: string[];
  lastStayDate: IsoDate | ''; // '' when never stayed
  stays12m: number;
  nights12m: number;
  homeBranchId: string;
  updatedAt: EpochMs;
  /**
   * When each field was last set (keys from MEMBER_FIELD_KEYS in ./merge,
   * e.g. "phone", "prefs.pillow"); a missing key means `updatedAt`. Lets two
   * tablets' offline edits of different fields both survive a sync.
   */
  fieldTimes?: Record<string, EpochMs>;
}

export const RESERVATION_STATUSES = ['expected', 'checked-in', 'checked-out', 'no-show', 'cancelled'] as const;
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];

export interface Reservation {
  id: string;
  branchId: string;
  memberId: string; // '' for a non-member walk-in until enrolled
  guestName: string;
  guestPhone: string;
  guestIdNumber: string; // set at check-in
  bookedForOther: boolean; // booked by memberId for someone else
  channel: Channel;
  memberRate: boolean; // stayed at member price (stay points are earned only then)
  bookedAt: EpochMs;
  arrivalDate: IsoDate;
  nights: number; // nights booked in the original booking
  extensionNights: number; // nights added by an extension (续住)
  extensionAdvanceOwnChannel: boolean; // extension booked in advance via an own channel
  roomType: RoomType;
  rateFen: number; // room-night fee, fen
  expectedArrival: string; // HH:MM local
  guaranteePoints: number; // points held for a late-arrival guarantee
  status: ReservationStatus;
  roomNo: string; // '' until checked in
  checkedInAt: EpochMs | 0;
  /** Who checked the guest in, on which tablet ('' until checked in). */
  checkInStaffId: string;
  checkInDeviceId: string;
  checkedOutAt: EpochMs | 0;
  cancelledAt: EpochMs | 0;
  note: string;
  updatedAt: EpochMs;
  /** Set at check-out when the guest left before the booked departure (the booking is kept as it was). */
  nightsStayed?: number;
  /** Room moves (换房) during the stay, oldest first: one stay, several rooms. */
  roomMoves?: RoomMove[];
}

export interface RoomMove {
  fromRoomNo: string;
  toRoomNo: string;
  reason: string;
  at: EpochMs;
  staffId: string;
}

export const ROOM_STATUSES = ['vacant-clean', 'vacant-dirty', 'occupied', 'out-of-order'] as const;
export type RoomStatus = (typeof ROOM_STATUSES)[number];

export interface Room {
  id: string; // branchId + ':' + roomNo
  branchId: string;
  roomNo: string;
  floor: number;
  type: RoomType;
  smoking: boolean;
  quiet: boolean; // away from lift and street
  status: RoomStatus;
  reservationId: string; // '' unless occupied
  updatedAt: EpochMs;
  /**
   * The two facts the status is derived from (./room-status; schema v1).
   * Missing on a document written before v1: read from `status` then.
   */
  hk?: 'clean' | 'dirty' | 'out-of-order'; // the newest housekeeping report
  hkAt?: EpochMs;
  hkReason?: string; // why out of order ('' otherwise)
  hkStaffId?: string;
  occupancyAt?: EpochMs; // when `reservationId` last changed
}

export const LEDGER_KINDS = ['earn', 'redeem', 'penalty', 'hold', 'release', 'forfeit', 'adjust', 'fee'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/**
 * One immutable line of a member's points ledger. The balance is the sum of
 * `points` over all of a member's lines; nothing is ever edited or deleted.
 * `params` carries the numbers the explanation is rendered from, so a clerk
 * can read the reason to the guest in either language.
 */
export interface LedgerEntry {
  id: string;
  memberId: string;
  branchId: string;
  kind: LedgerKind;
  rule: string; // rule code from the rules table, e.g. "stay", "redeem.milk"
  points: number;
  params: Record<string, number | string | boolean>;
  reservationId: string; // '' when not tied to a stay
  businessDate: IsoDate;
  createdAt: EpochMs;
  deviceId: string;
  staffId: string;
}

export const FEEDBACK_KINDS = ['complaint', 'suggestion'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];

export interface Feedback {
  id: string;
  memberId: string;
  branchId: string;
  kind: FeedbackKind;
  text: string;
  createdAt: EpochMs;
  adopted: boolean;
  adoptedAt: EpochMs | 0;
  staffId: string;
  deviceId: string;
}

export interface Branch {
  id: string;
  name: string;
  city: string;
  timeZone: string; // IANA, default Asia/Shanghai
  businessDate: IsoDate;
  updatedAt: EpochMs;
}

/** Everything a branch's desk holds: what a new device loads, and what the demo generates. */
export interface BranchData {
  branch: Branch;
  rooms: Room[];
  members: Member[];
  reservations: Reservation[];
  ledger: LedgerEntry[];
  feedback: Feedback[];
}
