import { createPortal } from 'react-dom';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../ui/dialog';
import { formatBytes, readStorage, requestPersistentStorage, type StorageReport } from './storage';

/** Which build this tablet runs (set at build time), for support calls. */
const BUILD = import.meta.env.VITE_BUILD_ID ?? import.meta.env.MODE;

/** Settings: the tablet's storage (kept for good or not, used of how much) and the version. */
export function SettingsDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const [report, setReport] = useState<StorageReport | null>(null);
  const [asked, setAsked] = useState(false);
  const refresh = useCallback(() => { void readStorage().then(setReport); }, []);
  useEffect(refresh, [refresh]);

  async function askPersist() {
    await requestPersistentStorage();
    setAsked(true);
    refresh();
  }

  const percent = report?.usage != null && report.quota ? Math.max(0.1, (report.usage / report.quota) * 100).toFixed(1) : null;
  return (
    <Dialog title={t('settings.title')} onClose={onClose}>
      <dl className="facts">
        <dt>{t('settings.persisted')}</dt>
        <dd data-testid="persisted">
          {report === null ? t('common.loading') : report.persisted === null ? t('settings.unknown') : report.persisted ? t('settings.persistedYes') : t('settings.persistedNo')}
        </dd>
        <dt>{t('settings.usage')}</dt>
        <dd data-testid="usage">
          {report === null ? t('common.loading') : report.usage === null || report.quota === null ? t('settings.unknown')
            : t('settings.usageOf', { used: formatBytes(report.usage), quota: formatBytes(report.quota), percent })}
        </dd>
        <dt>{t('settings.version')}</dt>
        <dd>{BUILD}</dd>
      </dl>
      {report?.persisted === false && (
        <p>
          <button type="button" onClick={() => void askPersist()}>{t('settings.requestPersist')}</button>
          {asked && <span className="hint"> {t('settings.persistRefused')}</span>}
        </p>
      )}
      <footer className="dialog-foot">
        <button type="button" className="primary" onClick={onClose}>{t('common.close')}</button>
      </footer>
    </Dialog>
  );
}

/** The top bar's settings button; opens the settings dialog. */
export function SettingsButton() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="settings-btn" onClick={() => setOpen(true)}>{t('settings.open')}</button>
      {open && createPortal(<SettingsDialog onClose={() => setOpen(false)} />, document.body)}
    </>
  );
}
