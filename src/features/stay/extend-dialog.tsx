import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { extendStay, type ExtendStayError } from '../../data/commands/stay';
import { reservation$ } from '../../data/queries';
import { useCommandContext, useDb, useLive } from '../../data/react';
import { bookedDeparture, checkExtension } from '../../domain/stay-change';
import { Dialog } from '../../ui/dialog';
import { msg, tr, type Msg } from '../../ui/msg';
import { Field, FormMessage } from '../../ui/field';

/** 续住: a new departure date, at the desk or recorded as booked in advance through an own channel. */
export function ExtendDialog({ reservationId, onClose }: { reservationId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const db = useDb();
  const ctx = useCommandContext();
  const live = useLive((d) => reservation$(d, reservationId), `res-${reservationId}`);
  const [date, setDate] = useState('');
  const [advance, setAdvance] = useState(false);
  const [error, setError] = useState<ExtendStayError | null>(null);
  const [failed, setFailed] = useState<Msg | null>(null);
  const [done, setDone] = useState<{ count: number; date: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const r = live.status === 'ready' ? live.value : null;
  if (!r) return null;
  const departure = bookedDeparture(r);
  const check = date === '' ? null : checkExtension(r, { departureDate: date, advanceOwnChannel: advance });
  const shownError = error ?? (check && !check.ok && check.error !== 'mixedKind' ? check.error : null);
  const errText = (e: ExtendStayError) => t(`stay.error.${e}`, { departure });

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    try {
      const res = await extendStay(db, { reservationId, departureDate: date, advanceOwnChannel: advance }, ctx);
      if (res.ok) { setDone({ count: res.value.addedNights, date }); setError(null); }
      else setError(res.error);
    } catch (err) {
      setFailed(msg('common.saveFailed', { reason: err instanceof Error ? err.message : String(err) }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title={t('stay.extendTitle', { room: r.roomNo, name: r.guestName })} onClose={onClose}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <p>{t('stay.current', { arrival: r.arrivalDate, departure, count: r.nights + r.extensionNights })}</p>
        <Field label={t('stay.newDeparture')} error={shownError && shownError !== 'forbidden' && shownError !== 'notFound' && shownError !== 'notInHouse' ? errText(shownError) : null}
          hint={check?.ok ? t('stay.addedNights', { count: check.addedNights }) : undefined}>
          {(p) => <input {...p} type="date" value={date} disabled={done !== null} onChange={(e) => { setDate(e.target.value); setError(null); }} />}
        </Field>
        <fieldset className="radio-group" disabled={done !== null}>
          <legend>{t('stay.kind')}</legend>
          <label><input type="radio" name="ext-kind" checked={!advance} onChange={() => { setAdvance(false); setError(null); }} /> {t('stay.kindDesk')}</label>
          <label><input type="radio" name="ext-kind" checked={advance} onChange={() => { setAdvance(true); setError(null); }} /> {t('stay.kindAdvance')}</label>
        </fieldset>
        {error && (error === 'forbidden' || error === 'notFound' || error === 'notInHouse' || error === 'mixedKind') && <FormMessage kind="error">{errText(error)}</FormMessage>}
        {failed && <FormMessage kind="error">{tr(t, failed)}</FormMessage>}
        {done && <FormMessage kind="ok">{t('stay.extended', done)}</FormMessage>}
        <footer className="dialog-foot">
          {done ? <button type="button" className="primary" onClick={onClose}>{t('common.close')}</button> : (
            <>
              <button type="button" onClick={onClose}>{t('common.cancel')}</button>
              <button type="submit" className="primary" disabled={busy}>{t('stay.confirmExtend')}</button>
            </>
          )}
        </footer>
      </form>
    </Dialog>
  );
}
