import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import deBase from './de.json';
import enBase from './en.json';
import assistantsDe from './areas/assistants.de.json';
import assistantsEn from './areas/assistants.en.json';
import channelsDe from './areas/channels.de.json';
import channelsEn from './areas/channels.en.json';
import knowledgeDe from './areas/knowledge.de.json';
import knowledgeEn from './areas/knowledge.en.json';
import toolsDe from './areas/tools.de.json';
import toolsEn from './areas/tools.en.json';
import settingsDe from './areas/settings.de.json';
import settingsEn from './areas/settings.en.json';
import homeDe from './areas/home.de.json';
import homeEn from './areas/home.en.json';

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

// Each area of the dashboard keeps its strings in its own file (areas/<area>.<lang>.json, top-level keys of its own),
// so pages grow without every change meeting in one large file.
const en = { ...enBase, ...assistantsEn, ...channelsEn, ...knowledgeEn, ...toolsEn, ...settingsEn, ...homeEn };
const de = { ...deBase, ...assistantsDe, ...channelsDe, ...knowledgeDe, ...toolsDe, ...settingsDe, ...homeDe };

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
