import { useTranslation } from 'react-i18next';

/** The manager's reconnect review (placeholder until the screen lands). */
export function ReviewScreen() {
  const { t } = useTranslation();
  return <section className="review"><h2>{t('review.title')}</h2></section>;
}
