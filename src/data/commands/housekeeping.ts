/**
 * Housekeeping's report at the desk: a clerk marks rooms clean (one or
 * several at once), dirty, or out of order with a reason, and back. Only the
 * housekeeping fact of each room changes (src/domain/room-status.ts), so a
 * check-in or check-out made on another tablet meanwhile survives the sync.
 * Every room is checked before anything is written: one refused room
 * refuses the whole report, with the room named.
 */
import { applyReport, checkReport, MAX_REASON_CHARS, type HousekeepingError, type HousekeepingReport } from '../../domain/room-status';
import type { Room } from '../../domain/model';
import { compareRoomNo } from '../../domain/rooms';
import type { FrontDeskDatabase } from '../database';
import { commitAtomically } from '../journal';
import type { CommandContext } from './context';
import { defineCommand } from './registry';

export const MAX_ROOMS_PER_REPORT = 500;

export interface HousekeepingInput {
  roomIds: readonly string[];
  report: HousekeepingReport;
}

export type HousekeepingCommandError =
  | { code: 'forbidden' }
  | { code: 'noRooms' | 'tooManyRooms' }
  | { code: 'reasonRequired' | 'reasonTooLong' }
  | { code: 'notFound'; roomNo: string }
  | { code: Exclude<HousekeepingError, 'reasonRequired' | 'reasonTooLong' | 'unchanged'>; roomNo: string };

/** The rooms changed (a room already in the reported state is left as it is). */
export interface HousekeepingResult {
  changed: Room[];
  unchanged: number;
}

function validate(input: HousekeepingInput): HousekeepingCommandError | null {
  if (input.roomIds.length === 0) return { code: 'noRooms' };
  if (input.roomIds.length > MAX_ROOMS_PER_REPORT) return { code: 'tooManyRooms' };
  if (input.report.kind === 'out-of-order') {
    const reason = input.report.reason.trim();
    if (reason === '') return { code: 'reasonRequired' };
    if ([...reason].length > MAX_REASON_CHARS) return { code: 'reasonTooLong' };
  }
  return null;
}

export const reportHousekeeping = defineCommand<HousekeepingInput, HousekeepingResult, HousekeepingCommandError>({
  name: 'reportHousekeeping',
  permission: 'reportHousekeeping',
  forbidden: { code: 'forbidden' },
  validate,
  run: async (db: FrontDeskDatabase, input: HousekeepingInput, ctx: CommandContext) => {
    const now = ctx.now();
    const found = await db.rooms.findByIds([...new Set(input.roomIds)]).exec();
    const changed: Room[] = [];
    let unchanged = 0;
    for (const id of [...new Set(input.roomIds)]) {
      const doc = found.get(id);
      if (!doc) return { ok: false, error: { code: 'notFound', roomNo: id.split(':').pop() ?? id } };
      const room = doc.toJSON() as Room;
      const error = checkReport(room, input.report);
      if (error === 'unchanged') { unchanged += 1; continue; }
      if (error === 'reasonRequired' || error === 'reasonTooLong') return { ok: false, error: { code: error } };
      if (error !== null) return { ok: false, error: { code: error, roomNo: room.roomNo } };
      changed.push(applyReport(room, input.report, ctx.staffId, now));
    }
    // Several rooms land together or not at all, like any change that spans documents.
    if (changed.length > 0) await commitAtomically(db, 'housekeeping', [{ collection: 'rooms', mode: 'upsert', docs: changed }], ctx.newId(), now);
    // A copy: the written documents are frozen by RxDB's dev mode.
    return { ok: true, value: { changed: [...changed].sort((a, b) => compareRoomNo(a.roomNo, b.roomNo)), unchanged } };
  },
});
