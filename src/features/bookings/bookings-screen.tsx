import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { departureOf } from '../../domain/booking';
import type { IsoDate, Reservation } from '../../domain/model';
import { upcomingBookings$ } from '../../data/queries-bookings';
import { liveValue, useLive } from '../../data/react';
import { useUnsynced } from '../../sync/use-unsynced';
import { FormMessage } from '../../ui/field';
import { UnsyncedMark } from '../../ui/ledger-lines';
import { BookingDialog } from './booking-dialog';
import { CancelBookingDialog, ChangeBookingDialog, GuaranteeDialog } from './booking-actions';
import { maskPhone } from '../../domain/phone';
import { tr, type Msg } from '../../ui/msg';

type Open = { kind: 'new' } | { kind: 'change' | 'cancel' | 'guarantee'; booking: Reservation } | null;

/**
 * The bookings from the business date on: the desk's own and head office's
 * (the feed), live, so a booking that arrives while the clerk watches shows
 * up without a reload.
 */
export function BookingsScreen({ businessDate }: { businessDate: IsoDate }) {
  const { t } = useTranslation();
  const unsynced = useUnsynced('reservations');
  const list = liveValue(useLive((db) => upcomingBookings$(db, businessDate), businessDate), []);
  const [open, setOpen] = useState<Open>(null);
  // Kept as key and parameters: a message on screen follows the 中文/EN switch.
  const [message, setMessage] = useState<Msg | null>(null);
  const done = (text: Msg) => { setOpen(null); setMessage(text); };
  const close = () => setOpen(null);

  return (
    <section aria-labelledby="bookings-title" className="screen">
      <header className="screen-head">
        <h1 id="bookings-title">{t('bookings.title')} <small>{t('bookings.from', { date: businessDate })} · {t('bookings.count', { count: list.length })}</small></h1>
        <button type="button" className="primary" onClick={() => { setMessage(null); setOpen({ kind: 'new' }); }}>{t('bookings.new')}</button>
      </header>
      <p className="muted">{t('bookings.intro')}</p>
      {message && <FormMessage kind="ok">{tr(t, message)}</FormMessage>}
      <table className="list">
        <thead>
          <tr>
            <th>{t('bookings.col.arrival')}</th><th>{t('bookings.col.departure')}</th><th>{t('bookings.col.guest')}</th>
            <th>{t('bookings.col.room')}</th><th>{t('bookings.col.channel')}</th><th>{t('bookings.col.guarantee')}</th>
            <th><span className="sr-only">{t('bookings.col.actions')}</span></th>
          </tr>
        </thead>
        <tbody>
          {list.map((r) => (
            <tr key={r.id}>
              <td>{r.arrivalDate} <small className="sub">{r.expectedArrival}</small></td>
              <td>{departureOf(r)} <small className="sub">{t('bookings.nightsValue', { count: r.nights + r.extensionNights })}</small></td>
              <td>{r.guestName}<small className="sub">{maskPhone(r.guestPhone)}</small></td>
              <td>{t(`roomType.${r.roomType}`)}</td>
              <td>{t(`channel.${r.channel}`)}{unsynced.has(r.id) && <> <UnsyncedMark /></>}</td>
              <td>{r.guaranteePoints > 0 ? <span className="chip warn">{r.guaranteePoints}</span> : t('bookings.none')}</td>
              <td className="actions">
                <button type="button" onClick={() => setOpen({ kind: 'change', booking: r })}>{t('bookings.change')}</button>
                {r.memberId && <button type="button" onClick={() => setOpen({ kind: 'guarantee', booking: r })}>{t('bookings.guarantee')}</button>}
                <button type="button" onClick={() => setOpen({ kind: 'cancel', booking: r })}>{t('bookings.cancel')}</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.length === 0 && <p className="empty">{t('bookings.empty')}</p>}
      {open?.kind === 'new' && <BookingDialog businessDate={businessDate} onClose={close} onSaved={done} />}
      {open?.kind === 'change' && <ChangeBookingDialog booking={open.booking} onClose={close} onDone={done} />}
      {open?.kind === 'cancel' && <CancelBookingDialog booking={open.booking} onClose={close} onDone={done} />}
      {open?.kind === 'guarantee' && <GuaranteeDialog booking={open.booking} onClose={close} onDone={done} />}
    </section>
  );
}
