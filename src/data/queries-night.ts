/** Live reads for the night's screens: staff, door events, closed days. */
import { map, type Observable } from 'rxjs';
import type { DoorEvent } from '../domain/door';
import type { IsoDate } from '../domain/model';
import type { Staff } from '../domain/staff';
import type { FrontDeskDatabase } from './database';

const plain = <T>(docs: { toJSON(): unknown }[]): T[] => docs.map((d) => d.toJSON() as T);

export const activeStaff$ = (db: FrontDeskDatabase): Observable<Staff[]> =>
  db.staff.find({ selector: { active: true } }).$.pipe(map((d) => plain<Staff>(d).sort((a, b) => a.name.localeCompare(b.name, 'zh'))));

/** Every staff account, stopped ones too (the manager's staff list): active first, then by name. */
export const allStaff$ = (db: FrontDeskDatabase): Observable<Staff[]> =>
  db.staff.find().$.pipe(map((d) => plain<Staff>(d).sort((a, b) => Number(b.active) - Number(a.active) || a.name.localeCompare(b.name, 'zh'))));

export const doorEventsOfDate$ = (db: FrontDeskDatabase, businessDate: IsoDate): Observable<DoorEvent[]> =>
  db.doorEvents.find({ selector: { businessDate }, sort: [{ businessDate: 'desc' }, { at: 'desc' }] }).$.pipe(map((d) => plain<DoorEvent>(d)));

export async function doorEventsOnce(db: FrontDeskDatabase): Promise<DoorEvent[]> {
  return plain<DoorEvent>(await db.doorEvents.find().exec());
}

export const auditOf$ = (db: FrontDeskDatabase, id: string) =>
  db.audits.findOne(id).$.pipe(map((d) => (d ? d.toJSON() : null)));
