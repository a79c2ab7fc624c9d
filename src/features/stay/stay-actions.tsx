import { useTranslation } from 'react-i18next';
import type { Reservation } from '../../domain/model';

/** The 续住 / 换房 buttons of a stay in house (the app puts them on the in-house list). */
export function StayActions({ reservation: r, onOpen }: {
  reservation: Reservation;
  onOpen: (change: { kind: 'extend' | 'move'; reservationId: string }) => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <button type="button" onClick={() => onOpen({ kind: 'extend', reservationId: r.id })}
        aria-label={t('stay.extendFor', { name: r.guestName, room: r.roomNo })}>{t('stay.extend')}</button>
      <button type="button" onClick={() => onOpen({ kind: 'move', reservationId: r.id })}
        aria-label={t('stay.moveFor', { name: r.guestName, room: r.roomNo })}>{t('stay.move')}</button>
    </>
  );
}
