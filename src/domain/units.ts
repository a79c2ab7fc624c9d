/**
 * Integer units. Money is always an integer number of fen (分, 1/100 CNY);
 * points are always whole points. Both are branded so a fee cannot be passed
 * where points are expected, and both are checked to be safe integers at the
 * boundary where they are made.
 */
export type Fen = number & { readonly __unit: 'fen' };
export type Points = number & { readonly __unit: 'points' };

function assertSafeInteger(value: number, unit: string): void {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`Invalid ${unit} amount [${JSON.stringify(value)}]: must be a safe integer.`);
  }
}

export function fen(value: number): Fen {
  assertSafeInteger(value, 'fen');
  return value as Fen;
}

export function points(value: number): Points {
  assertSafeInteger(value, 'points');
  return value as Points;
}

/** Whole yuan in an amount of fen, rounded down (points are earned per whole yuan). */
export function wholeYuan(amount: Fen): number {
  return Math.floor(amount / 100);
}

/** "¥218.00" style display; formatting only, never used for arithmetic. */
export function formatFen(amount: Fen): string {
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  return `${sign}¥${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * An amount typed in yuan ("198", "198.5", "198.50") as fen, or null when it
 * is not one: never rounded, so "0.005" is refused rather than becoming ¥0.01.
 */
export function parseYuan(text: string): Fen | null {
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) return null;
  return fen(Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')));
}
