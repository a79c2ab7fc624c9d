import type { Translation } from './zh';

/** The top bar's menu of secondary items (English). Typed against the Chinese table. */
export const shellEn: Translation['shell'] = {
  menu: 'More',
  signedIn: 'On shift: {{name}} · {{role}}',
};
