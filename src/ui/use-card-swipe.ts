import { useEffect, useRef } from 'react';
import { createSwipeState, feedKey, type Swipe } from '../domain/card-swipe';

/** Set an input's value the way a user would, so React's onChange sees it. */
function setNativeValue(el: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(el, value);
  el.dispatchEvent(new Event('input', { bubbles: true }));
}

type TextField = HTMLInputElement | HTMLTextAreaElement;

/** A field as it was just before a run of digits began. */
interface Before {
  field: TextField;
  value: string;
  selectionStart: number | null;
  selectionEnd: number | null;
}

function isTextField(target: EventTarget | null): target is TextField {
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement;
}

/** The selection of an input type that has none (number, email) throws on read. */
function selectionOf(field: TextField): [number | null, number | null] {
  try { return [field.selectionStart, field.selectionEnd]; } catch { return [null, null]; }
}

/**
 * Listens, anywhere in the app, for a keyboard-wedge card reader: digits
 * typed faster than a person can type, then Enter. The Enter is swallowed
 * (a form must not submit) and a focused field is put back exactly as it
 * was before the reader's first digit (value and cursor), so the swipe
 * leaves forms as they were — except a field marked `data-accepts-swipe`
 * (a new member's card number), which keeps the digits.
 */
export function useCardSwipe(onSwipe: (swipe: Swipe) => void, onUnrecognised?: () => void): void {
  const handler = useRef(onSwipe);
  const unrecognisedHandler = useRef(onUnrecognised);
  useEffect(() => { handler.current = onSwipe; unrecognisedHandler.current = onUnrecognised; });
  useEffect(() => {
    let state = createSwipeState();
    let before: Before | null = null;
    function onKeyDown(e: KeyboardEvent) {
      if (e.repeat) return; // a held key repeats machine-fast: not a reader
      const result = feedKey(state, e.key, e.timeStamp);
      state = result.state;
      const target = e.target;
      if (result.startsRun) {
        // Keydown comes before the character lands: this is the field as the clerk left it.
        if (isTextField(target)) {
          const [selectionStart, selectionEnd] = selectionOf(target);
          before = { field: target, value: target.value, selectionStart, selectionEnd };
        } else {
          before = null;
        }
      }
      if (result.unrecognised) unrecognisedHandler.current?.();
      if (!result.swipe) return;
      e.preventDefault();
      e.stopPropagation();
      // A field that asks for a card (enrolling a new member) keeps the number.
      if (target instanceof HTMLElement && target.dataset.acceptsSwipe !== undefined) return;
      if (before && before.field === target && before.field.value !== before.value) {
        setNativeValue(before.field, before.value);
        if (before.selectionStart !== null) {
          try { before.field.setSelectionRange(before.selectionStart, before.selectionEnd); } catch { /* no selection on this type */ }
        }
      }
      before = null;
      handler.current(result.swipe);
    }
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, []);
}
