import { useTranslation } from 'react-i18next';
import type { Tier } from '../domain/model';

export function TierBadge({ tier }: { tier: Tier }) {
  const { t } = useTranslation();
  return <span className={`badge tier-${tier}`}>{t(`tier.${tier}`)}</span>;
}

export function Points({ value }: { value: number }) {
  const { t } = useTranslation();
  return <span className={value < 0 ? 'points neg' : 'points'}>{t('common.points', { value: value.toLocaleString('en-US') })}</span>;
}
