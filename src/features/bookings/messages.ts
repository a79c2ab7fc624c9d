import type { TFunction } from 'i18next';
import type { BookingError } from '../../domain/booking';
import type { BookingCommandError, GuaranteeCommandError } from '../../data/commands/booking';

/** Field errors of a booking form, by field, in the clerk's language. */
export function fieldErrors(t: TFunction, errors: readonly BookingError[] | { forbidden: true }): Record<string, string> {
  if (!Array.isArray(errors)) return { '': t('bookings.forbidden') };
  const out: Record<string, string> = {};
  for (const e of errors) out[e.field] ??= t(`bookings.error.${e.field}.${e.code}`);
  return out;
}

/** A refused change or cancellation: field errors, or one message for the whole form (key ''). */
export function commandErrors(t: TFunction, error: BookingCommandError): Record<string, string> {
  if (Array.isArray(error)) return fieldErrors(t, error);
  if ('state' in error) return { '': t(`bookings.state.${error.state}`) };
  if ('forbidden' in error) return { '': t('bookings.forbidden') };
  return { '': t('bookings.notFound') };
}

export function guaranteeError(t: TFunction, e: GuaranteeCommandError, hours: number): string {
  switch (e.error) {
    case 'state': return t(`bookings.state.${e.state}`);
    case 'notFound': return t('bookings.notFound');
    case 'forbidden': return t('bookings.forbidden');
    case 'already': return t('bookings.guaranteeError.already', { points: e.points });
    case 'past-latest': return t('bookings.guaranteeError.past-latest', { latest: e.latest, maxHours: e.maxHours, hours, until: e.holdUntil });
    case 'insufficient': return t('bookings.guaranteeError.insufficient', { points: e.points, shortBy: e.shortBy });
    default: return t(`bookings.guaranteeError.${e.error}`);
  }
}
