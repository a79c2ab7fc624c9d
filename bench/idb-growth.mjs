#!/usr/bin/env node
/**
 * `node bench/idb-growth.mjs` (issue #15): how Chromium's IndexedDB slows
 * down as an origin's data grows. In a fresh Chromium, Dexie writes 14,000
 * ledger lines three times in a row, each time into a new database that is
 * deleted afterwards, in transactions of 1,000 doing what RxDB's Dexie
 * storage does (`bulkGet` + `bulkPut`, the storage's ledger store schema).
 * Modes (M=plain,open25,open25-written): nothing else open; 25 other Dexie
 * databases open (about what a tablet's RxDB database holds); the same with
 * 200 documents written into each. Two rotated runs, docs/s of each write.
 * Found 2026-12-07: the first write of a fresh profile runs 4–5× faster
 * than the second, whatever else is open.
 */
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const dexie = readFileSync('node_modules/dexie/dist/dexie.mjs');
const server = createServer((req, res) => {
  if (req.url === '/dexie.mjs') { res.writeHead(200, { 'content-type': 'text/javascript' }); res.end(dexie); return; }
  res.writeHead(200, { 'content-type': 'text/html' }); res.end('<!doctype html><title>x</title>');
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const MODES = (process.env.M ?? 'plain,open25,open25-written').split(',');
for (let run = 0; run < 2; run++) for (const mode of MODES.map((_, i) => MODES[(i + run) % MODES.length])) {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  const r = await page.evaluate(async ({ mode }) => {
    const { Dexie } = await import('/dexie.mjs');
    const lwt0 = 1_790_000_000_000;
    const line = (i, tag) => ({ id: `L-${tag}-${String(i).padStart(6, '0')}`, memberId: `M${String(i % 3000).padStart(9, '0')}`, branchId: 'B001', kind: 'earn', rule: 'stay.points', params: { nights: 1, rate: 199, points: 199 }, points: 199, reservationId: `R-${i}`, businessDate: '2026-11-23', createdAt: lwt0 - i * 1000, deviceId: 'tablet-1', staffId: 'S-1', _deleted: '0', _rev: `1-${(i * 2654435761 >>> 0).toString(16)}`, _meta: { lwt: lwt0 + i }, _attachments: {} });
    const schema = { docs: 'id, [_deleted+id], [memberId+createdAt], [businessDate+createdAt], [_meta.lwt+id], _meta.lwt', changes: '++sequence, id', attachments: 'id' };
    const others = [];
    if (mode.startsWith('open25')) {
      for (let k = 0; k < 25; k++) { const d = new Dexie(`other-${k}`); d.version(1).stores(schema); await d.open(); others.push(d); }
      if (mode === 'open25-written') for (const d of others) await d.table('docs').bulkPut(Array.from({ length: 200 }, (_, i) => line(i, d.name)));
    }
    const write = async (tag) => {
      const db = new Dexie(`x-${tag}`); db.version(1).stores(schema); await db.open();
      const t0 = performance.now();
      for (let p = 0; p < 14000; p += 1000) {
        const docs = Array.from({ length: 1000 }, (_, k) => line(p + k, tag));
        await db.transaction('rw', db.table('docs'), db.table('attachments'), async () => { await db.table('docs').bulkGet(docs.map((d) => d.id)); await db.table('docs').bulkPut(docs); });
      }
      const ms = performance.now() - t0; db.close(); await Dexie.delete(db.name); return Math.round(14000 / ms * 1000);
    };
    return [await write('a'), await write('b'), await write('c')];
  }, { mode });
  await browser.close();
  console.log(`run ${run + 1} ${mode.padEnd(16)} ${r.join(' / ')} docs/s`);
}
server.close();
