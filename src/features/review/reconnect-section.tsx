import { useTranslation } from 'react-i18next';
import { reconnectReports$, type PushedCollection, type PushedItem, type ReconnectReport } from '../../data/queries-review';
import { useLive } from '../../data/react';
import { Points } from '../../ui/badges';
import { useReviewLabels } from './labels';

/** What each tablet uploaded when it came back online, newest first. */
export function ReconnectSection({ timeZone }: { timeZone: string }) {
  const { t } = useTranslation();
  const live = useLive((d) => reconnectReports$(d), 'reconnect-reports');
  const label = useReviewLabels(timeZone);
  return (
    <section className="review-section" aria-labelledby="review-reconnect-title">
      <h2 id="review-reconnect-title">{t('review.reconnect.title')}</h2>
      {live.status === 'loading' && <p className="muted">{t('common.loading')}</p>}
      {live.status === 'error' && <p className="form-error" role="alert">{live.error.message}</p>}
      {live.status === 'ready' && live.value.length === 0 && <p className="empty">{t('review.reconnect.empty')}</p>}
      {live.status === 'ready' && live.value.map((device) => (
        <article key={device.deviceId} className="review-card" aria-labelledby={`reconnect-${device.deviceId}`}>
          <h3 id={`reconnect-${device.deviceId}`}>{t('review.reconnect.device', { device: label.device(device.deviceId) })}</h3>
          <ol className="review-reports">
            {device.reports.map((r) => <Report key={r.id} report={r} timeZone={timeZone} />)}
          </ol>
        </article>
      ))}
    </section>
  );
}

function Report({ report, timeZone }: { report: ReconnectReport; timeZone: string }) {
  const { t } = useTranslation();
  const label = useReviewLabels(timeZone);
  return (
    <li>
      <p className="review-span">{t('review.reconnect.span', { from: label.when(report.offlineSince), to: label.when(report.reconnectedAt) })}
        {report.staffId && <span className="muted"> · {t('review.reconnect.staff', { staff: label.staff(report.staffId) })}</span>}</p>
      {report.pushed.length === 0
        ? <p className="muted">{t('review.reconnect.nothing')}</p>
        : (
          <ul className="chips">
            {report.pushed.map((p) => (
              <li key={p.collection} className="chip">{t('review.reconnect.count', { collection: label.collection(p.collection), count: p.count })}</li>
            ))}
          </ul>
        )}
      {report.pushed.filter((p) => p.items.length > 0).map((p) => <Pushed key={p.collection} pushed={p} timeZone={timeZone} />)}
    </li>
  );
}

function Pushed({ pushed, timeZone }: { pushed: PushedCollection; timeZone: string }) {
  const { t } = useTranslation();
  const label = useReviewLabels(timeZone);
  return (
    <details className="review-pushed">
      <summary>{t('review.reconnect.details', { collection: label.collection(pushed.collection) })}</summary>
      <ul>
        {pushed.items.map((item) => <li key={item.id}><Item item={item} timeZone={timeZone} /></li>)}
      </ul>
      {pushed.count > pushed.items.length && <p className="muted">{t('review.reconnect.more', { count: pushed.count - pushed.items.length })}</p>}
    </details>
  );
}

function Item({ item, timeZone }: { item: PushedItem; timeZone: string }) {
  const { t } = useTranslation();
  const label = useReviewLabels(timeZone);
  switch (item.kind) {
    case 'ledger':
      return <>{item.memberName || t('review.reconnect.unknownMember')} · {label.line(item)} · <Points value={item.points} /></>;
    case 'member':
      return <>{item.name} <span className="muted">{item.id}</span></>;
    default:
      return <span className="muted">{item.id}</span>;
  }
}
