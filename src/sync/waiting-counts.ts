/**
 * The sync status's "changes waiting" count per collection (replicate.ts
 * refreshes it every second), read again only when it can have changed: the
 * collection was written (an RxDB change event), its mark moved, or the
 * count is older than `maxAgeMs`. An idle tablet otherwise ran a storage
 * query per replicated collection every second (RxDB's query planner and a
 * compiled query each time), to find the same number again: in the chain
 * simulation (issue #14) that was 15 % of an idle tablet's CPU.
 *
 * `maxAgeMs` bounds what a missed change event could cost (a count at most
 * that old), e.g. one from another tab that RxDB's cross-tab channel lost.
 */
export class WaitingCounts<Name extends string> {
  private readonly writes = new Map<Name, number>();
  private readonly counted = new Map<Name, { since: number; writes: number; at: number; count: number }>();

  constructor(
    /** Reads the count of `name`'s documents written locally after `since`. */
    private readonly read: (name: Name, since: number) => Promise<number>,
    private readonly now: () => number,
    private readonly maxAgeMs = 10_000,
  ) {}

  /** A document of `name` was written (here, by the pull, or in another tab). */
  written(name: Name): void {
    this.writes.set(name, (this.writes.get(name) ?? 0) + 1);
  }

  /** Documents of `name` written locally after `since`: the last count if nothing can have changed it. */
  async count(name: Name, since: number): Promise<number> {
    const writes = this.writes.get(name) ?? 0;
    const at = this.now();
    const last = this.counted.get(name);
    if (last && last.since === since && last.writes === writes && at - last.at < this.maxAgeMs) return last.count;
    const count = await this.read(name, since);
    // A write during the read may or may not be in it: kept only if none came, so the next call reads again.
    if ((this.writes.get(name) ?? 0) === writes) this.counted.set(name, { since, writes, at, count });
    else this.counted.delete(name);
    return count;
  }
}
