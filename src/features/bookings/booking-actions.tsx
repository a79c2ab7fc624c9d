import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { departureOf, heldUntil, type CancellationTerms } from '../../domain/booking';
import { freeHoldUntil } from '../../domain/guarantee';
import { ROOM_TYPES, type Reservation, type RoomType } from '../../domain/model';
import { DEFAULT_RULES } from '../../domain/rules';
import { addGuarantee, cancelBooking, changeBooking, previewCancellation, releaseGuarantee } from '../../data/commands/booking';
import { memberWithBalance$ } from '../../data/queries';
import { useCommandContext, useDb, useLive } from '../../data/react';
import { Dialog } from '../../ui/dialog';
import { Field, FormMessage } from '../../ui/field';
import { commandErrors, guaranteeError } from './messages';
import { msg, tr, type Msg } from '../../ui/msg';

type Done = (message: Msg) => void;

export function ChangeBookingDialog({ booking, onClose, onDone }: { booking: Reservation; onClose: () => void; onDone: Done }) {
  const { t } = useTranslation();
  const db = useDb();
  const ctx = useCommandContext();
  const [form, setForm] = useState({ arrivalDate: booking.arrivalDate, departureDate: departureOf(booking), roomType: booking.roomType });
  const [errors, setErrors] = useState<Record<string, Msg>>({});

  async function submit(e: FormEvent) {
    e.preventDefault();
    const res = await changeBooking(db, booking.id, { ...form, arrivalDate: form.arrivalDate.trim(), departureDate: form.departureDate.trim() }, ctx);
    if (res.ok) {
      const r = res.value.reservation;
      onDone(msg('bookings.changed', { date: r.arrivalDate, nights: r.nights, room: msg(`roomType.${r.roomType}`) }));
      return;
    }
    setErrors(commandErrors(res.error));
  }

  return (
    <Dialog title={t('bookings.changeTitle', { guest: booking.guestName })} onClose={onClose}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        {errors[''] && <FormMessage kind="error">{tr(t, errors[''])}</FormMessage>}
        <div className="grid2">
          <Field label={t('bookings.form.arrivalDate')} error={tr(t, errors.arrivalDate ?? null)}>
            {(p) => <input {...p} type="date" value={form.arrivalDate} onChange={(e) => setForm({ ...form, arrivalDate: e.target.value })} />}
          </Field>
          <Field label={t('bookings.form.departureDate')} error={tr(t, errors.departureDate ?? null)}>
            {(p) => <input {...p} type="date" value={form.departureDate} onChange={(e) => setForm({ ...form, departureDate: e.target.value })} />}
          </Field>
          <Field label={t('bookings.form.roomType')} error={tr(t, errors.roomType ?? null)}>
            {(p) => (
              <select {...p} value={form.roomType} onChange={(e) => setForm({ ...form, roomType: e.target.value as RoomType })}>
                {ROOM_TYPES.map((rt) => <option key={rt} value={rt}>{t(`roomType.${rt}`)}</option>)}
              </select>
            )}
          </Field>
        </div>
        <footer className="dialog-foot">
          <button type="button" onClick={onClose}>{t('common.cancel')}</button>
          <button type="submit" className="primary">{t('bookings.changeSave')}</button>
        </footer>
      </form>
    </Dialog>
  );
}

function termsText(t: ReturnType<typeof useTranslation>['t'], terms: Extract<CancellationTerms, { ok: true }>): string {
  if (terms.exempt === 'no-member') return t('bookings.cancelNoMember');
  if (terms.exempt === 'same-day-after-18') return t('bookings.cancelSameDay');
  if (terms.free) return terms.release > 0 ? t('bookings.cancelFreeRelease', { points: terms.release }) : t('bookings.cancelFree', { until: terms.freeUntil });
  if (terms.forfeit > 0) return t('bookings.cancelForfeit', { until: terms.freeUntil, points: terms.forfeit });
  return t('bookings.cancelPenalty', { until: terms.freeUntil, points: terms.penalty });
}

