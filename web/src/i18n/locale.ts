// The UI language before sign-in and the Intl locale of a language. No libraries: the entry (boot.ts) uses it.

export type UiLanguage = 'de' | 'en';

let remembered: UiLanguage | undefined;

/** The language before sign-in: the one chosen last in this browser, else the browser's (German unless English). */
export function browserLanguage(): UiLanguage {
  if (!remembered) {
    const stored = typeof localStorage !== 'undefined' ? localStorage.getItem('parley.lang') : null;
    const nav = typeof navigator !== 'undefined' ? navigator.language : 'de';
    remembered = stored === 'de' || stored === 'en' ? stored : nav.toLowerCase().startsWith('en') ? 'en' : 'de';
  }
  return remembered;
}

/** Remembers the language for the next sign-in page. */
export function rememberLanguage(lang: UiLanguage): void {
  remembered = lang;
  try {
    localStorage.setItem('parley.lang', lang);
  } catch {
    // private mode: nothing to remember
  }
}

/** The locale tag for Intl formatting in a UI language. */
export function localeOf(lang: UiLanguage): string {
  return lang === 'en' ? 'en-GB' : 'de-DE';
}

/**
 * Loads the browser's Intl data for a language (the first Intl formatter of a page costs 50–250 ms here, most of it
 * loading locale data). Called while the app's code is still loading, so that the first table does not pay for it.
 */
export function warmIntl(lang: UiLanguage): void {
  const loc = localeOf(lang);
  new Intl.DateTimeFormat(loc, { dateStyle: 'medium', timeStyle: 'short' }).format(0);
  new Intl.RelativeTimeFormat(loc, { numeric: 'auto' }).format(-1, 'day');
  new Intl.NumberFormat(loc).format(1000);
  new Intl.PluralRules(loc).select(1);
}
