/** A manager's PIN entered in place on a clerk's session (English). Merged into en.ts as `authorise`. */
export const authoriseEn = {
  title: 'Manager PIN',
  offer: 'Manager PIN',
  intro: 'This needs a manager: the manager types their PIN. It authorises this one action only; {{name}} stays signed in.',
  who: 'Manager',
  pin: 'Manager\'s PIN',
  confirm: 'Authorise and do it',
  pickManager: 'Pick the manager who authorises.',
  noManager: 'No manager account on this tablet can authorise this.',
  notAllowed: 'This staff member may not authorise this action.',
  undoneBy: 'Undone: {{points}} points given back (authorised by manager {{name}}).',
  recentForClerk: 'Redemptions that can be undone (manager PIN)',
  doneBy: '{{text}} (authorised by manager {{name}})',
  reviewForClerk: 'Answering these needs a manager: after you choose, the manager types their PIN for that one action; you stay signed in.',
};
