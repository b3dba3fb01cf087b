/**
 * The comparison catalogue: for each field, its levels from the strongest agreement down to "else", and the
 * function that puts a pair of prepared records on one of them. Level 0 means a value is missing on a side: it
 * weighs nothing (Fellegi–Sunter treats missing evidence as neutral).
 */
import { sharesGroup } from './nicknames.ts';
import type { NameFeatures, RecordFeatures } from './normalize.ts';
import { editDistanceWithin, jaroWinkler, withinOneEdit } from '../../../lib/similarity.ts';
import type { ComparisonName } from './types.ts';

export interface ComparisonDef {
  name: ComparisonName;
  /** Level labels; level k (1-based) is labels[k - 1]. The last one is the disagreement ("else"). */
  levels: readonly string[];
  /** The level of a pair: 0 when a value is missing, else 1..levels.length. */
  compare(a: RecordFeatures, b: RecordFeatures): number;
  /** The value whose frequency adjusts the first (exact) level, for comparisons that support it. */
  value?(f: RecordFeatures): string;
  /** What to show of a record in an explanation. */
  show(f: RecordFeatures): string;
}

const JW_HIGH = 0.92;
const JW_LOW = 0.8;

function phoneticMatch(a: NameFeatures, b: NameFeatures): boolean {
  return (a.koelner !== '' && a.koelner === b.koelner)
    || (a.meta1 !== '' && (a.meta1 === b.meta1 || a.meta1 === b.meta2))
    || (a.meta2 !== '' && (a.meta2 === b.meta1 || a.meta2 === b.meta2));
}

function sameName(a: NameFeatures, b: NameFeatures): boolean {
  return a.text === b.text || a.fold === b.fold;
}

function sharesToken(a: NameFeatures, b: NameFeatures): boolean {
  if (a.tokens.length === 1 && b.tokens.length === 1) return false;
  for (const t of a.tokens) if (t.length > 1 && b.tokens.includes(t)) return true;
  return false;
}

const FIRST_LEVELS = ['exact', 'umlaut fold', 'nickname', 'jaro-winkler ≥ 0.92', 'phonetic', 'jaro-winkler ≥ 0.8', 'initial', 'swapped with last name', 'else'] as const;

function compareFirst(x: RecordFeatures, y: RecordFeatures): number {
  const a = x.first;
  const b = y.first;
  if (a.text === '' || b.text === '') return 0;
  if (a.text === b.text) return 1;
  if (a.fold === b.fold) return 2;
  if (sharesGroup(a.nicknames, b.nicknames)) return 3;
  const jw = a.text.length > 1 && b.text.length > 1 ? jaroWinkler(a.fold, b.fold, JW_LOW) : 0;
  if (jw >= JW_HIGH) return 4;
  if (a.text.length > 1 && b.text.length > 1 && phoneticMatch(a, b)) return 5;
  if (jw >= JW_LOW) return 6;
  if ((a.text.length === 1 || b.text.length === 1) && a.initial === b.initial) return 7;
  if (y.last.text !== '' && x.last.text !== '' && sameName(a, y.last)) return 8;
  return 9;
}

const LAST_LEVELS = ['exact', 'umlaut fold', 'shares a part', 'jaro-winkler ≥ 0.92', 'phonetic', 'jaro-winkler ≥ 0.8', 'swapped with first name', 'else'] as const;

function compareLast(x: RecordFeatures, y: RecordFeatures): number {
  const a = x.last;
  const b = y.last;
  if (a.text === '' || b.text === '') return 0;
  if (a.text === b.text) return 1;
  if (a.fold === b.fold) return 2;
  if (sharesToken(a, b)) return 3;
  const jw = jaroWinkler(a.fold, b.fold, JW_LOW);
  if (jw >= JW_HIGH) return 4;
  if (phoneticMatch(a, b)) return 5;
  if (jw >= JW_LOW) return 6;
  if (y.first.text !== '' && x.first.text !== '' && sameName(a, y.first)) return 7;
  return 8;
}

