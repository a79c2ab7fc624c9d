import { useTranslation } from 'react-i18next';
import { DEFAULT_TIME_ZONE } from '../../domain/dates';
import { branch$ } from '../../data/queries';
import { liveValue, useLive } from '../../data/react';
import { ReconnectSection } from './reconnect-section';
import { OverdraftSection } from './overdraft-section';
import { DuplicatesSection } from './duplicates-section';
import { ConflictSection, RejectedSection } from './open-reviews';
import { useNeedsAuthoriser } from '../../ui/manager-pin';

/**
 * The reconnect review (the manager's; a clerk answers with a manager's PIN in place): what each tablet uploaded after being
 * offline, the overdrafts that sync revealed, and what the server refused
 * or sync had to choose. Every answer is a new record; nothing is edited.
 */
export function ReviewScreen() {
  const { t } = useTranslation();
  const branch = liveValue(useLive(branch$, 'branch'), null);
  const timeZone = branch?.timeZone ?? DEFAULT_TIME_ZONE;
  const needsManager = useNeedsAuthoriser(['resolveExceptions']);
  return (
    <section className="screen review" aria-labelledby="review-title">
      <header className="screen-head">
        <h1 id="review-title">{t('review.title')}</h1>
      </header>
      <p className="muted review-intro">{t('review.intro')}</p>
      {needsManager && <p className="review-intro">{t('authorise.reviewForClerk')}</p>}
      <ReconnectSection timeZone={timeZone} />
      <OverdraftSection timeZone={timeZone} branchId={branch?.id ?? ''} />
      <DuplicatesSection timeZone={timeZone} />
      <RejectedSection timeZone={timeZone} />
      <ConflictSection timeZone={timeZone} />
    </section>
  );
}
