import { useState, type ReactNode } from 'react';
import { MemberEditDialog } from './member-edit';
import { useTranslation } from 'react-i18next';
import type { IsoDate, LedgerEntry } from '../../domain/model';
import { memberHints } from '../../domain/member-hints';
import { ledger$, memberStays$, memberWithBalance$ } from '../../data/queries';
import { mergedInto$ } from '../../data/queries-merge';
import { liveValue, useLive } from '../../data/react';
import { TierBadge, Points } from '../../ui/badges';
import { PrefChips } from '../../ui/prefs';
import { LedgerLines, UnsyncedMark } from '../../ui/ledger-lines';
import { useUnsynced } from '../../sync/use-unsynced';
import { maskPhone } from './member-search';
import { newestFirst, withRunningBalance } from '../../domain/ledger-history';
import { recentStays } from '../../domain/member-stays';
import { birthdayReason, churnReason, type BirthdayReason, type ChurnReason } from '../../domain/hint-reasons';
import type { TFunction } from 'i18next';
import { tagLabel } from '../../ui/names';
import { useBranchLabel } from '../../ui/branch-label';

/** Lines shown at first and added per "earlier" click: the whole history stays one tap per page away. */
export const LEDGER_PAGE = 20;
const STAYS_SHOWN = 8;

/**
 * A member's profile. `actions` and `aside` are slots the app fills with
 * other features (redeem, feedback), so this feature imports none of them.
 */
export function MemberProfile({ memberId, today, actions, aside, onOpenMember }: {
  memberId: string;
  today: IsoDate;
  /** Opens another member's profile (the record this one was merged into). */
  onOpenMember?: (memberId: string) => void;
  actions?: ReactNode;
  aside?: ReactNode;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [ledgerShown, setLedgerShown] = useState(LEDGER_PAGE);
  const unsyncedLines = useUnsynced('ledger');
  const branchLabel = useBranchLabel();
  const unsyncedStays = useUnsynced('reservations');
  const live = useLive((db) => memberWithBalance$(db, memberId), memberId);
  const localStays = liveValue(useLive((db) => memberStays$(db, memberId, STAYS_SHOWN), memberId), []);
  const ledger = liveValue(useLive((db) => ledger$(db, memberId), memberId), []);
  const mergedInto = liveValue(useLive((db) => mergedInto$(db, memberId), memberId), null);
  const stays = recentStays(localStays, ledger, STAYS_SHOWN);
  if (live.status !== 'ready') return <p className="muted">{t('common.loading')}</p>;
  const { member, balance } = live.value;
  if (!member) return <p className="error">{t('members.notFound')}</p>;
  const hints = memberHints(member, { today, balance });
  const birthday = birthdayReason(member.birthday, today);
  const churn = churnReason(member, ledger.filter((l) => l.rule === 'stay').map((l) => l.businessDate), today);

  return (
    <article className="profile" aria-labelledby="profile-name">
      {editing && <MemberEditDialog member={member} onClose={() => setEditing(false)} />}
      <header className="profile-head">
        <div>
          <h2 id="profile-name">{member.name} <TierBadge tier={member.tier} /></h2>
          <p className="sub">
            {member.id} · {t('members.card')} {member.cardNo} · {maskPhone(member.phone)}
            {member.corporate && ` · ${member.corporate}`}
          </p>
          <p className="chips">
            {hints.map((h) => (
              <span key={h} className={`chip hint-${h}`}>
                {t(`hint.${h}`)}
                {h === 'birthdayThisWeek' && birthday && <span className="why"> · {birthdayWhy(t, birthday)}</span>}
                {h === 'churnRisk' && <span className="why"> · {churnWhy(t, churn)}</span>}
              </span>
            ))}
            {member.tags.filter((tag) => !(tag === 'VIP' && hints.includes('vip'))).map((tag) => <span key={tag} className="chip tag">{tagLabel(t, tag)}</span>)}
          </p>
        </div>
        <div className="balance" aria-live="polite">
          <span className="label">{t('members.balance')}</span>
          <strong data-testid="balance"><Points value={balance} /></strong>
        </div>
      </header>
      {mergedInto && (
        <p className="warning merged-into" role="note" data-testid="merged-into">
          {t('chain.mergedInto', { into: mergedInto })}
          {onOpenMember && <> <button type="button" className="link" onClick={() => onOpenMember(mergedInto)}>{t('chain.openKept', { into: mergedInto })}</button></>}
        </p>
      )}
      {actions && <div className="profile-actions">{actions}</div>}
      <div className="profile-body">
        <section aria-labelledby="prefs-title">
          <h3 id="prefs-title">{t('members.preferences')}</h3>
          <button type="button" className="link" onClick={() => setEditing(true)}>{t('members.edit.open')}</button>
          <PrefChips prefs={member.prefs} />
        </section>
        <section aria-labelledby="stays-title">
          <h3 id="stays-title">{t('members.recentStays')}</h3>
          {stays.length === 0 ? <p className="muted">{t('members.noStays')}</p> : (
            <ul className="stays">
              {stays.map((s) => (
                <li key={s.reservationId}>
                  {s.arrivalDate} · {t('arrivals.nights', { count: s.nights })}
                  {s.roomType !== '' && <> · {t(`roomType.${s.roomType}`)}</>}
                  {s.roomNo && ` · ${s.roomNo}`}
                  {s.here
                    ? <> · <span className={`status ${s.status}`}>{t(`arrivals.status.${s.status}`)}</span></>
                    : <> · <span className="muted">{t('members.stayElsewhere', { branch: branchLabel(s.branchId) })}</span></>}
                  {unsyncedStays.has(s.reservationId) && <> <UnsyncedMark /></>}
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="ledger-title">
          <h3 id="ledger-title">{t('members.ledger')}</h3>
          <LedgerHistory ledger={ledger} shown={ledgerShown} onMore={() => setLedgerShown((n) => n + LEDGER_PAGE)} unsynced={unsyncedLines} />
        </section>
        {aside}
      </div>
    </article>
  );
}

/** The whole points history, newest first, with the balance after each line. */
function LedgerHistory({ ledger, shown, onMore, unsynced }: {
  ledger: Parameters<typeof withRunningBalance<LedgerEntry>>[0];
  shown: number;
  onMore: () => void;
  unsynced: ReadonlySet<string>;
}) {
  const { t } = useTranslation();
  const history = withRunningBalance(ledger);
  const lines = newestFirst(history, shown);
  const rest = history.length - lines.length;
  return (
    <>
      <p className="muted" data-testid="ledger-count">{t('members.ledgerCount', { shown: lines.length, count: history.length })}</p>
      <LedgerLines lines={lines} unsynced={unsynced} />
      {rest > 0 && (
        <button type="button" className="link" onClick={onMore}>
          {t('members.ledgerMore', { count: Math.min(rest, LEDGER_PAGE), rest })}
        </button>
      )}
    </>
  );
}

function birthdayWhy(t: TFunction, b: BirthdayReason): string {
  const params = { month: b.month, day: b.day, weekday: t(`hintWhy.weekday.${b.weekday}`) };
  return b.daysUntil === 0 ? t('hintWhy.birthdayToday', params) : t('hintWhy.birthday', { ...params, count: b.daysUntil });
}

function churnWhy(t: TFunction, c: ChurnReason): string {
  const counts = { days: c.idleDays, last: c.staysLast12m, prior: c.staysPrior12m };
  return c.lastStayDate === '' ? t('hintWhy.churnNeverStayed', counts) : t('hintWhy.churn', { ...counts, date: c.lastStayDate });
}
