import type { Translation } from './zh';

/** A member from another branch, found in the chain's directory (English). Merged into en.ts as `chain`. */
export const chainEn: Translation['chain'] = {
  notHere: 'Not a member at this branch.',
  asking: 'Asking the chain…',
  results: 'Chain members',
  fromChain: 'From the chain',
  home: 'Home branch: {{branch}}',
  bringIn: 'Bring into this branch',
  bringing: 'Bringing in…',
  broughtIn: 'Brought into this branch; syncing to this tablet…',
  heldHere: 'Already at this branch; syncing to this tablet…',
  notFound: 'Not found in the chain either. You can enrol the guest as a new member.',
  offline: "Can't reach the chain (offline): members of other branches can't be found. You can still check the guest in and enrol them; the manager merges two records of one person later.",
  busy: 'Too many lookups; try again in a minute.',
  unauthorized: "The server refused this tablet's sync account; the chain can't be asked.",
  serverError: "The chain's member directory is unavailable; try again later.",
  merge: {
    title: 'Two records of one person',
    empty: 'No members share an ID number.',
    intro: 'A member enrolled while offline has the same ID number as a chain member brought in later. Merge keeps the older record and moves the other one\'s balance to it with two new ledger lines; no ledger line or member record is changed.',
    pair: 'ID number {{id}}',
    keep: 'Keep: {{name}} · {{member}} · card {{card}} · joined {{joined}}',
    merge: 'Merge in: {{name}} · {{member}} · card {{card}} · joined {{joined}}',
    confirm: 'Merge',
    done: 'Merged: {{points}} points moved from {{from}} to {{into}}.',
    error: {
      forbidden: 'Only a manager can merge member records.',
      sameMember: 'A member cannot be merged with itself.',
      memberNotFound: 'One of the members was not found.',
      notSamePerson: 'The two records have different ID numbers and cannot be merged.',
      alreadyMerged: 'This record has already been merged.',
    },
  },
  notFoundBringIn: 'This member is no longer in the chain directory.',
  mergedInto: 'This record was merged with another record of the same person; its points moved to member {{into}}. Check in and redeem under that member.',
  openKept: 'Open member {{into}}',
};
