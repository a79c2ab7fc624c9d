import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Member, Reservation, Room } from '../../domain/model';
import { suggestRooms } from '../../domain/rooms';
import { localDateOf } from '../../domain/dates';
import { validateIdNumber } from '../../domain/id-number';
import { DEFAULT_RULES } from '../../domain/rules';
import { formatFen, fen } from '../../domain/units';
import { checkIn, type CheckInCommandError } from '../../data/commands/checkin';
import { branch$, member$, reservation$, rooms$ } from '../../data/queries';
import { liveValue, useCommandContext, useDb, useLive } from '../../data/react';
import { Dialog } from '../../ui/dialog';
import { Field, FormMessage } from '../../ui/field';
import { TierBadge } from '../../ui/badges';
import { PrefChips } from '../../ui/prefs';
import { maskPhone, unmaskPhone } from '../../domain/phone';
import { msg, tr, type Msg } from '../../ui/msg';

/** Kept as key and parameters, translated when shown: a message on screen follows the 中文/EN switch. */
type Errors = Partial<Record<CheckInCommandError['field'], Msg>>;

/** The walk-in bounds as message parameters ({{maxNights}}, {{minRate}} …). */
export const WALK_IN_LIMITS = {
  maxName: DEFAULT_RULES.walkIn.guestNameMaxChars,
  maxNights: DEFAULT_RULES.walkIn.maxNights,
  minRate: DEFAULT_RULES.walkIn.minRateFen / 100,
  maxRate: DEFAULT_RULES.walkIn.maxRateFen / 100,
};

const ANY_PREFS: Member['prefs'] = { roomType: 'any', floor: 'any', pillow: 'any', smoking: false, diet: 'none', quiet: false };

