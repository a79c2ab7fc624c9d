/**
 * (Issue #10 item 6) A week at the desk, end to end: seven business days on
 * a branch of its own on the sync server, two tablets (two browser
 * contexts, each with its own IndexedDB, set up by the setup link) with a
 * controlled clock (Playwright's clock, set to 09:00 each morning and run
 * through the 23:00 cut-off each night).
 *
 * Each day: head office's reservations feed books the day's arrivals over
 * plain CouchDB HTTP as the server admin (server/reservations-feed.ts), as
 * it does in production; the desk works through the real screens of both
 * tablets (./week-desk.ts): check-ins, check-outs (due and early),
 * extensions, room moves, housekeeping's report, bedtime-milk redemptions,
 * cancellations; on day 3 tablet B works with the network down and comes
 * back; after 23:00 the night auditor runs the audit on tablet A. After each
 * day, once the server and both tablets hold the same documents, the
 * invariants of ../demo/week-invariants.ts are checked on the server's
 * copy, and both tablets' banners show the next business date. The week's
 * figures are printed at the end.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { provisionDemo } from '../../server/demo';
import { demoFeedPass } from '../../server/reservations-feed';
import { addDays } from '../../src/domain/dates';
import type { CollectionName } from '../../src/data/database';
import type { LedgerEntry, Member, Reservation, Room } from '../../src/domain/model';
import { collectErrors, freshContext, installClock, launch, shotOnFailure, signInStaff, syncBadgeState } from './browser';
import { adminCouch, measureUntil, type AdminCouch } from './sync-helpers';
import {
  auditProblems, businessDateProblems, ledgerProblems, roomProblems, unknownReservations, type AuditRecord, type WeekSnapshot,
} from '../demo/week-invariants';
import { cancelBooking, checkIn, checkOut, cleanRooms, extendStay, moveRoom, morningShift, nightAudit, redeemMilk, balanceShown, type Pick } from './week-desk';

const baseUrl = inject('baseUrl');
const sync = inject('sync');
const FIRST = '2026-11-23';
const DAYS = 7;
const OFFLINE_DAY = 2;
const at = (date: string, time: string) => Date.parse(`${date}T${time}:00+08:00`);

interface Tablet { name: 'A' | 'B'; context: BrowserContext; page: Page; errors: string[] }
interface DayFigures { date: string; checkIns: number; roomNights: number; earned: number; spent: number; noShows: number }

let browser: Browser;
let couch: AdminCouch;
const branchId = `wk-${Date.now().toString(36)}-${randomBytes(2).toString('hex')}`;
const branchPassword = randomBytes(12).toString('base64url');

beforeAll(async () => {
  browser = await launch();
  await provisionDemo({
    url: `${sync.couchUrl}/`, admin: { user: sync.adminUser, password: sync.adminPassword }, branchPassword, branchId,
    now: at(FIRST, '08:00'), memberCount: 300,
  });
  couch = adminCouch({ ...sync, branchId, branchPassword });
}, 180_000);
afterAll(async () => { await browser?.close(); });

/** A collection as the server holds it now (design documents left out), ids as the app names them. */
async function serverDocs<T>(c: CollectionName): Promise<T[]> {
  return (await couch.changesSince(c, 0)).filter((d) => !d._id.startsWith('_design/')).map(({ _id, _rev, ...d }) => ({ ...d, id: _id }) as unknown as T);
}

/**
 * A collection as a tablet holds it in IndexedDB (RxDB's Dexie storage; deleted documents left out), or only
 * the ids: the primary key of the Dexie table, deletions are kept as documents with `_deleted` '1'.
 */
