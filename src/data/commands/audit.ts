import { localDateOf, localTimeOf } from '../../domain/dates';
import type { DoorEvent } from '../../domain/door';
import type { IsoDate, LedgerEntry, Member, Reservation } from '../../domain/model';
import { auditAvailability } from '../../domain/business-day';
import { auditNoShows, auditReport, markNoShows, nextBusinessDate, noShowLedgerEntries, type AuditReport, type NoShowItem } from '../../domain/night-audit';
import { DEFAULT_RULES, type Rules } from '../../domain/rules';
import type { FrontDeskDatabase } from '../database';
import { commitAtomically } from '../journal';
import { requireBranch, type CommandContext, type CommandResult } from './context';
import { defineCommand } from './registry';

const plain = <T>(docs: { toJSON(): unknown }[]): T[] => docs.map((d) => d.toJSON() as T);

async function arrivalsWithMembers(db: FrontDeskDatabase, businessDate: IsoDate) {
  const reservations = plain<Reservation>(await db.reservations.find({ selector: { arrivalDate: businessDate } }).exec());
  const ids = [...new Set(reservations.map((r) => r.memberId).filter(Boolean))];
  const found = await db.members.findByIds(ids).exec();
  const members = new Map<string, Member>([...found].map(([id, d]) => [id, d.toJSON() as Member]));
  return { reservations, members };
}

/** What the audit of the open business date would do, without doing it. */
export async function previewNightAudit(db: FrontDeskDatabase, rules: Rules = DEFAULT_RULES): Promise<{ businessDate: IsoDate; items: NoShowItem[] }> {
  const branch = await requireBranch(db);
  const { reservations, members } = await arrivalsWithMembers(db, branch.businessDate);
  return { businessDate: branch.businessDate, items: auditNoShows({ reservations, members, businessDate: branch.businessDate, timeZone: branch.timeZone }, rules) };
}

export type AuditError = 'forbidden' | 'tooEarly';

/**
 * Close the business day: mark the no-shows, post their penalties (or the
 * forfeit of a guarantee), record the closed day and roll the business date,
 * all together. Penalty ids are deterministic, so two tablets auditing the
 * same day never penalise twice.
 */
const runNightAuditCommand = defineCommand<null, { businessDate: IsoDate; nextDate: IsoDate; items: NoShowItem[] }, AuditError>({
  name: 'runNightAudit',
  permission: 'runAudit',
  forbidden: 'forbidden',
  run: async (db: FrontDeskDatabase, _input: null, ctx: CommandContext, rules: Rules) => {
    const branch = await requireBranch(db);
    const now = ctx.now();
    const localNow = { date: localDateOf(now, branch.timeZone), time: localTimeOf(now, branch.timeZone) };
    if (!auditAvailability(localNow, branch.businessDate, rules.door).ok) return { ok: false, error: 'tooEarly' };
    const { reservations, members } = await arrivalsWithMembers(db, branch.businessDate);
    const items = auditNoShows({ reservations, members, businessDate: branch.businessDate, timeZone: branch.timeZone }, rules);
    const penalties = noShowLedgerEntries(items, { businessDate: branch.businessDate, createdAt: now, deviceId: ctx.deviceId, staffId: ctx.staffId });
    const nextDate = nextBusinessDate(branch.businessDate);
    await commitAtomically(db, 'night-audit', [
      { collection: 'reservations', mode: 'upsert', docs: markNoShows(items, now) },
      { collection: 'ledger', mode: 'insert', docs: penalties },
      { collection: 'audits', mode: 'upsert', docs: [{
        id: `${branch.id}:${branch.businessDate}`, branchId: branch.id, businessDate: branch.businessDate, closedAt: now,
        staffId: ctx.staffId, deviceId: ctx.deviceId, noShows: items.filter((i) => i.outcome.kind !== 'exempt').length,
        penalties: -penalties.reduce((s, l) => s + l.points, 0),
      }] },
      { collection: 'branches', mode: 'upsert', docs: [{ ...branch, businessDate: nextDate, updatedAt: now }] },
    ], ctx.newId(), now);
    return { ok: true, value: { businessDate: branch.businessDate, nextDate, items } };
  },
});

export function runNightAudit(
  db: FrontDeskDatabase,
  ctx: CommandContext,
  rules: Rules = DEFAULT_RULES,
): Promise<CommandResult<{ businessDate: IsoDate; nextDate: IsoDate; items: NoShowItem[] }, AuditError>> {
  return runNightAuditCommand(db, null, ctx, rules);
}

/** The night audit report of a business date, from what the database holds now. */
export async function nightAuditReport(db: FrontDeskDatabase, businessDate: IsoDate, exceptionsPending = 0, rules: Rules = DEFAULT_RULES): Promise<AuditReport> {
  const branch = await requireBranch(db);
  const { reservations, members } = await arrivalsWithMembers(db, businessDate);
  const noShows = auditNoShows({ reservations, members, businessDate, timeZone: branch.timeZone }, rules);
  // This branch's lines only: the points exchange also brings members' lines from other branches.
  const ledger = plain<LedgerEntry>(await db.ledger.find({ selector: { businessDate, branchId: branch.id } }).exec());
  const doorEvents = plain<DoorEvent>(await db.doorEvents.find({ selector: { businessDate } }).exec());
  return auditReport({ businessDate, reservations, noShows, ledger, doorEvents, exceptionsPending, cutoff: rules.door.cutoff, morningEnd: rules.door.morningEnd, timeZone: branch.timeZone });
}
