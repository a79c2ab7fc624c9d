/** Read side of bookings at the desk: the expected bookings from a date on (today's and future arrivals). */
import { map, type Observable } from 'rxjs';
import type { IsoDate, Reservation } from '../domain/model';
import type { FrontDeskDatabase } from './database';

/** Expected bookings arriving on `from` or later, by arrival date (index status+arrivalDate), at most `limit`. */
export const upcomingBookings$ = (db: FrontDeskDatabase, from: IsoDate, limit = 200): Observable<Reservation[]> =>
  db.reservations.find({
    selector: { status: 'expected', arrivalDate: { $gte: from } },
    sort: [{ status: 'asc' }, { arrivalDate: 'asc' }, { id: 'asc' }],
    limit,
  }).$.pipe(map((docs) => docs.map((d) => d.toJSON() as Reservation)));
