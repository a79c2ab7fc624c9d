/**
 * Bookings at the desk: make, change, cancel, and the late-arrival
 * guarantee. The rules are in src/domain/booking.ts; here they are read and
 * written inside one exclusive section, and a change that touches the
 * booking and the ledger (a guarantee, a cancellation that releases one)
 * goes through the journal, so both land or neither does.
 */
import {
  cancellationTerms, planBooking, planBookingChange, planCancellation, planGuaranteeAdd, planGuaranteeRelease,
  type BookingChange, type BookingError, type BookingInput, type BookingStateError, type CancellationTerms, type GuaranteeError,
} from '../../domain/booking';
import { localDateOf, localTimeOf } from '../../domain/dates';
import { balance, GUARANTEE_SUFFIX } from '../../domain/ledger';
import type { Reservation, Tier } from '../../domain/model';
import { DEFAULT_RULES, type ClockTime, type Rules } from '../../domain/rules';
import type { FrontDeskDatabase } from '../database';
import { commitAtomically, type JournalWrite } from '../journal';
import { ledgerOnce } from '../queries';
import { requireBranch, toLedgerEntry, type CommandContext, type CommandResult } from './context';
import { defineCommand } from './registry';

export type BookingCommandError = BookingError[] | { state: BookingStateError } | { notFound: true } | { forbidden: true };

async function reservationOnce(db: FrontDeskDatabase, id: string): Promise<Reservation | null> {
  const doc = await db.reservations.findOne(id).exec();
  return doc ? (doc.toJSON() as Reservation) : null;
}

async function tierOf(db: FrontDeskDatabase, memberId: string): Promise<Tier | null> {
  if (memberId === '') return null;
  const m = await db.members.findOne(memberId).exec();
  return m ? m.tier : null;
}

/** Make a booking for today or a later date (phone or walk-up). */
export type MakeBookingInput = Omit<BookingInput, 'id' | 'branchId' | 'businessDate' | 'now'>;

export const makeBooking = defineCommand<MakeBookingInput, { reservation: Reservation }, BookingError[] | { forbidden: true }>({
  name: 'makeBooking',
  permission: 'manageBookings',
  forbidden: { forbidden: true },
  run: async (db: FrontDeskDatabase, input: MakeBookingInput, ctx: CommandContext) => {
    const branch = await requireBranch(db);
    const plan = planBooking({ ...input, id: `D-${ctx.newId()}`, branchId: branch.id, businessDate: branch.businessDate, now: ctx.now() });
    if (!plan.ok) return { ok: false, error: plan.errors };
    await db.reservations.insert(plan.reservation);
    return { ok: true, value: { reservation: plan.reservation } };
  },
});

/** New dates or room type for an expected booking. */
const changeBookingCommand = defineCommand<{ reservationId: string; change: BookingChange }, { reservation: Reservation }, BookingCommandError>({
  name: 'changeBooking',
  permission: 'manageBookings',
  forbidden: { forbidden: true },
  run: async (db, { reservationId, change }, ctx) => {
    const branch = await requireBranch(db);
    const r = await reservationOnce(db, reservationId);
    if (!r) return { ok: false, error: { notFound: true } };
    const plan = planBookingChange(r, change, branch.businessDate, ctx.now());
    if (!plan.ok) return { ok: false, error: 'state' in plan ? { state: plan.state } : plan.errors };
    await db.reservations.upsert(plan.reservation);
    return { ok: true, value: { reservation: plan.reservation } };
  },
});

export function changeBooking(
  db: FrontDeskDatabase,
  reservationId: string,
  change: BookingChange,
  ctx: CommandContext,
): Promise<CommandResult<{ reservation: Reservation }, BookingCommandError>> {
  return changeBookingCommand(db, { reservationId, change }, ctx);
}

async function termsNow(db: FrontDeskDatabase, r: Reservation, now: number, rules: Rules): Promise<CancellationTerms> {
  const branch = await requireBranch(db);
  const tz = branch.timeZone;
  return cancellationTerms(
    r, await tierOf(db, r.memberId),
    { date: localDateOf(now, tz), time: localTimeOf(now, tz) },
    { date: localDateOf(r.bookedAt, tz), time: localTimeOf(r.bookedAt, tz) },
    rules,
  );
}

/** What cancelling now would cost (shown to the clerk before confirming). Writes nothing. */
export async function previewCancellation(
  db: FrontDeskDatabase, reservationId: string, ctx: CommandContext, rules: Rules = DEFAULT_RULES,
): Promise<CancellationTerms | null> {
  const r = await reservationOnce(db, reservationId);
  return r ? termsNow(db, r, ctx.now(), rules) : null;
}

