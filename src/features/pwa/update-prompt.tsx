import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../session/store';
import { useUpdates } from './update-store';
import { hasUnsavedText } from '../../ui/unsaved';

/** With no input for this long and no form open, a waiting update is applied. */
export const IDLE_APPLY_MS = 5 * 60_000;

const ACTIVITY = ['pointerdown', 'keydown', 'wheel', 'touchstart', 'input'] as const;

/**
 * "A new version is available": applied when the clerk says so, or by
 * itself after `idleMs` without input — never while a dialog or form is open
 * (`busyForms`), so it cannot take over in the middle of a check-in or a
 * redemption.
 */
export function UpdatePrompt({ idleMs = IDLE_APPLY_MS }: { idleMs?: number }) {
  const { t } = useTranslation();
  const ready = useUpdates((s) => s.ready);
  const applying = useUpdates((s) => s.applying);
  const apply = useUpdates((s) => s.apply);
  const busy = useSession((s) => s.busyForms > 0);
  const dismissed = useUpdates((s) => s.dismissed);
  const dismiss = useUpdates((s) => s.dismiss);

  useEffect(() => {
    if (!ready || busy || applying) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => { if (hasUnsavedText()) arm(); else apply(); }, idleMs);
    };
    for (const type of ACTIVITY) window.addEventListener(type, arm, { capture: true, passive: true });
    arm();
    return () => {
      clearTimeout(timer);
      for (const type of ACTIVITY) window.removeEventListener(type, arm, { capture: true });
    };
  }, [ready, busy, applying, idleMs, apply]);

  if (!ready || (dismissed && !applying)) return null;
  return (
    <aside className="update" aria-labelledby="update-title">
      <p id="update-title" className="update-title" role="status">{applying ? t('pwa.updating') : t('pwa.updateReady')}</p>
      {!applying && <p className="update-note">{busy ? t('pwa.afterForm') : t('pwa.idleNote')}</p>}
      {!applying && (
        <div className="inline">
          <button type="button" className="primary" disabled={busy} onClick={apply}>{t('pwa.updateNow')}</button>
          <button type="button" onClick={dismiss}>{t('pwa.later')}</button>
        </div>
      )}
    </aside>
  );
}
