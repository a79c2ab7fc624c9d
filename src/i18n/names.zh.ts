/** Member tags as the chain writes them (Simplified Chinese). Merged into zh.ts as `memberTag`. */
export const memberTagZh = {
  business: '商务',
  regular: '常客',
  vip: 'VIP',
  complaintSensitive: '投诉敏感',
  invoice: '需要发票',
};
