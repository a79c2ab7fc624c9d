/**
 * What may be shown to whoever stands in front of a screen that faces the
 * street (the door tablet): never a room number or a card number, and of a
 * name only the family name.
 */

/**
 * "林芳" → "林*", "欧阳娜娜" → "欧*", "Tom Lee" → "T*": the first character
 * and one star, whatever the length, so the length tells nothing either.
 * An empty name stays empty.
 */
export function maskName(name: string): string {
  const first = [...name.trim()][0];
  return first === undefined ? '' : `${first}*`;
}

/** "440106198808081234" → "440106********1234": the region and the last four, enough to tell two apart at the desk. */
export function maskIdNumber(id: string): string {
  return id.length <= 10 ? id.replace(/./g, '*') : `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
}
