import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { acknowledgeReview, REVIEW_NOTE_MAX_LENGTH } from '../../data/commands/review';
import { useCommandContext, useDb } from '../../data/react';
import { Dialog } from '../../ui/dialog';
import { Field, FormMessage } from '../../ui/field';
import { msg, tr, type Msg } from '../../ui/msg';
import type { Staff } from '../../domain/staff';
import { authorisedContext, ManagerPinDialog, useNeedsAuthoriser, withAuthoriser } from '../../ui/manager-pin';

/** The confirm step of marking a conflict or a rejection as handled, with an optional note. */
export function AcknowledgeDialog({ reviewId, what, onClose, onDone }: {
  reviewId: string;
  what: string;
  onClose: () => void;
  onDone: (message: Msg) => void;
}) {
  const { t } = useTranslation();
  const db = useDb();
  const ctx = useCommandContext();
  const [note, setNote] = useState('');
  const [error, setError] = useState<Msg | null>(null);
  const [busy, setBusy] = useState(false);
  // A clerk acknowledges with a manager's PIN in place: this one command, then back to the clerk.
  const needsManager = useNeedsAuthoriser(['resolveExceptions']);
  const [authorising, setAuthorising] = useState(false);

  async function confirm(manager: Staff | null = null) {
    setBusy(true);
    setError(null);
    try {
      const res = await acknowledgeReview(db, { reviewId, note }, authorisedContext(ctx, manager));
      if (!res.ok) { setError(msg(`review.error.${res.error}`, { max: REVIEW_NOTE_MAX_LENGTH })); return; }
      onDone(withAuthoriser(msg('review.acknowledged'), manager));
    } catch (err) {
      setError(msg('common.saveFailed', { reason: err instanceof Error ? err.message : String(err) }));
    } finally {
      setBusy(false);
      setAuthorising(false);
    }
  }

  if (authorising) {
    return <ManagerPinDialog actions={['resolveExceptions']} what={t('review.acknowledgeTitle', { what })}
      onAuthorised={(manager) => confirm(manager)} onCancel={() => setAuthorising(false)} />;
  }

  return (
    <Dialog title={t('review.acknowledgeTitle', { what })} onClose={onClose}>
      <p className="review-effect">{t('review.acknowledgeEffect')}</p>
      <Field label={t('review.note')}>
        {(p) => <textarea {...p} rows={2} value={note} maxLength={REVIEW_NOTE_MAX_LENGTH} onChange={(e) => setNote(e.target.value)} />}
      </Field>
      {error && <FormMessage kind="error">{tr(t, error)}</FormMessage>}
      <div className="dialog-foot">
        <button type="button" onClick={onClose}>{t('common.cancel')}</button>
        <button type="button" className="primary" disabled={busy} onClick={() => { if (needsManager) setAuthorising(true); else void confirm(); }}>
          {t('review.confirmAcknowledge')}{needsManager ? ` · ${t('authorise.offer')}` : ''}
        </button>
      </div>
    </Dialog>
  );
}
