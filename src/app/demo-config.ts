/** The demo branch every fresh device (and `npm start`) gets: same seed, same data. */
export const DEMO_SEED = 7;
export const DEMO_TIME_ZONE = 'Asia/Shanghai';

/** The demo branch's staff, one per role; PINs are printed by `npm start`. */
export const DEMO_STAFF = [
  { id: 'S-desk', name: '王小燕', role: 'front-desk', pin: '2580' },
  { id: 'S-night', name: '李建国', role: 'night-auditor', pin: '1357' },
  { id: 'S-manager', name: '陈敏', role: 'manager', pin: '3691' },
] as const;
