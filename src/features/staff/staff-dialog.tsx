/**
 * The manager's staff list (☰ → 员工): every account with its role and
 * whether it is active; add a staff member; change a name, a role or a PIN;
 * stop an account (confirmed first) or restore it. Works offline: the staff
 * records sync like the rest of the branch. The commands refuse what would
 * lock the branch out (src/data/commands/staff-admin.ts); their refusals are
 * shown here in words, with what was typed kept.
 */
import { useState, type FormEvent } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { ROLES, type Role, type Staff } from '../../domain/staff';
import { createStaff, type CreateStaffError } from '../../data/commands/staff';
import { updateStaff, type UpdateStaffError } from '../../data/commands/staff-admin';
import { allStaff$ } from '../../data/queries-night';
import { liveValue, useCommandContext, useDb, useLive } from '../../data/react';
import { Dialog } from '../../ui/dialog';
import { Field, FormMessage } from '../../ui/field';
import { msg, tr, type Msg } from '../../ui/msg';

export type StaffFormError = UpdateStaffError | CreateStaffError | { error: 'mismatch' };

/** The message key of a refusal. */
export function staffErrorKey(e: StaffFormError): string {
  return e.error === 'pin' ? `staffAdmin.error.pin.${e.reason}` : `staffAdmin.error.${e.error}`;
}

export interface StaffFormValues { name: string; role: Role; pin: string }

/**
 * Name, role and PIN (twice). In `edit` mode an empty PIN keeps the old one.
 * `onSubmit` answers a refusal (shown, the typing kept) or null when done.
 */
export function StaffForm({ mode, initial, roles = ROLES, submitLabel, onSubmit, onCancel }: {
  mode: 'add' | 'edit';
  initial: { name: string; role: Role };
  roles?: readonly Role[];
  submitLabel: string;
  onSubmit: (values: StaffFormValues) => Promise<StaffFormError | null>;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState(initial.name);
  const [role, setRole] = useState<Role>(initial.role);
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<StaffFormError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if ((mode === 'add' || pin !== '' || again !== '') && pin !== again) { setError({ error: 'mismatch' }); return; }
    setBusy(true);
    try {
      setError(await onSubmit({ name, role, pin }));
    } finally {
      setBusy(false);
    }
  }
  const on = (kinds: readonly string[]) => (error && kinds.includes(error.error) ? t(staffErrorKey(error)) : null);
  const other = error && !['name', 'role', 'pin', 'mismatch'].includes(error.error) ? t(staffErrorKey(error)) : null;

  return (
    <form className="staff-form" onSubmit={(e) => void submit(e)} noValidate>
      <Field label={t('staffAdmin.name')} error={on(['name'])}>
        {(p) => <input {...p} value={name} maxLength={40} autoComplete="off" onChange={(e) => setName(e.target.value)} />}
      </Field>
      {roles.length > 1 && (
        <Field label={t('staffAdmin.role')} error={on(['role'])}>
          {(p) => (
            <select {...p} value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {roles.map((r) => <option key={r} value={r}>{t(`role.${r}`)}</option>)}
            </select>
          )}
        </Field>
      )}
      <Field label={mode === 'add' ? t('staffAdmin.pin') : t('staffAdmin.newPin')} error={on(['pin'])} hint={t('staffAdmin.pinHint')}>
        {(p) => <input {...p} type="password" inputMode="numeric" autoComplete="new-password" maxLength={8} value={pin} onChange={(e) => setPin(e.target.value)} />}
      </Field>
      <Field label={t('staffAdmin.pinAgain')} error={on(['mismatch'])}>
        {(p) => <input {...p} type="password" inputMode="numeric" autoComplete="new-password" maxLength={8} value={again} onChange={(e) => setAgain(e.target.value)} />}
      </Field>
      {other && <FormMessage kind="error">{other}</FormMessage>}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>{submitLabel}</button>
        {onCancel && <button type="button" onClick={onCancel}>{t('common.cancel')}</button>}
      </div>
    </form>
  );
}

