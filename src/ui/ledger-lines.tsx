import { useTranslation } from 'react-i18next';
import type { LedgerEntry } from '../domain/model';

/** Ledger lines with the words a clerk can read to the guest. */
export function LedgerLines({ lines, unsynced }: {
  lines: (Pick<LedgerEntry, 'id' | 'rule' | 'points' | 'params' | 'businessDate'> & { balanceAfter?: number })[];
  /** Lines not on the server yet: marked. */
  unsynced?: ReadonlySet<string>;
}) {
  const { t } = useTranslation();
  if (lines.length === 0) return <p className="muted">{t('members.noLedger')}</p>;
  return (
    <ul className="ledger">
      {lines.map((l) => (
        <li key={l.id}>
          <span className="date">{l.businessDate}</span>
          <span className="explain">{t(`ledger.rule.${l.rule}`, { ...l.params, points: l.points })}</span>
          {unsynced?.has(l.id) && <UnsyncedMark />}
          <strong className={l.points < 0 ? 'neg' : 'pos'}>{l.points > 0 ? `+${l.points}` : l.points}</strong>
          {/* The balance after this line: the history adds up to the balance in the header. */}
          {l.balanceAfter !== undefined && (
            <span className="after" data-testid="balance-after">{t('members.balanceAfter', { points: l.balanceAfter.toLocaleString('en-US') })}</span>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The not-yet-synced mark: on this tablet, not on the branch server yet. */
export function UnsyncedMark() {
  const { t } = useTranslation();
  return <span className="chip unsynced" title={t('sync.unsyncedTitle')} data-testid="unsynced">{t('sync.unsynced')}</span>;
}
