import type { Translation } from './zh';

/** A member from another branch, found in the chain's directory (English). Merged into en.ts as `chain`. */
export const chainEn: Translation['chain'] = {
  asking: 'Not a member at this branch; asking the chain…',
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
  notFoundBringIn: 'This member is no longer in the chain directory.',
};
