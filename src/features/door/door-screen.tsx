import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DoorEvent } from '../../domain/door';
import type { IsoDate } from '../../domain/model';
import type { Swipe } from '../../domain/card-swipe';
import { maskName } from '../../domain/privacy';
import { recordDoorSwipe } from '../../data/commands/door';
import { doorEventsOfDate$ } from '../../data/queries-night';
import { liveValue, useCommandContext, useDb, useLive } from '../../data/react';
import { useCardSwipe } from '../../ui/use-card-swipe';
import { DoorLog } from './door-log';
import { PinGate } from './pin-gate';
import { msg, tr, type Msg } from '../../ui/msg';

/** Long enough to read from two metres, short enough that the next person does not see it. */
export const DOOR_RESULT_MS = 6_000;
/** The staff log hides itself again if staff walk away from it. */
export const DOOR_LOG_MS = 60_000;

type Shown = { kind: 'event'; event: DoorEvent } | { kind: 'unrecognised'; seq: number };

/**
 * Door mode: the tablet by the locked street door faces the street. Every
 * swipe is decided and recorded; what is shown is only the decision and a
 * masked name (林*), never a room or card number, and only for a few
 * seconds. The night's log and leaving door mode need the auditor's PIN.
 */
export function DoorScreen({ businessDate, timeZone, onLeave }: { businessDate: IsoDate; timeZone: string; onLeave: () => void }) {
  const { t } = useTranslation();
  const db = useDb();
  const ctx = useCommandContext();
  const [shown, setShown] = useState<Shown | null>(null);
  const [error, setError] = useState<Msg | null>(null);
  const [gate, setGate] = useState<'log' | 'leave' | null>(null);
  const [logOpen, setLogOpen] = useState(false);
  const events = liveValue(useLive((d) => doorEventsOfDate$(d, businessDate), businessDate), []);

  const onSwipe = useCallback((swipe: Swipe) => {
    void recordDoorSwipe(db, swipe.cardNo, ctx).then(
      (res) => { if (res.ok) { setShown({ kind: 'event', event: res.value }); setError(null); } else setError(msg('door.forbidden')); },
      (err: unknown) => setError(msg('common.saveFailed', { reason: err instanceof Error ? err.message : String(err) })),
    );
  }, [db, ctx]);
  const onUnrecognised = useCallback(() => {
    setShown((prev) => ({ kind: 'unrecognised', seq: prev?.kind === 'event' ? prev.event.seq : prev?.seq ?? -1 }));
  }, []);
  useCardSwipe(onSwipe, onUnrecognised);

  useEffect(() => {
    if (!shown) return;
    const timer = setTimeout(() => setShown(null), DOOR_RESULT_MS);
    return () => clearTimeout(timer);
  }, [shown]);
  useEffect(() => {
    if (!logOpen) return;
    const timer = setTimeout(() => setLogOpen(false), DOOR_LOG_MS);
    return () => clearTimeout(timer);
  }, [logOpen]);

  const last = shown?.kind === 'event' ? shown.event : null;
  const resultClass = last ? `door-result ${last.decision}` : shown ? 'door-result denied' : 'door-result idle';
  return (
    <section className="screen door" aria-labelledby="door-title">
      <header className="screen-head"><h1 id="door-title">{t('door.title')} <small>{businessDate}</small></h1></header>
      <div className={resultClass} role="status" aria-live="assertive" data-seq={last?.seq ?? -1}>
        {last && (
          <>
            <p className="door-decision">{t(`door.decision.${last.decision}`)}</p>
            {last.memberName && <p className="door-name">{maskName(last.memberName)}</p>}
            <p className="door-reason">{t(`door.reason.${last.reason}`)}</p>
          </>
        )}
        {shown?.kind === 'unrecognised' && (
          <>
            <p className="door-decision">{t('door.unrecognised')}</p>
            <p className="door-reason">{t('door.unrecognisedHint')}</p>
          </>
        )}
        {!shown && <p className="door-decision">{t('door.waiting')}</p>}
      </div>
      {error && <p className="error" role="alert">{tr(t, error)}</p>}
      <div className="inline door-staff">
        {logOpen
          ? <button type="button" onClick={() => setLogOpen(false)}>{t('door.hideLog')}</button>
          : <button type="button" onClick={() => setGate('log')}>{t('door.showLog')}</button>}
        <button type="button" onClick={() => setGate('leave')}>{t('door.leave')}</button>
      </div>
      {logOpen && (
        <>
          <h2>{t('door.log')}</h2>
          <DoorLog events={events} timeZone={timeZone} />
        </>
      )}
      {gate && (
        <PinGate purpose={gate === 'log' ? t('door.showLog') : t('door.leave')} onCancel={() => setGate(null)}
          onPassed={() => { setGate(null); if (gate === 'log') setLogOpen(true); else onLeave(); }} />
      )}
    </section>
  );
}
