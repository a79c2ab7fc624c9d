/**
 * i18next set up for Simplified Chinese first, English second. Resources
 * are bundled (the desk works offline); a missing key is a test failure,
 * not a runtime fallback.
 */
import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { zh } from './zh';
import { en } from './en';
import { ledgerText } from './ledger-text';

export type Language = 'zh' | 'en';
export const LANGUAGES: readonly Language[] = ['zh', 'en'];

export const resources = {
  zh: { translation: { ...zh, ledger: ledgerText.zh } },
  en: { translation: { ...en, ledger: ledgerText.en } },
} as const;

export function createI18n(language: Language = 'zh'): i18n {
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
