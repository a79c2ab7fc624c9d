import type { BookingError } from '../../domain/booking';
import type { BookingCommandError, GuaranteeCommandError } from '../../data/commands/booking';
import { DEFAULT_RULES } from '../../domain/rules';
import { msg, type Msg } from '../../ui/msg';

/** The bounds a booking's messages name ({{maxName}}, {{minRate}}, {{maxRate}}): the walk-in's, from the rules table. */
const LIMITS = {
  maxName: DEFAULT_RULES.walkIn.guestNameMaxChars,
  minRate: DEFAULT_RULES.walkIn.minRateFen / 100,
  maxRate: DEFAULT_RULES.walkIn.maxRateFen / 100,
};

/** Field errors of a booking form, by field, as messages (translated when shown, so they follow the 中文/EN switch). */
export function fieldErrors(errors: readonly BookingError[] | { forbidden: true }): Record<string, Msg> {
  if (!Array.isArray(errors)) return { '': msg('bookings.forbidden') };
  const out: Record<string, Msg> = {};
  for (const e of errors) out[e.field] ??= msg(`bookings.error.${e.field}.${e.code}`, LIMITS);
  return out;
}

/** A refused change or cancellation: field errors, or one message for the whole form (key ''). */
export function commandErrors(error: BookingCommandError): Record<string, Msg> {
  if (Array.isArray(error)) return fieldErrors(error);
  if ('state' in error) return { '': msg(`bookings.state.${error.state}`) };
  if ('forbidden' in error) return { '': msg('bookings.forbidden') };
  return { '': msg('bookings.notFound') };
}

export function guaranteeError(e: GuaranteeCommandError, hours: number): Msg {
  switch (e.error) {
    case 'state': return msg(`bookings.state.${e.state}`);
    case 'notFound': return msg('bookings.notFound');
    case 'forbidden': return msg('bookings.forbidden');
    case 'already': return msg('bookings.guaranteeError.already', { points: e.points });
    case 'past-latest': return msg('bookings.guaranteeError.past-latest', { latest: e.latest, maxHours: e.maxHours, hours, until: e.holdUntil });
    case 'insufficient': return msg('bookings.guaranteeError.insufficient', { points: e.points, shortBy: e.shortBy });
    default: return msg(`bookings.guaranteeError.${e.error}`);
  }
}
