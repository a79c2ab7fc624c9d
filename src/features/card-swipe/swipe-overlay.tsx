import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Swipe } from '../../domain/card-swipe';
import { lookupCard, type CardLookup } from '../../data/queries';
import { useDb } from '../../data/react';
import { TierBadge, Points } from '../../ui/badges';
import { useCardSwipe } from '../../ui/use-card-swipe';
import { hasUnsavedText } from '../../ui/unsaved';

/** `ask`: the member is not opened yet, because the screen holds unsaved text; the clerk decides. */
type Shown = { cardNo: string; found: CardLookup | null; ask: boolean };

/** The result stays up long enough to read, then gets out of the way. */
const OVERLAY_MS = 12_000;

/** The result of a member-card swipe: who, which room, how many points. */
export function SwipeOverlay({ onOpenMember }: { onOpenMember: (memberId: string) => void }) {
  const { t } = useTranslation();
  const db = useDb();
  const [shown, setShown] = useState<Shown | null>(null);
  const onSwipe = useCallback((swipe: Swipe) => {
    // Read before the lookup's await: the text on screen as the card went through.
    const unsaved = hasUnsavedText();
    void lookupCard(db, swipe.cardNo).then((found) => {
      // Opening the member leaves the screen: with a half-written text there, ask first.
      setShown({ cardNo: swipe.cardNo, found, ask: Boolean(found) && unsaved });
      if (found && !unsaved) onOpenMember(found.member.id);
    });
  }, [db, onOpenMember]);
  useCardSwipe(onSwipe);
  useEffect(() => {
    // A question waits for the clerk's answer; only a plain result goes by itself.
    if (!shown || shown.ask) return;
    const timer = setTimeout(() => setShown(null), OVERLAY_MS);
    return () => clearTimeout(timer);
  }, [shown]);
  if (!shown) return null;
  const close = () => setShown(null);
  const { found } = shown;
  return (
    <aside className={found ? 'swipe found' : 'swipe unknown'} role="status" aria-live="assertive" aria-label={t('swipe.title')}>
      {found ? (
        <>
          <p className="swipe-name">{found.member.name} <TierBadge tier={found.member.tier} /></p>
          {found.member.cardLost && <p className="error">{t('swipe.cardLost')}</p>}
          <p>{found.stay ? t('swipe.inRoom', { room: found.stay.roomNo }) : t('swipe.notInHouse')}</p>
          <p>{t('members.balance')}: <Points value={found.balance} /></p>
          {shown.ask ? (
            <>
              <p className="warn">{t('leave.unsaved')}</p>
              <div className="inline">
                <button type="button" className="primary" onClick={close}>{t('leave.stay')}</button>
                <button type="button" onClick={() => { close(); onOpenMember(found.member.id); }}>{t('leave.openMember')}</button>
              </div>
            </>
          ) : (
            <div className="inline">
              <button type="button" className="primary" onClick={close}>{t('common.close')}</button>
            </div>
          )}
        </>
      ) : (
        <>
          <p className="swipe-name">{t('swipe.unknown')}</p>
          <p>{t('swipe.unknownCard', { card: shown.cardNo })}</p>
          <button type="button" onClick={close}>{t('common.close')}</button>
        </>
      )}
    </aside>
  );
}
