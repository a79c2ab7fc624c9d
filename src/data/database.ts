/**
 * The front desk's local database. The only place that opens RxDB.
 *
 * Twelve collections (the free edition allows 13 open at once); two are
 * local to the device and never replicate: `journal` and `deviceState`.
 */
import { addRxPlugin, createRxDatabase, type RxCollection, type RxDatabase, type RxStorage } from 'rxdb';
import { RxDBUpdatePlugin } from 'rxdb/plugins/update';
import { RxDBQueryBuilderPlugin } from 'rxdb/plugins/query-builder';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { RxDBLocalDocumentsPlugin } from 'rxdb/plugins/local-documents';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import {
  branchSchema, feedbackSchema, journalSchema, ledgerSchema, memberSchema, reservationSchema, roomSchema,
  type BranchDoc, type FeedbackDoc, type JournalDoc, type LedgerDoc, type MemberDoc, type ReservationDoc,
  type RoomDoc,
} from './schemas';
import { replayJournal } from './journal';
import { normaliseRoom } from '../domain/room-status';
import { conflictHandlerFor } from './conflicts';
import {
  auditSchema, deviceStateSchema, doorEventSchema, reviewSchema, staffSchema,
  type AuditDoc, type DeviceStateDoc, type DoorEventDoc, type ReviewDoc, type StaffDoc,
} from './schemas-night';

addRxPlugin(RxDBUpdatePlugin);
addRxPlugin(RxDBQueryBuilderPlugin);
addRxPlugin(RxDBMigrationSchemaPlugin);
addRxPlugin(RxDBLocalDocumentsPlugin);

export interface FrontDeskCollections {
  members: RxCollection<MemberDoc>;
  reservations: RxCollection<ReservationDoc>;
  rooms: RxCollection<RoomDoc>;
  ledger: RxCollection<LedgerDoc>;
  feedback: RxCollection<FeedbackDoc>;
  branches: RxCollection<BranchDoc>;
  journal: RxCollection<JournalDoc>;
  doorEvents: RxCollection<DoorEventDoc>;
  staff: RxCollection<StaffDoc>;
  audits: RxCollection<AuditDoc>;
  deviceState: RxCollection<DeviceStateDoc>;
  reviews: RxCollection<ReviewDoc>;
}

export type FrontDeskDatabase = RxDatabase<FrontDeskCollections>;
/** Collections a journalled change may write (the local-only ones excluded). */
export type CollectionName = Exclude<keyof FrontDeskCollections, 'journal' | 'deviceState'>;

export const COLLECTION_SCHEMAS = {
  members: memberSchema,
  reservations: reservationSchema,
  rooms: roomSchema,
  ledger: ledgerSchema,
  feedback: feedbackSchema,
  branches: branchSchema,
  journal: journalSchema,
  doorEvents: doorEventSchema,
  staff: staffSchema,
  audits: auditSchema,
  deviceState: deviceStateSchema,
  reviews: reviewSchema,
} as const;

export interface OpenOptions {
  /** IndexedDB database name; one per branch and device profile. */
  name: string;
  /** Defaults to Dexie on the browser's IndexedDB. */
  storage?: RxStorage<unknown, unknown>;
  /** Tests open many databases with the same name in one process. */
  ignoreDuplicate?: boolean;
  /**
   * Open only these collections. For tests that run two tablets in one
   * process: the free edition allows 13 open collections per process.
   */
  only?: readonly (keyof FrontDeskCollections)[];
}

export async function openFrontDeskDb(options: OpenOptions): Promise<FrontDeskDatabase> {
  const db = await createRxDatabase<FrontDeskCollections>({
    name: options.name,
    storage: options.storage ?? getRxStorageDexie(),
    multiInstance: true,
    eventReduce: true,
    ignoreDuplicate: options.ignoreDuplicate ?? false,
    closeDuplicates: true,
    // Local documents hold this tablet's sync setup; they never replicate.
    localDocuments: true,
  });
  const ch = (c: CollectionName) => conflictHandlerFor(options.name, c);
  const all = {
    // v0 → v1 only added an optional field.
    members: { schema: COLLECTION_SCHEMAS.members, migrationStrategies: { 1: (doc: MemberDoc) => doc }, conflictHandler: ch('members') },
    // v0 → v1 only added optional fields.
    reservations: { schema: COLLECTION_SCHEMAS.reservations, migrationStrategies: { 1: (doc: ReservationDoc) => doc }, conflictHandler: ch('reservations') },
    // v0 → v1: the housekeeping and occupancy facts are read from the old status and written out.
    rooms: { schema: COLLECTION_SCHEMAS.rooms, migrationStrategies: { 1: (doc: RoomDoc) => normaliseRoom(doc) }, conflictHandler: ch('rooms') },
    ledger: { schema: COLLECTION_SCHEMAS.ledger, conflictHandler: ch('ledger') },
    feedback: { schema: COLLECTION_SCHEMAS.feedback, conflictHandler: ch('feedback') },
    branches: { schema: COLLECTION_SCHEMAS.branches, conflictHandler: ch('branches') },
    journal: { schema: COLLECTION_SCHEMAS.journal },
    doorEvents: { schema: COLLECTION_SCHEMAS.doorEvents, conflictHandler: ch('doorEvents') },
    staff: { schema: COLLECTION_SCHEMAS.staff, conflictHandler: ch('staff') },
    audits: { schema: COLLECTION_SCHEMAS.audits, conflictHandler: ch('audits') },
    deviceState: { schema: COLLECTION_SCHEMAS.deviceState },
    reviews: { schema: COLLECTION_SCHEMAS.reviews, conflictHandler: ch('reviews') },
  };
  const wanted = options.only ? Object.fromEntries(options.only.map((k) => [k, all[k]])) : all;
  await db.addCollections(wanted as typeof all);
  // A change that spans documents and was interrupted (tab closed, crash)
  // is finished before anything else reads the database.
  await replayJournal(db);
  return db;
}
