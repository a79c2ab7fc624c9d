import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { moveRoom, type MoveRoomError } from '../../data/commands/stay';
import { reservation$, rooms$ } from '../../data/queries';
import { liveValue, useCommandContext, useDb, useLive } from '../../data/react';
import { compareRoomNo } from '../../domain/rooms';
import { MAX_REASON_CHARS } from '../../domain/room-status';
import { Dialog } from '../../ui/dialog';
import { msg, tr, type Msg } from '../../ui/msg';
import { Field, FormMessage } from '../../ui/field';

/** 换房: to a vacant clean room, with a reason; the stay stays one stay. */
export function MoveDialog({ reservationId, onClose }: { reservationId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const db = useDb();
  const ctx = useCommandContext();
  const live = useLive((d) => reservation$(d, reservationId), `res-${reservationId}`);
  const rooms = liveValue(useLive(rooms$, 'rooms'), []);
  const [toRoomId, setToRoomId] = useState('');
  const [otherType, setOtherType] = useState(false);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<MoveRoomError[]>([]);
  const [failed, setFailed] = useState<Msg | null>(null);
  const [done, setDone] = useState<{ from: string; to: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const r = live.status === 'ready' ? live.value : null;
  if (!r) return null;
  const free = rooms
    .filter((x) => x.status === 'vacant-clean' && (otherType || x.type === r.roomType))
    .sort((a, b) => compareRoomNo(a.roomNo, b.roomNo));
  const roomErrors = errors.filter((e) => !['reasonRequired', 'reasonTooLong'].includes(e));
  const reasonError = errors.find((e) => e === 'reasonRequired' || e === 'reasonTooLong')
    ?? ([...reason.trim()].length > MAX_REASON_CHARS ? 'reasonTooLong' : undefined);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    try {
      const from = r!.roomNo;
      const res = await moveRoom(db, { reservationId, toRoomId, reason, allowOtherType: otherType }, ctx);
      if (res.ok) { setDone({ from, to: res.value.to.roomNo }); setErrors([]); }
      else setErrors(res.error);
    } catch (err) {
      setFailed(msg('common.saveFailed', { reason: err instanceof Error ? err.message : String(err) }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title={t('stay.moveTitle', { room: done?.from ?? r.roomNo, name: r.guestName })} onClose={onClose}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Field label={t('stay.toRoom')} error={roomErrors.length > 0 ? roomErrors.map((x) => t(`stay.error.${x}`)).join(' ') : null}
          hint={free.length === 0 ? t('stay.toRoomNone', { type: t(`roomType.${r.roomType}`) }) : undefined}>
          {(p) => (
            <select {...p} value={toRoomId} disabled={done !== null} onChange={(e) => { setToRoomId(e.target.value); setErrors([]); }}>
              <option value="">{t('stay.pick')}</option>
              {free.map((x) => <option key={x.id} value={x.id}>{x.roomNo} · {t(`roomType.${x.type}`)}</option>)}
            </select>
          )}
        </Field>
        <label className="check"><input type="checkbox" checked={otherType} disabled={done !== null} onChange={(e) => setOtherType(e.target.checked)} /> {t('stay.otherType')}</label>
        <Field label={t('stay.moveReason')} hint={t('stay.moveReasonHint')} error={reasonError ? t(`stay.error.${reasonError}`) : null}>
          {(p) => <input {...p} value={reason} disabled={done !== null} onChange={(e) => { setReason(e.target.value); setErrors([]); }} />}
        </Field>
        {failed && <FormMessage kind="error">{tr(t, failed)}</FormMessage>}
        {done && <FormMessage kind="ok">{t('stay.moved', done)}</FormMessage>}
        <footer className="dialog-foot">
          {done ? <button type="button" className="primary" onClick={onClose}>{t('common.close')}</button> : (
            <>
              <button type="button" onClick={onClose}>{t('common.cancel')}</button>
              <button type="submit" className="primary" disabled={busy}>{t('stay.confirmMove')}</button>
            </>
          )}
        </footer>
      </form>
    </Dialog>
  );
}
