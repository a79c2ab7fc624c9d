import type { Translation } from './zh';

/** The business day banner and its one tally (English). Typed against the Chinese table. */
export const dayEn: Translation['day'] = {
  label: 'Business day',
  banner: 'Business day {{date}}',
  phase: {
    day: 'Open · door mode and night audit from {{cutoff}}',
    audit: 'Night audit window ({{cutoff}}–{{morning}}) · door mode · the audit may run',
    overdue: 'Business day {{date}} is not audited yet and it is past {{morning}}: run the night audit now',
  },
  tally: {
    label: 'Arrivals {{date}}:',
    total: 'Total',
    expected: 'Expected',
    arrived: 'Arrived',
    noShow: 'No-show',
    cancelled: 'Cancelled',
  },
  tooEarly: 'The night audit of business day {{date}} opens at {{opensAt}} on {{opensOn}} (now {{now}}).',
  late: 'It is past {{morning}}: the night audit is late. Run it now to roll the business day.',
  auditPending: '{{count}} still expected: the audit will record them as no-shows.',
};
