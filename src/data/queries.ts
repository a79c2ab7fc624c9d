/**
 * Read side: every query the screens need, each one answered from an index.
 * Each read comes in two forms: a one-shot `...Once` (commands, lookups) and
 * an observable `...$` (screens, through `useLive`).
 */
import { combineLatest, map, of, switchMap, type Observable } from 'rxjs';
import { businessDateOf } from '../domain/business-day';
import type { IsoDate, LedgerEntry, Member, Reservation, Room, Feedback, Branch } from '../domain/model';
import { classifySearch } from '../domain/search-query';
import { balance } from '../domain/ledger';
import type { FrontDeskDatabase } from './database';
import { findInStorage } from './storage-read';

export const SEARCH_LIMIT = 20;

const plain = <T>(docs: { toJSON(): unknown }[]): T[] => docs.map((d) => d.toJSON() as T);


function prefixRange(prefix: string) {
  return { $gte: prefix, $lt: `${prefix}\uffff` };
}

export async function searchMembers(db: FrontDeskDatabase, raw: string, limit = SEARCH_LIMIT): Promise<Member[]> {
  const q = classifySearch(raw);
  const m = db.members;
  let docs;
  switch (q.kind) {
    case 'cardNo': docs = await m.find({ selector: { cardNo: q.value }, limit }).exec(); break;
    case 'memberNo': docs = await m.find({ selector: { id: q.value }, limit }).exec(); break;
    case 'idNumber': docs = await m.find({ selector: { idNumber: q.value }, limit }).exec(); break;
    case 'phone': docs = await m.find({ selector: { phone: q.value }, limit }).exec(); break;
    case 'phoneLast4': docs = await m.find({ selector: { phoneLast4: q.value }, sort: [{ phoneLast4: 'asc' }, { id: 'asc' }], limit }).exec(); break;
    case 'name': docs = await m.find({ selector: { name: prefixRange(q.value) }, sort: [{ name: 'asc' }, { id: 'asc' }], limit }).exec(); break;
    case 'initials': docs = await m.find({ selector: { nameInitials: prefixRange(q.value) }, sort: [{ nameInitials: 'asc' }, { id: 'asc' }], limit }).exec(); break;
    default: return [];
  }
  return plain<Member>(docs);
}

export async function memberByCardOnce(db: FrontDeskDatabase, cardNo: string): Promise<Member | null> {
  const doc = await db.members.findOne({ selector: { cardNo } }).exec();
  return doc ? (doc.toJSON() as Member) : null;
}

/**
 * A member's ledger lines, oldest first. Read from storage directly (see
 * ./storage-read.ts): the commands that check a balance before writing must
 * see a line another tab wrote a moment ago.
 */
export async function ledgerOnce(db: FrontDeskDatabase, memberId: string): Promise<LedgerEntry[]> {
  return (await findInStorage(db.ledger, { selector: { memberId }, sort: [{ memberId: 'asc' }, { createdAt: 'asc' }] })) as LedgerEntry[];
}

export async function balanceOnce(db: FrontDeskDatabase, memberId: string): Promise<number> {
  return balance(await ledgerOnce(db, memberId));
}

export async function inHouseStayOnce(db: FrontDeskDatabase, memberId: string): Promise<Reservation | null> {
  const docs = await db.reservations.find({ selector: { memberId, status: 'checked-in' } }).exec();
  return docs[0] ? (docs[0].toJSON() as Reservation) : null;
}

export interface CardLookup {
  member: Member;
  balance: number;
  stay: Reservation | null;
}

/** Key-card swipe: card → member, balance and in-house room. */
export async function lookupCard(db: FrontDeskDatabase, cardNo: string): Promise<CardLookup | null> {
  const member = await memberByCardOnce(db, cardNo);
  if (!member) return null;
  const [balance, stay] = await Promise.all([balanceOnce(db, member.id), inHouseStayOnce(db, member.id)]);
  return { member, balance, stay };
}

/**
 * The audit records that could move the branch's business date: those of
 * the branch document's date or later (ids are `${branchId}:${date}`, so a
 * primary-key range; normally none or one).
 */
const closedFromSelector = (branch: Branch) => ({
  id: { $gte: `${branch.id}:${branch.businessDate}`, $lt: `${branch.id}:\uffff` },
});

/** The branch with its open business date: the day after the newest audit record, never earlier than the document says. */
function withBusinessDate(branch: Branch, closed: readonly { businessDate: string }[]): Branch {
  const businessDate = businessDateOf(branch.businessDate, closed.map((a) => a.businessDate));
  return businessDate === branch.businessDate ? branch : { ...branch, businessDate };
}

