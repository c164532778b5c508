import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import de from './de.json';
import en from './en.json';

export const LANGUAGES = ['en', 'de'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'confab.language';

/** The remembered choice, else the browser's first language if it is German, else English. */
export function initialLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored === 'de' || stored === 'en') return stored;
  return navigator.languages?.some((l) => l.toLowerCase().startsWith('de')) ? 'de' : 'en';
}

export function setLanguage(language: Language): void {
  localStorage.setItem(STORAGE_KEY, language);
  void i18n.changeLanguage(language);
}

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, de: { translation: de } },
  lng: initialLanguage(),
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  returnNull: false,
});

// Screen readers and the browser's hyphenation follow the page language.
const syncLang = (lng: string) => document.documentElement.setAttribute('lang', lng);
syncLang(i18n.language);
i18n.on('languageChanged', syncLang);

export default i18n;
