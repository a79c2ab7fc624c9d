import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FEEDBACK_KINDS, type FeedbackKind } from '../../domain/model';
import { DEFAULT_RULES } from '../../domain/rules';
import { addFeedback, adoptSuggestion, FEEDBACK_MAX_LENGTH } from '../../data/commands/feedback';
import { feedback$ } from '../../data/queries';
import { liveValue, useCommandContext, useDb, useLive } from '../../data/react';
import { Field, FormMessage } from '../../ui/field';
import { msg, tr, type Msg } from '../../ui/msg';

/** A member's complaints and suggestions; adopting a suggestion awards its points. */
export function FeedbackPanel({ memberId }: { memberId: string }) {
  const { t } = useTranslation();
  const db = useDb();
  const ctx = useCommandContext();
  const items = liveValue(useLive((d) => feedback$(d, memberId), memberId), []);
  const [kind, setKind] = useState<FeedbackKind>('complaint');
  const [text, setText] = useState('');
  const [error, setError] = useState<Msg | null>(null);
  const [ok, setOk] = useState<Msg | null>(null);
  const [listError, setListError] = useState<Msg | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setOk(null);
    const res = await addFeedback(db, { memberId, kind, text }, ctx);
    if (!res.ok) { setError(msg(`feedback.error.${res.error}`, { max: FEEDBACK_MAX_LENGTH })); return; }
    setError(null);
    setText('');
    setOk(msg(`feedback.saved.${kind}`));
  }

  async function adopt(id: string) {
    const res = await adoptSuggestion(db, id, ctx);
    if (res.ok) { setListError(null); setOk(msg('feedback.adoptedDone', { points: res.value.points })); }
    else setListError(msg(`feedback.error.${res.error}`));
  }

  return (
    <section className="feedback" aria-labelledby="feedback-title">
      <h3 id="feedback-title">{t('feedback.title')}</h3>
      <ul className="feedback-list">
        {items.map((f) => (
          <li key={f.id} className={f.kind}>
            <span className={`chip ${f.kind === 'complaint' ? 'warn' : ''}`}>{t(`feedback.kind.${f.kind}`)}</span> {f.text}
            {f.kind === 'suggestion' && (f.adopted
              ? <span className="chip ok">{t('feedback.adopted')}</span>
              : f.staffId === ctx.staffId
                ? <small className="muted">{t('feedback.adoptByOther')}</small>
                : <button type="button" onClick={() => void adopt(f.id)}>{t('feedback.adopt', { points: DEFAULT_RULES.suggestionAdoptedPoints })}</button>)}
          </li>
        ))}
        {items.length === 0 && <li className="muted">{t('feedback.none')}</li>}
      </ul>
      {listError && <FormMessage kind="error">{tr(t, listError)}</FormMessage>}
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className="inline" role="radiogroup" aria-label={t('feedback.kindLabel')}>
          {FEEDBACK_KINDS.map((k) => (
            <label key={k} className="check"><input type="radio" name="fb-kind" checked={kind === k} onChange={() => setKind(k)} /> {t(`feedback.kind.${k}`)}</label>
          ))}
        </div>
        <Field label={t('feedback.text')} error={tr(t, error)}>
          {(p) => <textarea {...p} value={text} rows={2} onChange={(e) => setText(e.target.value)} />}
        </Field>
        <button type="submit">{t('feedback.add')}</button>
        {ok && <FormMessage kind="ok">{tr(t, ok)}</FormMessage>}
      </form>
    </section>
  );
}
