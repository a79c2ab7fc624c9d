/**
 * A member of another branch: when the branch's own members have nobody for
 * an exact search (card, phone, ID number, member number), the chain's
 * directory is asked (src/sync/chain.ts). Its answers are marked 来自集团 /
 * From the chain and show only a masked name and phone; 调入本店 brings the
 * member and their ledger into the branch, and the profile opens as soon as
 * the tablet's sync has them. Offline the desk says the chain cannot be
 * reached, and check-in and enrolment carry on as ever.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchKind } from '../../domain/search-query';
import { member$ } from '../../data/queries';
import { useDb } from '../../data/react';
import type { ChainApi, ChainError, ChainMember } from '../../sync/chain';
import { useSyncStatus } from '../../sync/status';
import { TierBadge } from '../../ui/badges';
import { TIERS, type Tier } from '../../domain/model';
import { useBranchLabel } from '../../ui/branch-label';

/** The searches the chain answers: exact keys only (a name or last four digits are never sent). */
export const CHAIN_SEARCH_KINDS: readonly SearchKind[] = ['cardNo', 'memberNo', 'idNumber', 'phone'];

type State =
  | { kind: 'asking' }
  | { kind: 'found'; members: ChainMember[] }
  | { kind: 'error'; error: ChainError };

export function ChainSearch({ chain, query, onOpen }: { chain: ChainApi; query: string; onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const db = useDb();
  const branchLabel = useBranchLabel();
  const offline = useSyncStatus((s) => s.connection === 'offline');
  const [state, setState] = useState<{ query: string; state: State } | null>(null);
  const [bringing, setBringing] = useState<{ memberId: string; status: 'bringing' | 'waiting' | ChainError } | null>(null);

  useEffect(() => {
    if (offline) return;
    let live = true;
    void chain.lookup(query).then((res) => {
      if (!live) return;
      setState({ query, state: res.ok ? { kind: 'found', members: res.value.members } : { kind: 'error', error: res.error } });
    });
    return () => { live = false; };
  }, [chain, query, offline]);

  // Brought in: open the profile as soon as this tablet's sync has the member.
  const waitingFor = bringing?.status === 'waiting' ? bringing.memberId : null;
  useEffect(() => {
    if (!waitingFor) return;
    const sub = member$(db, waitingFor).subscribe((m) => { if (m) onOpen(m.id); });
    return () => sub.unsubscribe();
  }, [db, waitingFor, onOpen]);

  const bringIn = async (memberId: string) => {
    setBringing({ memberId, status: 'bringing' });
    const res = await chain.bringIn(memberId);
    setBringing({ memberId, status: res.ok ? 'waiting' : res.error });
  };

  const current: State | null = offline ? { kind: 'error', error: 'network' } : state?.query === query ? state.state : { kind: 'asking' };
  if (!current) return null;
  if (current.kind === 'asking') return <p className="hint" role="status">{t('chain.asking')}</p>;
  if (current.kind === 'error') {
    const key = current.error === 'network' ? 'chain.offline' : current.error === 'busy' ? 'chain.busy'
      : current.error === 'unauthorized' ? 'chain.unauthorized' : 'chain.serverError';
    return <p className="warning" role="status">{t(key)}</p>;
  }
  if (current.members.length === 0) return <p className="empty">{t('chain.notFound')}</p>;
  return (
    <ul className="results chain-results" aria-label={t('chain.results')}>
      {current.members.map((m) => {
        const mine = bringing?.memberId === m.memberId ? bringing.status : null;
        return (
          <li key={m.memberId} className="result chain">
            <span className="badge chain-mark">{t('chain.fromChain')}</span>{' '}
            <strong>{m.maskedName}</strong> {(TIERS as readonly string[]).includes(m.tier) && <TierBadge tier={m.tier as Tier} />}
            <small>{m.maskedPhone} · {m.memberId} · {t('chain.home', { branch: homeBranch(m, branchLabel) })}</small>
            {m.heldHere || mine === 'waiting'
              ? <p className="hint" role="status">{t(m.heldHere && mine !== 'waiting' ? 'chain.heldHere' : 'chain.broughtIn')}</p>
              : (
                <button type="button" disabled={mine === 'bringing'} onClick={() => void bringIn(m.memberId)}>
                  {mine === 'bringing' ? t('chain.bringing') : t('chain.bringIn')}
                </button>
              )}
            {mine && mine !== 'bringing' && mine !== 'waiting' && (
              <p className="error" role="alert">{t(mine === 'network' ? 'chain.offline' : mine === 'notFound' ? 'chain.notFoundBringIn' : mine === 'busy' ? 'chain.busy' : mine === 'unauthorized' ? 'chain.unauthorized' : 'chain.serverError')}</p>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** The member's home branch by name: the chain's list on the tablet (in the desk's language), else the name the directory sent, else the id. */
function homeBranch(m: ChainMember, branchLabel: (id: string) => string): string {
  const listed = branchLabel(m.homeBranchId);
  return listed !== m.homeBranchId ? listed : (m.homeBranchName ?? m.homeBranchId);
}
