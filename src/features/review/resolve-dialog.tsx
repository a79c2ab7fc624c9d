import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CompensationKind } from '../../domain/overdraft';
import { resolveOverdraft, REVIEW_NOTE_MAX_LENGTH } from '../../data/commands/review';
import type { OverdraftView } from '../../data/queries-review';
import { useCommandContext, useDb } from '../../data/react';
import { Dialog } from '../../ui/dialog';
import { Field, FormMessage } from '../../ui/field';
import { useReviewLabels } from './labels';
import { msg, tr, type Msg } from '../../ui/msg';
import type { Staff } from '../../domain/staff';
import { authorisedContext, ManagerPinDialog, useNeedsAuthoriser, withAuthoriser } from '../../ui/manager-pin';

/** The confirm step of a reversal or a write-off: what it will do, an optional note, then the command. */
export function ResolveDialog({ overdraft: o, how, timeZone, branchId, onClose, onDone }: {
  overdraft: OverdraftView;
  how: CompensationKind;
  timeZone: string;
  branchId: string;
  onClose: () => void;
  onDone: (message: Msg) => void;
}) {
  const { t } = useTranslation();
  const db = useDb();
  const ctx = useCommandContext();
  const label = useReviewLabels(timeZone);
  const [lineId, setLineId] = useState(o.redemptions[0]?.id ?? '');
  const [note, setNote] = useState('');
  const [error, setError] = useState<Msg | null>(null);
  const [busy, setBusy] = useState(false);
  // A clerk answers with a manager's PIN in place: this one command, then back to the clerk.
  const needsManager = useNeedsAuthoriser(['resolveExceptions']);
  const [authorising, setAuthorising] = useState(false);
  const name = o.name || o.memberId;
  const chosen = o.redemptions.find((l) => l.id === lineId);
  const reversal = how === 'reversal';

  async function confirm(manager: Staff | null = null) {
    setBusy(true);
    setError(null);
    try {
      const res = await resolveOverdraft(db, { memberId: o.memberId, how, ...(reversal ? { lineId } : {}), note }, authorisedContext(ctx, manager));
      if (!res.ok) { setError(msg(`review.error.${res.error}`, { max: REVIEW_NOTE_MAX_LENGTH })); return; }
      onDone(withAuthoriser(reversal
        ? msg('review.overdraft.reversed', { name, points: res.value.points, balance: res.value.balanceAfter })
        : msg('review.overdraft.writtenOff', { name, points: res.value.points }), manager));
    } catch (err) {
      setError(msg('common.saveFailed', { reason: err instanceof Error ? err.message : String(err) }));
    } finally {
      setBusy(false);
      setAuthorising(false);
    }
  }

  const title = reversal ? t('review.overdraft.reverseTitle', { name }) : t('review.overdraft.writeOffTitle', { name });
  const effect = reversal
    ? (chosen ? t('review.overdraft.reverseEffect', { points: -chosen.points, before: o.balance, after: o.balance - chosen.points }) : null)
    : t('review.overdraft.writeOffEffect', { points: o.amount, before: o.balance });
  // The form's state (the line, the note) stays in this component while the PIN is asked, so a cancel comes back to it.
  if (authorising) {
    return <ManagerPinDialog actions={['resolveExceptions']} what={`${title}: ${effect ?? ''}`}
      onAuthorised={(manager) => confirm(manager)} onCancel={() => setAuthorising(false)} />;
  }

  return (
    <Dialog title={title} onClose={onClose} wide={reversal}>
      {reversal && (
        <fieldset className="review-pick">
          <legend>{t('review.overdraft.pick')}</legend>
          {o.redemptions.map((l) => (
            <label key={l.id} className="check">
              <input type="radio" name="review-line" value={l.id} checked={lineId === l.id} onChange={() => setLineId(l.id)} />
              {label.when(l.createdAt)} · {label.source(l, branchId)} · {label.line(l)}
            </label>
          ))}
        </fieldset>
      )}
      <p className="review-effect">{effect}</p>
      <Field label={t('review.note')}>
        {(p) => <textarea {...p} rows={2} value={note} maxLength={REVIEW_NOTE_MAX_LENGTH} onChange={(e) => setNote(e.target.value)} />}
      </Field>
      {error && <FormMessage kind="error">{tr(t, error)}</FormMessage>}
      <div className="dialog-foot">
        <button type="button" onClick={onClose}>{t('common.cancel')}</button>
        <button type="button" className="primary" disabled={busy || (reversal && !chosen)} onClick={() => { if (needsManager) setAuthorising(true); else void confirm(); }}>
          {reversal ? t('review.overdraft.confirmReverse') : t('review.overdraft.confirmWriteOff')}{needsManager ? ` · ${t('authorise.offer')}` : ''}
        </button>
      </div>
    </Dialog>
  );
}
