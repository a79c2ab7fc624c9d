/**
 * The reservations feed: head office writing bookings from the app, web and
 * OTAs into a branch's reservations database on the chain's server, by the
 * contract in the README ("The reservations feed"). `writeFeedDocs` is the
 * contract's writer; `demoFeedPass` / `startReservationsFeed` are the demo
 * head office that `npm start` runs (and `npm run reservations-feed` runs
 * against another server).
 *
 * Plain CouchDB HTTP as the server admin (`_all_docs`, `_bulk_docs`,
 * `_local`), so it runs unchanged against Apache CouchDB 3.
 *
 * - A new booking is written without `_rev`: a 409 means the id is already
 *   there (written by an earlier pass), never an overwrite.
 * - A change or cancellation is a new version of the same document written
 *   with the `_rev` the feed read; a 409 means a tablet changed it meanwhile:
 *   it is left alone this pass (the feed re-reads before acting again).
 * - A version the server's validator refuses (403) is logged with the
 *   server's reason and remembered (id and updatedAt, in a `_local` document
 *   of the reservations database), so it is never sent again: a refused
 *   document cannot hold up the feed, nor be retried for ever.
 */
import { serverDbName } from '../src/data/replicated';
import { addDays, localDateOf } from '../src/domain/dates';
import type { Member, Reservation } from '../src/domain/model';
import { Rng } from '../src/demo/prng';
import { DEMO_FEED_PREFIX, feedBooking, feedCancellation, feedChange, seedOf, standingIds } from './feed-demo';
import { couchClient, toCouchDoc, type CouchClient, type Credentials, type ServerOptions } from './provision';

export const FEED_STATE_ID = '_local/reservations-feed';
const MAX_REMEMBERED = 2000;
const enc = encodeURIComponent;

export interface FeedOptions extends ServerOptions {
  admin: Credentials;
  branchId: string;
  log?: (line: string) => void;
}

/** A reservation as the feed writes it: `_rev` when it is a new version of a document read from the server. */
export type FeedDoc = Reservation & { _rev?: string };

export interface FeedReport {
  written: string[];
  /** New bookings whose id the server already held. */
  alreadyThere: number;
  /** Versions a tablet overtook while the feed was writing (409 with a `_rev`). */
  conflicts: string[];
  /** Refused by the server's validator this time: logged, remembered, never sent again. */
  refused: { id: string; reason: string }[];
  /** Versions refused earlier and therefore not sent. */
  skippedRefused: number;
}

type BulkRow = { id: string; ok?: boolean; rev?: string; error?: string; reason?: string };
type FeedState = { _rev?: string; refused: Record<string, number> };

async function readState(couch: CouchClient, db: string): Promise<FeedState> {
  const { status, json } = await couch.request('GET', `${enc(db)}/${FEED_STATE_ID}`, undefined, [404]);
  if (status === 404) return { refused: {} };
  const doc = json as Partial<FeedState>;
  return { refused: doc.refused ?? {}, ...(doc._rev ? { _rev: doc._rev } : {}) };
}

