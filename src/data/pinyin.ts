/**
 * Pinyin initials of a Chinese name ("张晓明" → "ZXM"), so a clerk can find
 * a member by typing ZXM. The dictionary is ~300 KB, so it is loaded only
 * when a member is enrolled, never on the first screen.
 */
export async function pinyinInitials(name: string): Promise<string> {
  const { pinyin } = await import('pinyin-pro');
  const letters = pinyin(name, { pattern: 'first', toneType: 'none', type: 'array', surname: 'head' });
  return letters.join('').replace(/[^a-z]/gi, '').toUpperCase().slice(0, 16);
}