export function CheckInDialog({ reservationId, walkIn, onClose, onDone }: {
  reservationId: string;
  /** A walk-in's draft (not stored yet): checking in stores it; closing leaves nothing behind. */
  walkIn?: Reservation | undefined;
  onClose: () => void;
  onDone: (reservation: Reservation) => void;
}) {
  const { t } = useTranslation();
  const db = useDb();
  const ctx = useCommandContext();
  const stored = liveValue(useLive((d) => reservation$(d, reservationId), reservationId), null);
  const reservation = walkIn ?? stored;
  const member = liveValue(useLive((d) => member$(d, reservation?.memberId || '-'), reservation?.memberId || '-'), null);
  const rooms = liveValue(useLive(rooms$, 'rooms'), [] as Room[]);
  const branch = liveValue(useLive(branch$, 'branch'), null);
  const [idNumber, setIdNumber] = useState<string | null>(null);
  const [roomId, setRoomId] = useState('');
  const [enrol, setEnrol] = useState(false);
  const [otherTypes, setOtherTypes] = useState(false);
  const [enrolForm, setEnrolForm] = useState({ name: '', phone: '', cardNo: '', feeWaived: false });
  // The guest's number behind the masked pre-fill of the enrolment's phone.
  const [knownPhone, setKnownPhone] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);

  if (!reservation) return null;
  // The member's own ID is pre-filled when they stay themself; the clerk still checks the card.
  const idValue = idNumber ?? (member && !reservation.bookedForOther ? member.idNumber : '');
  const prefs = member?.prefs ?? ANY_PREFS;
  const suggested = suggestRooms(rooms, { roomType: reservation.roomType, prefs }, 6);
  const otherVacant = rooms.filter((r) => r.status === 'vacant-clean' && (otherTypes || r.type === reservation.roomType) && !suggested.includes(r));

  /** A changed ID loses its old message at once, and shows the format problem it has now, if any. */
  function changeId(value: string) {
    setIdNumber(value);
    if (!errors.idNumber) return;
    const v = validateIdNumber(value, localDateOf(ctx.now(), branch?.timeZone));
    const field = 'idNumber';
    setErrors(({ idNumber: _old, ...rest }) => (v.ok ? rest : { ...rest, idNumber: msg(`checkin.error.${field}.${v.error}`) }));
  }

  function changeRoom(id: string) {
    setRoomId(id);
    setErrors(({ room: _old, ...rest }) => rest);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy || !reservation) return;
    setBusy(true);
    try {
      const res = await checkIn(db, {
        reservationId: reservation.id,
        roomId,
        idNumberRaw: idValue,
        allowOtherType: otherTypes,
        ...(enrol ? { enrol: { ...enrolForm, phone: unmaskPhone(enrolForm.phone, knownPhone) } } : {}),
        ...(walkIn ? { walkIn } : {}),
      }, ctx);
      if (res.ok) { onDone(res.value.reservation); return; }
      const next: Errors = {};
      for (const err of res.error) next[err.field] ??= msg(`checkin.error.${err.field}.${err.code}`);
      setErrors(next);
    } catch (err) {
      setErrors({ reservation: msg('common.saveFailed', { reason: err instanceof Error ? err.message : String(err) }) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title={t('checkin.title', { name: reservation.guestName })} onClose={onClose} wide>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <p className="summary">
          {reservation.expectedArrival} · {t(`channel.${reservation.channel}`)} · {t(`roomType.${reservation.roomType}`)} ·{' '}
          {t('arrivals.nights', { count: reservation.nights })} · {formatFen(fen(reservation.rateFen))}
          {member && <> · {member.name} <TierBadge tier={member.tier} /></>}
        </p>
        {member && <PrefChips prefs={member.prefs} />}
        {errors.reservation && <FormMessage kind="error">{tr(t, errors.reservation)}</FormMessage>}
        {errors.staff && <FormMessage kind="error">{tr(t, errors.staff)}</FormMessage>}
        <Field label={t('checkin.idNumber')} error={tr(t, errors.idNumber ?? null)} hint={t('checkin.idHint')}>
          {(p) => <input {...p} value={idValue} onChange={(e) => changeId(e.target.value)} autoComplete="off" maxLength={24} inputMode="text" />}
        </Field>
        <fieldset className="rooms">
          <legend>{t('checkin.room')}</legend>
          {suggested.length === 0 && <p className="error">{t('checkin.noRooms')}</p>}
          <label className="check"><input type="checkbox" checked={otherTypes} onChange={(e) => setOtherTypes(e.target.checked)} /> {t('checkin.otherTypes')}</label>
          <div className="room-grid">
            {[...suggested, ...otherVacant].map((r, i) => (
              <label key={r.id} className={roomId === r.id ? 'room selected' : 'room'}>
                <input type="radio" name="room" value={r.id} checked={roomId === r.id} onChange={() => changeRoom(r.id)}
                  aria-label={[r.roomNo, r.type !== reservation.roomType ? t(`roomType.${r.type}`) : '', t('checkin.floor', { floor: r.floor }), r.quiet ? t('pref.quiet') : '', r.smoking ? t('pref.smoking') : '', i < suggested.length && i < 3 ? t('checkin.suggested') : ''].filter(Boolean).join(', ')} />
                <strong>{r.roomNo}</strong>
                <small>{r.type !== reservation.roomType && `${t(`roomType.${r.type}`)} · `}{t('checkin.floor', { floor: r.floor })}{r.quiet ? ` · ${t('pref.quiet')}` : ''}{r.smoking ? ` · ${t('pref.smoking')}` : ''}</small>
                {i < suggested.length && i < 3 && <small className="fit">{t('checkin.suggested')}</small>}
              </label>
            ))}
          </div>
          {errors.room && <p className="error" role="alert">{tr(t, errors.room)}</p>}
        </fieldset>
        {!reservation.memberId && (
          <fieldset className="enrol">
            <legend>
              <label><input type="checkbox" checked={enrol} onChange={(e) => {
                setEnrol(e.target.checked);
                if (e.target.checked && !enrolForm.name) { setKnownPhone(reservation.guestPhone); setEnrolForm({ ...enrolForm, name: reservation.guestName, phone: maskPhone(reservation.guestPhone) }); }
              }} /> {t('checkin.enrol', { fee: DEFAULT_RULES.joinFeeFen / 100 })}</label>
            </legend>
            {enrol && (
              <div className="grid2">
                <Field label={t('enrol.name')} error={tr(t, errors.name ?? null)}>
                  {(p) => <input {...p} value={enrolForm.name} onChange={(e) => setEnrolForm({ ...enrolForm, name: e.target.value })} />}
                </Field>
                <Field label={t('enrol.phone')} error={tr(t, errors.phone ?? null)}>
                  {(p) => <input {...p} value={enrolForm.phone} inputMode="tel" onChange={(e) => setEnrolForm({ ...enrolForm, phone: e.target.value })} />}
                </Field>
                <Field label={t('enrol.cardNo')} error={tr(t, errors.cardNo ?? null)} hint={t('enrol.cardHint')}>
                  {(p) => <input {...p} value={enrolForm.cardNo} inputMode="numeric" data-accepts-swipe onChange={(e) => setEnrolForm({ ...enrolForm, cardNo: e.target.value })} />}
                </Field>
                <label className="check"><input type="checkbox" checked={enrolForm.feeWaived} onChange={(e) => setEnrolForm({ ...enrolForm, feeWaived: e.target.checked })} /> {t('enrol.feeWaived')}</label>
              </div>
            )}
          </fieldset>
        )}
        <footer className="dialog-foot">
          <button type="button" onClick={onClose}>{t('common.cancel')}</button>
          <button type="submit" className="primary" disabled={busy}>{t('checkin.confirm')}</button>
        </footer>
      </form>
    </Dialog>
  );
}
