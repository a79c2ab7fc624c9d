import type { doorLogZh } from './door-log.zh';

/** The door log's check on the audit screen (English). Merged into en.ts as `doorLog`. */
export const doorLogEn: { [K in keyof typeof doorLogZh]: string } = {
  chainGap: 'Device {{device}}: door events {{range}} are missing ({{n}}, possibly deleted); event {{id}} after them still links to the missing ones.',
  chainGapEnd: 'Device {{device}}: door events {{range}} are missing ({{n}}, possibly deleted); this tablet recorded events up to #{{to}}.',
};
