import { useTranslation } from 'react-i18next';
import { useUnsynced } from '../../sync/use-unsynced';
import { UnsyncedMark } from '../../ui/ledger-lines';
import { addDays } from '../../domain/dates';
import type { ReactNode } from 'react';
import type { IsoDate, Reservation } from '../../domain/model';
import { inHouse$ } from '../../data/queries';
import { liveValue, useLive } from '../../data/react';

/** Guests in house; those due out today first. */
export function InHouseScreen({ businessDate, onCheckOut, stayActions }: {
  businessDate: IsoDate;
  onCheckOut: (reservationId: string) => void;
  /** Further actions on a stay (续住, 换房), filled by the app. */
  stayActions?: ((r: Reservation) => ReactNode) | undefined;
}) {
  const { t } = useTranslation();
  const unsynced = useUnsynced('reservations');
  const list = liveValue(useLive(inHouse$, 'inhouse'), []);
  const rows = list
    .map((r) => ({ r, departure: addDays(r.arrivalDate, r.nights + r.extensionNights) }))
    .sort((a, b) => (a.departure < b.departure ? -1 : a.departure > b.departure ? 1 : a.r.roomNo.localeCompare(b.r.roomNo)));
  return (
    <section className="screen" aria-labelledby="inhouse-title">
      <header className="screen-head"><h1 id="inhouse-title">{t('inhouse.title')} <small>{rows.length}</small></h1></header>
      <table className="list">
        <thead><tr><th>{t('inhouse.room')}</th><th>{t('arrivals.col.guest')}</th><th>{t('inhouse.arrival')}</th><th>{t('inhouse.departure')}</th><th><span className="sr-only">{t('common.actions')}</span></th></tr></thead>
        <tbody>
          {rows.map(({ r, departure }) => (
            <tr key={r.id} className={departure <= businessDate ? 'due' : ''}>
              <td><strong>{r.roomNo}</strong>{unsynced.has(r.id) && <> <UnsyncedMark /></>}</td>
              <td>{r.guestName}</td>
              <td>{r.arrivalDate}</td>
              <td>{departure}{departure <= businessDate && <span className="chip warn">{t('inhouse.dueOut')}</span>}</td>
              <td className="row-actions">{stayActions?.(r)}<button type="button" className="primary" onClick={() => onCheckOut(r.id)} aria-label={t('inhouse.checkOutFor', { name: r.guestName, room: r.roomNo })}>{t('inhouse.checkOut')}</button></td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && <p className="empty">{t('inhouse.empty')}</p>}
    </section>
  );
}
