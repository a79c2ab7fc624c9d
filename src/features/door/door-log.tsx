import { useTranslation } from 'react-i18next';
import type { DoorEvent } from '../../domain/door';

const time = (at: number, timeZone: string) =>
  new Intl.DateTimeFormat('zh-CN', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).format(at);

/** Tonight's swipes in full (card, guest, room): for staff only, shown behind the PIN. */
export function DoorLog({ events, timeZone }: { events: readonly DoorEvent[]; timeZone: string }) {
  const { t } = useTranslation();
  return (
    <table className="list door-log">
      <thead><tr><th>{t('door.col.time')}</th><th>{t('door.col.card')}</th><th>{t('door.col.guest')}</th><th>{t('door.col.room')}</th><th>{t('door.col.result')}</th></tr></thead>
      <tbody>
        {events.slice(0, 30).map((e) => (
          <tr key={e.id} className={e.decision === 'denied' ? 'denied' : ''}>
            <td>{time(e.at, timeZone)}</td><td>{e.cardNo}</td><td>{e.memberName}</td><td>{e.roomNo}</td>
            <td>{t(`door.decision.${e.decision}`)} · {t(`door.reason.${e.reason}`)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
