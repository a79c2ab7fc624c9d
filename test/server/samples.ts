/**
 * One well-formed document per replicated collection, as RxDB holds it
 * (primary key `id`), for a given branch. Typed with the collections'
 * document types, so a schema change that makes them wrong fails to compile.
 */
import type { CollectionName } from '../../src/data/database';
import type {
  BranchDoc, FeedbackDoc, LedgerDoc, MemberDoc, ReservationDoc, RoomDoc,
} from '../../src/data/schemas';
import { reviewSchema, type AuditDoc, type DoorEventDoc, type ReviewDoc, type StaffDoc } from '../../src/data/schemas-night';
import { BUSINESS_DATE, NOW, entry, member, reservation, room } from '../support/fixtures';

export interface SampleDocs {
  ledger: LedgerDoc;
  reservations: ReservationDoc;
  rooms: RoomDoc;
  members: MemberDoc;
  doorEvents: DoorEventDoc;
  feedback: FeedbackDoc;
  branches: BranchDoc;
  staff: StaffDoc;
  audits: AuditDoc;
  reviews: ReviewDoc;
}

// Every replicated collection has a sample (a compile-time check).
const _complete: Record<CollectionName, unknown> = {} as SampleDocs;
void _complete;

/**
 * The review record's "which collection" field is being renamed
 * (`collection` is an RxDocument property); follow whichever the schema has.
 */
const REVIEW_COLLECTION_FIELD = 'docCollection' in reviewSchema.properties ? 'docCollection' : 'collection';

export function sampleDocs(branchId: string, suffix = '1'): SampleDocs {
  return {
    ledger: entry({ id: `L-${suffix}`, memberId: 'M000000001', points: 120, branchId, kind: 'earn', rule: 'stay.base', params: { nights: 2, rate: 1.5, note: 'x', promo: false }, reservationId: `R-${suffix}`, businessDate: BUSINESS_DATE, createdAt: NOW, deviceId: 'tablet-1', staffId: 'S1' }),
    reservations: reservation({ id: `R-${suffix}`, guestName: '张伟', memberId: 'M000000001', branchId }),
    rooms: room('301', { id: `${branchId}:301-${suffix}`, branchId }),
    members: member({ id: `M${suffix.padStart(9, '0')}`.slice(0, 16), name: '张伟', cardNo: '770000000001', homeBranchId: branchId }),
    doorEvents: {
      id: `tablet-1:${suffix}`, branchId, deviceId: 'tablet-1', seq: 0, at: NOW, businessDate: BUSINESS_DATE, cardNo: '770000000001',
      memberId: 'M000000001', memberName: '张伟', roomNo: '301', decision: 'granted', reason: 'in-house', staffId: 'S1',
      prevHash: '0'.repeat(64), hash: 'a'.repeat(64),
    },
    feedback: {
      id: `F-${suffix}`, memberId: 'M000000001', branchId, kind: 'suggestion', text: '很好', createdAt: NOW, adopted: false, adoptedAt: 0, staffId: 'S1', deviceId: 'tablet-1',
    },
    branches: { id: branchId, name: '测试店', city: '广州', timeZone: 'Asia/Shanghai', businessDate: BUSINESS_DATE, updatedAt: NOW },
    staff: {
      id: `S-${suffix}`, branchId, name: '王芳', role: 'front-desk',
      pin: { algorithm: 'PBKDF2-SHA-256', iterations: 210_000, salt: 'c2FsdA', hash: 'aGFzaA' }, active: true, updatedAt: NOW,
    },
    audits: { id: `${branchId}:${BUSINESS_DATE}`, branchId, businessDate: BUSINESS_DATE, closedAt: NOW, staffId: 'S1', deviceId: 'tablet-1', noShows: 0, penalties: 0 },
    reviews: {
      id: `rv-${suffix}`, branchId, kind: 'conflict', [REVIEW_COLLECTION_FIELD]: 'reservations', docId: `R-${suffix}`, refId: '',
      detail: { loser: { status: 'expected' } }, createdAt: NOW, deviceId: 'tablet-1', staffId: 'S1',
    } as unknown as ReviewDoc,
  };
}
