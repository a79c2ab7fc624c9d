import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ROOM_TYPES, type RoomType } from '../../domain/model';
import { classifySearch } from '../../domain/search-query';
import { createWalkIn } from '../../data/commands/walk-in';
import { searchMembers } from '../../data/queries';
import { useCommandContext, useDb } from '../../data/react';
import { Dialog } from '../../ui/dialog';
import { Field, FormMessage } from '../../ui/field';

/** Default room-night fee per type at the member price, in fen (editable). */
export const WALK_IN_RATES: Record<RoomType, number> = { 'business-king': 23800, king: 19800, 'economy-twin': 16800, family: 26800 };

export function WalkInDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (reservationId: string) => void }) {
  const { t } = useTranslation();
  const db = useDb();
  const ctx = useCommandContext();
  const [form, setForm] = useState({ lookup: '', guestName: '', guestPhone: '', roomType: 'king' as RoomType, nights: '1', rate: '198' });
  const [memberId, setMemberId] = useState('');
  const [cardLost, setCardLost] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});

  async function findMember() {
    const kind = classifySearch(form.lookup).kind;
    if (kind !== 'cardNo' && kind !== 'phone' && kind !== 'memberNo' && kind !== 'idNumber') {
      setErrors({ lookup: t('walkin.lookupHint') });
      return;
    }
    const [m] = await searchMembers(db, form.lookup, 1);
    if (!m) { setErrors({ lookup: t('members.noResults') }); setMemberId(''); return; }
    setMemberId(m.id);
    setCardLost(m.cardLost);
    setErrors({});
    setForm({ ...form, guestName: m.name, guestPhone: m.phone });
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const rate = Number(form.rate);
    const res = await createWalkIn(db, {
      memberId, guestName: form.guestName, guestPhone: form.guestPhone, roomType: form.roomType,
      nights: Number(form.nights), rateFen: Number.isFinite(rate) ? Math.round(rate * 100) : NaN,
    }, ctx);
    if (res.ok) { onCreated(res.value.reservationId); return; }
    setErrors(Object.fromEntries(res.error.map((err) => [err.field, t(`walkin.error.${err.field}.${err.code}`)])));
  }

  return (
    <Dialog title={t('walkin.title')} onClose={onClose}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Field label={t('walkin.lookup')} error={errors.lookup} hint={t('walkin.lookupHint')}>
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
          <Field label={t('walkin.guestName')} error={errors.guestName}>
            {(p) => <input {...p} value={form.guestName} onChange={(e) => setForm({ ...form, guestName: e.target.value })} />}
          </Field>
          <Field label={t('walkin.guestPhone')} error={errors.guestPhone}>
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
          <Field label={t('walkin.nights')} error={errors.nights}>
            {(p) => <input {...p} value={form.nights} inputMode="numeric" onChange={(e) => setForm({ ...form, nights: e.target.value })} />}
          </Field>
          <Field label={t('walkin.rate')} error={errors.rateFen}>
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