/** Write bookings, changes and cancellations to a branch's reservations database. */
export async function writeFeedDocs(options: FeedOptions, docs: readonly FeedDoc[]): Promise<FeedReport> {
  const log = options.log ?? ((line: string) => console.log(line));
  const couch = couchClient({ ...options, auth: options.admin });
  const db = serverDbName(options.branchId, 'reservations');
  const report: FeedReport = { written: [], alreadyThere: 0, conflicts: [], refused: [], skippedRefused: 0 };
  if (docs.length === 0) return report;
  const state = await readState(couch, db);
  const toSend = docs.filter((d) => {
    const known = state.refused[d.id] === d.updatedAt;
    if (known) report.skippedRefused += 1;
    return !known;
  });
  if (toSend.length === 0) return report;
  const body = toSend.map(({ _rev, ...doc }) => ({ ...toCouchDoc(doc as unknown as Record<string, unknown>), ...(_rev ? { _rev } : {}) }));
  const rows = (await couch.request('POST', `${enc(db)}/_bulk_docs`, { docs: body })).json as BulkRow[];
  rows.forEach((row, i) => {
    const sent = toSend[i];
    if (row.ok || (!row.error && row.rev)) report.written.push(row.id);
    else if (row.error === 'conflict' && sent?._rev) report.conflicts.push(row.id);
    else if (row.error === 'conflict') report.alreadyThere += 1;
    else {
      const reason = `${row.error ?? 'error'}: ${row.reason ?? ''}`;
      report.refused.push({ id: row.id, reason });
      if (sent) state.refused[sent.id] = sent.updatedAt;
      log(`reservations feed: ${options.branchId} refused ${row.id} (${reason}); logged, not sent again`);
    }
  });
  if (report.refused.length > 0) {
    const entries = Object.entries(state.refused).slice(-MAX_REMEMBERED);
    await couch.request('PUT', `${enc(db)}/${FEED_STATE_ID}`, { refused: Object.fromEntries(entries), ...(state._rev ? { _rev: state._rev } : {}) });
  }
  return report;
}

/** Documents of a database by id prefix, with their revisions. */
async function docsWithPrefix(couch: CouchClient, db: string, prefix: string): Promise<FeedDoc[]> {
  const q = `startkey=${enc(JSON.stringify(prefix))}&endkey=${enc(JSON.stringify(`${prefix}\ufff0`))}&include_docs=true`;
  const { json } = await couch.request('GET', `${enc(db)}/_all_docs?${q}`);
  return (json as { rows: { doc?: Record<string, unknown> }[] }).rows
    .map((r) => r.doc)
    .filter((d): d is Record<string, unknown> => !!d && !d._deleted)
    .map(({ _id, ...rest }) => ({ ...rest, id: _id }) as unknown as FeedDoc);
}

async function branchClock(couch: CouchClient, branchId: string): Promise<{ timeZone: string; businessDate: string | null }> {
  const { json } = await couch.request('GET', `${enc(serverDbName(branchId, 'branches'))}/_all_docs?include_docs=true`);
  const doc = (json as { rows: { id: string; doc?: Record<string, unknown> }[] }).rows.find((r) => !r.id.startsWith('_design/'))?.doc;
  return {
    timeZone: typeof doc?.timeZone === 'string' ? doc.timeZone : 'Asia/Shanghai',
    businessDate: typeof doc?.businessDate === 'string' ? doc.businessDate : null,
  };
}

/** A member of the branch picked by a seed (about 60 %), or null (an OTA guest). */
async function memberFor(couch: CouchClient, branchId: string, seed: number): Promise<Member | null> {
  if (seed % 10 >= 6) return null;
  const db = enc(serverDbName(branchId, 'members'));
  const total = ((await couch.request('GET', `${db}/_all_docs?limit=0`)).json as { total_rows: number }).total_rows;
  if (total < 2) return null;
  const { json } = await couch.request('GET', `${db}/_all_docs?include_docs=true&limit=1&skip=${seed % (total - 1)}`);
  const doc = (json as { rows: { id: string; doc?: Record<string, unknown> }[] }).rows[0];
  if (!doc?.doc || doc.id.startsWith('_design/')) return null;
  return { ...doc.doc, id: doc.id } as unknown as Member;
}

export interface DemoFeedOptions extends FeedOptions {
  now: number;
  /** Bookings kept on the books for each date (default 10). */
  perDay?: number;
  /** Days after today that get them (default 3). */
  daysAhead?: number;
}

/**
 * One pass of the demo head office: tops up each date from the business date
 * to today + daysAhead to `perDay` standing bookings (fixed ids, so a restart
 * adds nothing twice), then one live event: a new booking (half the passes),
 * a change or a cancellation of an expected feed booking.
 */
