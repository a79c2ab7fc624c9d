/**
 * What every command needs from outside the database: who is acting, on
 * which device, the clock and an id source. The app passes the real ones;
 * tests pass fixed ones. Commands run one at a time per database (a check
 * such as "enough points?" and the write that follows it are never
 * interleaved with another command's).
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

/** `{ authorisedBy }` for a record written on a manager's PIN entered in place, else nothing (spread into the record). */
export function authoriser(ctx: CommandContext): { authorisedBy?: string } {
  return ctx.authorisedBy ? { authorisedBy: ctx.authorisedBy } : {};
}

export type CommandResult<T, E> = { ok: true; value: T } | { ok: false; error: E };

const queues = new WeakMap<FrontDeskDatabase, Promise<unknown>>();

export function exclusive<T>(db: FrontDeskDatabase, work: () => Promise<T>): Promise<T> {
  const previous = queues.get(db) ?? Promise.resolve();
  const next = previous.then(work, work);
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
