/**
 * Unsaved words that leaving the screen (or reloading) would lose: a
 * focused field with text, or any text area with text (a half-written
 * complaint). The PWA update and a card swipe that opens a member ask first.
 */
export function hasUnsavedText(doc: Document = document): boolean {
  const active = doc.activeElement;
  if ((active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement) && active.value.trim() !== '') return true;
  return [...doc.querySelectorAll('textarea')].some((t) => t.value.trim() !== '');
}
