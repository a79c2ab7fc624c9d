import { localNowOf, openingBusinessDate } from '../domain/business-day';
import type { IsoDate } from '../domain/model';
import { DEFAULT_RULES } from '../domain/rules';

/** The demo branch every fresh device (and `npm start`) gets: same seed, same data. */
export const DEMO_SEED = 7;
export const DEMO_TIME_ZONE = 'Asia/Shanghai';

/** The demo branch's staff, one per role; PINs are printed by `npm start`. */
export const DEMO_STAFF = [
  { id: 'S-desk', name: '王小燕', role: 'front-desk', pin: '2580' },
  { id: 'S-night', name: '李建国', role: 'night-auditor', pin: '1357' },
  { id: 'S-manager', name: '陈敏', role: 'manager', pin: '3691' },
] as const;

/**
 * The business date the demo branch opens on when generated at `now`: today
 * in Shanghai, or yesterday while yesterday's night is still running (before
 * the morning hour), as a branch whose audit has not run yet would show.
 */
export function demoBusinessDate(now: number): IsoDate {
  return openingBusinessDate(localNowOf(now, DEMO_TIME_ZONE), DEFAULT_RULES.door);
}
