import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import de from './de.json';
import en from './en.json';

export type UiLanguage = 'de' | 'en';

/** The language before sign-in: the browser's, German unless it asks for English. */
export function browserLanguage(): UiLanguage {
  const stored = typeof localStorage !== 'undefined' ? localStorage.getItem('parley.lang') : null;
  if (stored === 'de' || stored === 'en') return stored;
  const nav = typeof navigator !== 'undefined' ? navigator.language : 'de';
  return nav.toLowerCase().startsWith('en') ? 'en' : 'de';
}

void i18n.use(initReactI18next).init({
  resources: { de: { translation: de }, en: { translation: en } },
  lng: browserLanguage(),
  fallbackLng: 'de',
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** Switches the UI language at once and remembers it for the next sign-in page. */
export function setUiLanguage(lang: UiLanguage): void {
  if (i18n.language !== lang) void i18n.changeLanguage(lang);
  document.documentElement.lang = lang;
  try {
    localStorage.setItem('parley.lang', lang);
  } catch {
    // private mode: nothing to remember
  }
}

/** The locale tag for Intl formatting of the current UI language. */
export function locale(): string {
  return i18n.language === 'en' ? 'en-GB' : 'de-DE';
}

export { i18n };
