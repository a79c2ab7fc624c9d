/**
 * A member's whole points history with the balance after each line, so a
 * clerk can explain a balance to the guest line by line.
 *
 * The running balance follows the order the lines were written (createdAt,
 * then id so equal times never swap between tablets), counts each id once
 * (as `balance` does), and therefore ends at exactly the balance shown in
 * the profile header.
 */
import type { LedgerEntry } from './model';
import { uniqueById } from './ledger';

type Line = Pick<LedgerEntry, 'id' | 'points' | 'createdAt'>;

export type HistoryLine<T extends Line> = T & { balanceAfter: number };

export function chronological<T extends Line>(a: T, b: T): number {
  return a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Oldest first, each with the balance after it. */
export function withRunningBalance<T extends Line>(entries: readonly T[]): HistoryLine<T>[] {
  let sum = 0;
  return uniqueById(entries).sort(chronological).map((e) => {
    sum += e.points;
    return { ...e, balanceAfter: sum };
  });
}

/** The newest `count` lines, newest first (the profile shows more on request). */
export function newestFirst<T>(oldestFirst: readonly T[], count: number): T[] {
  return oldestFirst.slice(Math.max(0, oldestFirst.length - count)).reverse();
}
