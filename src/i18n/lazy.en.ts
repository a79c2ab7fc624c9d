import type { Translation } from './zh';

/** A screen or dialog whose code loads on first use (English). Typed against the Chinese table. */
export const lazyEn: Translation['lazy'] = {
  screen: 'Opening {{name}}…',
  dialog: 'Opening…',
  failed: 'This screen could not be opened. Reload the front desk.',
  reload: 'Reload',
};
