/**
 * i18next as the desk runs it: Simplified Chinese, the first language, is
 * bundled with the first screen; English loads on first use (its own chunk,
 * precached by the service worker like every built script, so the switch
 * works offline). Keeps the first screen's JavaScript small (README).
 * Tests use `./index.ts`, which bundles both.
 */
import i18next, { type i18n, type Resource } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { zh, type Translation } from './zh';
import { ledgerText } from './ledger-text';

export type Language = 'zh' | 'en';
export const LANGUAGES: readonly Language[] = ['zh', 'en'];

/** One language's table as i18next takes it (the ledger texts beside the screens'). */
export function bundleOf(language: Language, table: Translation) {
  return { ...table, ledger: ledgerText[language] };
}

/** An i18next instance with Chinese and any `more` languages given. */
export function createDeskI18n(language: Language = 'zh', more: Partial<Record<Language, Translation>> = {}): i18n {
  const resources: Resource = { zh: { translation: bundleOf('zh', zh) } };
  for (const [l, table] of Object.entries(more) as [Language, Translation][]) resources[l] = { translation: bundleOf(l, table) };
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: false,
    interpolation: { escapeValue: false },
    keySeparator: '.',
    nsSeparator: false,
    initAsync: false,
    returnNull: false,
  });
  return instance;
}

/** Makes `language` available on `instance` (English: loads its chunk once). */
export async function loadLanguage(instance: i18n, language: Language): Promise<void> {
  if (instance.hasResourceBundle(language, 'translation')) return;
  const { en } = await import('./en');
  instance.addResourceBundle(language, 'translation', bundleOf(language, en));
}
