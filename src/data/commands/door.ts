import { chainDoorEvent, nextLink, type ChainHead } from '../../domain/door-chain';
import { decideDoorAccess, type DoorEvent } from '../../domain/door';
import { localTimeOf } from '../../domain/dates';
import type { Member, Reservation } from '../../domain/model';
import type { FrontDeskDatabase } from '../database';
import { sha256 } from '../crypto';
import { findInStorage, findOneInStorage } from '../storage-read';
import { requireBranch, type CommandContext } from './context';
import { defineCommand } from './registry';

const HEAD_ID = 'door-head';

/** The newest event of this device still stored, read from storage (another tab may have just written one). */
async function lastStoredEvent(db: FrontDeskDatabase, deviceId: string): Promise<DoorEvent | null> {
  const [doc] = await findInStorage(db.doorEvents, { selector: { deviceId }, sort: [{ deviceId: 'desc' }, { seq: 'desc' }], limit: 1 });
  return doc ? (doc as DoorEvent) : null;
}

/**
 * One swipe at the street door: decide, then record the decision as the
 * next link of this device's hash chain. Every swipe is recorded, granted
 * or denied, unknown cards included. The device's head record (its newest
 * event's seq and hash, kept in deviceState) numbers the chain on, so
 * events deleted from the end stay missing sequence numbers for ever.
 */
export const recordDoorSwipe = defineCommand<string, DoorEvent, 'forbidden'>({
  name: 'recordDoorSwipe',
  permission: 'doorMode',
  forbidden: 'forbidden',
  run: async (db: FrontDeskDatabase, cardNo: string, ctx: CommandContext) => {
    const branch = await requireBranch(db);
    const now = ctx.now();
    const memberDoc = await db.members.findOne({ selector: { cardNo } }).exec();
    const member = memberDoc ? (memberDoc.toJSON() as Member) : null;
    const reservations = member
      ? (await db.reservations.find({ selector: { memberId: member.id, branchId: branch.id } }).exec()).map((d) => d.toJSON() as Reservation)
      : [];
    const decision = decideDoorAccess({ member, reservations, branchId: branch.id, businessDate: branch.businessDate, nowLocalTime: localTimeOf(now, branch.timeZone) });
    // After the device's own head record when it is ahead of the store: a deleted tail stays a gap (see nextLink).
    const prev = nextLink(await lastStoredEvent(db, ctx.deviceId), await doorHead(db), ctx.deviceId);
    const event = await chainDoorEvent(prev, {
      id: `${ctx.deviceId}:${ctx.newId()}`, branchId: branch.id, deviceId: ctx.deviceId, at: now,
      businessDate: branch.businessDate, cardNo, memberId: member?.id ?? '', memberName: member?.name ?? '',
      roomNo: decision.roomNo, decision: decision.decision, reason: decision.reason, staffId: ctx.staffId,
    }, sha256);
    await db.doorEvents.insert(event);
    await db.deviceState.upsert({ id: HEAD_ID, failures: 0, lockedUntil: 0, headSeq: event.seq, headHash: event.hash });
    return { ok: true, value: event };
  },
});

/** This device's own record of its newest door event (to detect a deleted tail). */
export async function doorHead(db: FrontDeskDatabase): Promise<ChainHead | null> {
  const doc = await findOneInStorage(db.deviceState, HEAD_ID);
  return doc && doc.headSeq >= 0 ? { seq: doc.headSeq, hash: doc.headHash } : null;
}
