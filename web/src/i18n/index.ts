import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import de from './de.json';
import en from './en.json';
import { browserLanguage, localeOf, rememberLanguage, type UiLanguage } from './locale.ts';

export type { UiLanguage };

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
  rememberLanguage(lang);
}

/** The locale tag for Intl formatting of the current UI language. */
export function locale(): string {
  return localeOf(i18n.language === 'en' ? 'en' : 'de');
}

export { i18n };
