import type { LifecycleStage } from '@parley/contracts/contacts';

/** How to read a date written with slashes: 31/12/1980 (day first) or 12/31/1980 (month first, US tools). */
export type DateOrder = 'dmy' | 'mdy';

const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/;
const YMD_SLASH = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/;
const DOTTED = /^(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})$/;
const SLASHED = /^(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})$/;
// Spreadsheets often write a date cell as "31.12.1980 00:00" or "12/31/1980 12:00:00 AM".
const TIME_SUFFIX = /\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AP]M)?$/i;
// Google writes birthdays without a year as "--12-31".
const WITHOUT_YEAR = /^--\d{2}-?\d{2}$/;

function fullYear(digits: string): number {
  if (digits.length === 4) return Number(digits);
  // Two-digit years are birthdays and the like, so never in the future.
  const yy = Number(digits);
  const thisYear = new Date().getUTCFullYear();
  return yy <= thisYear % 100 ? 2000 + yy : 1900 + yy;
}

function calendarDate(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth || year < 1) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

type Ymd = [year: string, month: string, day: string];

// The readings of a date cell as year, month and day, the likelier first.
function readings(text: string, order: DateOrder): Ymd[] {
  let m = ISO_DATE.exec(text) ?? YMD_SLASH.exec(text);
  if (m) return [[m[1]!, m[2]!, m[3]!]];
  if ((m = DOTTED.exec(text))) return [[m[3]!, m[2]!, m[1]!]];
  if ((m = SLASHED.exec(text))) {
    const dmy: Ymd = [m[3]!, m[2]!, m[1]!];
    const mdy: Ymd = [m[3]!, m[1]!, m[2]!];
    return order === 'dmy' ? [dmy, mdy] : [mdy, dmy];
  }
  return [];
}

/**
 * A date cell as YYYY-MM-DD. Understands ISO (1980-12-31, also with a time), German (31.12.1980, 31.12.80) and
 * slashed dates in `order`, falling back to the other order when only that one is a real date (31/12/1980 in a US
 * file). Returns undefined for "no date" (an all-zero date such as Outlook's 0/0/00, or a birthday without a year)
 * and null for anything else.
 */
export function parseDate(value: string, order: DateOrder): string | null | undefined {
  const text = value.trim().replace(TIME_SUFFIX, '');
  if (WITHOUT_YEAR.test(text)) return undefined;
  const candidates = readings(text, order);
  if (candidates[0]?.every((part) => Number(part) === 0)) return undefined;
  for (const [year, month, day] of candidates) {
    const date = calendarDate(fullYear(year), Number(month), Number(day));
    if (date) return date;
  }
  return null;
}

// Google puts every contact into "myContacts" ("* My Contacts" in the old format); as a tag it says nothing.
const SYSTEM_GROUPS = new Set(['mycontacts']);

/**
 * Tags from one cell: Google's "* myContacts ::: Kunden ::: VIP" (its '*' marks system groups, which are dropped
 * where meaningless), otherwise separated by ';' or ','. Trimmed, without empties and case-insensitive duplicates.
 */
export function splitTags(value: string): string[] {
  const parts = value.includes(':::') ? value.split(':::') : value.split(/[;,]/);
  const seen = new Set<string>();
  const tags: string[] = [];
  for (const part of parts) {
    const tag = part.trim().replace(/^\*\s*/, '');
    const key = tag.toLowerCase();
    if (!tag || seen.has(key) || SYSTEM_GROUPS.has(key.replace(/\s+/g, ''))) continue;
    seen.add(key);
    tags.push(tag);
  }
  return tags;
}

/** Several values in one cell, as Google writes e-mails and phones that share a label: "a@x.de ::: b@y.de". */
export function splitMulti(value: string): string[] {
  if (!value.includes(':::')) return [value];
  return value.split(':::').map((v) => v.trim()).filter((v) => v !== '');
}

