import type { Translation } from './zh';

/** The manager's reconnect review (English). Typed against the Chinese table. */
export const reviewEn: Translation['review'] = {
  title: 'Sync review',
};
