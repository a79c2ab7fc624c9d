/** A screen or dialog whose code loads on first use (Simplified Chinese). Merged into zh.ts as `lazy`. */
export const lazyZh = {
  screen: '正在打开{{name}}…',
  dialog: '正在打开…',
  failed: '无法打开此页面，请重新加载前台。',
  reload: '重新加载',
};
