/**
 * Issue #12 item 5: the production build runs under its Content-Security-Policy
 * (server/security-headers.mjs, no 'unsafe-inline' for scripts) in Chromium,
 * the page and the service worker alike, with no violation.
 *
 * The built app (dist/, from the e2e setup) is served here by `vite preview`
 * with exactly the headers of SECURITY_HEADERS, plus a `report-uri` so that
 * Chromium reports every violation to this server, the service worker's
 * included (a worker's violations never reach the page's
 * `securitypolicyviolation` event). The page's own event and the console are
 * watched as well. Two deliberate violations at the end, an inline script in
 * the page and a request to another origin from the service worker, show that each detector sees
 * what it should.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncomingMessage } from 'node:http';
import { preview } from 'vite';
import type { Browser } from 'playwright-core';
import { DIST, ROOT } from './build';
import { collectErrors, freshContext, launch, openMenu, waitForArrivals, waitForServiceWorker } from './browser';
import { CSP_DIRECTIVES, SECURITY_HEADERS } from '../../server/security-headers.mjs';

const REPORT_PATH = '/__csp-report';
const reports: Record<string, unknown>[] = [];
let server: Awaited<ReturnType<typeof preview>>;
let baseUrl: string;
let browser: Browser;

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

beforeAll(async () => {
  server = await preview({
    root: ROOT,
    configFile: false,
    logLevel: 'warn',
    build: { outDir: DIST },
    preview: {
      port: 0,
      host: '127.0.0.1',
      headers: { ...SECURITY_HEADERS, 'Content-Security-Policy': `${SECURITY_HEADERS['Content-Security-Policy']}; report-uri ${REPORT_PATH}` },
    },
    plugins: [{
      name: 'csp-reports',
      configurePreviewServer(s) {
        s.middlewares.use(REPORT_PATH, (req, res) => {
          void body(req).then((text) => {
            try {
              const parsed = JSON.parse(text) as { 'csp-report'?: Record<string, unknown> } | Record<string, unknown>[];
              for (const r of Array.isArray(parsed) ? parsed : [parsed['csp-report'] ?? parsed]) reports.push(r as Record<string, unknown>);
            } catch {
              reports.push({ unparsed: text });
            }
            res.statusCode = 204;
            res.end();
          });
        });
      },
    }],
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report its address');
  baseUrl = url;
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((done) => (server ? server.httpServer.close(() => done()) : done()));
});

describe('Content-Security-Policy of the production build', () => {
  it('serves the page and the service worker with the policy: no inline or eval for scripts, no framing, no sniffing', async () => {
    expect(CSP_DIRECTIVES['script-src']).toBe("'self'");
    expect(SECURITY_HEADERS['Content-Security-Policy']).not.toMatch(/unsafe-inline|unsafe-eval/);
    for (const path of ['/', '/sw.js']) {
      const res = await fetch(new URL(path, baseUrl));
      expect(res.status, path).toBe(200);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("script-src 'self';");
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('strict-transport-security'), path).toMatch(/max-age=\d+/);
    }
    // vite.config.ts sends the same set from `vite preview`.
    const vite = await import('../../vite.config');
    const config = vite.default as { preview?: { headers?: Record<string, string> } };
    expect(config.preview?.headers).toEqual(SECURITY_HEADERS);
  });

  it('runs the built app and its service worker with no violation, online and offline', async () => {
    const context = await freshContext(browser);
    await context.addInitScript(() => {
      const w = window as unknown as { __csp: string[] };
      w.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
    });
    const page = await context.newPage();
    const errors = collectErrors(page);
    const consoleCsp: string[] = [];
    page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) consoleCsp.push(m.text()); });
    const pageViolations = () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);

    await page.goto(baseUrl);
    await waitForArrivals(page);
    await waitForServiceWorker(page);
    // Some screens: bookings, the in-house list, settings (its storage figures).
    for (const tab of [/预订/, /在住/]) {
      const link = page.getByRole('link', { name: tab }).or(page.getByRole('button', { name: tab })).first();
      if (await link.count()) await link.click();
    }
    await openMenu(page);
    await page.getByRole('button', { name: /设置/ }).first().click();
    await page.getByRole('dialog').first().waitFor();
    await page.keyboard.press('Escape');
    expect(await pageViolations()).toEqual([]);

    // Started again from the service worker's cache, online then offline.
    await page.reload();
    await waitForArrivals(page);
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    await context.setOffline(true);
    await page.reload();
    await waitForArrivals(page);
    expect(await pageViolations()).toEqual([]);
    await context.setOffline(false);

    // The detectors work: an inline script in the page and a request to another origin from the worker are refused and reported.
    const inlineRan = await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = '(window).__inlineRan = true;';
      document.head.append(s);
      return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
    });
    expect(inlineRan).toBe(false);
    const [worker] = context.serviceWorkers();
    if (!worker) throw new Error('no service worker');
    // (Not an eval: DevTools' evaluate is exempt from the eval check. A request to another origin is not.)
    await worker.evaluate(() => fetch('http://127.0.0.2:9/csp-control').then(() => 'answered', () => 'refused'));
    await expect.poll(() => reports.some((r) => String(r['document-uri'] ?? '').endsWith('/sw.js')), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => reports.some((r) => r['blocked-uri'] === 'inline'), { timeout: 15_000 }).toBe(true);
    await expect.poll(pageViolations, { timeout: 15_000 }).toHaveLength(1);

    // Everything else: none.
    const isControl = (r: Record<string, unknown>) =>
      r['blocked-uri'] === 'inline' && String(r['document-uri']).startsWith(baseUrl)
      || String(r['blocked-uri']).startsWith('http://127.0.0.2:9') && String(r['document-uri']).endsWith('/sw.js');
    expect(reports.filter((r) => !isControl(r))).toEqual([]);
    expect(reports.filter(isControl)).toHaveLength(2);
    expect(consoleCsp.length).toBe(1); // the control's inline script
    expect(errors).toEqual([]);
    await context.close();
  });
});
