import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isQuotaError } from './storage';

/**
 * A full disk, said in plain words. Any write that fails for want of space
 * and is not handled where it happened (an unhandled rejection or error)
 * shows this; what was already stored stays, since every change that spans
 * documents is journalled and lands whole or not at all.
 */
export function QuotaAlert() {
  const { t } = useTranslation();
  const [shown, setShown] = useState(false);
  useEffect(() => {
    const onRejection = (e: PromiseRejectionEvent) => {
      if (!isQuotaError(e.reason)) return;
      e.preventDefault();
      setShown(true);
    };
    const onError = (e: ErrorEvent) => {
      if (!isQuotaError(e.error)) return;
      e.preventDefault();
      setShown(true);
    };
    window.addEventListener('unhandledrejection', onRejection);
    window.addEventListener('error', onError);
    return () => {
      window.removeEventListener('unhandledrejection', onRejection);
      window.removeEventListener('error', onError);
    };
  }, []);
  if (!shown) return null;
  return (
    <div className="quota-alert" role="alert">
      <p><strong>{t('settings.quotaTitle')}</strong></p>
      <p>{t('settings.quotaError')}</p>
      <button type="button" className="primary" onClick={() => setShown(false)}>{t('settings.dismiss')}</button>
    </div>
  );
}