const DATE_LEVELS = ['exact', 'day/month swapped', 'one digit off', 'within a month', 'within a year', 'else'] as const;

function compareBirth(a: RecordFeatures, b: RecordFeatures): number {
  if (a.birth === '' || b.birth === '') return 0;
  if (a.birth === b.birth) return 1;
  if (a.birthYear === b.birthYear && a.birthMonth === b.birthDay && a.birthDay === b.birthMonth) return 2;
  if (withinOneEdit(a.birth, b.birth)) return 3;
  const days = Math.abs(a.birthDays - b.birthDays);
  if (days <= 31) return 4;
  if (days <= 366) return 5;
  return 6;
}

const EMAIL_LEVELS = [
  'exact', 'address 2 edits off', 'same local part', 'same letters in local part', 'local part jaro-winkler ≥ 0.88', 'else',
] as const;

/**
 * E-mail addresses, the best level over all pairs of a record's addresses. A local part made of the person's name
 * ("j.smith" at two providers) only repeats the name, which the name comparisons weigh already: such an agreement
 * is neutral (level 0), not evidence, or every J. Smith would share an e-mail.
 */
function compareEmail(a: RecordFeatures, b: RecordFeatures): number {
  if (a.emails.length === 0 || b.emails.length === 0) return 0;
  let best = 6;
  let neutral = false;
  for (let i = 0; i < a.emails.length; i++) {
    for (let j = 0; j < b.emails.length; j++) {
      if (a.emails[i] === b.emails[j]) return 1;
      if (best > 2 && editDistanceWithin(a.emails[i]!, b.emails[j]!, 2) <= 2) {
        best = 2;
        continue;
      }
      let level = 6;
      if (a.emailLocals[i] === b.emailLocals[j]) level = 3;
      else if (a.emailLetters[i]!.length > 2 && a.emailLetters[i] === b.emailLetters[j]) level = 4;
      else if (jaroWinkler(a.emailLocals[i]!, b.emailLocals[j]!, 0.88) >= 0.88) level = 5;
      if (level < 6 && (a.emailNamed[i] || b.emailNamed[j])) neutral = true;
      else if (level < best) best = level;
    }
  }
  return best === 6 && neutral ? 0 : best;
}

const PHONE_LEVELS = ['exact', 'one digit off', 'else'] as const;

function comparePhone(a: RecordFeatures, b: RecordFeatures): number {
  if (a.phones.length === 0 || b.phones.length === 0) return 0;
  let best = 3;
  for (const p of a.phones) {
    for (const q of b.phones) {
      if (p === q) return 1;
      if (withinOneEdit(p, q)) best = 2;
    }
  }
  return best;
}

const IDENTIFIER_LEVELS = ['first and last name', 'a name and an initial', 'last name', 'first name', 'else'] as const;

/** True when one of the words is the name, or (for longer names) has it inside or is a near spelling of it. */
function spells(words: readonly string[], joined: string, name: string): boolean {
  if (words.includes(name)) return true;
  if (name.length < 4) return false;
  if (joined.includes(name)) return true;
  for (const w of words) if (w.length >= 4 && jaroWinkler(w, name, JW_HIGH) >= JW_HIGH) return true;
  return false;
}

// A name of y that x has itself is weighed by the name comparisons already.
function notOwn(n: NameFeatures, x: RecordFeatures): boolean {
  return n.text.length > 1 && n.fold !== x.first.fold && n.fold !== x.last.fold;
}

/**
 * How well one side's e-mail local parts and handle spell the other side's name. Only for the parts of the name the
 * first side lacks, so that a name is not counted twice; either of the other side's names may be the missing one
 * (first and last name are often swapped).
 */
