import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DoorEvent } from '../../domain/door';
import type { IsoDate } from '../../domain/model';
import type { Swipe } from '../../domain/card-swipe';
import { recordDoorSwipe } from '../../data/commands/door';
import { doorEventsOfDate$ } from '../../data/queries-night';
import { liveValue, useCommandContext, useDb, useLive } from '../../data/react';
import { useCardSwipe } from '../../ui/use-card-swipe';

const time = (at: number, timeZone: string) =>
  new Intl.DateTimeFormat('zh-CN', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).format(at);

/**
 * Door mode: the tablet by the locked street door. Every swipe is decided
 * and recorded (granted or denied); the result is readable from two metres.
 */
export function DoorScreen({ businessDate, timeZone }: { businessDate: IsoDate; timeZone: string }) {
  const { t } = useTranslation();
  const db = useDb();
  const ctx = useCommandContext();
  const [last, setLast] = useState<DoorEvent | null>(null);
  const [error, setError] = useState<string | null>(null);
  const events = liveValue(useLive((d) => doorEventsOfDate$(d, businessDate), businessDate), []);

  const onSwipe = useCallback((swipe: Swipe) => {
    void recordDoorSwipe(db, swipe.cardNo, ctx).then(
      (res) => { if (res.ok) { setLast(res.value); setError(null); } else setError(t('door.forbidden')); },
      (err: unknown) => setError(t('common.saveFailed', { reason: err instanceof Error ? err.message : String(err) })),
    );
  }, [db, ctx, t]);
  useCardSwipe(onSwipe);

  return (
    <section className="screen door" aria-labelledby="door-title">
      <header className="screen-head"><h1 id="door-title">{t('door.title')} <small>{businessDate}</small></h1></header>
      <div className={last ? `door-result ${last.decision}` : 'door-result idle'} role="status" aria-live="assertive" data-seq={last?.seq ?? -1}>
        {last ? (
          <>
            <p className="door-decision">{t(`door.decision.${last.decision}`)}</p>
            <p className="door-name">{last.memberName || last.cardNo}</p>
            {last.roomNo && <p className="door-room">{t('door.room', { room: last.roomNo })}</p>}
            <p className="door-reason">{t(`door.reason.${last.reason}`)}</p>
          </>
        ) : <p className="door-decision">{t('door.waiting')}</p>}
      </div>
      {error && <p className="error" role="alert">{error}</p>}
      <h2>{t('door.log')}</h2>
      <table className="list">
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
    </section>
  );
}
