import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Member } from '../../domain/model';
import { classifySearch } from '../../domain/search-query';
import { searchMembers } from '../../data/queries';
import { mergedIntoOf } from '../../data/queries-merge';
import { useDb } from '../../data/react';
import { TierBadge } from '../../ui/badges';
import type { ChainApi } from '../../sync/chain';
import { CHAIN_SEARCH_KINDS, ChainSearch } from './chain-search';

import { maskPhone } from '../../domain/phone';

export { maskPhone };

/**
 * One box for name (汉字 or pinyin initials), phone, last 4, member no, card or ID number.
 * With `chain` (a tablet syncing with the chain's server), an exact search that finds nobody here asks the chain.
 */
export function MemberSearch({ onOpen, selectedId, chain }: { onOpen: (id: string) => void; selectedId: string | null; chain?: ChainApi | undefined }) {
  const { t } = useTranslation();
  const db = useDb();
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<{ query: string; members: Member[]; merged: Map<string, string> } | null>(null);
  const kind = classifySearch(query).kind;

  useEffect(() => {
    if (kind === 'empty' || kind === 'invalid') return;
    let live = true;
    void searchMembers(db, query).then(async (members) => {
      // A record merged into another stays findable (its history): the list says where its points went.
      const merged = await mergedIntoOf(db, members.map((m) => m.id));
      if (live) setResults({ query, members, merged });
    });
    return () => { live = false; };
  }, [db, query, kind]);

  const shown = results && results.query === query ? results.members : [];
  // Nobody here for an exact key: the chain is asked below, so "not found" would read as the last word.
  const asksChain = chain !== undefined && CHAIN_SEARCH_KINDS.includes(kind);
  return (
    <section className="search" aria-labelledby="search-title">
      <h2 id="search-title" className="sr-only">{t('members.search')}</h2>
      <input
        type="search"
        className="search-box"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        placeholder={t('members.searchPlaceholder')}
        aria-label={t('members.search')}
        autoComplete="off"
        inputMode="search"
      />
      {kind === 'invalid' && <p className="error" role="alert">{t('members.searchInvalid')}</p>}
      {kind !== 'empty' && kind !== 'invalid' && <p className="hint">{t(`members.searchKind.${kind}`)}</p>}
      <ul className="results" aria-label={t('members.results')}>
        {shown.map((m) => (
          <li key={m.id}>
            <button type="button" className={m.id === selectedId ? 'result active' : 'result'} onClick={() => onOpen(m.id)}>
              <strong>{m.name}</strong> <TierBadge tier={m.tier} />
              {results?.merged.has(m.id) && <span className="badge merged">{t('chain.mergedTag', { into: results.merged.get(m.id) })}</span>}
              <small>{maskPhone(m.phone)} · {m.id} · {t('members.card')} {m.cardNo}</small>
            </button>
          </li>
        ))}
      </ul>
      {kind !== 'empty' && kind !== 'invalid' && results?.query === query && shown.length === 0 && (
        <p className="empty">{t(asksChain ? 'chain.notHere' : 'members.noResults')}</p>
      )}
      {chain && asksChain && results?.query === query && shown.length === 0 && (
        <ChainSearch key={query} chain={chain} query={query} onOpen={onOpen} />
      )}
    </section>
  );
}
