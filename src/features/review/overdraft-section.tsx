import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CompensationKind } from '../../domain/overdraft';
import { overdrafts$, type OverdraftView } from '../../data/queries-review';
import { useLive } from '../../data/react';
import { Points } from '../../ui/badges';
import { FormMessage } from '../../ui/field';
import { useReviewLabels } from './labels';
import { ResolveDialog } from './resolve-dialog';
import { tr, type Msg } from '../../ui/msg';

/** Members overdrawn after sync, each with the redemptions behind it and the manager's two answers. */
export function OverdraftSection({ timeZone, branchId }: { timeZone: string; branchId: string }) {
  const { t } = useTranslation();
  const live = useLive((d) => overdrafts$(d), 'overdrafts');
  const [open, setOpen] = useState<{ how: CompensationKind; overdraft: OverdraftView } | null>(null);
  const [done, setDone] = useState<Msg | null>(null);
  return (
    <section className="review-section" aria-labelledby="review-overdraft-title">
      <h2 id="review-overdraft-title">{t('review.overdraft.title')}</h2>
      {done && <FormMessage kind="ok">{tr(t, done)}</FormMessage>}
      {live.status === 'loading' && <p className="muted">{t('common.loading')}</p>}
      {live.status === 'error' && <p className="form-error" role="alert">{live.error.message}</p>}
      {live.status === 'ready' && live.value.length === 0 && <p className="empty">{t('review.overdraft.empty')}</p>}
      {live.status === 'ready' && live.value.map((o) => (
        <OverdraftCard key={o.memberId} overdraft={o} timeZone={timeZone} branchId={branchId} onResolve={(how) => { setDone(null); setOpen({ how, overdraft: o }); }} />
      ))}
      {open && (
        <ResolveDialog overdraft={open.overdraft} how={open.how} timeZone={timeZone} branchId={branchId}
          onClose={() => setOpen(null)} onDone={(message) => { setOpen(null); setDone(message); }} />
      )}
    </section>
  );
}

function OverdraftCard({ overdraft: o, timeZone, branchId, onResolve }: {
  overdraft: OverdraftView;
  timeZone: string;
  branchId: string;
  onResolve: (how: CompensationKind) => void;
}) {
  const { t } = useTranslation();
  const label = useReviewLabels(timeZone);
  const titleId = `overdraft-${o.memberId}`;
  return (
    <article className="review-card review-overdraft" aria-labelledby={titleId}>
      <div className="review-card-head">
        <h3 id={titleId}>{o.name || o.memberId} <small>{t('review.overdraft.card', { card: o.cardNo || '—' })}</small></h3>
        <p className="balance"><span className="label">{t('review.overdraft.balance')}</span> <strong><Points value={o.balance} /></strong></p>
      </div>
      <p>{t('review.overdraft.owes', { amount: o.amount, since: label.when(o.since) })}</p>
      {o.redemptions.length === 0
        ? <p className="muted">{t('review.overdraft.noRedemptions')}</p>
        : (
          <table className="list">
            <caption className="sr-only">{t('review.overdraft.redemptions', { name: o.name || o.memberId })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('review.overdraft.col.time')}</th>
                <th scope="col">{t('review.overdraft.col.device')}</th>
                <th scope="col">{t('review.overdraft.col.what')}</th>
                <th scope="col">{t('review.overdraft.col.points')}</th>
              </tr>
            </thead>
            <tbody>
              {o.redemptions.map((l) => (
                <tr key={l.id}>
                  <td>{label.when(l.createdAt)}</td>
                  <td>{label.source(l, branchId)}</td>
                  <td>{label.line(l)}</td>
                  <td><Points value={l.points} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      {/* The reversal undoes the mistaken redemption itself (the guest keeps what they
          really got once): it is the usual answer. A write-off gives points away,
          so it is the secondary action, primary only when there is nothing to reverse. */}
      <div className="review-actions">
        <button type="button" className={o.redemptions.length > 0 ? 'primary' : undefined} disabled={o.redemptions.length === 0}
          aria-describedby={titleId} onClick={() => onResolve('reversal')}>
          {t('review.overdraft.reverse')}
        </button>
        <button type="button" className={o.redemptions.length === 0 ? 'primary' : undefined} aria-describedby={titleId} onClick={() => onResolve('writeOff')}>
          {t('review.overdraft.writeOff')}
        </button>
      </div>
    </article>
  );
}
