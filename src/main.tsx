import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { DbProvider } from './data/react';
import { boot } from './app/boot';
import { FrontDesk } from './app/front-desk';
import { registerServiceWorker } from './features/pwa/register';
import { isQuotaError, requestPersistentStorage } from './features/settings/storage';
import { browserCommandContext } from './session/command-context';
import { zh } from './i18n/zh';
import { en } from './i18n/en';
import './app/styles.css';

const root = createRoot(document.getElementById('root') as HTMLElement);
const ctx = browserCommandContext();

boot(Date.now()).then(
  (db) => {
    root.render(
      <StrictMode>
        <DbProvider db={db} ctx={ctx}>
          <FrontDesk />
        </DbProvider>
      </StrictMode>,
    );
    // Keep the desk's database through storage pressure.
    void requestPersistentStorage();
  },
  (err: unknown) => {
    const message = isQuotaError(err)
      ? `${zh.settings.quotaTitle}。${zh.settings.quotaError} / ${en.settings.quotaTitle}. ${en.settings.quotaError}`
      : `前台无法启动 / The front desk could not start: ${err instanceof Error ? err.message : String(err)}`;
    root.render(<p className="boot error" role="alert">{message}</p>);
  },
).finally(() => {
  // Registered even when the start failed: a fixed version can then arrive.
  registerServiceWorker().catch((err: unknown) => console.warn('service worker not registered', err));
});