async function tabletDocs<T>(page: Page, c: CollectionName): Promise<T[]> {
  return page.evaluate(async (name) => {
    const current = localStorage.getItem('qiantai.database');
    const info = (await indexedDB.databases()).find((d) => d.name?.startsWith(`rxdb-dexie-${current}--`) && new RegExp(`--\\d+--${name}$`).test(d.name));
    if (!info?.name) return [];
    const db = await new Promise<IDBDatabase>((ok, ko) => { const r = indexedDB.open(info.name!); r.onsuccess = () => ok(r.result); r.onerror = () => ko(r.error); });
    const all = await new Promise<Record<string, unknown>[]>((ok, ko) => { const q = db.transaction('docs').objectStore('docs').getAll(); q.onsuccess = () => ok(q.result as Record<string, unknown>[]); q.onerror = () => ko(q.error); });
    db.close();
    return all.filter((d) => d._deleted !== '1' && d._deleted !== true);
  }, c) as Promise<T[]>;
}

type Fp = Record<string, string>;
type Doc = Record<string, unknown>;
/** What must be the same on the server and the tablets; the ledger is immutable, so its ids say it all (and read fast). */
const FINGERPRINTS: { c: CollectionName; fp?: (d: Doc) => string }[] = [
  { c: 'reservations', fp: (d) => `${String(d.status)}|${String(d.roomNo)}|${String(d.extensionNights)}` },
  { c: 'rooms', fp: (d) => `${String(d.status)}|${String(d.reservationId)}` },
  { c: 'ledger' },
  { c: 'audits', fp: (d) => `${String(d.noShows)}|${String(d.penalties)}` },
];
const fingerprint = (docs: Doc[], fp: (d: Doc) => string): Fp => Object.fromEntries(docs.map((d) => [String(d.id), fp(d)]));
const idsOnly = (ids: string[]): Fp => Object.fromEntries(ids.map((id) => [id, 'present']));

function differences(a: Fp, b: Fp): string[] {
  const ids = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...ids].filter((id) => a[id] !== b[id]).map((id) => `${id}: ${a[id] ?? '(none)'} ≠ ${b[id] ?? '(none)'}`);
}

/** Waits until both tablets hold what the server holds (reservations, rooms, ledger, audits). */
async function converge(tablets: Tablet[], what: string): Promise<number> {
  let last: string[] = [];
  const { ms } = await measureUntil(async () => {
    last = [];
    for (const { c, fp } of FINGERPRINTS) {
      const server = fp ? fingerprint(await serverDocs<Doc>(c), fp) : idsOnly(await couch.ids(c));
      for (const t of tablets) {
        const held = await tabletDocs<Doc>(t.page, c);
        const diff = differences(server, fp ? fingerprint(held, fp) : idsOnly(held.map((d) => String(d.id))));
        if (diff.length > 0) last.push(`${c} server vs ${t.name}: ${diff.length} differ, e.g. ${diff.slice(0, 3).join('; ')}`);
      }
    }
    return last.length === 0 ? true : undefined;
  }, { timeoutMs: 60_000, everyMs: 500, what: `server and both tablets the same (${what})`, describe: async () => last.join('\n') });
  timings.push(`${what} ${(ms / 1000).toFixed(1)} s`);
  return ms;
}
const timings: string[] = [];

async function setClock(tablets: Tablet[], time: number): Promise<void> {
  await Promise.all(tablets.map((t) => t.context.clock.setSystemTime(time)));
}

async function setUpTablet(name: Tablet['name']): Promise<Tablet> {
  const context = await freshContext(browser);
  await installClock(context, at(FIRST, '08:30'));
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(`${baseUrl}#setup=${encodeURIComponent(branchId)}:${encodeURIComponent(branchPassword)}`);
  await page.locator('main.signin').waitFor({ timeout: 120_000 });
  await signInStaff(page, 'front-desk');
  await measureUntil(async () => {
    const s = await syncBadgeState(page);
    return s.connection === 'online' && s.pending === 0 && !s.text.includes('正在下载') ? s : undefined;
  }, { timeoutMs: 120_000, everyMs: 500, what: `tablet ${name}'s first download` });
  return { name, context, page, errors };
}

