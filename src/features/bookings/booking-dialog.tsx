import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DESK_CHANNELS, type DeskChannel } from '../../domain/booking';
import { addDays, daysBetween, isIsoDate } from '../../domain/dates';
import { ROOM_TYPES, type IsoDate, type RoomType } from '../../domain/model';
import { classifySearch } from '../../domain/search-query';
import { makeBooking } from '../../data/commands/booking';
import { searchMembers } from '../../data/queries';
import { useCommandContext, useDb } from '../../data/react';
import { Dialog } from '../../ui/dialog';
import { Field, FormMessage } from '../../ui/field';
import { fieldErrors } from './messages';
import { msg, tr, type Msg } from '../../ui/msg';
import { maskPhone, unmaskPhone } from '../../domain/phone';
import { parseYuan } from '../../domain/units';

/** Member room-night rates per type, in yuan (editable in the form). */
const RATES: Record<RoomType, number> = { 'business-king': 238, king: 198, 'economy-twin': 168, family: 268 };

/** A new booking by phone or at the desk. What was typed stays when the desk refuses it. */
export function BookingDialog({ businessDate, onClose, onSaved }: { businessDate: IsoDate; onClose: () => void; onSaved: (message: Msg) => void }) {
  const { t } = useTranslation();
  const db = useDb();
  const ctx = useCommandContext();
  const [form, setForm] = useState({
    lookup: '', guestName: '', guestPhone: '', knownPhone: '', channel: 'phone' as DeskChannel, arrivalDate: addDays(businessDate, 1),
    departureDate: addDays(businessDate, 2), roomType: 'king' as RoomType, rate: '198', expectedArrival: '18:00',
  });
  const [memberId, setMemberId] = useState('');
  const [lookupNote, setLookupNote] = useState<Msg | null>(null);
  const [errors, setErrors] = useState<Record<string, Msg>>({});
  const set = (patch: Partial<typeof form>) => setForm({ ...form, ...patch });
  const nights = isIsoDate(form.arrivalDate) && isIsoDate(form.departureDate) ? daysBetween(form.arrivalDate, form.departureDate) : 0;

  async function findMember() {
    const kind = classifySearch(form.lookup).kind;
    if (kind !== 'cardNo' && kind !== 'phone' && kind !== 'memberNo' && kind !== 'idNumber') { setLookupNote(msg('walkin.lookupHint')); return; }
    const [m] = await searchMembers(db, form.lookup, 1);
    if (!m) { setMemberId(''); setLookupNote(msg('bookings.form.noMember')); return; }
    setMemberId(m.id);
    setLookupNote(null);
    // The member's number is shown masked (only 修改资料 shows it whole) and used unless the clerk types another.
    set({ guestName: m.name, guestPhone: maskPhone(m.phone), knownPhone: m.phone });
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    // A rate is a plain number of yuan with at most two decimals: anything else is refused, never rounded (¥0.005 is not ¥0.01).
    const rateFen = parseYuan(form.rate);
    const res = await makeBooking(db, {
      memberId, guestName: form.guestName, guestPhone: unmaskPhone(form.guestPhone, form.knownPhone), channel: form.channel, arrivalDate: form.arrivalDate.trim(),
      departureDate: form.departureDate.trim(), roomType: form.roomType, rateFen: rateFen ?? Number.NaN,
      expectedArrival: form.expectedArrival,
    }, ctx);
    if (res.ok) {
      const r = res.value.reservation;
      onSaved(msg('bookings.saved', { guest: r.guestName, date: r.arrivalDate, nights: r.nights }));
      return;
    }
    setErrors(fieldErrors(res.error));
  }

  return (
    <Dialog title={t('bookings.form.title')} onClose={onClose} wide>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Field label={t('bookings.form.lookup')} error={tr(t, lookupNote)}>
          {(p) => (
            <span className="inline">
              <input {...p} value={form.lookup} onChange={(e) => set({ lookup: e.target.value })} autoComplete="off" />
              <button type="button" onClick={() => void findMember()}>{t('bookings.form.find')}</button>
            </span>
          )}
        </Field>
        {memberId && <FormMessage kind="ok">{t('bookings.form.memberFound', { id: memberId })}</FormMessage>}
        <div className="grid2">
          <Field label={t('bookings.form.guestName')} error={tr(t, errors.guestName ?? null)}>
            {(p) => <input {...p} value={form.guestName} onChange={(e) => set({ guestName: e.target.value })} />}
          </Field>
          <Field label={t('bookings.form.guestPhone')} error={tr(t, errors.guestPhone ?? null)}>
            {(p) => <input {...p} value={form.guestPhone} inputMode="tel" onChange={(e) => set({ guestPhone: e.target.value })} />}
          </Field>
          <Field label={t('bookings.form.arrivalDate')} error={tr(t, errors.arrivalDate ?? null)}>
            {(p) => <input {...p} type="date" value={form.arrivalDate} min={businessDate} onChange={(e) => set({ arrivalDate: e.target.value })} />}
          </Field>
          <Field label={t('bookings.form.departureDate')} error={tr(t, errors.departureDate ?? null)} {...(nights > 0 ? { hint: t('bookings.form.nightsPreview', { count: nights }) } : {})}>
            {(p) => <input {...p} type="date" value={form.departureDate} onChange={(e) => set({ departureDate: e.target.value })} />}
          </Field>
          <Field label={t('bookings.form.roomType')} error={tr(t, errors.roomType ?? null)}>
            {(p) => (
              <select {...p} value={form.roomType} onChange={(e) => { const roomType = e.target.value as RoomType; set({ roomType, rate: String(RATES[roomType]) }); }}>
                {ROOM_TYPES.map((rt) => <option key={rt} value={rt}>{t(`roomType.${rt}`)}</option>)}
              </select>
            )}
          </Field>
          <Field label={t('bookings.form.rate')} error={tr(t, errors.rateFen ?? null)}>
            {(p) => <input {...p} value={form.rate} inputMode="decimal" onChange={(e) => set({ rate: e.target.value })} />}
          </Field>
          <Field label={t('bookings.form.channel')} error={tr(t, errors.channel ?? null)}>
            {(p) => (
              <select {...p} value={form.channel} onChange={(e) => set({ channel: e.target.value as DeskChannel })}>
                {DESK_CHANNELS.map((c) => <option key={c} value={c}>{t(`bookings.channelOption.${c}`)}</option>)}
              </select>
            )}
          </Field>
          <Field label={t('bookings.form.expectedArrival')} error={tr(t, errors.expectedArrival ?? null)}>
            {(p) => <input {...p} value={form.expectedArrival} inputMode="numeric" placeholder="20:00" onChange={(e) => set({ expectedArrival: e.target.value })} />}
          </Field>
        </div>
        {errors[''] && <FormMessage kind="error">{tr(t, errors[''])}</FormMessage>}
        <footer className="dialog-foot">
          <button type="button" onClick={onClose}>{t('common.cancel')}</button>
          <button type="submit" className="primary">{t('bookings.create')}</button>
        </footer>
      </form>
    </Dialog>
  );
}
