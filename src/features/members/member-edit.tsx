import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DIETS, FLOOR_PREFS, PILLOWS, ROOM_TYPES, type Member, type Preferences } from '../../domain/model';
import { updateMemberProfile, type MemberEditError } from '../../data/commands/member-edit';
import { useCommandContext, useDb } from '../../data/react';
import { Dialog } from '../../ui/dialog';
import { Field, FormMessage } from '../../ui/field';
import { msg, tr, type Msg } from '../../ui/msg';

/**
 * Edit a member's phone and preferences. Each changed field carries its own
 * edit time, so another tablet's offline edit of a different field survives
 * the sync.
 */
export function MemberEditDialog({ member, onClose }: { member: Member; onClose: () => void }) {
  const { t } = useTranslation();
  const db = useDb();
  const ctx = useCommandContext();
  const [phone, setPhone] = useState(member.phone);
  const [prefs, setPrefs] = useState<Preferences>(member.prefs);
  const [error, setError] = useState<MemberEditError | null>(null);
  const [failure, setFailure] = useState<Msg | null>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof Preferences>(k: K, v: Preferences[K]) => setPrefs((p) => ({ ...p, [k]: v }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    setFailure(null);
    try {
      const res = await updateMemberProfile(db, { memberId: member.id, phone, prefs }, ctx);
      if (res.ok) onClose();
      else setError(res.error);
    } catch (err) {
      setFailure(msg('common.saveFailed', { reason: err instanceof Error ? err.message : String(err) }));
    } finally {
      setBusy(false);
    }
  }

  const any = t('members.edit.any');
  const floorLabel = (v: Preferences['floor']) => (v === 'any' ? any : t(`pref.floor.${v}`));
  const pillowLabel = (v: Preferences['pillow']) => (v === 'any' ? any : t(`pref.pillow.${v}`));
  const dietLabel = (v: Preferences['diet']) => (v === 'none' ? any : t(`pref.diet.${v}`));
  return (
    <Dialog title={t('members.edit.title', { name: member.name })} onClose={onClose}>
      <form onSubmit={(e) => void submit(e)} className="member-edit">
        <Field label={t('members.edit.phone')} error={error === 'phoneFormat' || error === 'phoneTaken' ? t(`members.edit.error.${error}`) : null}>
          {(p) => <input {...p} inputMode="numeric" value={phone} onChange={(e) => setPhone(e.target.value)} autoComplete="off" />}
        </Field>
        <Field label={t('members.edit.roomType')}>
          {(p) => (
            <select {...p} value={prefs.roomType} onChange={(e) => set('roomType', e.target.value as Preferences['roomType'])}>
              <option value="any">{t('members.edit.any')}</option>
              {ROOM_TYPES.map((r) => <option key={r} value={r}>{t(`roomType.${r}`)}</option>)}
            </select>
          )}
        </Field>
        <Field label={t('members.edit.floor')}>
          {(p) => <select {...p} value={prefs.floor} onChange={(e) => set('floor', e.target.value as Preferences['floor'])}>{FLOOR_PREFS.map((v) => <option key={v} value={v}>{floorLabel(v)}</option>)}</select>}
        </Field>
        <Field label={t('members.edit.pillow')}>
          {(p) => <select {...p} value={prefs.pillow} onChange={(e) => set('pillow', e.target.value as Preferences['pillow'])}>{PILLOWS.map((v) => <option key={v} value={v}>{pillowLabel(v)}</option>)}</select>}
        </Field>
        <Field label={t('members.edit.diet')}>
          {(p) => <select {...p} value={prefs.diet} onChange={(e) => set('diet', e.target.value as Preferences['diet'])}>{DIETS.map((v) => <option key={v} value={v}>{dietLabel(v)}</option>)}</select>}
        </Field>
        <label className="check"><input type="checkbox" checked={prefs.smoking} onChange={(e) => set('smoking', e.target.checked)} /> {t('pref.smoking')}</label>
        <label className="check"><input type="checkbox" checked={prefs.quiet} onChange={(e) => set('quiet', e.target.checked)} /> {t('pref.quiet')}</label>
        {error === 'memberNotFound' && <FormMessage kind="error">{t('members.notFound')}</FormMessage>}
        {error === 'forbidden' && <FormMessage kind="error">{t('members.edit.error.forbidden')}</FormMessage>}
        {failure && <FormMessage kind="error">{tr(t, failure)}</FormMessage>}
        <footer className="dialog-foot">
          <button type="button" onClick={onClose}>{t('common.cancel')}</button>
          <button type="submit" className="primary" disabled={busy}>{t('members.edit.save')}</button>
        </footer>
      </form>
    </Dialog>
  );
}
