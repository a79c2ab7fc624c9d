/**
 * A message kept in a screen's state as its key and parameters, translated
 * when it is rendered: a message already on screen follows the 中文/EN switch
 * (a string translated when it was set would stay in the old language).
 * A parameter may itself be a message (an item's name, a reason's text).
 */
import type { TFunction } from 'i18next';

export type MsgParam = string | number | Msg;

export interface Msg {
  readonly key: string;
  readonly params?: Readonly<Record<string, MsgParam>>;
}

export function msg(key: string, params?: Readonly<Record<string, MsgParam>>): Msg {
  return params ? { key, params } : { key };
}

/** The message in the current language (nested messages first). */
export function tr(t: TFunction, m: Msg): string;
export function tr(t: TFunction, m: Msg | null): string | null;
export function tr(t: TFunction, m: Msg | null): string | null {
  if (!m) return null;
  if (!m.params) return t(m.key);
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(m.params)) params[k] = typeof v === 'object' ? tr(t, v) : v;
  return t(m.key, params);
}
