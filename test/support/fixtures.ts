/**
 * A small, hand-made branch for data and UI tests: every value is visible
 * here, so a test reads as a story. (The demo generator has its own tests.)
 */
import type { BranchData } from '../../src/data/seed';
import type { LedgerEntry, Member, Reservation, Room } from '../../src/domain/model';
import { idCheckChar } from '../../src/domain/id-number';

export const BUSINESS_DATE = '2026-11-23';
/** 2026-11-23 15:00 in Shanghai. */
export const NOW = Date.UTC(2026, 10, 23, 7, 0, 0);
export const BRANCH_ID = 'gz-test';

export function validId(body17: string): string {
  return body17 + idCheckChar(body17);
}

export const IDS = {
  zhang: validId('44010419850312123'),
  li: validId('11010519900101002'),
  wang: validId('31011519781224551'),
  walkIn: validId('43010219951111003'),
};

export function member(over: Partial<Member> & Pick<Member, 'id' | 'name' | 'cardNo'>): Member {
  return {
    nameInitials: 'X', phone: '13800000000', phoneLast4: '0000', idNumber: IDS.wang, cardLost: false,
    gender: 'M', birthday: '01-01', tier: 'silver', joinedAt: NOW - 400 * 86_400_000, joinFeeFen: 7700,
    corporate: '', prefs: { roomType: 'any', floor: 'any', pillow: 'any', smoking: false, diet: 'none', quiet: false },
    tags: [], lastStayDate: '2026-10-01', stays12m: 3, nights12m: 4, homeBranchId: BRANCH_ID, updatedAt: NOW - 1000,
    ...over,
  };
}

export function room(roomNo: string, over: Partial<Room> = {}): Room {
  return {
    id: `${BRANCH_ID}:${roomNo}`, branchId: BRANCH_ID, roomNo, floor: Number(roomNo.slice(0, -2)), type: 'king',
    smoking: false, quiet: false, status: 'vacant-clean', reservationId: '', updatedAt: NOW - 1000, ...over,
  };
}

export function reservation(over: Partial<Reservation> & Pick<Reservation, 'id' | 'guestName'>): Reservation {
  return {
    branchId: BRANCH_ID, memberId: '', guestPhone: '13900000000', guestIdNumber: '', bookedForOther: false,
    channel: 'app', memberRate: true, bookedAt: NOW - 3 * 86_400_000, arrivalDate: BUSINESS_DATE, nights: 2,
    extensionNights: 0, extensionAdvanceOwnChannel: false, roomType: 'king', rateFen: 19_900, expectedArrival: '18:00',
    guaranteePoints: 0, status: 'expected', roomNo: '', checkedInAt: 0, checkInStaffId: '', checkInDeviceId: '', checkedOutAt: 0, cancelledAt: 0, note: '',
    updatedAt: NOW - 1000, ...over,
  };
}

export function entry(over: Partial<LedgerEntry> & Pick<LedgerEntry, 'id' | 'memberId' | 'points'>): LedgerEntry {
  return {
    branchId: BRANCH_ID, kind: 'adjust', rule: 'adjust.migration', params: { points: over.points }, reservationId: '',
    businessDate: '2026-01-01', createdAt: NOW - 300 * 86_400_000, deviceId: 'legacy', staffId: 'system', ...over,
  };
}

/** 张伟 (gold, 2,600 pts, arriving today via app), 李娜 (silver, 150 pts, in house in 301), 王芳 (no arrival). */
export function smallBranch(): BranchData {
  const members = [
    member({ id: 'M000000001', name: '张伟', nameInitials: 'ZW', cardNo: '770000000001', phone: '13812345678', phoneLast4: '5678', idNumber: IDS.zhang, tier: 'gold', prefs: { roomType: 'king', floor: 'high', pillow: 'buckwheat', smoking: false, diet: 'none', quiet: true } }),
    member({ id: 'M000000002', name: '李娜', nameInitials: 'LN', cardNo: '770000000002', phone: '13987655678', phoneLast4: '5678', idNumber: IDS.li, gender: 'F' }),
    member({ id: 'M000000003', name: '王芳', nameInitials: 'WF', cardNo: '770000000003', phone: '13700001111', phoneLast4: '1111', idNumber: IDS.wang, gender: 'F', cardLost: true }),
  ];
  const rooms = [
    room('301', { status: 'occupied', reservationId: 'R-LI' }),
    room('302'), room('308', { quiet: true }), room('801', { quiet: true }), room('802', { status: 'vacant-dirty' }),
    room('303', { type: 'economy-twin' }), room('305', { smoking: true }),
  ];
  const reservations = [
    reservation({ id: 'R-ZHANG', guestName: '张伟', memberId: 'M000000001', expectedArrival: '20:00', guaranteePoints: 500 }),
    reservation({ id: 'R-LI', guestName: '李娜', memberId: 'M000000002', arrivalDate: '2026-11-22', status: 'checked-in', roomNo: '301', checkedInAt: NOW - 86_400_000, guestIdNumber: IDS.li, channel: 'web' }),
    reservation({ id: 'R-OTA', guestName: '赵强', channel: 'ota', memberRate: false, expectedArrival: '21:30' }),
  ];
  const ledger = [
    entry({ id: 'mig-zhang', memberId: 'M000000001', points: 3100 }),
    entry({ id: 'R-ZHANG:guarantee.hold', memberId: 'M000000001', points: -500, kind: 'hold', rule: 'guarantee.hold', reservationId: 'R-ZHANG', params: { held: 500, until: '20:00', perHour: 500, points: -500 } }),
    entry({ id: 'mig-li', memberId: 'M000000002', points: 150 }),
  ];
  return {
    branch: { id: BRANCH_ID, name: '测试店', city: '广州', timeZone: 'Asia/Shanghai', businessDate: BUSINESS_DATE, updatedAt: NOW - 1000 },
    rooms, members, reservations, ledger, feedback: [],
  };
}

/**
 * The small branch with 李娜 due out today: arrived 2026-11-21 for 2 nights,
 * so checking out today is on the booked departure (in `smallBranch` she
 * arrived yesterday for 2 nights, and leaving today is an early departure).
 */
export function smallBranchLiDueOut(): BranchData {
  const data = smallBranch();
  data.reservations = data.reservations.map((r) => (r.id === 'R-LI' ? { ...r, arrivalDate: '2026-11-21', checkedInAt: NOW - 2 * 86_400_000 } : r));
  return data;
}
