/**
 * A page of the origin that runs the desk's own data layer (the app's
 * database on Dexie/IndexedDB and its commands), for the two-tab race in
 * ../tabs-lock.test.ts. Built by Vite for that test alone; never part of the
 * app bundle. Two pages of the same origin open the same database, as two
 * tabs (or a tab and an installed window) of the desk do.
 */
import { redeemPoints } from '../../../src/data/commands/redeem';
import { createStaff } from '../../../src/data/commands/staff';
import { openFrontDeskDb, type FrontDeskDatabase } from '../../../src/data/database';
import { balance$, ledgerOnce } from '../../../src/data/queries';
import { loadBranch } from '../../../src/data/seed';
import { balance } from '../../../src/domain/ledger';
import { entry, member, NOW, smallBranch } from '../../support/fixtures';

const STAFF_ID = 'desk-tabs';
let db: FrontDeskDatabase | null = null;

function open(): FrontDeskDatabase {
  if (!db) throw new Error('The harness database is not open.');
  return db;
}

/** Opens the shared database; the first page (`seed`) loads a small branch and a clerk. */
export async function start(name: string, seed: boolean): Promise<void> {
  db = await openFrontDeskDb({ name });
  if (seed) {
    await loadBranch(db, { ...smallBranch(), members: [], reservations: [], ledger: [] });
    const made = await createStaff(db, { id: STAFF_ID, branchId: 'gz-test', name: '王前台', role: 'front-desk', pin: '2580' }, null, 1);
    if (!made.ok) throw new Error(`Could not create the clerk: ${JSON.stringify(made.error)}`);
  }
  (document.getElementById('status') as HTMLElement).textContent = 'ready';
}

/** A member with exactly `points` points (one opening line). */
export async function seedMember(id: string, points: number): Promise<void> {
  const d = open();
  await d.members.insert(member({ id, name: '赛跑', cardNo: `77${id.replace(/\D/g, '').padStart(10, '0')}` }));
  await d.ledger.insert(entry({ id: `open-${id}`, memberId: id, points }));
}

const profiles = new Map<string, { unsubscribe(): void }>();

/**
 * The member's profile open on this page, as at the desk: a live query of
 * the member's ledger (the very query a command's balance check once ran,
 * so RxDB's query cache holds its result). Resolves once it shows `points`.
 */
export function openProfile(memberId: string, points: number): Promise<void> {
  return new Promise((done) => {
    profiles.set(memberId, balance$(open(), memberId).subscribe((b) => { if (b === points) done(); }));
  });
}

export function closeProfile(memberId: string): void {
  profiles.get(memberId)?.unsubscribe();
  profiles.delete(memberId);
}

/**
 * Waits until the shared clock reads `at` (both pages are in one browser),
 * then redeems a free night (2,000 points) for the member.
 */
export async function redeemAt(memberId: string, at: number, deviceId: string): Promise<{ ok: boolean; error?: unknown }> {
  const d = open();
  await new Promise((done) => setTimeout(done, Math.max(0, at - Date.now())));
  let n = 0;
  const res = await redeemPoints(d, { memberId, item: 'freeNight', quantity: 1 }, {
    staffId: STAFF_ID, deviceId, now: () => NOW, newId: () => `${deviceId}-${memberId}-${++n}`,
  });
  return res.ok ? { ok: true } : { ok: false, error: res.error };
}

/** The member's balance and redemption lines, read from storage. */
export async function ledgerOf(memberId: string): Promise<{ balance: number; redemptions: number }> {
  const lines = await ledgerOnce(open(), memberId);
  return { balance: balance(lines), redemptions: lines.filter((l) => l.points < 0).length };
}

Object.assign(window, { tabsLock: { start, seedMember, openProfile, closeProfile, redeemAt, ledgerOf } });
