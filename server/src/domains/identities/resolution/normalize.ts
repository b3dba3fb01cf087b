/**
 * Per-record features: every string a comparison or a blocking key needs, normalised once per record (names
 * transliterated and umlaut-folded, phonetic codes, nickname groups, date parts, e-mail local parts), so that
 * comparing a pair only compares prepared values.
 */
import { collapseUmlautDigraphs, transliterateGerman } from '../../../lib/text.ts';
import { nicknameGroups } from './nicknames.ts';
import { koelnerPhonetik, metaphone } from './phonetic.ts';
import type { IdentityRecord } from './types.ts';
import { normalizeEmail } from '../../../lib/email.ts';

export { normalizeEmail };

/** A name prepared for comparison. Every string is '' when the name is missing. */
export interface NameFeatures {
  /** Transliterated words joined by a space: "Müller-Lüdenscheidt" → "mueller luedenscheidt". */
  text: string;
  /** `text` with umlaut digraphs collapsed ("muller ludenscheidt"): Müller, Mueller and Muller agree here. */
  fold: string;
  tokens: readonly string[];
  /** The words run together ("muellerluedenscheidt", folded "mullerludenscheidt") and the first word, both spellings. */
  joined: string;
  joinedFold: string;
  head: string;
  headFold: string;
  /** Kölner Phonetik and Double Metaphone (primary, alternate) of the first word. */
  koelner: string;
  meta1: string;
  meta2: string;
  nicknames: readonly number[];
  initial: string;
}

export interface RecordFeatures {
  /** Position in the prepared list: pairs refer to records by it. */
  index: number;
  id: string;
  first: NameFeatures;
  last: NameFeatures;
  /** First or last name missing: then e-mail local parts and handles may stand in for it (identifierName). */
  needsFirst: boolean;
  needsLast: boolean;
  /** "YYYYMMDD" as given (also when not a calendar date), its parts, and days since 1970 (NaN when invalid). */
  birth: string;
  birthYear: number;
  birthMonth: number;
  birthDay: number;
  birthDays: number;
  emails: readonly string[];
  emailLocals: readonly string[];
  /** Local parts without digits and separators ("robert.smith255" → "robertsmith"). */
  emailLetters: readonly string[];
  /** Per e-mail: its local part spells the record's own name ("j.smith" for John Smith), so it repeats the name. */
  emailNamed: readonly boolean[];
  phones: readonly string[];
  handle: string;
  handleLetters: string;
  /** E-mail local parts and the handle, as letter-only words: "anna_mueller89" → ["anna", "mueller"]. */
  identifiers: readonly (readonly string[])[];
  /** `identifiers` with each one's words joined ("annamueller"), and that with umlaut digraphs collapsed ("annamuller"). */
  identifiersJoined: readonly string[];
  identifiersFold: readonly string[];
  street: string;
  houseNumber: string;
  postcode: string;
  city: string;
  country: string;
  externalId: string;
}

const HONORIFICS = new Set(['dr', 'prof', 'dipl', 'ing', 'mag', 'herr', 'frau', 'mr', 'mrs', 'ms', 'miss', 'sir', 'jr', 'sr']);
const EMPTY_NAME: NameFeatures = {
  text: '', fold: '', tokens: [], joined: '', joinedFold: '', head: '', headFold: '', koelner: '', meta1: '', meta2: '', nicknames: [], initial: '',
};

// Names, towns and streets repeat across records: each distinct value is normalised once (and its features shared,
// they are never changed). Bounded, so that a process resolving many workspaces does not keep every value it saw.
const MEMO_LIMIT = 100_000;

function memo<T>(compute: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    let hit = cache.get(key);
    if (hit === undefined) {
      if (cache.size >= MEMO_LIMIT) cache.clear();
      cache.set(key, (hit = compute(key)));
    }
    return hit;
  };
}

const NO_WORDS: readonly string[] = [];
const tokensOf = memo((s) => transliterateGerman(s).split(/[^a-z0-9]+/).filter((w) => w !== '' && !HONORIFICS.has(w)));

