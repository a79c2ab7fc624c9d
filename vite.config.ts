/// <reference types="vitest/config" />
import { defineConfig, type ProxyOptions } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { DEV_SECURITY_HEADERS, SECURITY_HEADERS } from './server/security-headers.mjs';

/**
 * The app reaches the sync server through its own origin: `/db/…` is
 * proxied to the CouchDB-compatible server named by FRONTDESK_COUCH_URL
 * (set by `npm start` and the end-to-end setup; in production a reverse
 * proxy does the same). No wildcard CORS is needed.
 */
function dbProxy(): Record<string, ProxyOptions> {
  const target = process.env.FRONTDESK_COUCH_URL;
  if (!target) return {};
  // The enrolment service (server/enrolment.ts) beside it as /enrol/, when one runs (npm start).
  const enrol = process.env.FRONTDESK_ENROL_URL;
  // The chain directory (server/chain-directory.ts) as /chain/, when one runs (npm start).
  const chain = process.env.FRONTDESK_CHAIN_URL;
  return {
    ...(enrol ? { '/enrol': { target: enrol, changeOrigin: true } } : {}),
    ...(chain ? { '/chain': { target: chain, changeOrigin: true } } : {}),
    '/db': {
      target,
      changeOrigin: true,
      rewrite: (path) => path.replace(/^\/db/, '') || '/',
      // Long-polls wait up to 20 s for changes; never cut them short.
      proxyTimeout: 60_000,
      timeout: 60_000,
    },
  };
}

export default defineConfig({
  // Content-Security-Policy and the other headers (server/security-headers.mjs):
  // the production set in preview, a development one for the dev server.
  server: { proxy: dbProxy(), headers: { ...DEV_SECURITY_HEADERS } },
  preview: { proxy: dbProxy(), headers: { ...SECURITY_HEADERS } },
  plugins: [
    react(),
    // The service worker (sw/sw.ts) precaches the app shell and assets. The
    // web manifest is public/manifest.webmanifest; registration and the
    // update prompt are src/features/pwa (workbox-window), not injected.
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'sw',
      filename: 'sw.ts',
      registerType: 'prompt',
      injectRegister: false,
      manifest: false,
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        rollupFormat: 'iife',
      },
      devOptions: { enabled: false },
    }),
  ],
  build: {
    target: 'es2022',
    sourcemap: false,
    // The budget that matters (first-screen JS gzipped ≤ 250 KB) is measured by npm run bench.
    chunkSizeWarningLimit: 800,
    rolldownOptions: {
      output: {
        // Everything the first screen imports statically goes in one chunk: left to itself, the
        // bundler splits the modules the first screen shares with a lazy tab (src/app/screens.ts)
        // into many small chunks, which gzip worse and cost a request each. The lazy tabs and
        // dialogs keep chunks of their own.
        codeSplitting: { groups: [{ name: 'desk', tags: ['$initial'] }] },
      },
    },
  },
  test: {
    // Data and domain tests run in Node: RxDB needs a working crypto.subtle,
    // which jsdom replaces. Feature (UI) tests run in jsdom. The end-to-end
    // tests drive a production build in Debian's Chromium, after the others.
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/domain/**/*.test.ts', 'test/data/**/*.test.ts', 'test/demo/**/*.test.ts', 'test/i18n/**/*.test.ts', 'test/tooling/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'ui',
          environment: 'jsdom',
          include: ['test/features/**/*.test.tsx', 'test/app/**/*.test.tsx'],
          setupFiles: ['test/setup-ui.ts'],
          testTimeout: 30_000,
        },
      },
      {
        // Against a real sync server (pouchdb-server in a child process),
        // started once by the global setup; one file at a time.
        extends: true,
        test: {
          name: 'sync',
          environment: 'node',
          include: ['test/server/**/*.test.ts', 'test/sync/**/*.test.ts'],
          globalSetup: ['test/sync/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
