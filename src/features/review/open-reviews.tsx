import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { openReviews$, type ConflictView, type RejectedView } from '../../data/queries-review';
import { useLive } from '../../data/react';
import { FormMessage } from '../../ui/field';
import { AcknowledgeDialog } from './acknowledge-dialog';
import { useReviewLabels } from './labels';
import { tr, type Msg } from '../../ui/msg';

type Kind = 'rejected' | 'conflict';

/** A list of open review records, each with an acknowledge step. */
function OpenList<T extends RejectedView | ConflictView>({ kind, pick, render, timeZone }: {
  kind: Kind;
  pick: (open: { rejected: RejectedView[]; conflicts: ConflictView[] }) => T[];
  render: (item: T, titleId: string) => ReactNode;
  timeZone: string;
}) {
  const { t } = useTranslation();
  const label = useReviewLabels(timeZone);
  const live = useLive((d) => openReviews$(d), 'open-reviews');
  const [open, setOpen] = useState<{ id: string; what: string } | null>(null);
  const [done, setDone] = useState<Msg | null>(null);
  const titleId = `review-${kind}-title`;
  return (
    <section className="review-section" aria-labelledby={titleId}>
      <h2 id={titleId}>{t(kind === 'rejected' ? 'review.rejected.title' : 'review.conflict.title')}</h2>
      {done && <FormMessage kind="ok">{tr(t, done)}</FormMessage>}
      {live.status === 'loading' && <p className="muted">{t('common.loading')}</p>}
      {live.status === 'error' && <p className="form-error" role="alert">{live.error.message}</p>}
      {live.status === 'ready' && pick(live.value).length === 0 && (
        <p className="empty">{t(kind === 'rejected' ? 'review.rejected.empty' : 'review.conflict.empty')}</p>
      )}
      {live.status === 'ready' && pick(live.value).map((item) => {
        const r = item.record;
        const itemTitle = `${kind}-${r.id}`;
        const what = t(kind === 'rejected' ? 'review.rejected.doc' : 'review.conflict.doc', { collection: label.collection(r.docCollection), id: r.docId });
        return (
          <article key={r.id} className={`review-card review-${kind}`} aria-labelledby={itemTitle}>
            <h3 id={itemTitle}>{what}</h3>
            {render(item, itemTitle)}
            <div className="review-actions">
              <button type="button" aria-describedby={itemTitle} onClick={() => { setDone(null); setOpen({ id: r.id, what }); }}>{t('review.acknowledge')}</button>
            </div>
          </article>
        );
      })}
      {open && (
        <AcknowledgeDialog reviewId={open.id} what={open.what} onClose={() => setOpen(null)} onDone={(m) => { setOpen(null); setDone(m); }} />
      )}
    </section>
  );
}

/** Documents the server's validate_doc_update refused; they stay on the tablet that made them. */
export function RejectedSection({ timeZone }: { timeZone: string }) {
  const { t } = useTranslation();
  const label = useReviewLabels(timeZone);
  return (
    <OpenList<RejectedView> kind="rejected" timeZone={timeZone} pick={(o) => o.rejected} render={(r) => (
      <>
        <p className="sub">{t('review.rejected.from', { device: label.who(r.record.deviceId, r.record.staffId), time: label.when(r.record.createdAt) })}</p>
        <p>{t(`review.rejectKind.${r.reason}`)}</p>
        {r.summary.length > 0 && <ul className="chips">{r.summary.map((s) => <li key={s} className="chip">{s}</li>)}</ul>}
        {r.message && <p className="muted">{t('review.rejected.serverSaid', { message: r.message })}</p>}
        <p className="muted">{t('review.rejected.stays')}</p>
      </>
    )} />
  );
}

/** Versions sync had to choose between: which one was kept, which one was not. */
export function ConflictSection({ timeZone }: { timeZone: string }) {
  const { t } = useTranslation();
  const label = useReviewLabels(timeZone);
  return (
    <OpenList<ConflictView> kind="conflict" timeZone={timeZone} pick={(o) => o.conflicts} render={(c, titleId) => (
      <>
        <p className="sub">{t('review.conflict.found', { device: label.who(c.record.deviceId, c.record.staffId), time: label.when(c.record.createdAt) })}</p>
        <p>{t(`review.conflictReason.${c.reason}`)}</p>
        {c.changes.length === 0
          ? <p className="muted">{t('review.conflict.same')}</p>
          : (
            <table className="list review-diff" aria-describedby={titleId}>
              <thead>
                <tr>
                  <th scope="col">{t('review.conflict.field')}</th>
                  <th scope="col">{t('review.conflict.kept')}</th>
                  <th scope="col">{t('review.conflict.lost')}</th>
                </tr>
              </thead>
              <tbody>
                {c.changes.map((ch) => (
                  <tr key={ch.field}><th scope="row">{label.field(ch.field)}</th><td>{label.value(ch.field, ch.kept)}</td><td>{label.value(ch.field, ch.lost)}</td></tr>
                ))}
              </tbody>
            </table>
          )}
      </>
    )} />
  );
}