/** The words of a name, transliterated (ü → ue, ß → ss), lowercase, without punctuation and titles. */
export function nameTokens(s: string | null | undefined): readonly string[] {
  return s ? tokensOf(s) : NO_WORDS;
}

const featuresOf = memo((text) => computeNameFeatures(text.split(' ')));

/** A name's comparison features from its words. */
export function nameFeatures(tokens: readonly string[]): NameFeatures {
  return tokens.length === 0 ? EMPTY_NAME : featuresOf(tokens.join(' '));
}

function computeNameFeatures(tokens: readonly string[]): NameFeatures {
  const text = tokens.join(' ');
  const first = tokens[0]!;
  const [meta1, meta2] = metaphone(first);
  // A double name ("hans peter") is in the groups of each of its words.
  const nicknames = tokens.length === 1 ? nicknameGroups(first) : [...new Set(tokens.flatMap((t) => nicknameGroups(t)))];
  const fold = collapseUmlautDigraphs(text);
  return {
    text, fold, tokens, joined: tokens.join(''), joinedFold: fold.replaceAll(' ', ''), head: first, headFold: collapseUmlautDigraphs(first),
    koelner: koelnerPhonetik(first), meta1, meta2, nicknames, initial: first[0]!,
  };
}

/** First and last name words, splitting a whole name given in one field ("Hans Müller", "Müller, Hans"). */
export function splitName(r: Pick<IdentityRecord, 'firstName' | 'lastName' | 'fullName'>): { first: readonly string[]; last: readonly string[] } {
  let first = nameTokens(r.firstName);
  let last = nameTokens(r.lastName);
  if (first.length === 0 && last.length === 0 && r.fullName) {
    const comma = r.fullName.indexOf(',');
    if (comma > 0) return { first: nameTokens(r.fullName.slice(comma + 1)), last: nameTokens(r.fullName.slice(0, comma)) };
    const words = nameTokens(r.fullName);
    return words.length < 2 ? { first: words, last: [] } : { first: words.slice(0, -1), last: words.slice(-1) };
  }
  // A whole name in one field and nothing in the other is read as given names plus a last name.
  if (last.length === 0 && first.length > 1) [first, last] = [first.slice(0, -1), first.slice(-1)];
  return { first, last };
}



/** A phone number reduced to "+" and digits ("+49 171 1234567" → "+491711234567"). */
export function normalizePhone(raw: string): string {
  const digits = raw.replace(/[^0-9]/g, '');
  return digits === '' ? '' : raw.trim().startsWith('+') ? `+${digits}` : digits;
}

/** "YYYY-MM-DD", "YYYYMMDD" or an ISO timestamp → "YYYYMMDD"; '' when it is none of these. */
export function normalizeDate(raw: string | null | undefined): string {
  if (!raw) return '';
  const m = /^\s*(\d{4})-?(\d{2})-?(\d{2})(?:$|[T\s])/.exec(raw);
  return m ? `${m[1]}${m[2]}${m[3]}` : '';
}

/** Days since 1970-01-01 of "YYYYMMDD", or NaN when it is not a calendar date. */
export function daysOf(ymd: string): number {
  if (ymd.length !== 8) return Number.NaN;
  const y = Number(ymd.slice(0, 4));
  const m = Number(ymd.slice(4, 6));
  const d = Number(ymd.slice(6, 8));
  const t = Date.UTC(y, m - 1, d);
  const back = new Date(t);
  return back.getUTCMonth() === m - 1 && back.getUTCDate() === d ? t / 86_400_000 : Number.NaN;
}

/** The letter-only words of an e-mail local part or a handle: "Anna_Müller89" → ["anna", "mueller"]. */
export function identifierWords(s: string): string[] {
  return transliterateGerman(s.replace(/^@/, '')).split(/[^a-z]+/).filter(Boolean);
}

