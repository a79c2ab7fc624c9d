import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { signIn } from '../../data/commands/staff';
import { useCommandContext, useDb } from '../../data/react';
import { useSession } from '../../session/store';
import { Dialog } from '../../ui/dialog';
import { Field } from '../../ui/field';
import { msg, tr, type Msg } from '../../ui/msg';

/**
 * The signed-in auditor's PIN, asked again at the door tablet before the
 * log is shown or door mode is left: the tablet faces the street, and
 * whoever stands there must not reach the desk behind it. Failures count
 * towards the same lock-out as signing in.
 */
export function PinGate({ purpose, onPassed, onCancel }: { purpose: string; onPassed: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const db = useDb();
  const ctx = useCommandContext();
  const staff = useSession((s) => s.staff);
  const [pin, setPin] = useState('');
  const [error, setError] = useState<Msg | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy || !staff) return;
    if (pin === '') { setError(msg('door.pinRequired')); return; }
    setBusy(true);
    try {
      const res = await signIn(db, staff.id, pin, ctx);
      if (res.ok) { onPassed(); return; }
      setPin('');
      if (res.error.error === 'locked') setError(msg('staff.locked', { minutes: Math.ceil(res.error.remainingMs / 60_000) }));
      else if (res.error.error === 'wrongPin') setError(msg('staff.wrongPin', { left: res.error.attemptsLeft }));
      else setError(msg('staff.unknown'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title={purpose} onClose={onCancel}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <p>{t('door.pinFor', { name: staff?.name ?? '' })}</p>
        <Field label={t('staff.pin')} error={tr(t, error)}>
          {(p) => <input {...p} type="password" inputMode="numeric" autoComplete="off" maxLength={8} value={pin} autoFocus
            onChange={(e) => { setPin(e.target.value); setError(null); }} />}
        </Field>
        <footer className="dialog-foot">
          <button type="button" onClick={onCancel}>{t('common.cancel')}</button>
          <button type="submit" className="primary" disabled={busy}>{t('door.unlock')}</button>
        </footer>
      </form>
    </Dialog>
  );
}
