/**
 * Kill switch for a broken service worker. Not built into the app: to retire
 * the front desk's service worker on every tablet, deploy this file in place
 * of the built /sw.js (keep the rest of the build as it is):
 *
 *   cp sw/retire.js dist/sw.js      # then upload dist/ as usual
 *
 * Each tablet's browser looks for a new /sw.js on its next start online (and
 * the open desk checks hourly and when the network comes back), bypassing
 * the HTTP cache. This worker then installs at once, deletes the app's
 * precache and unregisters itself; the page that is open keeps working and
 * the next start loads from the network. No page is reloaded under a clerk's
 * hands, and the desk's data (IndexedDB) is not touched. Deploy a fixed
 * build afterwards to bring offline starts back.
 */
self.addEventListener('install', () => {
  void self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith('workbox-')) await caches.delete(key);
    }
    await self.registration.unregister();
  })());
});
