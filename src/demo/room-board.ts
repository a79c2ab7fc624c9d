/**
 * The room board for the business date: which rooms are out of order, which
 * were slept in by history stays (so a current guest is never put in a room
 * someone else had that night), which were vacated this morning, and which
 * are occupied now. Produces the Room documents at the end.
 */
import type { Preferences, Reservation, Room, RoomType } from '../domain/model';
import { dayOf, localMs, MINUTE_MS } from './calendar';
import type { DemoContext, RoomSpec } from './context';
import type { MemberRecord } from './members';
import type { Rng } from './prng';

export class RoomBoard {
  private readonly busy = new Map<string, Set<number>>();
  private readonly vacatedAt = new Map<string, number>();
  private readonly outOfOrder = new Set<string>();
  private readonly occupied = new Map<string, Reservation>();

  constructor(private readonly ctx: DemoContext, records: readonly MemberRecord[], rng: Rng) {
    const recentFrom = ctx.today - 5;
    for (const rec of records) {
      for (const r of rec.reservations) {
        const arrival = dayOf(r.arrivalDate);
        const departure = arrival + r.nights + r.extensionNights;
        if (departure < recentFrom) continue;
        let nights = this.busy.get(r.roomNo);
        if (!nights) this.busy.set(r.roomNo, (nights = new Set()));
        for (let d = arrival; d < departure; d++) nights.add(d);
        if (departure === ctx.today) {
          this.vacatedAt.set(r.roomNo, Math.max(this.vacatedAt.get(r.roomNo) ?? 0, r.checkedOutAt));
        }
      }
    }
    const candidates = ctx.rooms.filter((room) => !this.vacatedAt.has(room.roomNo));
    const count = rng.int(1, 2);
    for (const room of rng.shuffle(candidates).slice(0, count)) this.outOfOrder.add(room.roomNo);
  }

  private isFree(roomNo: string, days: readonly number[]): boolean {
    if (this.outOfOrder.has(roomNo) || this.occupied.has(roomNo)) return false;
    const nights = this.busy.get(roomNo);
    if (nights && days.some((d) => nights.has(d))) return false;
    return true;
  }

  /**
   * A free room for the given past nights (empty for a guest arriving today),
   * of the wanted type if possible, best matching the guest's preferences.
   * Rooms vacated this morning are not handed out until cleaned.
   */
  choose(rng: Rng, type: RoomType, days: readonly number[], prefs: Preferences | undefined, anyType: boolean): RoomSpec | undefined {
    const free = this.ctx.rooms.filter((r) => this.isFree(r.roomNo, days) && !this.vacatedAt.has(r.roomNo));
    let pool = free.filter((r) => r.type === type);
    if (pool.length === 0 && anyType) pool = free;
    if (pool.length === 0) return undefined;
    const score = (r: RoomSpec): number => {
      let s = 0;
      if (r.smoking === (prefs?.smoking ?? false)) s += 4;
      if (prefs?.quiet && r.quiet) s += 2;
      if (prefs?.floor === 'high' && r.floor >= 6) s += 1;
      if (prefs?.floor === 'low' && r.floor <= 4) s += 1;
      return s;
    };
    const best = Math.max(...pool.map(score));
    return rng.pick(pool.filter((r) => score(r) === best));
  }

  occupy(roomNo: string, reservation: Reservation): void {
    if (!this.isFree(roomNo, [])) throw new Error(`Room ${roomNo} is not free.`);
    this.occupied.set(roomNo, reservation);
  }

  hasFreeRoom(): boolean {
    return this.ctx.rooms.some((r) => this.isFree(r.roomNo, []) && !this.vacatedAt.has(r.roomNo));
  }

  /** Room documents; a few extra rooms still await housekeeping. */
  rooms(rng: Rng): Room[] {
    const { ctx } = this;
    const cap = (t: number): number => Math.min(t, ctx.now);
    const extraDirty = new Set(
      rng.shuffle(ctx.rooms.filter((r) => this.isFree(r.roomNo, []) && !this.vacatedAt.has(r.roomNo)))
        .slice(0, rng.int(3, 6)).map((r) => r.roomNo),
    );
    return ctx.rooms.map((spec): Room => {
      const base = {
        id: `${ctx.branchId}:${spec.roomNo}`, branchId: ctx.branchId, roomNo: spec.roomNo, floor: spec.floor,
        type: spec.type, smoking: spec.smoking, quiet: spec.quiet,
      };
      const res = this.occupied.get(spec.roomNo);
      if (res) return { ...base, status: 'occupied', reservationId: res.id, updatedAt: res.checkedInAt };
      if (this.outOfOrder.has(spec.roomNo)) {
        return { ...base, status: 'out-of-order', reservationId: '', updatedAt: localMs(ctx.today - 2, 10 * 60) };
      }
      const vacated = this.vacatedAt.get(spec.roomNo);
      if (vacated !== undefined) return { ...base, status: 'vacant-dirty', reservationId: '', updatedAt: vacated };
      if (extraDirty.has(spec.roomNo)) {
        const at = cap(localMs(ctx.today, 8 * 60) + rng.int(0, 180) * MINUTE_MS);
        return { ...base, status: 'vacant-dirty', reservationId: '', updatedAt: at };
      }
      return { ...base, status: 'vacant-clean', reservationId: '', updatedAt: cap(localMs(ctx.today, 6 * 60)) };
    });
  }
}
