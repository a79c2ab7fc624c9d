/**
 * Registers the service worker (sw/sw.ts, built to /sw.js) through
 * workbox-window. A new version installs in the background and waits; it is
 * offered to the clerk (update-store.ts) and takes over only when the page
 * sends SKIP_WAITING, on the clerk's word or at an idle moment with no form
 * open (update-prompt.tsx). Nothing is registered in development.
 */
import { useUpdates } from './update-store';

/** How often a desk left open looks for a new version. */
const UPDATE_CHECK_MS = 60 * 60_000;

export async function registerServiceWorker(scriptUrl = '/sw.js'): Promise<void> {
  if (import.meta.env.DEV || !('serviceWorker' in navigator)) return;
  const { Workbox } = await import('workbox-window');
  const wb = new Workbox(scriptUrl, { scope: '/' });
  let requested = false;

  wb.addEventListener('waiting', () => {
    useUpdates.getState().offer(() => {
      requested = true;
      wb.messageSkipWaiting();
    });
  });
  wb.addEventListener('controlling', (event) => {
    if (!event.isUpdate) return;
    if (requested) {
      window.location.reload();
    } else {
      // Another window of the desk switched to the new version: reload this
      // one too, under the same rules (never in the middle of a form).
      useUpdates.getState().offer(() => window.location.reload());
    }
  });

  await wb.register();
  const check = () => { wb.update().catch(() => undefined); };
  window.setInterval(check, UPDATE_CHECK_MS);
  window.addEventListener('online', check);
}