function identifierLevel(x: RecordFeatures, y: RecordFeatures): number {
  if (x.identifiers.length === 0 || !(x.needsFirst || x.needsLast)) return 0;
  const useFirst = notOwn(y.first, x);
  const useLast = notOwn(y.last, x);
  if (!useFirst && !useLast) return 0;
  const first = useFirst ? y.first.head : '';
  const last = useLast ? y.last.joined : '';
  const firstFold = useFirst ? y.first.headFold : '';
  const lastFold = useLast ? y.last.joinedFold : '';
  let best = 5;
  for (let k = 0; k < x.identifiers.length; k++) {
    const words = x.identifiers[k]!;
    best = Math.min(best, spellingLevel(x, words, x.identifiersJoined[k]!, first, last, best));
    if (best === 1) return 1;
    // The same in umlaut-folded spelling: "anna_muller" spells Anna Müller too.
    if (best > 1) best = Math.min(best, spellingLevel(x, words, x.identifiersFold[k]!, firstFold, lastFold, best));
    if (best === 1) return 1;
  }
  return best;
}

function spellingLevel(x: RecordFeatures, words: readonly string[], joined: string, f: string, l: string, best: number): number {
  if (x.needsFirst && x.needsLast && f !== '' && l !== '') {
    if (joined === f + l || joined === l + f) return 1;
    if (joined === f[0] + l || joined === l + f[0] || joined === f + l[0] || joined === l[0] + f) return 2;
  }
  if (best > 3 && l !== '' && spells(words, joined, l)) return 3;
  if (best > 4 && f !== '' && spells(words, joined, f)) return 4;
  return best;
}

function compareIdentifier(a: RecordFeatures, b: RecordFeatures): number {
  const ab = identifierLevel(a, b);
  const ba = identifierLevel(b, a);
  if (ab === 0) return ba;
  if (ba === 0) return ab;
  return Math.min(ab, ba);
}

const ADDRESS_LEVELS = [
  'same street and number', 'same postcode and number', 'same street and town', 'same street', 'same postcode',
  'postcode one character off', 'same town', 'else',
] as const;

/**
 * Street, house number, postcode and town as one comparison: they agree or differ together (a move changes all of
 * them), so weighing each alone would count one shared address four times. Missing parts are skipped; level 0 when
 * no part is on both sides.
 */
function compareAddress(a: RecordFeatures, b: RecordFeatures): number {
  const hasStreet = a.street !== '' && b.street !== '';
  const hasPostcode = a.postcode !== '' && b.postcode !== '';
  const hasCity = a.city !== '' && b.city !== '';
  if (!hasStreet && !hasPostcode && !hasCity) return 0;
  const street = hasStreet && (a.street === b.street || jaroWinkler(a.street, b.street, 0.9) >= 0.9);
  const postcode = hasPostcode && a.postcode === b.postcode;
  const number = a.houseNumber !== '' && a.houseNumber === b.houseNumber;
  const city = hasCity && (a.city === b.city || jaroWinkler(a.city, b.city, 0.88) >= 0.88);
  if (street && number) return 1;
  if (postcode && number) return 2;
  if (street && (postcode || city)) return 3;
  if (street) return 4;
  if (postcode) return 5;
  if (hasPostcode && withinOneEdit(a.postcode, b.postcode)) return 6;
  if (city) return 7;
  return 8;
}

function exactOrElse(get: (f: RecordFeatures) => string) {
  return (a: RecordFeatures, b: RecordFeatures) => {
    const x = get(a);
    const y = get(b);
    return x === '' || y === '' ? 0 : x === y ? 1 : 2;
  };
}

function similarOrElse(get: (f: RecordFeatures) => string, threshold: number) {
  return (a: RecordFeatures, b: RecordFeatures) => {
    const x = get(a);
    const y = get(b);
    if (x === '' || y === '') return 0;
    return x === y ? 1 : jaroWinkler(x, y, threshold) >= threshold ? 2 : 3;
  };
}

