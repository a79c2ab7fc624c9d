import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_RULES, REDEMPTION_ITEMS, type RedemptionItem } from '../../domain/rules';
import { redeemPoints } from '../../data/commands/redeem';
import { useCommandContext, useDb } from '../../data/react';
import { FormMessage } from '../../ui/field';

/** Redeem points for a member at the desk; refusals write nothing. */
export function RedeemPanel({ memberId }: { memberId: string }) {
  const { t } = useTranslation();
  const db = useDb();
  const ctx = useCommandContext();
  const [hours, setHours] = useState('1');
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function redeem(item: RedemptionItem) {
    if (busy) return;
    setBusy(true);
    const quantity = item === 'lateCheckout' ? Number(hours) : 1;
    try {
      const res = await redeemPoints(db, { memberId, item, quantity }, ctx);
      if (res.ok) {
        setMessage({ kind: 'ok', text: t('redeem.done', { item: t(`redeem.item.${item}`), cost: res.value.cost, balance: res.value.balanceAfter }) });
      } else if (res.error.error === 'insufficient') {
        setMessage({ kind: 'error', text: t('redeem.insufficient', { item: t(`redeem.item.${item}`), cost: res.error.cost, shortBy: res.error.shortBy }) });
      } else if (res.error.error === 'quantity') {
        setMessage({ kind: 'error', text: t('redeem.quantity', { max: DEFAULT_RULES.redemptions.lateCheckout.maxQuantity }) });
      } else if (res.error.error === 'offlineNotConfirmed') {
        setMessage({ kind: 'error', text: t('sync.offline.offlineNotConfirmed', { hours: res.error.maxAgeHours }) });
      } else if (res.error.error === 'offlinePerTransaction') {
        setMessage({ kind: 'error', text: t('sync.offline.offlinePerTransaction', { max: res.error.max, cost: res.error.cost }) });
      } else if (res.error.error === 'offlinePerMember') {
        setMessage({ kind: 'error', text: t('sync.offline.offlinePerMember', { max: res.error.max, cost: res.error.cost, spent: res.error.spent }) });
      } else {
        setMessage({ kind: 'error', text: t('members.notFound') });
      }
    } catch (err) {
      setMessage({ kind: 'error', text: t('common.saveFailed', { reason: err instanceof Error ? err.message : String(err) }) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="redeem" aria-labelledby="redeem-title">
      <h3 id="redeem-title">{t('redeem.title')}</h3>
      <div className="redeem-items">
        {REDEMPTION_ITEMS.map((item) => (
          <div key={item} className="redeem-item">
            <button type="button" disabled={busy} onClick={() => void redeem(item)}>
              <strong>{t(`redeem.item.${item}`)}</strong>
              <small>{item === 'lateCheckout' ? t('redeem.perHour', { points: DEFAULT_RULES.redemptions[item].points }) : t('common.points', { value: DEFAULT_RULES.redemptions[item].points })}</small>
            </button>
            {item === 'lateCheckout' && (
              <label className="hours">{t('redeem.hours')}
                <input value={hours} onChange={(e) => setHours(e.target.value)} inputMode="numeric" size={2} aria-label={t('redeem.hours')} />
              </label>
            )}
          </div>
        ))}
      </div>
      {message && <FormMessage kind={message.kind}>{message.text}</FormMessage>}
    </section>
  );
}
