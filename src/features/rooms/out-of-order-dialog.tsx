import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Room } from '../../domain/model';
import { MAX_REASON_CHARS } from '../../domain/room-status';
import { Dialog } from '../../ui/dialog';
import { Field, FormMessage } from '../../ui/field';

/** Out of order with a reason; a refusal keeps what was typed. */
export function OutOfOrderDialog({ room, onClose, report }: {
  room: Room;
  onClose: () => void;
  report: (roomIds: string[], r: { kind: 'out-of-order'; reason: string }) => Promise<string | null>;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const tooLong = [...reason.trim()].length > MAX_REASON_CHARS;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    const refused = await report([room.id], { kind: 'out-of-order', reason });
    setBusy(false);
    if (refused === null) onClose();
    else setError(refused);
  }

  return (
    <Dialog title={t('rooms.oooTitle', { room: room.roomNo })} onClose={onClose}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Field label={t('rooms.reason')} hint={t('rooms.reasonHint')} error={tooLong ? t('rooms.error.reasonTooLong') : null}>
          {(p) => <input {...p} value={reason} onChange={(e) => { setReason(e.target.value); setError(null); }} />}
        </Field>
        {error && <FormMessage kind="error">{error}</FormMessage>}
        <footer className="dialog-foot">
          <button type="button" onClick={onClose}>{t('common.cancel')}</button>
          <button type="submit" className="primary" disabled={busy}>{t('rooms.confirmOoo')}</button>
        </footer>
      </form>
    </Dialog>
  );
}
