/**
 * Keyboard-wedge member-card reader detection. The reader "types" the card
 * number a few milliseconds per key and then presses Enter. A clerk typing
 * in a form is far slower (typically 80 ms or more between keys), so a run
 * of keys is treated as a swipe only when every gap is short, the whole run
 * is short, it is ended by Enter just as quickly, and it spells a card number.
 *
 * Pure state machine: the caller feeds every key with its timestamp
 * (KeyboardEvent.key and KeyboardEvent.timeStamp, or any monotonic ms clock)
 * and keeps the returned state. The caller should skip auto-repeat events
 * (KeyboardEvent.repeat), which are machine-fast but come from a held key.
 */

export const CARD_NUMBER_LENGTH = 12;

/** Member card numbers: 12 digits starting with "77". */
export const CARD_NUMBER_PATTERN = /^77\d{10}$/;

export function isCardNumber(s: string): boolean {
  return CARD_NUMBER_PATTERN.test(s);
}

export interface SwipeOptions {
  /** Longest gap between two keys of one swipe, including the final Enter. */
  maxGapMs: number;
  /** Longest time from the first digit to the Enter. */
  maxTotalMs: number;
}

export const SWIPE_DEFAULTS: Readonly<SwipeOptions> = Object.freeze({ maxGapMs: 35, maxTotalMs: 400 });

export interface SwipeState {
  /** Digits of the current fast run (at most CARD_NUMBER_LENGTH + 1 kept). */
  readonly buffer: string;
  /** When the first digit of the current run arrived; null when idle. */
  readonly startedAtMs: number | null;
  /** When the last key of the current run arrived; null when idle. */
  readonly lastAtMs: number | null;
}

export interface Swipe {
  cardNo: string;
  startedAtMs: number;
  /** How many characters the reader typed into the focused field (Enter excluded). */
  length: number;
}

export interface FeedResult {
  state: SwipeState;
  swipe?: Swipe;
  /**
   * This key began a new run of digits: the caller notes what the focused
   * field held just before it, so a swipe can put the field back exactly
   * (a reader's digits may be cut by maxLength or typed mid-text, so taking
   * them back out afterwards cannot be exact).
   */
  startsRun?: true;
  /**
   * This Enter ended a reader-fast run of at least UNRECOGNISED_MIN_DIGITS
   * digits that is not a member card (another chain's card, a bank card):
   * no person types that fast, so a door can say "card not recognised"
   * instead of nothing.
   */
  unrecognised?: { length: number };
}

/** Fewest machine-fast digits before Enter that count as some card read. */
export const UNRECOGNISED_MIN_DIGITS = 8;

const IDLE: SwipeState = Object.freeze({ buffer: '', startedAtMs: null, lastAtMs: null });

export function createSwipeState(): SwipeState {
  return IDLE;
}

const DIGIT = /^[0-9]$/;

function resolveOptions(opts: Partial<SwipeOptions> | undefined): SwipeOptions {
  const o = { ...SWIPE_DEFAULTS, ...opts };
  if (!(o.maxGapMs >= 0) || !(o.maxTotalMs >= 0)) {
    throw new RangeError(`Invalid swipe options [${JSON.stringify(o)}]: gaps must be non-negative numbers.`);
  }
  return o;
}

/** True when `atMs` follows the run's last key closely enough to belong to it. */
function isFastGap(state: SwipeState, atMs: number, o: SwipeOptions): boolean {
  if (state.lastAtMs === null) return false;
  const gap = atMs - state.lastAtMs;
  // A negative gap means the clock went backwards: start over rather than guess.
  return gap >= 0 && gap <= o.maxGapMs;
}

/**
 * Feed one key. Returns the next state and, when this key was the Enter that
 * completed a swipe, the swipe. Any non-digit key other than a swipe-ending
 * Enter resets the buffer; a slow gap restarts the buffer at the new digit.
 */
export function feedKey(state: SwipeState, key: string, atMs: number, opts?: Partial<SwipeOptions>): FeedResult {
  const o = resolveOptions(opts);
  if (!Number.isFinite(atMs)) {
    throw new RangeError(`Invalid key time [${JSON.stringify(atMs)}]: must be finite milliseconds.`);
  }

  if (DIGIT.test(key)) {
    if (!isFastGap(state, atMs, o)) {
      return { state: { buffer: key, startedAtMs: atMs, lastAtMs: atMs }, startsRun: true };
    }
    // A fast run that outlasts maxTotalMs is not restarted here: it stays one
    // run (and can no longer be a swipe) until a slow gap or another key.
    // Keep one digit beyond a card number so an over-long run can never match.
    const buffer = state.buffer.length > CARD_NUMBER_LENGTH ? state.buffer : state.buffer + key;
    return { state: { buffer, startedAtMs: state.startedAtMs, lastAtMs: atMs } };
  }

  if (
    key === 'Enter' &&
    state.startedAtMs !== null &&
    isFastGap(state, atMs, o) &&
    atMs - state.startedAtMs <= o.maxTotalMs &&
    isCardNumber(state.buffer)
  ) {
    return {
      state: IDLE,
      swipe: { cardNo: state.buffer, startedAtMs: state.startedAtMs, length: state.buffer.length },
    };
  }

  if (
    key === 'Enter' &&
    state.startedAtMs !== null &&
    isFastGap(state, atMs, o) &&
    atMs - state.startedAtMs <= o.maxTotalMs &&
    state.buffer.length >= UNRECOGNISED_MIN_DIGITS
  ) {
    return { state: IDLE, unrecognised: { length: state.buffer.length } };
  }

  return { state: IDLE };
}
