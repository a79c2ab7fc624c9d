import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUnsynced } from '../../sync/use-unsynced';
import { UnsyncedMark } from '../../ui/ledger-lines';
import type { IsoDate, Member, ReservationStatus } from '../../domain/model';
import { tallyArrivals, type TallyCode } from '../../domain/business-day';
import { arrivals$, membersByIds$ } from '../../data/queries';
import { liveValue, useLive } from '../../data/react';
import { TierBadge } from '../../ui/badges';
import { PrefChips } from '../../ui/prefs';
import { formatFen, fen } from '../../domain/units';

/** The tiles are the business day's one tally (./domain/business-day), each a filter. */
type Filter = 'all' | TallyCode;
const FILTERS: { id: Filter; statuses: readonly ReservationStatus[] }[] = [
  { id: 'all', statuses: [] },
  { id: 'expected', statuses: ['expected'] },
  { id: 'arrived', statuses: ['checked-in', 'checked-out'] },
  { id: 'noShow', statuses: ['no-show'] },
  { id: 'cancelled', statuses: ['cancelled'] },
];

export function ArrivalsScreen({ businessDate, onCheckIn, onOpenMember, onWalkIn }: {
  businessDate: IsoDate;
  onCheckIn: (reservationId: string) => void;
  onOpenMember: (memberId: string) => void;
  onWalkIn: () => void;
}) {
  const { t } = useTranslation();
  const unsynced = useUnsynced('reservations');
  const [filter, setFilter] = useState<Filter>('all');
  const list = liveValue(useLive((db) => arrivals$(db, businessDate), businessDate), []);
  const memberIds = useMemo(() => [...new Set(list.map((r) => r.memberId).filter(Boolean))], [list]);
  const members = liveValue(useLive((db) => membersByIds$(db, memberIds), memberIds.join(',')), new Map<string, Member>());
  const tally = tallyArrivals(list, businessDate);
  const guaranteed = list.filter((r) => r.guaranteePoints > 0 && r.status === 'expected').length;
  const statuses = FILTERS.find((f) => f.id === filter)?.statuses ?? [];
  const shown = filter === 'all' ? list : list.filter((r) => statuses.includes(r.status));

  return (
    <section aria-labelledby="arrivals-title" className="screen">
      <header className="screen-head">
        <h1 id="arrivals-title">{t('arrivals.title')} <small>{businessDate}</small></h1>
        <button type="button" className="primary" onClick={onWalkIn}>{t('arrivals.walkIn')}</button>
      </header>
      <div className="counts" role="group" aria-label={t('arrivals.filter')}>
        {FILTERS.map(({ id }) => (
          <button key={id} type="button" className={filter === id ? 'count active' : 'count'} aria-pressed={filter === id} onClick={() => setFilter(id)}>
            <strong>{id === 'all' ? tally.total : tally[id]}</strong> <span>{id === 'all' ? t('arrivals.status.all') : t(`day.tally.${id}`)}</span>
          </button>
        ))}
        <span className="count static"><strong>{guaranteed}</strong> <span>{t('arrivals.guaranteed')}</span></span>
      </div>
      <table className="list">
        <thead>
          <tr>
            <th>{t('arrivals.col.time')}</th><th>{t('arrivals.col.guest')}</th><th>{t('arrivals.col.tier')}</th>
            <th>{t('arrivals.col.channel')}</th><th>{t('arrivals.col.room')}</th><th>{t('arrivals.col.notes')}</th>
            <th>{t('arrivals.col.status')}</th><th><span className="sr-only">{t('common.actions')}</span></th>
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => {
            const m = members.get(r.memberId);
            return (
              <tr key={r.id} className={`status-${r.status}`}>
                <td>{r.expectedArrival}</td>
                <td>
                  {m ? <button type="button" className="link" onClick={() => onOpenMember(m.id)}>{r.guestName}</button> : r.guestName}
                  {r.bookedForOther && m && <small className="sub">{t('arrivals.bookedBy', { name: m.name })}</small>}
                </td>
                <td>{m ? <TierBadge tier={m.tier} /> : <span className="muted">{t('arrivals.nonMember')}</span>}</td>
                <td>{t(`channel.${r.channel}`)}</td>
                <td>
                  {t(`roomType.${r.roomType}`)} · {t('arrivals.nights', { count: r.nights })}
                  <small className="sub">{formatFen(fen(r.rateFen))}{r.roomNo && ` · ${r.roomNo}`}</small>
                </td>
                <td>
                  {r.guaranteePoints > 0 && <span className="chip warn">{t('arrivals.guarantee', { points: r.guaranteePoints })}</span>}
                  {r.bookedForOther && <span className="chip">{t('arrivals.forOther')}</span>}
                  {m && <PrefChips prefs={m.prefs} />}
                </td>
                <td><span className={`status ${r.status}`}>{t(`arrivals.status.${r.status}`)}</span>{unsynced.has(r.id) && <> <UnsyncedMark /></>}</td>
                <td>
                  {r.status === 'expected' && (
                    <button type="button" className="primary" onClick={() => onCheckIn(r.id)} aria-label={t('arrivals.checkInFor', { name: r.guestName })}>
                      {t('arrivals.checkIn')}
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {shown.length === 0 && <p className="empty">{t('arrivals.empty')}</p>}
    </section>
  );
}
