import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Staff } from '../../domain/staff';
import { createStaff, signIn } from '../../data/commands/staff';
import { useCommandContext, useDb, useLive, liveValue } from '../../data/react';
import { activeStaff$ } from '../../data/queries-night';
import { useSession } from '../../session/store';
import { Field } from '../../ui/field';
import { msg, tr, type Msg } from '../../ui/msg';
import { StaffForm, type StaffFormValues, type StaffFormError } from './staff-dialog';

/**
 * Shift change on a shared tablet: pick yourself, type your PIN. Works
 * offline. A branch with no staff at all (a new branch's first tablet, its
 * download done) sets up its first manager here instead.
 */
export function SignInScreen({ branchId }: { branchId: string }) {
  const { t } = useTranslation();
  const db = useDb();
  const ctx = useCommandContext();
  const live = useLive(activeStaff$, 'staff');
  const staff = liveValue(live, [] as Staff[]);
  const doSignIn = useSession((s) => s.signIn);
  const [staffId, setStaffId] = useState('');
  const [pin, setPin] = useState('');
  const [error, setError] = useState<Msg | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!staffId) { setError(msg('staff.pickYourself')); return; }
    setBusy(true);
    try {
      const res = await signIn(db, staffId, pin, ctx);
      if (res.ok) { doSignIn({ id: res.value.id, name: res.value.name, role: res.value.role }); return; }
      setPin('');
      if (res.error.error === 'locked') setError(msg('staff.locked', { minutes: Math.ceil(res.error.remainingMs / 60_000) }));
      else if (res.error.error === 'wrongPin') setError(msg('staff.wrongPin', { left: res.error.attemptsLeft }));
      else setError(msg('staff.unknown'));
    } finally {
      setBusy(false);
    }
  }

  async function firstManager(v: StaffFormValues): Promise<StaffFormError | null> {
    const res = await createStaff(db, { id: `S-${ctx.newId()}`, branchId, name: v.name, role: 'manager', pin: v.pin }, ctx);
    if (!res.ok) return res.error;
    doSignIn({ id: res.value.id, name: res.value.name, role: res.value.role });
    return null;
  }

  if (live.status === 'ready' && staff.length === 0) {
    return (
      <main className="signin">
        <h1>{t('staffAdmin.firstTitle')}</h1>
        <p className="hint">{t('staffAdmin.firstIntro')}</p>
        <StaffForm mode="add" initial={{ name: '', role: 'manager' }} roles={['manager']} submitLabel={t('staffAdmin.firstAdd')} onSubmit={firstManager} />
      </main>
    );
  }

  return (
    <main className="signin">
      <h1>{t('staff.title')}</h1>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className="staff-grid" role="radiogroup" aria-label={t('staff.who')}>
          {staff.map((s) => (
            <label key={s.id} className={staffId === s.id ? 'staff-card selected' : 'staff-card'}>
              <input type="radio" name="staff" value={s.id} checked={staffId === s.id} onChange={() => { setStaffId(s.id); setError(null); }} />
              <strong>{s.name}</strong>
              <small>{t(`role.${s.role}`)}</small>
            </label>
          ))}
        </div>
        <Field label={t('staff.pin')} error={tr(t, error)}>
          {(p) => <input {...p} type="password" inputMode="numeric" autoComplete="off" maxLength={8} value={pin} onChange={(e) => setPin(e.target.value)} />}
        </Field>
        <button type="submit" className="primary" disabled={busy}>{t('staff.signIn')}</button>
      </form>
    </main>
  );
}
