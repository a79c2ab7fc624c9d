/** The data layer's public surface for features and the app. */
export * from './commands/context';
export * from './commands/checkin';
export * from './commands/checkout';
export * from './commands/redeem';
export * from './commands/feedback';
export * from './commands/walk-in';
export * from './commands/member-edit';
export * from './commands/review';
export * from './commands/merge-members';
