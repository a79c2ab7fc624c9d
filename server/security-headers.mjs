/**
 * The HTTP headers the front desk is served with: `vite preview` and the
 * end-to-end run send SECURITY_HEADERS, `npm start` (Vite's dev server)
 * DEV_SECURITY_HEADERS, and the production reverse proxy must send the
 * same as SECURITY_HEADERS (README, "The reverse proxy's headers").
 *
 * The production policy allows no inline script, no eval, nothing from
 * another origin: the built index.html loads one hashed module and one
 * stylesheet from /assets/, the service worker is one file (/sw.js, its
 * Workbox bundled in), the database is the app's own /db/ and nothing may
 * frame the desk. `test/e2e/csp.test.ts` loads the built app and its
 * service worker under it in Chromium and fails on any violation.
 */

/** Directive by directive, so a test or a proxy config can read them. */
/** @type {Readonly<Record<string, string>>} */
export const CSP_DIRECTIVES = Object.freeze({
  'default-src': "'self'",
  'script-src': "'self'",
  'style-src': "'self'",
  'img-src': "'self' data:",
  'font-src': "'self'",
  // The sync server is the app's own /db/ (the reverse proxy); a server on
  // another origin would have to be added here.
  'connect-src': "'self'",
  'manifest-src': "'self'",
  'worker-src': "'self'",
  'object-src': "'none'",
  'base-uri': "'none'",
  'form-action': "'self'",
  'frame-ancestors': "'none'",
});

/** @param {Readonly<Record<string, string>>} [directives] */
export function contentSecurityPolicy(directives = CSP_DIRECTIVES) {
  return Object.entries(directives).map(([k, v]) => `${k} ${v}`).join('; ');
}

export const SECURITY_HEADERS = Object.freeze({
  'Content-Security-Policy': contentSecurityPolicy(),
  // Browsers heed it over HTTPS only; two years, the HSTS preload minimum.
  'Strict-Transport-Security': 'max-age=63072000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
  // frame-ancestors for browsers that predate it.
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
});

/**
 * Vite's dev server (`npm start`, `npm run dev`): the same, except that
 * scripts and styles may be inline and eval'd, which the development build
 * needs (React's refresh preamble is an inline script, Vite injects CSS as
 * <style> elements, and RxDB's schema validator, loaded in development only,
 * compiles with `new Function`). Never for a production build.
 */
export const DEV_SECURITY_HEADERS = Object.freeze({
  ...SECURITY_HEADERS,
  'Content-Security-Policy': contentSecurityPolicy({
    ...CSP_DIRECTIVES,
    'script-src': "'self' 'unsafe-inline' 'unsafe-eval'",
    'style-src': "'self' 'unsafe-inline'",
  }),
});
