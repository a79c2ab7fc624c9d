/**
 * Shared helpers for today's reservations: picking members who can plausibly
 * be at the desk, and making up non-member guests.
 */
import type { Channel, Member, Reservation, RoomType } from '../domain/model';
import { dayFromParts, yearOf } from './calendar';
import { channelRateFen, isMemberRateChannel, MEMBER_RATE_FEN } from './context';
import type { DemoContext } from './context';
import { makeIdNumber, makeMobile } from './identity';
import type { MemberRecord } from './members';
import { randomName } from './names';
import type { Rng } from './prng';

export const STREAM_TODAY = 2;
export const STREAM_FEEDBACK = 3;

export interface Guest {
  name: string;
  phone: string;
  idNumber: string;
}

/** A made-up adult who is not a member. */
export function randomGuest(rng: Rng, ctx: DemoContext): Guest {
  const gender = rng.chance(0.55) ? 'M' : 'F';
  const { name } = randomName(rng, gender);
  const maxYear = Math.min(2004, yearOf(ctx.today) - 18);
  const birthDay = rng.int(dayFromParts(1962, 1, 1), dayFromParts(maxYear, 12, 31));
  return { name, phone: makeMobile(rng), idNumber: makeIdNumber(rng, gender, birthDay) };
}

export function guestOf(member: Member): Guest {
  return { name: member.name, phone: member.phone, idNumber: member.idNumber };
}

/** Picks distinct members, in a seeded order, that satisfy a filter. */
export class MemberPicker {
  private readonly order: number[];
  private readonly used = new Set<number>();

  constructor(private readonly records: readonly MemberRecord[], rng: Rng) {
    this.order = rng.shuffle(records.map((_, i) => i));
  }

  pick(accept: (rec: MemberRecord) => boolean): MemberRecord | undefined {
    for (const i of this.order) {
      if (this.used.has(i)) continue;
      const rec = this.records[i];
      if (rec === undefined || !accept(rec)) continue;
      this.used.add(i);
      return rec;
    }
    return undefined;
  }
}

export function rateFor(type: RoomType, channel: Channel): number {
  return isMemberRateChannel(channel) ? MEMBER_RATE_FEN[type] : channelRateFen(type, channel);
}

export const DESK_NOTES: readonly string[] = [
  '需要无烟房', '尽量安排高楼层', '客人会晚到，请保留房间', '退房时需要开发票', '要求安静房间，远离电梯',
  '需要荞麦枕', '带小孩入住，需要加床', '客人对空调噪音敏感',
];

export type ReservationDraft = Omit<Reservation, 'status' | 'roomNo' | 'checkedInAt' | 'checkInStaffId' | 'checkInDeviceId' | 'checkedOutAt' | 'cancelledAt' | 'updatedAt'>;
