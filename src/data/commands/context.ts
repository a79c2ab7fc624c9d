/**
 * What every command needs from outside the database: who is acting, on
 * which device, the clock and an id source. The app passes the real ones;
 * tests pass fixed ones. Commands run one at a time per database, across
 * the tabs and windows of the origin (a check such as "enough points?" and
 * the write that follows it are never interleaved with another command's:
 * see `exclusive`).
 */
import type { LedgerEntry } from '../../domain/model';
import type { SyncStanding } from '../../domain/offline-redemption';
import { ledgerEntryOf } from '../../domain/ledger';
import type { EarnLine } from '../../domain/points';
import type { FrontDeskDatabase } from '../database';
import { branchOnce } from '../queries';

export interface CommandContext {
  staffId: string;
  deviceId: string;
  now(): number;
  newId(): string;
  /** Where this tablet stands with the server (absent: stand-alone). */
  syncStanding?(): SyncStanding;
  /**
   * A staff member who authorised this one action for the acting one (e.g.
   * a manager's PIN entered in place): the permission check accepts the
   * action when either may do it (see ./registry.ts).
   */
  authorisedBy?: string;
}

export type CommandResult<T, E> = { ok: true; value: T } | { ok: false; error: E };

const queues = new WeakMap<FrontDeskDatabase, Promise<unknown>>();

/** The Web Locks name for one database's check-then-write sections (shared by every tab and window of the origin). */
export function commandLockName(db: FrontDeskDatabase): string {
  return `frontdesk:commands:${db.name}`;
}

/** The Web Locks API where the platform has one (browsers); Node and jsdom have none. */
function webLocks(): LockManager | undefined {
  return typeof navigator === 'undefined' ? undefined : (navigator as Partial<Navigator>).locks;
}

/**
 * Runs `work` as the only command on this database: first in this page's
 * own queue (commands keep their order), then, where the browser has Web
 * Locks, under an exclusive lock named after the database, which every tab
 * and installed window of the origin shares (IndexedDB is shared the same
 * way). Without the lock two tabs could both pass "enough points?" on the
 * same balance and both spend it. The lock is released when `work` settles,
 * and by the browser if the tab closes or crashes, so a dead tab never
 * holds the desk. Reads inside `work` that a check depends on go to storage
 * directly (../storage-read.ts): another tab's last write is committed
 * before its lock is released, but its change event may not have reached
 * this tab's caches yet.
 */
export function exclusive<T>(db: FrontDeskDatabase, work: () => Promise<T>): Promise<T> {
  const locked = (): Promise<T> => {
    const locks = webLocks();
    return locks ? (locks.request(commandLockName(db), { mode: 'exclusive' }, () => work()) as Promise<T>) : work();
  };
  const previous = queues.get(db) ?? Promise.resolve();
  const next = previous.then(locked, locked);
  queues.set(db, next.catch(() => undefined));
  return next;
}

export async function requireBranch(db: FrontDeskDatabase) {
  const branch = await branchOnce(db);
  if (!branch) throw new Error('No branch is set up on this device.');
  return branch;
}

/** A domain line plus the provenance every ledger document carries. */
export function toLedgerEntry(
  line: EarnLine,
  at: { memberId: string; branchId: string; reservationId: string; businessDate: string; now: number; ctx: CommandContext },
): LedgerEntry {
  return ledgerEntryOf(line, {
    memberId: at.memberId, branchId: at.branchId, reservationId: at.reservationId, businessDate: at.businessDate,
    createdAt: at.now, deviceId: at.ctx.deviceId, staffId: at.ctx.staffId,
  });
}
