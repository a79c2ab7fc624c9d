/** The top bar's menu of secondary items (Simplified Chinese). Merged into zh.ts as `shell`. */
export const shellZh = {
  menu: '更多',
  signedIn: '当班：{{name}} · {{role}}',
};
