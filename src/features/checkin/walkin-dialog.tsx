import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { validateWalkIn, type WalkInError, type WalkInFields } from '../../domain/checkin';
import { ROOM_TYPES, type Reservation, type RoomType } from '../../domain/model';
import { classifySearch } from '../../domain/search-query';
import { parseYuan } from '../../domain/units';
import { draftWalkIn } from '../../data/commands/walk-in';
import { searchMembers } from '../../data/queries';
import { useCommandContext, useDb } from '../../data/react';
import { Dialog } from '../../ui/dialog';
import { Field, FormMessage } from '../../ui/field';
import { WALK_IN_LIMITS } from './checkin-dialog';
import { maskPhone, unmaskPhone } from '../../domain/phone';
import { msg, tr, type Msg } from '../../ui/msg';

/** `guestPhone` is what the field shows; `knownPhone` the found member's number behind its masked pre-fill. */
type Form = { lookup: string; guestName: string; guestPhone: string; knownPhone: string; roomType: RoomType; nights: string; rate: string };

/** What the clerk typed, as the walk-in's fields: anything that is not a plain number stays NaN (refused, never rounded). */
function fieldsOf(form: Form): WalkInFields {
  const rateFen = parseYuan(form.rate);
  return {
    guestName: form.guestName,
    guestPhone: unmaskPhone(form.guestPhone, form.knownPhone),
    nights: /^\d{1,6}$/.test(form.nights.trim()) ? Number(form.nights.trim()) : Number.NaN,
    rateFen: rateFen ?? Number.NaN,
  };
}

/** Default room-night fee per type at the member price, in fen (editable). */
export const WALK_IN_RATES: Record<RoomType, number> = { 'business-king': 23800, king: 19800, 'economy-twin': 16800, family: 26800 };

/**
 * The walk-in's guest, stay and rate. "Next" only checks them and hands the
 * draft on to the check-in: nothing is stored until the check-in commits.
 */
export function WalkInDialog({ onClose, onDrafted }: { onClose: () => void; onDrafted: (draft: Reservation) => void }) {
  const { t } = useTranslation();
  const db = useDb();
  const ctx = useCommandContext();
  const [form, setFormState] = useState<Form>({ lookup: '', guestName: '', guestPhone: '', knownPhone: '', roomType: 'king', nights: '1', rate: '198' });
  const [memberId, setMemberId] = useState('');
  const [cardLost, setCardLost] = useState(false);
  // Kept as key and parameters, translated when shown: a message on screen follows the 中文/EN switch.
  const [errors, setErrors] = useState<Record<string, Msg>>({});
  // After the first "next", every change re-checks the fields: a corrected value loses its message at once.
  const [checked, setChecked] = useState(false);

  const messagesOf = (errs: readonly WalkInError[]) =>
    Object.fromEntries(errs.map((err) => [err.field, msg(`walkin.error.${err.field}.${err.code}`, WALK_IN_LIMITS)]));

  function setForm(next: Form) {
    setFormState(next);
    const lookupError = next.lookup === form.lookup ? errors.lookup : undefined;
    if (checked) setErrors({ ...(lookupError ? { lookup: lookupError } : {}), ...messagesOf(validateWalkIn(fieldsOf(next))) });
    else if (lookupError !== errors.lookup) setErrors(({ lookup: _gone, ...rest }) => rest);
  }

  async function findMember() {
    const kind = classifySearch(form.lookup).kind;
    if (kind !== 'cardNo' && kind !== 'phone' && kind !== 'memberNo' && kind !== 'idNumber') {
      setErrors({ ...errors, lookup: msg('walkin.lookupHint') });
      return;
    }
    const [m] = await searchMembers(db, form.lookup, 1);
    if (!m) { setErrors({ ...errors, lookup: msg('members.noResults') }); setMemberId(''); return; }
    setMemberId(m.id);
    setCardLost(m.cardLost);
    const next = { ...form, guestName: m.name, guestPhone: maskPhone(m.phone), knownPhone: m.phone };
    setFormState(next);
    setErrors(checked ? messagesOf(validateWalkIn(fieldsOf(next))) : {});
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setChecked(true);
    const res = await draftWalkIn(db, { memberId, roomType: form.roomType, ...fieldsOf(form) }, ctx);
    if (res.ok) { onDrafted(res.value.reservation); return; }
    setErrors(messagesOf(res.error));
  }

  return (
    <Dialog title={t('walkin.title')} onClose={onClose}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Field label={t('walkin.lookup')} error={tr(t, errors.lookup ?? null)} hint={t('walkin.lookupHint')}>
          {(p) => (
            <span className="inline">
              <input {...p} value={form.lookup} onChange={(e) => setForm({ ...form, lookup: e.target.value })} autoComplete="off" />
              <button type="button" onClick={() => void findMember()}>{t('walkin.find')}</button>
            </span>
          )}
        </Field>
        {memberId && <FormMessage kind="ok">{t('walkin.memberFound', { id: memberId })}</FormMessage>}
        {memberId && cardLost && <FormMessage kind="error">{t('walkin.cardLost')}</FormMessage>}
        <div className="grid2">
          <Field label={t('walkin.guestName')} error={tr(t, errors.guestName ?? null)}>
            {(p) => <input {...p} value={form.guestName} onChange={(e) => setForm({ ...form, guestName: e.target.value })} />}
          </Field>
          <Field label={t('walkin.guestPhone')} error={tr(t, errors.guestPhone ?? null)}>
            {(p) => <input {...p} value={form.guestPhone} inputMode="tel" onChange={(e) => setForm({ ...form, guestPhone: e.target.value })} />}
          </Field>
          <Field label={t('walkin.roomType')}>
            {(p) => (
              <select {...p} value={form.roomType} onChange={(e) => {
                const roomType = e.target.value as RoomType;
                setForm({ ...form, roomType, rate: String(WALK_IN_RATES[roomType] / 100) });
              }}>
                {ROOM_TYPES.map((rt) => <option key={rt} value={rt}>{t(`roomType.${rt}`)}</option>)}
              </select>
            )}
          </Field>
          <Field label={t('walkin.nights')} error={tr(t, errors.nights ?? null)}>
            {(p) => <input {...p} value={form.nights} inputMode="numeric" onChange={(e) => setForm({ ...form, nights: e.target.value })} />}
          </Field>
          <Field label={t('walkin.rate')} error={tr(t, errors.rateFen ?? null)}>
            {(p) => <input {...p} value={form.rate} inputMode="decimal" onChange={(e) => setForm({ ...form, rate: e.target.value })} />}
          </Field>
        </div>
        <footer className="dialog-foot">
          <button type="button" onClick={onClose}>{t('common.cancel')}</button>
          <button type="submit" className="primary">{t('walkin.create')}</button>
        </footer>
      </form>
    </Dialog>
  );
}
