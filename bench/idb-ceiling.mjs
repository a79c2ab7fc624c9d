#!/usr/bin/env node
/**
 * `node bench/idb-ceiling.mjs`: what Chromium's IndexedDB itself allows for
 * the first download (issue #15), below RxDB and Dexie. Writes 14,000
 * ledger lines shaped as the Dexie storage stores them, in transactions of
 * 1,000 (the import's page), into object stores laid out five ways:
 *
 * - bare:        one store, no index (the "bare put" of the #15 table);
 * - pouchdb:     one store with PouchDB 9 `indexeddb` adapter's two indexes (seq, deleted+id);
 * - desk-docs:   the Dexie storage's store for the ledger: [_deleted+id], the schema's
 *                two indexes, [_meta.lwt+id], _meta.lwt;
 * - desk-import: desk-docs plus RxDB's replication records (the document in full, with the
 *                meta instance's three indexes) in a second database, both written at once
 *                per page: what the import writes today (two databases, two transactions);
 * - one-db:      the same two stores in one database and one transaction a page (what a
 *                storage of our own below RxDB could do).
 *
 * Three alternating runs; prints docs/s per layout (median) and writes
 * [{name, unit, p50, p95, n}] to BENCH_OUT (default idb-ceiling.json).
 */
/* global indexedDB */
import { createServer } from 'node:http';
import { writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const DOCS = Number(process.env.IDB_DOCS ?? 14_000);
const PAGE = 1000;
const RUNS = Number(process.env.IDB_RUNS ?? 3);
const LAYOUTS = ['bare', 'pouchdb', 'desk-docs', 'desk-import', 'one-db'];

const server = createServer((_req, res) => { res.writeHead(200, { 'content-type': 'text/html' }); res.end('<!doctype html><title>idb</title>'); });
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const results = Object.fromEntries(LAYOUTS.map((l) => [l, []]));
try {
  for (let run = 0; run < RUNS; run += 1) {
    // Rotate the order so that no layout always goes first.
    const order = LAYOUTS.map((_, i) => LAYOUTS[(i + run) % LAYOUTS.length]);
    for (const layout of order) {
      // A fresh browser (a fresh profile) for each: Chromium's IndexedDB slows down as earlier
      // measurements' data piles up in the profile (deleted databases included), 12,239 → 883 docs/s
      // for the bare layout within one profile.
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${server.address().port}/`);
      const ms = await page.evaluate(async ({ layout, n, pageSize, run }) => {
        const req = (r) => new Promise((ok, fail) => { r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
        const open = (name, upgrade) => { const r = indexedDB.open(name, 1); r.onupgradeneeded = () => upgrade(r.result); return req(r); };
        const done = (tx) => new Promise((ok, fail) => { tx.oncomplete = ok; tx.onerror = () => fail(tx.error); tx.onabort = () => fail(tx.error); });
        const lwt0 = 1_790_000_000_000;
        const line = (i) => ({
          id: `L-${run}-${String(i).padStart(6, '0')}`, memberId: `M${String(i % 3000).padStart(9, '0')}`, branchId: 'B001', kind: 'earn', rule: 'stay.points',
          params: { nights: 1, rate: 199, points: 199 }, points: 199, reservationId: `R-${i}`, businessDate: '2026-11-23', createdAt: lwt0 - i * 1000,
          deviceId: 'tablet-1', staffId: 'S-1', _deleted: '0', _rev: `1-${(i * 2654435761 >>> 0).toString(16)}`, _meta: { lwt: lwt0 + i }, _attachments: {},
        });
        const docsStore = (db) => {
          const s = db.createObjectStore('docs', { keyPath: 'id' });
          s.createIndex('[_deleted+id]', ['_deleted', 'id']);
          s.createIndex('[memberId+createdAt]', ['memberId', 'createdAt']);
          s.createIndex('[businessDate+createdAt]', ['businessDate', 'createdAt']);
          s.createIndex('[_meta.lwt+id]', ['_meta.lwt', 'id']);
          s.createIndex('_meta.lwt', '_meta.lwt');
        };
        const metaStore = (db) => {
          const s = db.createObjectStore('meta', { keyPath: 'id' });
          s.createIndex('[_deleted+id]', ['_deleted', 'id']);
          s.createIndex('[_meta.lwt+id]', ['_meta.lwt', 'id']);
          s.createIndex('_meta.lwt', '_meta.lwt');
        };
        const meta = (doc) => ({ id: `down|${doc.id}|0`, isCheckpoint: '0', itemId: doc.id, checkpointData: null, docData: doc, _deleted: '0', _rev: '1-a', _meta: { lwt: doc._meta.lwt }, _attachments: {} });
        const name = `idb-${layout}-${run}-${Math.random().toString(36).slice(2)}`;
        const dbs = [];
        if (layout === 'bare') dbs.push(await open(name, (db) => db.createObjectStore('docs', { keyPath: 'id' })));
        else if (layout === 'pouchdb') dbs.push(await open(name, (db) => { const s = db.createObjectStore('docs', { keyPath: 'id' }); s.createIndex('seq', 'seq', { unique: true }); s.createIndex('deleted,id', ['deleted', 'id'], { unique: true }); }));
        else if (layout === 'desk-docs') dbs.push(await open(name, docsStore));
        else if (layout === 'desk-import') dbs.push(await open(name, docsStore), await open(`${name}-meta`, metaStore));
        else dbs.push(await open(name, (db) => { docsStore(db); metaStore(db); }));
        const t0 = performance.now();
        for (let p = 0; p < n; p += pageSize) {
          const docs = Array.from({ length: Math.min(pageSize, n - p) }, (_, k) => line(p + k));
          if (layout === 'pouchdb') {
            const tx = dbs[0].transaction('docs', 'readwrite');
            const s = tx.objectStore('docs');
            docs.forEach((d, k) => s.put({ id: d.id, rev: d._rev, seq: p + k + 1, deleted: 0, data: d, revs: { [d._rev]: { data: d, deleted: 0 } }, rev_tree: [{ pos: 1, ids: [d._rev.slice(2), { status: 'available' }, []] }] }));
            await done(tx);
          } else if (layout === 'desk-import') {
            const a = dbs[0].transaction('docs', 'readwrite'); const b = dbs[1].transaction('meta', 'readwrite');
            for (const d of docs) { a.objectStore('docs').put(d); b.objectStore('meta').put(meta(d)); }
            await Promise.all([done(a), done(b)]);
          } else if (layout === 'one-db') {
            const tx = dbs[0].transaction(['docs', 'meta'], 'readwrite');
            for (const d of docs) { tx.objectStore('docs').put(d); tx.objectStore('meta').put(meta(d)); }
            await done(tx);
          } else {
            const tx = dbs[0].transaction('docs', 'readwrite');
            for (const d of docs) tx.objectStore('docs').put(d);
            await done(tx);
          }
        }
        const ms = performance.now() - t0;
        for (const db of dbs) { db.close(); await req(indexedDB.deleteDatabase(db.name)); }
        return ms;
      }, { layout, n: DOCS, pageSize: PAGE, run });
      await browser.close();
      results[layout].push((DOCS / ms) * 1000);
      console.log(`run ${run + 1} ${layout.padEnd(12)} ${((DOCS / ms) * 1000).toFixed(0)} docs/s (${(ms / 1000).toFixed(2)} s)`);
    }
  }
} finally {
  server.close();
}
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const out = LAYOUTS.map((l) => ({ name: `IndexedDB ceiling: ${l}, ${DOCS} ledger lines in transactions of ${PAGE}`, unit: 'docs/s', p50: Math.round(median(results[l])), p95: Math.round(Math.min(...results[l])), n: results[l].length }));
console.log('\n| layout | docs/s (median of runs) | ÷ pouchdb layout |\n|---|---:|---:|');
const pouch = median(results.pouchdb);
for (const l of LAYOUTS) console.log(`| ${l} | ${median(results[l]).toFixed(0)} | ${(median(results[l]) / pouch).toFixed(2)} |`);
writeFileSync(process.env.BENCH_OUT ?? 'idb-ceiling.json', `${JSON.stringify(out, null, 2)}\n`);
