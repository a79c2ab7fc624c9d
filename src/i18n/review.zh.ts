/** The manager's reconnect review (Simplified Chinese). Merged into zh.ts as `review`. */
export const reviewZh = {
  title: '同步复核',
};
