/**
 * i18next set up for Simplified Chinese first, English second, with both
 * languages bundled: for tests and tools. The desk itself uses `./desk.ts`,
 * which loads English on first use. A missing key is a test failure, not a
 * runtime fallback.
 */
import type { i18n } from 'i18next';
import { zh } from './zh';
import { en } from './en';
import { bundleOf, createDeskI18n, type Language } from './desk';

export { LANGUAGES, type Language } from './desk';

export const resources = {
  zh: { translation: bundleOf('zh', zh) },
  en: { translation: bundleOf('en', en) },
} as const;

export function createI18n(language: Language = 'zh'): i18n {
  return createDeskI18n(language, { en });
}
