/** Member tags as the chain writes them (English). Merged into en.ts as `memberTag`. */
export const memberTagEn = {
  business: 'Business',
  regular: 'Regular',
  vip: 'VIP',
  complaintSensitive: 'Complaint-sensitive',
  invoice: 'Needs invoice',
};