export function StaffDialog({ branchId, onClose }: { branchId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const db = useDb();
  const ctx = useCommandContext();
  const staff = liveValue(useLive(allStaff$, 'all-staff'), [] as Staff[]);
  const [editing, setEditing] = useState<Staff | null>(null);
  const [adding, setAdding] = useState(false);
  const [confirm, setConfirm] = useState<Staff | null>(null);
  const [done, setDone] = useState<Msg | null>(null);
  const [refused, setRefused] = useState<StaffFormError | null>(null);
  const [busy, setBusy] = useState(false);

  async function setActive(s: Staff, active: boolean) {
    setBusy(true);
    const res = await updateStaff(db, { staffId: s.id, active }, ctx);
    setBusy(false);
    setConfirm(null);
    if (!res.ok) { setDone(null); setRefused(res.error); return; }
    setRefused(null);
    setDone(msg(active ? 'staffAdmin.restored' : 'staffAdmin.stoppedDone', { name: s.name }));
  }

  async function save(s: Staff, v: StaffFormValues): Promise<StaffFormError | null> {
    const change = {
      staffId: s.id,
      ...(v.name.trim() !== s.name ? { name: v.name } : {}),
      ...(v.role !== s.role ? { role: v.role } : {}),
      ...(v.pin !== '' ? { pin: v.pin } : {}),
    };
    const res = await updateStaff(db, change, ctx);
    if (!res.ok) return res.error;
    setEditing(null);
    setRefused(null);
    setDone(msg('staffAdmin.saved', { name: res.value.name }));
    return null;
  }

  async function add(v: StaffFormValues): Promise<StaffFormError | null> {
    const res = await createStaff(db, { id: `S-${ctx.newId()}`, branchId, name: v.name, role: v.role, pin: v.pin }, ctx);
    if (!res.ok) return res.error;
    setAdding(false);
    setRefused(null);
    setDone(msg('staffAdmin.added', { name: res.value.name }));
    return null;
  }

  return (
    <Dialog title={t('staffAdmin.title')} onClose={onClose} wide>
      <p className="hint">{t('staffAdmin.intro')}</p>
      {done && <p className="ok" role="status">{tr(t, done)}</p>}
      {refused && <p className="error" role="alert">{t(staffErrorKey(refused))}</p>}
      <table className="list staff-list">
        <thead><tr><th>{t('staffAdmin.name')}</th><th>{t('staffAdmin.role')}</th><th>{t('staffAdmin.status')}</th><th /></tr></thead>
        <tbody>
          {staff.map((s) => (
            <tr key={s.id} data-testid={`staff-${s.id}`} className={s.active ? undefined : 'muted'}>
              <td>{s.name}{s.id === ctx.staffId && ` ${t('staffAdmin.self')}`}</td>
              <td>{t(`role.${s.role}`)}</td>
              <td>{s.active ? t('staffAdmin.active') : t('staffAdmin.stopped')}</td>
              <td>
                <button type="button" disabled={busy} onClick={() => { setDone(null); setRefused(null); setAdding(false); setEditing(s); }}>{t('staffAdmin.edit')}</button>
                {s.active
                  ? <button type="button" className="danger" disabled={busy} onClick={() => { setDone(null); setRefused(null); setConfirm(s); }}>{t('staffAdmin.stop')}</button>
                  : <button type="button" disabled={busy} onClick={() => void setActive(s, true)}>{t('staffAdmin.restore')}</button>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {confirm && (
        <div className="confirm" role="alertdialog" aria-label={t('staffAdmin.stop')}>
          <p className="warn">{t('staffAdmin.stopConfirm', { name: confirm.name })}</p>
          <button type="button" className="danger" disabled={busy} onClick={() => void setActive(confirm, false)}>{t('staffAdmin.stopYes')}</button>
          <button type="button" onClick={() => setConfirm(null)}>{t('common.cancel')}</button>
        </div>
      )}
      {editing && (
        <section aria-label={t('staffAdmin.editTitle', { name: editing.name })}>
          <h3>{t('staffAdmin.editTitle', { name: editing.name })}</h3>
          <StaffForm key={editing.id} mode="edit" initial={editing} submitLabel={t('staffAdmin.save')}
            onSubmit={(v) => save(editing, v)} onCancel={() => setEditing(null)} />
        </section>
      )}
      {adding ? (
        <section aria-label={t('staffAdmin.addTitle')}>
          <h3>{t('staffAdmin.addTitle')}</h3>
          <StaffForm mode="add" initial={{ name: '', role: 'front-desk' }} submitLabel={t('staffAdmin.add')} onSubmit={add} onCancel={() => setAdding(false)} />
        </section>
      ) : (
        <div className="actions">
          <button type="button" className="primary" onClick={() => { setDone(null); setEditing(null); setAdding(true); }}>{t('staffAdmin.addTitle')}</button>
        </div>
      )}
    </Dialog>
  );
}

/** The ☰ menu's 员工 button (managers). */
export function StaffButton({ branchId }: { branchId: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="settings-btn" onClick={() => setOpen(true)}>{t('staffAdmin.open')}</button>
      {open && createPortal(<StaffDialog branchId={branchId} onClose={() => setOpen(false)} />, document.body)}
    </>
  );
}