async function snapshot(): Promise<WeekSnapshot> {
  const [rooms, reservations, members, ledger, audits, branches] = await Promise.all([
    serverDocs<Room>('rooms'), serverDocs<Reservation>('reservations'), serverDocs<Member>('members'),
    serverDocs<LedgerEntry>('ledger'), serverDocs<AuditRecord>('audits'), serverDocs<{ businessDate: string }>('branches'),
  ]);
  return { rooms, reservations, members, ledger, audits, branchBusinessDate: branches[0]?.businessDate ?? FIRST };
}

/** The members with the most points (on the server now), for a redemption a day. */
async function richMembers(count: number): Promise<string[]> {
  const sums = new Map<string, number>();
  for (const l of await serverDocs<LedgerEntry>('ledger')) sums.set(l.memberId, (sums.get(l.memberId) ?? 0) + l.points);
  return [...sums.entries()].sort((a, b) => b[1] - a[1]).slice(0, count).map(([id]) => id);
}

function figuresOf(s: WeekSnapshot, date: string, noShows: number): DayFigures {
  const from = at(date, '00:00');
  const to = at(addDays(date, 1), '06:00');
  const ledger = s.ledger.filter((l) => l.businessDate === date);
  return {
    date,
    checkIns: s.reservations.filter((r) => r.checkedInAt >= from && r.checkedInAt < to).length,
    roomNights: s.rooms.filter((r) => r.status === 'occupied').length,
    earned: ledger.filter((l) => l.kind === 'earn').reduce((sum, l) => sum + l.points, 0),
    spent: -ledger.filter((l) => l.kind === 'redeem').reduce((sum, l) => sum + l.points, 0),
    noShows,
  };
}

