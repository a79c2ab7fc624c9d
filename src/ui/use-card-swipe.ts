import { useEffect, useRef } from 'react';
import { createSwipeState, feedKey, type Swipe } from '../domain/card-swipe';

/** Set an input's value the way a user would, so React's onChange sees it. */
function setNativeValue(el: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(el, value);
  el.dispatchEvent(new Event('input', { bubbles: true }));
}

/**
 * Listens, anywhere in the app, for a keyboard-wedge card reader: digits
 * typed faster than a person can type, then Enter. The Enter is swallowed
 * (a form must not submit) and the digits the reader typed into a focused
 * field are taken out again, so the swipe leaves forms as they were —
 * except in a field marked `data-accepts-swipe` (a new member's card
 * number), which keeps the digits.
 */
export function useCardSwipe(onSwipe: (swipe: Swipe) => void): void {
  const handler = useRef(onSwipe);
  useEffect(() => { handler.current = onSwipe; });
  useEffect(() => {
    let state = createSwipeState();
    function onKeyDown(e: KeyboardEvent) {
      if (e.repeat) return; // a held key repeats machine-fast: not a reader
      const result = feedKey(state, e.key, e.timeStamp);
      state = result.state;
      if (!result.swipe) return;
      e.preventDefault();
      e.stopPropagation();
      const target = e.target;
      // A field that asks for a card (enrolling a new member) keeps the number.
      if (target instanceof HTMLElement && target.dataset.acceptsSwipe !== undefined) return;
      if ((target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) && target.value.endsWith(result.swipe.cardNo)) {
        setNativeValue(target, target.value.slice(0, -result.swipe.length));
      }
      handler.current(result.swipe);
    }
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, []);
}
