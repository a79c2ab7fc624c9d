import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { checkOut, previewCheckOut, type CheckOutPreview } from '../../data/commands/checkout';
import { useCommandContext, useDb } from '../../data/react';
import { Dialog } from '../../ui/dialog';
import { FormMessage } from '../../ui/field';
import { msg, tr, type Msg } from '../../ui/msg';

/** Shows what the stay earns, line by line, then posts it on confirmation. */
export function CheckOutDialog({ reservationId, onClose }: { reservationId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const db = useDb();
  const ctx = useCommandContext();
  const [preview, setPreview] = useState<CheckOutPreview | null>(null);
  const [done, setDone] = useState<CheckOutPreview | null>(null);
  const [error, setError] = useState<Msg | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    void previewCheckOut(db, reservationId, ctx.now()).then((p) => { if (live) setPreview(p); });
    return () => { live = false; };
  }, [db, ctx, reservationId]);

  async function confirm() {
    setBusy(true);
    try {
      const res = await checkOut(db, reservationId, ctx);
      if (res.ok) setDone(res.value);
      else setError(msg(`checkout.error.${res.error}`));
    } catch (err) {
      setError(msg('common.saveFailed', { reason: err instanceof Error ? err.message : String(err) }));
    } finally {
      setBusy(false);
    }
  }

  const shown = done ?? preview;
  if (!shown) return null;
  // Opened for a stay that is no longer in house (another tablet checked it out): say so, offer nothing to confirm.
  const stale = !done && shown.reservation.status !== 'checked-in';
  const total = shown.lines.reduce((s, l) => s + l.points, 0);
  return (
    <Dialog title={t('checkout.title', { name: shown.reservation.guestName, room: shown.reservation.roomNo })} onClose={onClose}>
      {!stale && <h3>{done ? t('checkout.posted') : t('checkout.willPost')}</h3>}
      {shown.lines.length === 0 && <p className="muted">{t('checkout.nothing')}</p>}
      <ul className="ledger">
        {shown.lines.map((l) => (
          <li key={l.id}>
            <span className="explain">{t(`ledger.rule.${l.rule}`, { ...l.params, points: l.points })}</span>
            <strong className={l.points < 0 ? 'neg' : 'pos'}>{l.points > 0 ? `+${l.points}` : l.points}</strong>
          </li>
        ))}
      </ul>
      {shown.earnings.notes.map((n) => <p key={n.rule} className="note">{t(`ledger.note.${n.rule}`, n.params)}</p>)}
      <p className="total">{t('checkout.total', { points: total })}</p>
      {stale && <FormMessage kind="error">{t('checkout.error.notCheckedIn')}</FormMessage>}
      {error && <FormMessage kind="error">{tr(t, error)}</FormMessage>}
      {done && <FormMessage kind="ok">{t('checkout.done', { room: done.reservation.roomNo })}</FormMessage>}
      <footer className="dialog-foot">
        {done || stale ? <button type="button" className="primary" onClick={onClose}>{t('common.close')}</button> : (
          <>
            <button type="button" onClick={onClose}>{t('common.cancel')}</button>
            <button type="button" className="primary" disabled={busy} onClick={() => void confirm()}>{t('checkout.confirm')}</button>
          </>
        )}
      </footer>
    </Dialog>
  );
}
