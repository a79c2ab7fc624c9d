/** Leaving a screen that holds unsaved text (Simplified Chinese). Merged into zh.ts as `leave`. */
export const leaveZh = {
  unsaved: '当前页面有未保存的内容。打开此会员的资料会离开当前页面，未保存的内容将丢失。',
  stay: '留在当前页面',
  openMember: '打开会员资料（放弃未保存内容）',
};