/** True when identifier words spell one of the names: a word is the name, or (from 4 letters) contains it. */
export function spellsOwnName(words: readonly string[], first: NameFeatures, last: NameFeatures): boolean {
  const joined = words.join('');
  for (const name of [...first.tokens, ...last.tokens]) {
    if (name.length < 2) continue;
    if (words.includes(name) || (name.length >= 4 && joined.includes(name))) return true;
  }
  return false;
}

/** A handle in its compared form: lowercase, without "@" and without a profile URL around it. */
export function normalizeHandle(raw: string | null | undefined): string {
  if (!raw) return '';
  const h = raw.trim().toLowerCase().replace(/^https?:\/\/[^/]+\//, '').replace(/^@/, '').replace(/[/?#].*$/, '');
  // Part by part: transliteration folds "_" into a space, and the underscore is part of the handle.
  return h.split('_').map((part) => transliterateGerman(part).replace(/[^a-z0-9.-]/g, '')).join('_');
}

const streetOf = memo((raw) => transliterateGerman(raw).replace(/str\b\.?/g, 'strasse').replace(/[^a-z0-9]+/g, ' ').trim());

/** A street in its compared form: transliterated, "str." and "straße" as "strasse", no punctuation. */
export function normalizeStreet(raw: string | null | undefined): string {
  return raw ? streetOf(raw) : '';
}

const foldOf = memo((s) => transliterateGerman(s).replace(/[^a-z0-9]+/g, ' ').trim());
const fold = (s: string | null | undefined) => (s ? foldOf(s) : '');
const compact = (s: string | null | undefined) => (s ? s.toUpperCase().replace(/[^0-9A-Z]/g, '') : '');
const list = (xs: readonly string[] | null | undefined, f: (s: string) => string) => [...new Set((xs ?? []).map(f).filter(Boolean))];

/** Prepares one record for comparison; `index` is its position in the list it belongs to. */
export function prepareRecord(r: IdentityRecord, index: number): RecordFeatures {
  const names = splitName(r);
  const first = nameFeatures(names.first);
  const last = nameFeatures(names.last);
  const birth = normalizeDate(r.birthDate);
  const emails = list(r.emails, normalizeEmail);
  const emailLocals = emails.map((e) => e.slice(0, Math.max(0, e.lastIndexOf('@'))) || e);
  const handle = normalizeHandle(r.handle);
  const idWords = [...emailLocals, handle].filter(Boolean).map(identifierWords).filter((w) => w.length > 0);
  return {
    index,
    id: r.id,
    first,
    last,
    needsFirst: first.text === '',
    // A lone initial says too little to stand for a last name.
    needsLast: last.text.length <= 1,
    birth,
    birthYear: birth ? Number(birth.slice(0, 4)) : 0,
    birthMonth: birth ? Number(birth.slice(4, 6)) : 0,
    birthDay: birth ? Number(birth.slice(6, 8)) : 0,
    birthDays: birth ? daysOf(birth) : Number.NaN,
    emails,
    emailLocals,
    emailLetters: emailLocals.map((l) => l.replace(/[^a-z]/g, '')),
    emailNamed: emailLocals.map((l) => spellsOwnName(identifierWords(l), first, last)),
    phones: list(r.phones, normalizePhone),
    handle,
    handleLetters: handle.replace(/[^a-z]/g, ''),
    identifiers: idWords,
    identifiersJoined: idWords.map((w) => w.join('')),
    identifiersFold: idWords.map((w) => collapseUmlautDigraphs(w.join(''))),
    street: normalizeStreet(r.street),
    houseNumber: (r.houseNumber ?? '').toLowerCase().replace(/[^0-9a-z]/g, ''),
    postcode: compact(r.postcode),
    city: fold(r.city),
    country: fold(r.country),
    externalId: compact(r.externalId),
  };
}

/** Prepares a list of records (index = position). */
export function prepareRecords(records: readonly IdentityRecord[]): RecordFeatures[] {
  return records.map(prepareRecord);
}
