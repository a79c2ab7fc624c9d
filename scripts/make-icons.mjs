#!/usr/bin/env node
/**
 * One-off: renders the front desk's icons (public/icons/*.png) from SVG with
 * Debian's Chromium (no browser download). Run again after changing the
 * drawing: `node scripts/make-icons.mjs`. The PNGs are committed.
 */
import { mkdir } from 'node:fs/promises';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const OUT = new URL('../public/icons/', import.meta.url);

const BRAND = '#f5a500';
const INK = '#3c2a00';

/**
 * The mark: a bold "7" over 前台 on the brand colour. `inset` is the share of
 * the side kept clear around it (a maskable icon keeps everything inside the
 * central 80 % circle); `rounded` draws a rounded tile on a transparent
 * background, otherwise the colour fills the whole square.
 */
function svg({ inset, rounded }) {
  const s = 512;
  const box = s * (1 - 2 * inset);
  const x0 = s * inset;
  const bg = rounded
    ? `<rect width="${s}" height="${s}" rx="${s * 0.18}" fill="${BRAND}"/>`
    : `<rect width="${s}" height="${s}" fill="${BRAND}"/>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${s} ${s}" width="${s}" height="${s}">
  ${bg}
  <text x="${s / 2}" y="${x0 + box * 0.62}" font-size="${box * 0.62}" text-anchor="middle"
    font-family="'Noto Sans CJK SC', 'Noto Sans', sans-serif" font-weight="900" fill="${INK}">7</text>
  <text x="${s / 2}" y="${x0 + box * 0.93}" font-size="${box * 0.24}" text-anchor="middle"
    font-family="'Noto Sans CJK SC', sans-serif" font-weight="700" fill="${INK}" letter-spacing="${box * 0.02}">前台</text>
</svg>`;
}

const ICONS = [
  { file: 'icon-192.png', size: 192, inset: 0.08, rounded: true },
  { file: 'icon-512.png', size: 512, inset: 0.08, rounded: true },
  { file: 'maskable-512.png', size: 512, inset: 0.2, rounded: false },
  { file: 'apple-touch-icon-180.png', size: 180, inset: 0.12, rounded: false },
];

await mkdir(OUT, { recursive: true });
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
try {
  for (const icon of ICONS) {
    const page = await browser.newPage({ viewport: { width: icon.size, height: icon.size }, deviceScaleFactor: 1 });
    const body = svg(icon).replace(/width="512" height="512"/, `width="${icon.size}" height="${icon.size}"`);
    await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${body}</body></html>`);
    await page.evaluate('document.fonts.ready.then(() => true)');
    await page.screenshot({ path: new URL(icon.file, OUT).pathname, omitBackground: true, clip: { x: 0, y: 0, width: icon.size, height: icon.size } });
    await page.close();
    console.log(`public/icons/${icon.file}`);
  }
} finally {
  await browser.close();
}