/** Says what cancelling costs before the clerk confirms; refuses a checked-in stay. */
export function CancelBookingDialog({ booking, onClose, onDone }: { booking: Reservation; onClose: () => void; onDone: Done }) {
  const { t } = useTranslation();
  const db = useDb();
  const ctx = useCommandContext();
  const [terms, setTerms] = useState<CancellationTerms | null>(null);
  const [error, setError] = useState<Msg | null>(null);
  useEffect(() => {
    let live = true;
    void previewCancellation(db, booking.id, ctx).then((x) => { if (live) setTerms(x); });
    return () => { live = false; };
  }, [db, ctx, booking.id]);

  async function confirm() {
    if (!terms?.ok) return;
    const res = await cancelBooking(db, { reservationId: booking.id, expectFree: terms.free }, ctx);
    if (res.ok) { onDone(msg('bookings.cancelled')); return; }
    if ('termsChanged' in res.error) { setTerms(res.error.termsChanged); setError(msg('bookings.termsChanged')); return; }
    const errors = commandErrors(res.error);
    setError(errors[''] ?? Object.values(errors)[0] ?? null);
  }

  return (
    <Dialog title={t('bookings.cancelTitle', { guest: booking.guestName })} onClose={onClose}>
      {terms === null && <p>{t('common.loading')}</p>}
      {terms && !terms.ok && <FormMessage kind="error">{t(`bookings.state.${terms.state}`)}</FormMessage>}
      {error && <FormMessage kind="error">{tr(t, error)}</FormMessage>}
      {terms?.ok && <p className={terms.free ? 'terms free' : 'terms cost'} role="status">{termsText(t, terms)}</p>}
      <footer className="dialog-foot">
        <button type="button" onClick={onClose}>{t('bookings.cancelKeep')}</button>
        {terms?.ok && <button type="button" className={terms.free ? 'primary' : 'danger'} onClick={() => void confirm()}>{t('bookings.cancelConfirm')}</button>}
      </footer>
    </Dialog>
  );
}

/** A member on the phone adds or releases a late-arrival guarantee; the held points and the spendable balance are shown. */
export function GuaranteeDialog({ booking, onClose, onDone }: { booking: Reservation; onClose: () => void; onDone: Done }) {
  const { t } = useTranslation();
  const db = useDb();
  const ctx = useCommandContext();
  const live = useLive((d) => memberWithBalance$(d, booking.memberId), booking.memberId);
  const [hours, setHours] = useState('1');
  const [error, setError] = useState<Msg | null>(null);
  const member = live.status === 'ready' ? live.value.member : null;
  const spendable = live.status === 'ready' ? live.value.balance : 0;
  const tier = member?.tier ?? 'registered';

  async function add(e: FormEvent) {
    e.preventDefault();
    const n = Number(hours.trim());
    const res = await addGuarantee(db, { reservationId: booking.id, hours: n }, ctx);
    if (res.ok) { onDone(msg('bookings.guaranteeAdded', { points: res.value.held, until: res.value.holdUntil, balance: res.value.balanceAfter })); return; }
    setError(guaranteeError(res.error, n));
  }

  async function release() {
    const res = await releaseGuarantee(db, { reservationId: booking.id }, ctx);
    if (res.ok) { onDone(msg('bookings.guaranteeReleased', { points: res.value.released })); return; }
    setError(guaranteeError(res.error, 0));
  }

  return (
    <Dialog title={t('bookings.guaranteeTitle', { guest: booking.guestName })} onClose={onClose}>
      <p>{t('bookings.guaranteeIntro', { free: freeHoldUntil(tier, DEFAULT_RULES) })}</p>
      {member && <p><strong>{t('bookings.guaranteeBalance', { points: spendable })}</strong></p>}
      {!booking.memberId && <FormMessage kind="error">{t('bookings.guaranteeError.noMember')}</FormMessage>}
      {booking.guaranteePoints > 0 ? (
        <>
          <p className="terms" role="status">{t('bookings.guaranteeCurrent', { points: booking.guaranteePoints, until: heldUntil(booking, tier, DEFAULT_RULES) })}</p>
          {error && <FormMessage kind="error">{tr(t, error)}</FormMessage>}
          <footer className="dialog-foot">
            <button type="button" onClick={onClose}>{t('common.cancel')}</button>
            <button type="button" className="primary" onClick={() => void release()}>{t('bookings.guaranteeRelease')}</button>
          </footer>
        </>
      ) : (
        <form onSubmit={(e) => void add(e)} noValidate>
          <Field label={t('bookings.guaranteeHours')} error={tr(t, error)}>
            {(p) => <input {...p} value={hours} inputMode="numeric" onChange={(e) => setHours(e.target.value)} />}
          </Field>
          <footer className="dialog-foot">
            <button type="button" onClick={onClose}>{t('common.cancel')}</button>
            <button type="submit" className="primary" disabled={!booking.memberId}>{t('bookings.guaranteeAdd')}</button>
          </footer>
        </form>
      )}
    </Dialog>
  );
}
