import { useTranslation } from 'react-i18next';
import { localDateOf, localTimeOf } from '../../domain/dates';
import type { LedgerEntry } from '../../domain/model';

/** Words for the review screen's recurring bits: times, collections, ledger lines. */
export function useReviewLabels(timeZone: string) {
  const { t, i18n } = useTranslation();
  return {
    /** An instant as the branch's local date and time ('—' when unknown). */
    when: (ms: number): string => (ms > 0 ? t('review.when', { date: localDateOf(ms, timeZone), time: localTimeOf(ms, timeZone) }) : '—'),
    /** A collection's name; an unknown one (from a newer tablet) as it is. */
    collection: (name: string): string => (i18n.exists(`review.collection.${name}`) ? t(`review.collection.${name}`) : name),
    /** What a ledger line means, in the words read to the guest. */
    line: (l: Pick<LedgerEntry, 'rule' | 'points' | 'params'>): string =>
      i18n.exists(`ledger.rule.${l.rule}`) ? t(`ledger.rule.${l.rule}`, { ...l.params, points: l.points }) : l.rule,
  };
}