/**
 * A database opened with only some collections (`only`: the sync tests'
 * tablets, several to a process) may lack the audit records; the branch
 * document's own date is then all it knows. The desk always opens them.
 */
function hasAudits(db: FrontDeskDatabase): boolean {
  return (db.collections as Partial<typeof db.collections>).audits !== undefined;
}

export async function branchOnce(db: FrontDeskDatabase): Promise<Branch | null> {
  const doc = await db.branches.findOne().exec();
  if (!doc) return null;
  const branch = doc.toJSON() as Branch;
  if (!hasAudits(db)) return branch;
  const closed = await db.audits.find({ selector: closedFromSelector(branch) }).exec();
  return withBusinessDate(branch, closed.map((d) => d.toJSON()));
}

// ---- live queries -------------------------------------------------------

/** The branch, its business date from the audit records (./business-day `businessDateOf`). */
export const branch$ = (db: FrontDeskDatabase): Observable<Branch | null> =>
  db.branches.findOne().$.pipe(
    map((d) => (d ? (d.toJSON() as Branch) : null)),
    switchMap((branch) => branch === null || !hasAudits(db)
      ? of(branch)
      : db.audits.find({ selector: closedFromSelector(branch) }).$.pipe(map((docs) => withBusinessDate(branch, docs.map((d) => d.toJSON()))))),
  );

export const member$ = (db: FrontDeskDatabase, id: string): Observable<Member | null> =>
  db.members.findOne(id).$.pipe(map((d) => (d ? (d.toJSON() as Member) : null)));

export const ledger$ = (db: FrontDeskDatabase, memberId: string): Observable<LedgerEntry[]> =>
  db.ledger.find({ selector: { memberId }, sort: [{ memberId: 'asc' }, { createdAt: 'asc' }] }).$.pipe(map((d) => plain<LedgerEntry>(d)));

export const balance$ = (db: FrontDeskDatabase, memberId: string): Observable<number> =>
  ledger$(db, memberId).pipe(map(balance)); // the balance is never stored: it is the ledger's sum

export const arrivals$ = (db: FrontDeskDatabase, date: IsoDate): Observable<Reservation[]> =>
  db.reservations.find({ selector: { arrivalDate: date }, sort: [{ arrivalDate: 'asc' }, { expectedArrival: 'asc' }, { id: 'asc' }] }).$
    .pipe(map((d) => plain<Reservation>(d)));

export const inHouse$ = (db: FrontDeskDatabase): Observable<Reservation[]> =>
  db.reservations.find({ selector: { status: 'checked-in' }, sort: [{ status: 'asc' }, { arrivalDate: 'asc' }, { id: 'asc' }] }).$
    .pipe(map((d) => plain<Reservation>(d)));

export const memberStays$ = (db: FrontDeskDatabase, memberId: string, limit = 10): Observable<Reservation[]> =>
  db.reservations.find({ selector: { memberId }, sort: [{ memberId: 'asc' }, { arrivalDate: 'desc' }], limit }).$
    .pipe(map((d) => plain<Reservation>(d)));

export const rooms$ = (db: FrontDeskDatabase): Observable<Room[]> =>
  db.rooms.find({ sort: [{ status: 'asc' }, { roomNo: 'asc' }] }).$.pipe(map((d) => plain<Room>(d)));

export const feedback$ = (db: FrontDeskDatabase, memberId: string): Observable<Feedback[]> =>
  db.feedback.find({ selector: { memberId }, sort: [{ memberId: 'asc' }, { createdAt: 'desc' }] }).$
    .pipe(map((d) => plain<Feedback>(d)));

export const reservation$ = (db: FrontDeskDatabase, id: string): Observable<Reservation | null> =>
  db.reservations.findOne(id).$.pipe(map((d) => (d ? (d.toJSON() as Reservation) : null)));

/** Members referenced by a list of reservations (arrivals show tier and hints). */
export const membersByIds$ = (db: FrontDeskDatabase, ids: string[]): Observable<Map<string, Member>> =>
  db.members.findByIds(ids).$.pipe(map((m) => new Map([...m].map(([k, d]) => [k, d.toJSON() as Member]))));

export const memberWithBalance$ = (db: FrontDeskDatabase, id: string) =>
  combineLatest([member$(db, id), balance$(db, id)]).pipe(map(([member, balance]) => ({ member, balance })));