const CATALOGUE: Record<ComparisonName, ComparisonDef> = {
  firstName: { name: 'firstName', levels: FIRST_LEVELS, compare: compareFirst, value: (f) => f.first.text, show: (f) => f.first.text },
  lastName: { name: 'lastName', levels: LAST_LEVELS, compare: compareLast, value: (f) => f.last.text, show: (f) => f.last.text },
  birthDate: { name: 'birthDate', levels: DATE_LEVELS, compare: compareBirth, show: (f) => f.birth },
  email: { name: 'email', levels: EMAIL_LEVELS, compare: compareEmail, show: (f) => f.emails.join(' ') },
  phone: { name: 'phone', levels: PHONE_LEVELS, compare: comparePhone, show: (f) => f.phones.join(' ') },
  identifierName: {
    name: 'identifierName', levels: IDENTIFIER_LEVELS, compare: compareIdentifier,
    show: (f) => [f.identifiers.map((w) => w.join('.')).join(' '), `${f.first.text} ${f.last.text}`.trim()].filter(Boolean).join(' / '),
  },
  handle: {
    name: 'handle', levels: ['exact', 'same letters', 'jaro-winkler ≥ 0.9', 'else'],
    compare: (a, b) => {
      if (a.handle === '' || b.handle === '') return 0;
      if (a.handle === b.handle) return 1;
      if (a.handleLetters.length > 2 && a.handleLetters === b.handleLetters) return 2;
      return jaroWinkler(a.handle, b.handle, 0.9) >= 0.9 ? 3 : 4;
    },
    show: (f) => f.handle,
  },
  address: {
    name: 'address', levels: ADDRESS_LEVELS, compare: compareAddress,
    show: (f) => [`${f.street} ${f.houseNumber}`.trim(), f.postcode, f.city].filter(Boolean).join(', '),
  },
  street: { name: 'street', levels: ['exact', 'jaro-winkler ≥ 0.9', 'else'], compare: similarOrElse((f) => f.street, 0.9), value: (f) => f.street, show: (f) => f.street },
  houseNumber: { name: 'houseNumber', levels: ['exact', 'else'], compare: exactOrElse((f) => f.houseNumber), value: (f) => f.houseNumber, show: (f) => f.houseNumber },
  postcode: {
    name: 'postcode', levels: ['exact', 'one character off', 'same first three', 'else'],
    compare: (a, b) => {
      if (a.postcode === '' || b.postcode === '') return 0;
      if (a.postcode === b.postcode) return 1;
      if (withinOneEdit(a.postcode, b.postcode)) return 2;
      return a.postcode.length >= 4 && a.postcode.slice(0, 3) === b.postcode.slice(0, 3) ? 3 : 4;
    },
    value: (f) => f.postcode,
    show: (f) => f.postcode,
  },
  city: { name: 'city', levels: ['exact', 'jaro-winkler ≥ 0.88', 'else'], compare: similarOrElse((f) => f.city, 0.88), value: (f) => f.city, show: (f) => f.city },
  country: { name: 'country', levels: ['exact', 'else'], compare: exactOrElse((f) => f.country), show: (f) => f.country },
  externalId: {
    name: 'externalId', levels: ['exact', 'one character off', 'two characters off', 'else'],
    compare: (a, b) => {
      if (a.externalId === '' || b.externalId === '') return 0;
      const d = editDistanceWithin(a.externalId, b.externalId, 2);
      return d === 0 ? 1 : d === 1 ? 2 : d === 2 ? 3 : 4;
    },
    show: (f) => f.externalId,
  },
};

/** The definition of a comparison by name. */
export function comparisonDef(name: ComparisonName): ComparisonDef {
  return CATALOGUE[name];
}

/** Every comparison the engine knows, in catalogue order. */
export const ALL_COMPARISONS = Object.keys(CATALOGUE) as ComparisonName[];
