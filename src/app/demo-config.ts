/** The demo branch every fresh device (and `npm start`) gets: same seed, same data. */
export const DEMO_SEED = 7;
export const DEMO_TIME_ZONE = 'Asia/Shanghai';
