/**
 * What sync could not settle by itself, and the manager's answers to it.
 *
 * Review records are immutable, like ledger lines: a conflict, a document
 * the server rejected, or a tablet's reconnect report is written once; the
 * manager resolves it by writing a new record (`resolution`) that points at
 * it (`refId`), never by editing it.
 */
import type { EpochMs } from './model';

export const REVIEW_KINDS = ['conflict', 'rejected', 'reconnect', 'resolution'] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];

export interface ReviewRecord {
  id: string;
  branchId: string;
  kind: ReviewKind;
  /** The collection of the document concerned ('' for a reconnect report). (Not `collection`: RxDB documents have a getter of that name.) */
  docCollection: string;
  /** The document concerned ('' for a reconnect report). */
  docId: string;
  /** For a resolution: the id of the record (or member, for an overdraft) it resolves. */
  refId: string;
  /** Plain data for the review screen: the losing version, the reason, counts… */
  detail: Record<string, unknown>;
  createdAt: EpochMs;
  deviceId: string;
  staffId: string;
  /** The staff member (a manager) whose PIN, entered in place, authorised the acting one's action; absent otherwise. */
  authorisedBy?: string;
}
