/// <reference lib="webworker" />
/**
 * The front desk's service worker (built by vite-plugin-pwa, injectManifest).
 *
 * - Precaches the app shell and every built asset, so the desk cold-starts
 *   with the network down.
 * - Navigations fall back to the precached shell (index.html), except the
 *   database endpoint (/db), which is never answered from a cache.
 * - Nothing is cached at run time: the database traffic (/db) and anything
 *   else not in the precache goes straight to the network.
 * - The first version to install takes control of the page that installed it
 *   (clients.claim): that page, loaded before any worker existed, then gets
 *   the screens that load on first use (src/app/screens.ts) from the
 *   precache too, so they open when the network drops before its first
 *   reload. (A new version's take-over is unchanged: on SKIP_WAITING.)
 * - A new version installs and then waits; it takes over only when the page
 *   asks (SKIP_WAITING), which the page does on the clerk's word or at an
 *   idle moment with no form open.
 */
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute, type PrecacheEntry } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (string | PrecacheEntry)[] };

/** Paths the service worker must never answer from a cache. */
const NEVER_CACHED = [/^\/db(?:[/?#]|$)/];

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Only pages no worker controls are claimed: on the first install. An update activates on SKIP_WAITING,
// and the pages of the old version switch to it then anyway (register.ts reloads them).
self.addEventListener('activate', (event: ExtendableEvent) => {
  event.waitUntil(self.clients.claim());
});

registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: NEVER_CACHED }));

self.addEventListener('message', (event: ExtendableMessageEvent) => {
  const data: unknown = event.data;
  if (typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'SKIP_WAITING') {
    void self.skipWaiting();
  }
});