describe('a week at the desk', () => {
  it('seven business days on two tablets: the rooms, the ledger, the bookings and the audit agree every night', async () => {
    const started = Date.now();
    const initial = new Set((await serverDocs<Reservation>('reservations')).map((r) => r.id));
    const feed = new Set<string>();
    const desk = new Set<string>();
    const [a, b] = await Promise.all([setUpTablet('A'), setUpTablet('B')]);
    const tablets = [a, b];
    const rich = await richMembers(DAYS);
    const redeemed = new Set<string>();
    const week: DayFigures[] = [];
    const log: string[] = [];
    console.log(`[week e2e] branch ${branchId}, both tablets set up in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    try {
    await shotOnFailure(a.page, 'week-a', () => shotOnFailure(b.page, 'week-b', async () => {
      for (let day = 0; day < DAYS; day++) {
        const date = addDays(FIRST, day);
        const dayStarted = Date.now();
        const both = (pa: Pick, pb: Pick) => [[a, pa], [b, pb]] as const;

        // 09:00: the morning shift; head office's feed books the day.
        await setClock(tablets, at(date, '09:00'));
        if (day > 0) await morningShift(a.page);
        const pass = await demoFeedPass({
          url: `${sync.couchUrl}/`, admin: { user: sync.adminUser, password: sync.adminPassword }, branchId,
          now: at(date, '09:00'), perDay: 6, daysAhead: 2, log: () => undefined,
        });
        for (const id of pass.written) feed.add(id);
        await converge(tablets, `${date} morning`);

        // Tablet B loses the network for the middle of one day and works on.
        if (day === OFFLINE_DAY) {
          await b.context.setOffline(true);
          await expect.poll(() => b.page.getByTestId('sync-badge').getAttribute('data-connection'), { timeout: 20_000 }).toBe('offline');
        }

        for (const [t, pick] of both('first', 'last')) {
          const stay = await checkIn(t.page, pick);
          log.push(`${date} ${t.name} check-in ${stay ? `${stay.guest} → ${stay.room}` : '(no arrival to check in)'}`);
        }
        const out = (await checkOut(a.page, 'due', 'first')) ?? (await checkOut(a.page, 'early', 'first'));
        log.push(`${date} A check-out ${out ? `${out.room} (+${out.points})` : '—'}`);
        if (day % 3 === 1) log.push(`${date} B early departure ${JSON.stringify(await checkOut(b.page, 'early', 'last'))}`);
        if (day % 2 === 0) log.push(`${date} A extension ${JSON.stringify(await extendStay(a.page, 'first'))}`);
        if (day % 2 === 1) log.push(`${date} B room move ${JSON.stringify(await moveRoom(b.page, 'last'))}`);
        const redeemer = day % 2 === 0 ? b : a;
        const member = rich[day]!;
        redeemed.add(member);
        log.push(`${date} ${redeemer.name} bedtime milk for ${member}: balance ${await redeemMilk(redeemer.page, member)}`);
        if (day % 2 === 0) log.push(`${date} A cancellation ${await cancelBooking(a.page, 'last')}`);
        log.push(`${date} B housekeeping ${(await cleanRooms(b.page, 3, 'last')).join(' ')}`);

        if (day === OFFLINE_DAY) {
          await expect.poll(async () => (await syncBadgeState(b.page)).pending, { timeout: 10_000 }).toBeGreaterThan(0);
          await b.context.setOffline(false);
        }
        await converge(tablets, `${date} day's work`);

        // The night: the clock runs through the 23:00 cut-off (the desks' 30-s checks see it pass, as on a
        // tablet left on all evening), then the night auditor closes the day on tablet A.
        await setClock(tablets, at(date, '22:59'));
        await Promise.all(tablets.map((t) => t.context.clock.fastForward(120_000)));
        const noShows = await nightAudit(a.page, date);
        await converge(tablets, `${date} audit`);
        for (const t of tablets) {
          await t.page.getByRole('region', { name: '营业日' }).getByText(`营业日 ${addDays(date, 1)}`).waitFor({ timeout: 30_000 });
        }

        // The balances the desk shows now (tablet B, a clerk's profile screen) for every member who redeemed this week.
        const shown = new Map<string, number>();
        for (const id of redeemed) shown.set(id, await balanceShown(b.page, id));
        const s = await snapshot();
        expect(roomProblems(s), `${date}: rooms`).toEqual([]);
        expect(ledgerProblems(s, shown), `${date}: ledger`).toEqual([]);
        expect(unknownReservations(s, { initial, feed, desk }), `${date}: reservations`).toEqual([]);
        expect(auditProblems(s, date), `${date}: audit`).toEqual([]);
        expect(businessDateProblems(s, FIRST, date), `${date}: business date`).toEqual([]);
        week.push(figuresOf(s, date, noShows));
        console.log(`[week e2e] ${date} done in ${((Date.now() - dayStarted) / 1000).toFixed(1)} s`);
      }
    }));
    } finally {
      console.log(`[week e2e] what the desk did:\n${log.join('\n')}`);
    }

    const total = week.reduce((t, d) => ({
      date: 'week', checkIns: t.checkIns + d.checkIns, roomNights: t.roomNights + d.roomNights, earned: t.earned + d.earned, spent: t.spent + d.spent, noShows: t.noShows + d.noShows,
    }), { date: 'week', checkIns: 0, roomNights: 0, earned: 0, spent: 0, noShows: 0 });
    console.log('[week e2e] the week\'s figures (business date; check-ins; room-nights sold; points earned; points spent; no-shows):');
    console.table([...week, total]);
    console.log(`[week e2e] waits for the server and both tablets to agree: ${timings.join(', ')}`);
    console.log(`[week e2e] the whole week took ${((Date.now() - started) / 1000).toFixed(0)} s`);
    for (const t of tablets) expect(t.errors, `tablet ${t.name}'s page errors`).toEqual([]);
    await Promise.all(tablets.map((t) => t.context.close()));
  }, 600_000);
});
