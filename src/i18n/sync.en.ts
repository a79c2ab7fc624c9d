import type { Translation } from './zh';

/** Sync status, tablet setup and offline limits (English). Typed against the Chinese table. */
export const syncEn: Translation['sync'] = {
  title: 'Sync',
};