const LABELS = new Map<string, string>(
  (
    [
      ['work', ['work', 'business', 'office', 'job', 'geschäftlich', 'geschaeftlich', 'dienstlich', 'arbeit', 'büro']],
      ['home', ['home', 'private', 'personal', 'privat', 'zuhause']],
      ['mobile', ['mobile', 'cell', 'mobil', 'handy', 'mobiltelefon']],
      ['fax', ['fax', 'work fax', 'home fax', 'telefax']],
      ['other', ['other', 'andere', 'sonstige', 'weitere']],
      ['main', ['main', 'haupt']],
    ] as const
  ).flatMap(([label, words]) => words.map((w) => [w, label] as const)),
);

/**
 * A label cell as a label, and whether it marks the primary entry: Google writes "* Work" for the primary
 * address. Common English and German words become work, home, mobile, fax, other or main; anything else is kept.
 */
export function parseLabel(value: string): { label: string | undefined; primary: boolean } {
  const primary = value.trimStart().startsWith('*');
  const label = value.trim().replace(/^\*\s*/, '');
  return { label: label === '' ? undefined : LABELS.get(label.toLowerCase()) ?? label, primary };
}

// Where a surname starts inside a full name: "Ursula von der Leyen", "Vincent van Gogh".
const SURNAME_PARTICLES = new Set(['von', 'van', 'de', 'der', 'den', 'del', 'della', 'di', 'da', 'du', 'la', 'le', 'zu', 'ten', 'ter']);

/**
 * First and last name from a full name: "Schmidt, Anna" is surname first; otherwise the surname is the last word,
 * or starts at a particle such as "von"; a single word is a first name (as Google Contacts does).
 */
export function splitName(fullName: string): { firstName?: string; lastName?: string } {
  const name = fullName.trim().replace(/\s+/g, ' ');
  if (!name) return {};
  const comma = name.indexOf(',');
  if (comma !== -1) {
    const [last, given] = [name.slice(0, comma).trim(), name.slice(comma + 1).trim()];
    return { ...(given ? { firstName: given } : {}), ...(last ? { lastName: last } : {}) };
  }
  const words = name.split(' ');
  if (words.length === 1) return { firstName: name };
  let at = words.findIndex((w, i) => i > 0 && i < words.length - 1 && SURNAME_PARTICLES.has(w.toLowerCase()));
  if (at === -1) at = words.length - 1;
  return { firstName: words.slice(0, at).join(' '), lastName: words.slice(at).join(' ') };
}

const STAGES = new Map<string, LifecycleStage | 'none'>(
  (
    [
      ['subscriber', ['subscriber', 'abonnent', 'abonnentin']],
      ['lead', ['lead', 'interessent', 'interessentin']],
      ['qualified_lead', ['qualifiedlead', 'marketingqualifiedlead', 'salesqualifiedlead', 'mql', 'sql', 'qualifizierterlead']],
      ['opportunity', ['opportunity', 'verkaufschance', 'chance']],
      ['customer', ['customer', 'kunde', 'kundin']],
      ['advocate', ['advocate', 'evangelist', 'fürsprecher', 'fuersprecher', 'botschafter']],
      // HubSpot's catch-all stage.
      ['none', ['other', 'sonstige', 'andere']],
    ] as const
  ).flatMap(([stage, words]) => words.map((w) => [w, stage] as const)),
);

/**
 * A lifecycle stage from Parley's own values, HubSpot's ("Marketing Qualified Lead", "Evangelist") or German
 * words. Undefined for HubSpot's "Other"; null when unknown.
 */
export function parseLifecycleStage(value: string): LifecycleStage | null | undefined {
  const stage = STAGES.get(value.toLowerCase().replace(/[^a-zäöüß]/g, ''));
  if (stage === undefined) return null;
  return stage === 'none' ? undefined : stage;
}

const LANGUAGES = new Map<string, 'de' | 'en'>([
  ['de', 'de'], ['deu', 'de'], ['ger', 'de'], ['german', 'de'], ['deutsch', 'de'],
  ['en', 'en'], ['eng', 'en'], ['english', 'en'], ['englisch', 'en'],
]);

/** 'de' or 'en' from a language cell ("Deutsch", "en-GB", "English"); undefined for other languages. */
export function parseLanguage(value: string): 'de' | 'en' | undefined {
  const word = value.trim().toLowerCase();
  return LANGUAGES.get(word) ?? LANGUAGES.get(word.split(/[-_]/)[0]!);
}
