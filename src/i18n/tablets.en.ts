import type { Translation } from './zh';

/** The branch's tablets (English). Typed against the Chinese table. */
export const tabletsEn: Translation['tablets'] = {
  open: 'Tablets',
  title: 'This branch\'s tablets',
  intro: 'Each tablet syncs with its own account. A new tablet: create an enrolment code and open the enrolment link on the new tablet (or type the code); a code works once, for 30 minutes. A lost or retired tablet: revoke it; the server refuses it at once and the other tablets carry on.',
  loading: 'Reading the tablet list…',
  empty: 'No tablet enrolled yet.',
  name: 'Name',
  unnamed: '(unnamed)',
  device: 'Device',
  lastSync: 'Last sync',
  staff: 'Staff last signed in',
  never: 'never',
  status: 'State',
  active: 'In use',
  revoked: 'Revoked {{time}}',
  self: 'this tablet',
  revoke: 'Revoke',
  revokeConfirm: 'Revoke “{{name}}”? It can no longer sync, from now on.',
  revokeYes: 'Revoke it',
  revokeDone: '“{{name}}” is revoked.',
  newCode: 'New enrolment code',
  code: 'Enrolment code: {{code}} (valid until {{time}}, once)',
  link: 'Enrolment link',
  notManager: 'Only the manager manages the tablets.',
  standalone: 'This tablet is not connected to a branch server.',
  error: {
    network: 'Cannot reach the enrolment service; check the network and try again.',
    unauthorized: 'The enrolment service does not accept this tablet\'s account (it may have been revoked).',
    serverError: 'The enrolment service had an error; try again later.',
  },
};