/**
 * Cancel an expected booking. The terms are worked out again at the moment
 * of cancelling (the clock may have passed the free window since the
 * preview); `expectFree` guards against that: a clerk who confirmed a free
 * cancellation does not get a chargeable one.
 */
export const cancelBooking = defineCommand<
  { reservationId: string; expectFree: boolean },
  { reservation: Reservation; terms: Extract<CancellationTerms, { ok: true }> },
  BookingCommandError | { termsChanged: CancellationTerms }
>({
  name: 'cancelBooking',
  permission: 'manageBookings',
  forbidden: { forbidden: true },
  run: async (db, input, ctx, rules) => {
    const branch = await requireBranch(db);
    const r = await reservationOnce(db, input.reservationId);
    if (!r) return { ok: false, error: { notFound: true } };
    const now = ctx.now();
    const terms = await termsNow(db, r, now, rules);
    if (terms.ok && input.expectFree && !terms.free) return { ok: false, error: { termsChanged: terms } };
    const plan = planCancellation(r, terms, now);
    if (!plan.ok) return { ok: false, error: { state: plan.state } };
    const writes: JournalWrite[] = [{ collection: 'reservations', mode: 'upsert', docs: [plan.reservation] }];
    if (plan.lines.length > 0) {
      writes.push({ collection: 'ledger', mode: 'insert', docs: plan.lines.map((line) => toLedgerEntry(line, {
        memberId: r.memberId, branchId: branch.id, reservationId: r.id, businessDate: branch.businessDate, now, ctx,
      })) });
    }
    await commitAtomically(db, 'cancel-booking', writes, ctx.newId(), now);
    return { ok: true, value: { reservation: plan.reservation, terms: plan.terms } };
  },
});

export type GuaranteeCommandError = GuaranteeError | { error: 'notFound' } | { error: 'forbidden' };

async function commitGuarantee(
  db: FrontDeskDatabase, label: string, r: Reservation, plan: Extract<ReturnType<typeof planGuaranteeRelease>, { ok: true }>, ctx: CommandContext, now: number,
): Promise<void> {
  const branch = await requireBranch(db);
  await commitAtomically(db, label, [
    { collection: 'reservations', mode: 'upsert', docs: [plan.reservation] },
    { collection: 'ledger', mode: 'insert', docs: [toLedgerEntry(plan.line, {
      memberId: r.memberId, branchId: branch.id, reservationId: r.id, businessDate: branch.businessDate, now, ctx,
    })] },
  ], ctx.newId(), now);
}

/** A member on the phone guarantees a late arrival: `hours` × 500 points are held. */
export const addGuarantee = defineCommand<
  { reservationId: string; hours: number },
  { reservation: Reservation; held: number; holdUntil: ClockTime; balanceAfter: number },
  GuaranteeCommandError
>({
  name: 'addGuarantee',
  permission: 'manageBookings',
  forbidden: { error: 'forbidden' },
  run: async (db, input, ctx, rules) => {
    const branch = await requireBranch(db);
    const r = await reservationOnce(db, input.reservationId);
    if (!r) return { ok: false, error: { error: 'notFound' } };
    const member = r.memberId ? await db.members.findOne(r.memberId).exec() : null;
    const lines = member ? await ledgerOnce(db, member.id) : [];
    const spendable = balance(lines);
    const now = ctx.now();
    const plan = planGuaranteeAdd({
      reservation: member ? r : { ...r, memberId: '' }, tier: member?.tier ?? 'registered', spendable, hours: input.hours,
      businessDate: branch.businessDate, releasedBefore: lines.some((l) => l.id === `${r.id}${GUARANTEE_SUFFIX.release}`), now,
    }, rules);
    if (!plan.ok) return { ok: false, error: plan.error };
    await commitGuarantee(db, 'guarantee-add', r, plan, ctx, now);
    return { ok: true, value: { reservation: plan.reservation, held: plan.reservation.guaranteePoints, holdUntil: plan.holdUntil, balanceAfter: spendable + plan.line.points } };
  },
});

/** Give the held points back (the member no longer needs the late hold). */
export const releaseGuarantee = defineCommand<{ reservationId: string }, { reservation: Reservation; released: number }, GuaranteeCommandError>({
  name: 'releaseGuarantee',
  permission: 'manageBookings',
  forbidden: { error: 'forbidden' },
  run: async (db, input, ctx) => {
    const r = await reservationOnce(db, input.reservationId);
    if (!r) return { ok: false, error: { error: 'notFound' } };
    const now = ctx.now();
    const plan = planGuaranteeRelease(r, now);
    if (!plan.ok) return { ok: false, error: plan.error };
    await commitGuarantee(db, 'guarantee-release', r, plan, ctx, now);
    return { ok: true, value: { reservation: plan.reservation, released: r.guaranteePoints } };
  },
});