export async function demoFeedPass(options: DemoFeedOptions): Promise<FeedReport & { events: string[] }> {
  const couch = couchClient({ ...options, auth: options.admin });
  const db = serverDbName(options.branchId, 'reservations');
  const { now, branchId } = options;
  const clock = await branchClock(couch, branchId);
  const today = localDateOf(now, clock.timeZone);
  const first = clock.businessDate !== null && clock.businessDate < today && clock.businessDate >= addDays(today, -3) ? clock.businessDate : today;
  const dates: string[] = [];
  for (let d = first; d <= addDays(today, options.daysAhead ?? 3); d = addDays(d, 1)) dates.push(d);

  const docs: FeedDoc[] = [];
  const events: string[] = [];
  const keys = dates.flatMap((d) => standingIds(d, options.perDay ?? 10));
  const present = (await couch.request('POST', `${enc(db)}/_all_docs`, { keys })).json as { rows: { key: string; id?: string; error?: string }[] };
  for (const row of present.rows) {
    if (row.id && !row.error) continue;
    const seed = seedOf(row.key);
    const arrivalDate = row.key.slice(DEMO_FEED_PREFIX.length, DEMO_FEED_PREFIX.length + 10);
    docs.push(feedBooking({ id: row.key, branchId, arrivalDate, member: await memberFor(couch, branchId, seed), bookedAt: now - (seed % 20) * 86_400_000 }));
  }
  if (docs.length > 0) events.push(`${docs.length} bookings topped up for ${dates[0]}…${dates[dates.length - 1]}`);

  const rng = new Rng(seedOf(`${branchId}:${now}`));
  const roll = rng.next();
  if (roll < 0.5) {
    const id = `${DEMO_FEED_PREFIX}${now.toString(36)}`;
    const doc = feedBooking({ id, branchId, arrivalDate: addDays(today, rng.int(0, 3)), member: await memberFor(couch, branchId, seedOf(id)), bookedAt: now });
    docs.push(doc);
    events.push(`new ${id} ${doc.guestName} ${doc.arrivalDate} ×${doc.nights} ${doc.roomType} (${doc.channel})`);
  } else {
    const open = (await docsWithPrefix(couch, db, DEMO_FEED_PREFIX)).filter((d) => d.status === 'expected' && d.arrivalDate >= today);
    if (open.length > 0) {
      const target = rng.pick(open);
      const next = roll < 0.8 ? feedChange(target, now, rng) : feedCancellation(target, now);
      docs.push(next);
      events.push(next.status === 'cancelled' ? `cancelled ${target.id} ${target.guestName} ${target.arrivalDate}` : `changed ${target.id} ${target.guestName} → ${next.arrivalDate} ×${next.nights} ${next.roomType}`);
    }
  }
  const report = await writeFeedDocs(options, docs);
  return { ...report, events };
}

/** Keep feeding: a pass every `intervalMs` after the last one ended; an unreachable server is logged once and retried. */
export function startReservationsFeed(options: Omit<DemoFeedOptions, 'now'> & { intervalMs?: number; now?: () => number }): { stop(): Promise<void> } {
  const interval = options.intervalMs ?? 30_000;
  const log = options.log ?? ((line: string) => console.log(line));
  const now = options.now ?? (() => Date.now());
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<void> = Promise.resolve();
  let lastError = '';
  const pass = async () => {
    try {
      const r = await demoFeedPass({ ...options, log, now: now() });
      lastError = '';
      for (const e of r.events) log(`reservations feed: ${e}`);
      for (const id of r.conflicts) log(`reservations feed: ${id} was changed at the desk meanwhile; left as the desk has it`);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (message !== lastError) log(`reservations feed: ${message} (retrying)`);
      lastError = message;
    }
  };
  const loop = () => {
    if (stopped) return;
    running = pass().finally(() => { if (!stopped) timer = setTimeout(loop, interval); });
  };
  timer = setTimeout(loop, 0);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
