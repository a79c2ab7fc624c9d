/** Sync status, tablet setup and offline limits (Simplified Chinese). Merged into zh.ts as `sync`. */
export const syncZh = {
  title: '同步',
};
