import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { mergeMembers } from '../../data/commands/merge-members';
import { duplicates$, type DuplicateView } from '../../data/queries-merge';
import { useCommandContext, useDb, useLive } from '../../data/react';
import { localDateOf } from '../../domain/dates';
import { maskIdNumber } from '../../domain/privacy';
import { FormMessage } from '../../ui/field';
import { tr, msg, type Msg } from '../../ui/msg';

/**
 * Two records of one person (same ID number): typically a guest enrolled
 * while the chain could not be reached and the chain's record brought in
 * later. The manager merges them: new ledger lines and a resolution record,
 * nothing edited (src/data/commands/merge-members.ts).
 */
export function DuplicatesSection({ timeZone }: { timeZone: string }) {
  const { t } = useTranslation();
  const db = useDb();
  const ctx = useCommandContext();
  const live = useLive((d) => duplicates$(d), 'duplicates');
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; msg: Msg } | null>(null);
  const [busy, setBusy] = useState(false);
  const merge = async (p: DuplicateView) => {
    setBusy(true);
    const res = await mergeMembers(db, { keepId: p.keep.id, mergeId: p.merge.id }, ctx);
    setBusy(false);
    setMessage(res.ok
      ? { kind: 'ok', msg: msg('chain.merge.done', { from: p.merge.id, into: p.keep.id, points: res.value.points }) }
      : { kind: 'error', msg: msg(`chain.merge.error.${res.error}`) });
  };
  const line = (key: string, m: DuplicateView['keep']) =>
    t(key, { name: m.name, member: m.id, card: m.cardNo || '—', joined: localDateOf(m.joinedAt, timeZone) });
  return (
    <section className="review-section" aria-labelledby="review-duplicates-title">
      <h2 id="review-duplicates-title">{t('chain.merge.title')}</h2>
      {message && <FormMessage kind={message.kind}>{tr(t, message.msg)}</FormMessage>}
      {live.status === 'loading' && <p className="muted">{t('common.loading')}</p>}
      {live.status === 'error' && <p className="form-error" role="alert">{live.error.message}</p>}
      {live.status === 'ready' && live.value.length === 0 && <p className="empty">{t('chain.merge.empty')}</p>}
      {live.status === 'ready' && live.value.length > 0 && <p className="muted">{t('chain.merge.intro')}</p>}
      {live.status === 'ready' && live.value.map((p) => (
        <article key={`${p.keep.id}:${p.merge.id}`} className="review-card" aria-label={t('chain.merge.pair', { id: maskIdNumber(p.idNumber) })}>
          <h3>{t('chain.merge.pair', { id: maskIdNumber(p.idNumber) })}</h3>
          <p>{line('chain.merge.keep', p.keep)}</p>
          <p>{line('chain.merge.merge', p.merge)}</p>
          <button type="button" disabled={busy} onClick={() => void merge(p)}>{t('chain.merge.confirm')}</button>
        </article>
      ))}
    </section>
  );
}
