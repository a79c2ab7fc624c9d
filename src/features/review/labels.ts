import { useTranslation } from 'react-i18next';
import { localDateOf, localTimeOf } from '../../domain/dates';
import type { LedgerEntry } from '../../domain/model';
import { staffNames$ } from '../../data/queries-review';
import { liveValue, useLive } from '../../data/react';
import { useDeviceName } from '../../ui/device-names';
import { useBranchLabel } from '../../ui/branch-label';

/**
 * Document fields a conflict can show, with words in the text tables
 * (`review.field.*`); any other field is shown by its name.
 */
export const REVIEW_FIELDS = [
  // members
  'name', 'nameInitials', 'phone', 'phoneLast4', 'idNumber', 'cardNo', 'cardLost', 'gender', 'birthday', 'tier', 'joinedAt',
  'joinFeeFen', 'corporate', 'tags', 'lastStayDate', 'stays12m', 'nights12m', 'homeBranchId',
  'prefs.roomType', 'prefs.floor', 'prefs.pillow', 'prefs.smoking', 'prefs.diet', 'prefs.quiet',
  // reservations
  'guestName', 'guestPhone', 'guestIdNumber', 'channel', 'arrivalDate', 'nights', 'extensionNights', 'roomType', 'rateFen',
  'expectedArrival', 'guaranteePoints', 'status', 'roomNo', 'checkedInAt', 'checkedOutAt', 'cancelledAt', 'note', 'memberId',
  // rooms, feedback, the rest
  'floor', 'type', 'smoking', 'quiet', 'reservationId', 'text', 'adopted', 'adoptedAt', 'points', 'updatedAt', 'createdAt',
  'deviceId', 'staffId', 'branchId', '_deleted',
] as const;

/** Words for the review screen's recurring bits: times, collections, ledger lines. */
export function useReviewLabels(timeZone: string) {
  const { t, i18n } = useTranslation();
  const deviceName = useDeviceName();
  const branchLabel = useBranchLabel();
  const staff = liveValue(useLive(staffNames$, 'staff-names'), {});
  return {
    /** A tablet by the name the branch gave it (前台1), else its id. */
    device: deviceName,
    /** A staff member's name ('' for none). */
    staff: (staffId: string): string => (staffId ? staff[staffId] || staffId : ''),
    /** Which tablet, and who was signed in on it: "前台1 · 王小燕". */
    who: (deviceId: string, staffId: string): string => {
      const name = staffId ? staff[staffId] || staffId : '';
      return name ? `${deviceName(deviceId)} · ${name}` : deviceName(deviceId);
    },
    /** An instant as the branch's local date and time ('—' when unknown). */
    when: (ms: number): string => (ms > 0 ? t('review.when', { date: localDateOf(ms, timeZone), time: localTimeOf(ms, timeZone) }) : '—'),
    /** A collection's name; an unknown one (from a newer tablet) as it is. */
    collection: (name: string): string => (i18n.exists(`review.collection.${name}`) ? t(`review.collection.${name}`) : name),
    /** A document field's name in words (`prefs.pillow` → 枕头); an unknown one as it is. */
    field: (name: string): string => (i18n.exists(`review.field.${name}`) ? t(`review.field.${name}`) : name),
    /** A value as the conflict table shows it: instants (…At fields) as local date and time. */
    value: (field: string, text: string): string => {
      if (/At$/.test(field) && /^\d{12,14}$/.test(text)) return `${localDateOf(Number(text), timeZone)} ${localTimeOf(Number(text), timeZone)}`;
      // A preference as the member profile words it (`pref.pillow.soft` → 软枕).
      const pref = /^prefs\.(\w+)$/.exec(field)?.[1];
      if (pref === 'floor' && i18n.exists(`pref.floor.${text}`)) return t(`pref.floor.${text}`);
      if (pref === 'pillow' && i18n.exists(`pref.pillow.${text}`)) return t(`pref.pillow.${text}`);
      if (pref === 'diet' && i18n.exists(`pref.diet.${text}`)) return t(`pref.diet.${text}`);
      return text;
    },
    /** Where a ledger line was written: the tablet, and the branch when it is another one (brought by the points exchange). */
    source: (l: Pick<LedgerEntry, 'branchId' | 'deviceId'>, branchId: string): string =>
      (l.branchId && branchId && l.branchId !== branchId ? t('review.otherBranch', { branch: branchLabel(l.branchId), device: l.deviceId }) : deviceName(l.deviceId)),
    /** What a ledger line means, in the words read to the guest. */
    line: (l: Pick<LedgerEntry, 'rule' | 'points' | 'params'>): string =>
      i18n.exists(`ledger.rule.${l.rule}`) ? t(`ledger.rule.${l.rule}`, { ...l.params, points: l.points }) : l.rule,
  };
}
