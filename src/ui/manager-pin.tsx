import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { can, type Action, type Staff } from '../domain/staff';
import { authoriseInPlace } from '../data/commands/staff';
import { activeStaff$ } from '../data/queries-night';
import { liveValue, useCommandContext, useDb, useLive } from '../data/react';
import { useSession } from '../session/store';
import type { CommandContext } from '../data/commands/context';
import { Dialog } from './dialog';
import { Field, FormMessage } from './field';
import { msg, tr, type Msg } from './msg';

/**
 * 经理授权 / Manager PIN: a manager-only action offered to a clerk in place.
 * The manager picks themself and types their PIN (checked as at sign-in,
 * with the same lock-out); the tablet stays signed in as the clerk. On
 * success `onAuthorised` gets the manager, and the caller runs ONE command
 * with `authorisedBy` set to that id; nothing is remembered for a second one.
 */
export function ManagerPinDialog({ actions, what, onAuthorised, onCancel }: {
  actions: readonly Action[];
  /** The action being authorised, in words (shown above the PIN). */
  what: string;
  onAuthorised: (manager: Staff) => Promise<void> | void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const db = useDb();
  const ctx = useCommandContext();
  const clerk = useSession((s) => s.staff);
  const staff = liveValue(useLive(activeStaff$, 'staff'), [] as Staff[]);
  const managers = staff.filter((s) => s.id !== clerk?.id && actions.every((a) => can(s.role, a)));
  const [managerId, setManagerId] = useState('');
  const [pin, setPin] = useState('');
  const [error, setError] = useState<Msg | null>(null);
  const [busy, setBusy] = useState(false);
  const chosen = managerId || (managers.length === 1 ? managers[0]?.id ?? '' : '');

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    if (!chosen) { setError(msg('authorise.pickManager')); return; }
    if (pin === '') { setError(msg('door.pinRequired')); return; }
    setBusy(true);
    try {
      const res = await authoriseInPlace(db, chosen, pin, actions, ctx);
      setPin('');
      if (res.ok) { await onAuthorised(res.value); return; }
      const err = res.error;
      if (err.error === 'locked') setError(msg('staff.locked', { minutes: Math.ceil(err.remainingMs / 60_000) }));
      else if (err.error === 'wrongPin') setError(msg('staff.wrongPin', { left: err.attemptsLeft }));
      else if (err.error === 'notAllowed') setError(msg('authorise.notAllowed'));
      else setError(msg('staff.unknown'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title={t('authorise.title')} onClose={onCancel}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <p className="summary">{what}</p>
        <p>{t('authorise.intro', { name: clerk?.name ?? '' })}</p>
        {managers.length === 0 && <FormMessage kind="error">{t('authorise.noManager')}</FormMessage>}
        {managers.length > 1 && (
          <Field label={t('authorise.who')}>
            {(p) => (
              <select {...p} value={managerId} onChange={(e) => { setManagerId(e.target.value); setError(null); }}>
                <option value="">—</option>
                {managers.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
              </select>
            )}
          </Field>
        )}
        {managers.length === 1 && <p>{t('authorise.who')} <strong>{managers[0]?.name}</strong></p>}
        <Field label={t('authorise.pin')} error={tr(t, error)}>
          {(p) => <input {...p} type="password" inputMode="numeric" autoComplete="off" maxLength={8} value={pin} autoFocus
            onChange={(e) => { setPin(e.target.value); setError(null); }} />}
        </Field>
        <footer className="dialog-foot">
          <button type="button" onClick={onCancel}>{t('common.cancel')}</button>
          <button type="submit" className="primary" disabled={busy || managers.length === 0}>{t('authorise.confirm')}</button>
        </footer>
      </form>
    </Dialog>
  );
}

/**
 * Whether the signed-in staff member needs a manager's PIN in place for
 * `actions` (false when no one is signed in: the command's own check decides).
 */
export function useNeedsAuthoriser(actions: readonly Action[]): boolean {
  const staff = useSession((s) => s.staff);
  return staff !== null && !actions.every((a) => can(staff.role, a));
}

/** The command context for ONE command authorised in place by `manager` (the acting staff member unchanged). */
export function authorisedContext(ctx: CommandContext, manager: Staff | null): CommandContext {
  return manager ? { ...ctx, staffId: ctx.staffId, authorisedBy: manager.id } : ctx;
}

/** A done message that also names the manager who authorised it in place. */
export function withAuthoriser(done: Msg, manager: Staff | null): Msg {
  return manager ? msg('authorise.doneBy', { text: done, name: manager.name }) : done;
}
