import type { leaveZh } from './leave.zh';

/** Leaving a screen that holds unsaved text (English). Merged into en.ts as `leave`. */
export const leaveEn: Record<keyof typeof leaveZh, string> = {
  unsaved: 'This screen has unsaved text. Opening the member\'s profile leaves it, and the unsaved text is lost.',
  stay: 'Stay here',
  openMember: 'Open the profile (drop the unsaved text)',
};
