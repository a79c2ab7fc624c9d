/**
 * Small helpers shared by the feature (UI) tests. Nothing here decides an
 * outcome: each helper only reads the database or builds input the way a
 * user or a device would.
 */
import { act, screen } from '@testing-library/react';
import type { FrontDeskDatabase } from '../../src/data/database';
import { idCheckChar } from '../../src/domain/id-number';

type SnapshotName = 'members' | 'reservations' | 'rooms' | 'ledger' | 'feedback' | 'branches' | 'journal';
const ALL: SnapshotName[] = ['members', 'reservations', 'rooms', 'ledger', 'feedback', 'branches', 'journal'];

/**
 * Every document of the named collections (all of them by default), as plain
 * JSON sorted by id, without RxDB's revision metadata. Compare a snapshot
 * taken before a refused action with one taken after: they must be equal.
 */
export async function snapshot(db: FrontDeskDatabase, names: SnapshotName[] = ALL): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const name of names) {
    const docs = await db.collections[name].find().exec();
    out[name] = docs
      .map((d) => d.toJSON() as Record<string, unknown>)
      .map(({ _rev: _r, _meta: _m, _attachments: _a, ...rest }) => rest)
      .sort((a, b) => String(a.id).localeCompare(String(b.id)));
  }
  return out;
}

/** A valid resident ID number whose check character is X (born `birth`, YYYYMMDD). */
export function idEndingInX(region = '440106', birth = '19900101'): string {
  for (let seq = 0; seq < 1000; seq++) {
    const body = `${region}${birth}${String(seq).padStart(3, '0')}`;
    if (idCheckChar(body) === 'X') return `${body}X`;
  }
  throw new Error('No sequence gives check character X.');
}

/** ASCII digits and letters as their full-width forms (what a Chinese IME types). */
export function toFullWidth(s: string): string {
  return [...s].map((ch) => (/[0-9A-Za-z]/.test(ch) ? String.fromCharCode(ch.charCodeAt(0) + 0xfee0) : ch)).join('');
}

/**
 * Dispatch one keydown on `target` at the given `timeStamp` (jsdom's is
 * read-only, so it is overridden on the event). Returns the event, so a test
 * can see whether a listener prevented its default action.
 */
export function keyDownAt(target: EventTarget, key: string, timeStamp: number): KeyboardEvent {
  const ev = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true });
  Object.defineProperty(ev, 'timeStamp', { value: timeStamp });
  act(() => { target.dispatchEvent(ev); });
  return ev;
}

/**
 * Keys of `text` then Enter, `gapMs` apart, starting at `startMs`, as a
 * keyboard-wedge card reader (a few ms) or a person (100 ms or more) types
 * them. Returns the Enter event.
 */
export function typeKeysAt(target: EventTarget, text: string, startMs: number, gapMs: number): KeyboardEvent {
  let t = startMs;
  for (const ch of text) {
    keyDownAt(target, ch, t);
    t += gapMs;
  }
  return keyDownAt(target, 'Enter', t);
}

/** Let pending promise callbacks (database reads) run. */
export async function settle(ms = 50): Promise<void> {
  await act(async () => { await new Promise((r) => setTimeout(r, ms)); });
}

/**
 * What a browser does after an Enter keydown in a text field of a form
 * (implicit submission), which jsdom does not do: submit the form, unless a
 * listener prevented the key's default action.
 */
export function enterDefaultAction(ev: KeyboardEvent): void {
  const target = ev.target;
  if (ev.defaultPrevented || !(target instanceof HTMLInputElement) || !target.form) return;
  const form = target.form;
  act(() => { form.requestSubmit(); });
}

/**
 * What a keyboard-wedge reader does to a focused text field, key by key, as
 * a browser would: keydown, then (unless a listener prevented it) the
 * character lands at the cursor, replacing any selection and cut off at the
 * field's maxLength, and an input event follows. Ends with Enter; returns the
 * Enter event.
 */
export function readerTypesInto(field: HTMLInputElement | HTMLTextAreaElement, text: string, startMs: number, gapMs: number): KeyboardEvent {
  let t = startMs;
  for (const ch of text) {
    const ev = keyDownAt(field, ch, t);
    t += gapMs;
    if (ev.defaultPrevented) continue;
    const start = field.selectionStart ?? field.value.length;
    const end = field.selectionEnd ?? start;
    if (field.maxLength >= 0 && field.value.length - (end - start) >= field.maxLength) continue;
    const next = field.value.slice(0, start) + ch + field.value.slice(end);
    act(() => {
      const proto = field instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
      Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(field, next);
      field.setSelectionRange(start + 1, start + 1);
      field.dispatchEvent(new Event('input', { bubbles: true }));
    });
  }
  return keyDownAt(field, 'Enter', t);
}

/**
 * Opens the top bar's ☰ menu (language, settings, tablets, shift change)
 * the way a clerk does, unless it is open already.
 */
export async function openTopMenu(click: (el: Element) => Promise<void>): Promise<void> {
  const toggle = screen.getByRole('button', { name: /^(更多|More)$/ });
  if (toggle.getAttribute('aria-expanded') !== 'true') await click(toggle);
}
