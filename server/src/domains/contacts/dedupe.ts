/**
 * Duplicate detection for people: normalisation of e-mails and phones, name similarity, the score of a pair and
 * the blocking keys that let the server compare only likely pairs. Pure functions; the service feeds them rows.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { collapseUmlautDigraphs, foldText, transliterateGerman } from '../../lib/text.ts';
import { jaroWinkler } from '../../lib/similarity.ts';
import { normalizeEmail } from '../../lib/email.ts';

/** A person as the duplicate finder sees it. */
export interface DedupeRecord {
  id: string;
  firstName?: string;
  lastName?: string;
  emails: string[];
  /** E.164, as `normalizePhone` returns them. */
  phones: string[];
  companyName?: string;
  city?: string;
}

export type MatchField = 'email' | 'phone' | 'name' | 'company' | 'city';

/** One piece of evidence that two records are the same person, for the reviewer to see. */
export interface MatchReason {
  field: MatchField;
  kind: 'exact' | 'similar';
  detail: string;
}

export interface PairScore {
  /** 0..1; from about 0.5 up the pair is worth a look (see `scorePair`). */
  score: number;
  reasons: MatchReason[];
}

export interface PersonName {
  firstName?: string | null;
  lastName?: string | null;
}


/**
 * A phone number in E.164 ("+491711234567"), or undefined when it is not a valid number. National numbers are read
 * as `defaultCountry`; "+49 (0) 30 …", "0049 30 …" and "(089) 123 456-7" are all understood.
 */
export function normalizePhone(raw: string, defaultCountry: CountryCode = 'DE'): string | undefined {
  // The full ("max") metadata knows each country's number ranges, so "0171 123" is rejected rather than
  // stored as a number that only has a plausible length.
  const parsed = parsePhoneNumberFromString(raw, { defaultCountry });
  return parsed?.isValid() ? parsed.number : undefined;
}

export { jaroWinkler, normalizeEmail };

// How much a comparison is worth when part of the name is missing or uncertain (multipliers of the similarity).
const INITIAL_MATCH = 0.9; // "H." against "Hans"
const FIRST_GIVEN_NAME_ONLY = 0.95; // "Anna" against "Anna Maria"
const NO_GIVEN_NAME = 0.8; // "Müller" against "Hans Müller"
const SINGLE_WORD = 0.5; // "Hans" against "Hans Müller": one word says little
const SWAPPED = 0.95; // first and last name exchanged, a common import mistake

const HONORIFICS = new Set(['dr', 'prof', 'dipl', 'ing', 'mag', 'herr', 'frau', 'mr', 'mrs', 'ms', 'miss', 'sir']);

interface NameParts {
  first: string;
  last: string;
}

/**
 * Names in the form they are compared in: folded, words only, titles dropped, and umlaut digraphs collapsed on both
 * sides, so that Müller, Mueller and Muller are one name. (Collapsing also turns Michael into "michal"; as it
 * happens to both records of a pair, it only ever makes spellings of one name equal.)
 */
function comparableName(s: string | null | undefined): string {
  return collapseUmlautDigraphs(nameWords(s));
}

/** The words of a name, folded, without punctuation and titles. */
function nameWords(s: string | null | undefined): string {
  if (!s) return '';
  const words = foldText(s).replace(/[^\p{L}\p{M}\p{N}]+/gu, ' ').trim().split(' ');
  return words.filter((w) => w && !HONORIFICS.has(w)).join(' ');
}

function nameParts(n: PersonName): NameParts {
  const first = comparableName(n.firstName);
  const last = comparableName(n.lastName);
  // A whole name in one field ("Hans Müller" as the first name) is read as given names plus a last name.
  const whole = first && !last ? first : !first && last ? last : '';
  if (whole.includes(' ')) {
    const cut = whole.lastIndexOf(' ');
    return { first: whole.slice(0, cut), last: whole.slice(cut + 1) };
  }
  return { first, last };
}

const isInitials = (given: string) => given.split(' ').every((w) => w.length === 1);

function givenNameSimilarity(a: string, b: string): number {
  if (isInitials(a) || isInitials(b)) return a[0] === b[0] ? INITIAL_MATCH : 0;
  const firstGivenNames = jaroWinkler(a.split(' ')[0]!, b.split(' ')[0]!) * FIRST_GIVEN_NAME_ONLY;
  return Math.max(jaroWinkler(a, b), firstGivenNames);
}

function orientedSimilarity(a: NameParts, b: NameParts): number {
  if (a.last && b.last) {
    const last = jaroWinkler(a.last, b.last);
    return a.first && b.first ? last * givenNameSimilarity(a.first, b.first) : last * NO_GIVEN_NAME;
  }
  // At least one side has a single word; the best match of that word is all there is to go on.
  const wordsA = `${a.first} ${a.last}`.trim().split(' ').filter(Boolean);
  const wordsB = `${b.first} ${b.last}`.trim().split(' ').filter(Boolean);
  let best = 0;
  for (const x of wordsA) for (const y of wordsB) best = Math.max(best, jaroWinkler(x, y));
  return best * SINGLE_WORD;
}

/**
 * How alike two people's names are, 0..1, from Jaro-Winkler on folded names: umlaut spellings are equal
 * (Müller/Mueller/Muller), initials match their name at 0.9, swapped first and last names at 0.95.
 */
export function nameSimilarity(a: PersonName, b: PersonName): number {
  const x = nameParts(a);
  const y = nameParts(b);
  const straight = orientedSimilarity(x, y);
  const swapped = orientedSimilarity(x, { first: y.last, last: y.first }) * SWAPPED;
  return Math.max(straight, swapped);
}

// Evidence weights. Each found piece of evidence i has a weight wᵢ, and they combine like independent
// probabilities: score = 1 − Π(1 − wᵢ). Resulting scores, rounded:
//   same e-mail 0.90 · same phone 0.80 · both 0.98 · same e-mail and name 0.95
//   same name alone 0.45 (a medium signal: there are many Thomas Müllers)
//   same name + city 0.56 · + company 0.62 · + company and city 0.69 · similar name (0.9) + company 0.58
// Company and city count only next to a name: many people share an employer or a town.
const WEIGHT = { email: 0.9, phone: 0.8, name: 0.45, company: 0.3, similarCompany: 0.2, city: 0.2 } as const;
const NAME_SIMILAR = 0.85;
const SIMILAR_COMPANY = 0.92;
// A shared e-mail or phone with clearly different given names is a household or a team (info@, the home phone),
// not one person: such pairs keep only half their score and fall below the review line.
const GIVEN_NAMES_DIFFER = 0.7;
const DIFFERENT_PEOPLE = 0.5;

const LEGAL_FORMS = new Set([
  'gmbh', 'mbh', 'gesmbh', 'co', 'kg', 'ag', 'ug', 'haftungsbeschrankt', 'ohg', 'gbr', 'ek', 'eg', 'ev', 'se', 'kgaa',
  'ltd', 'limited', 'llc', 'llp', 'inc', 'plc', 'corp', 'sa', 'sarl', 'bv', 'nv', 'und', 'and',
]);

function comparableCompany(name: string | undefined): string {
  if (!name) return '';
  // Dots go first, so that "e.K." and "Ltd." become one word each.
  return comparableName(name.replaceAll('.', '')).split(' ').filter((w) => !LEGAL_FORMS.has(w)).join(' ');
}

function firstShared(a: string[], b: string[]): string | undefined {
  const inB = new Set(b);
  return a.find((v) => inB.has(v));
}

const displayName = (r: PersonName) => [r.firstName, r.lastName].filter(Boolean).join(' ');

/** Written the same but for umlauts (Müller/Mueller, Müller/Muller), punctuation and titles: an exact match. */
function spelledAlike(a: PersonName, b: PersonName): boolean {
  const x = displayName(a);
  const y = displayName(b);
  return nameWords(x) === nameWords(y) || nameWords(transliterateGerman(x)) === nameWords(transliterateGerman(y));
}

function givenNamesConflict(a: PersonName, b: PersonName): boolean {
  const x = nameParts(a);
  const y = nameParts(b);
  if (!x.first || !y.first || isInitials(x.first) || isInitials(y.first)) return false;
  const best = Math.max(givenNameSimilarity(x.first, y.first), y.last ? givenNameSimilarity(x.first, y.last) : 0);
  return best < GIVEN_NAMES_DIFFER;
}

/**
 * How likely two records are the same person (0..1), with the evidence. A shared normalised e-mail or phone is
 * strong, a similar name alone medium, a name with the same company or city more; weights are above.
 */
export function scorePair(a: DedupeRecord, b: DedupeRecord): PairScore {
  const reasons: MatchReason[] = [];
  const weights: number[] = [];
  const found = (weight: number, reason: MatchReason) => {
    weights.push(weight);
    reasons.push(reason);
  };

  const email = firstShared(a.emails.map(normalizeEmail), b.emails.map(normalizeEmail));
  if (email) found(WEIGHT.email, { field: 'email', kind: 'exact', detail: email });
  const phone = firstShared(a.phones, b.phones);
  if (phone) found(WEIGHT.phone, { field: 'phone', kind: 'exact', detail: phone });

  const name = nameSimilarity(a, b);
  if (name >= NAME_SIMILAR) {
    found(WEIGHT.name * name, { field: 'name', kind: name === 1 && spelledAlike(a, b) ? 'exact' : 'similar', detail: `${displayName(a)} / ${displayName(b)}` });
    const companyA = comparableCompany(a.companyName);
    const companyB = comparableCompany(b.companyName);
    if (companyA && companyA === companyB) {
      found(WEIGHT.company, { field: 'company', kind: 'exact', detail: a.companyName! });
    } else if (companyA && companyB && jaroWinkler(companyA, companyB) >= SIMILAR_COMPANY) {
      found(WEIGHT.similarCompany, { field: 'company', kind: 'similar', detail: `${a.companyName} / ${b.companyName}` });
    }
    const city = comparableName(a.city);
    if (city && city === comparableName(b.city)) found(WEIGHT.city, { field: 'city', kind: 'exact', detail: a.city! });
  }

  const evidence = 1 - weights.reduce((rest, w) => rest * (1 - w), 1);
  const score = givenNamesConflict(a, b) ? evidence * DIFFERENT_PEOPLE : evidence;
  // Three decimals: enough to rank, and the same number on every machine and in every test.
  return { score: Math.round(score * 1000) / 1000, reasons };
}

const SURNAME_PARTICLES = new Set(['von', 'van', 'vom', 'zu', 'zum', 'zur', 'de', 'der', 'den', 'di', 'da', 'du', 'le', 'la', 'ten', 'ter']);

/**
 * A rough sound-alike key: spellings that sound the same in German or English get one key
 * (Meyer/Meier/Maier/Mayer, Schmidt/Schmitt/Schmid, Hoffmann/Hofmann, Katherine/Catherine, Philipp/Filip).
 * It only decides which records are compared, so it may be coarse; it must not be finer than the spellings people
 * mix up.
 */
function soundKey(word: string): string {
  const key = word
    .replace(/[^a-z]/g, '')
    .replace(/^chr/, 'kr')
    .replace(/sch/g, 'sh')
    .replace(/ph/g, 'f')
    .replace(/th/g, 't')
    .replace(/ck/g, 'k')
    .replace(/dt/g, 't')
    .replace(/tz/g, 'z')
    .replace(/c(?!h)/g, 'k')
    .replace(/y/g, 'i')
    .replace(/ei/g, 'ai')
    .replace(/ie/g, 'i')
    .replace(/d/g, 't')
    .replace(/v/g, 'f')
    .replace(/(?<=[aeiou])h/g, '')
    .replace(/(.)\1+/g, '$1');
  // Names in other scripts have no Latin letters to reduce; their folded form is key enough.
  return key || word;
}

function surnameWord(last: string): string {
  const words = last.split(' ');
  const meaningful = words.filter((w) => !SURNAME_PARTICLES.has(w));
  // The first word of a double name ("Müller-Lüdenscheidt") is the one that both records usually keep.
  return meaningful[0] ?? words[0] ?? '';
}

/**
 * Keys that put likely duplicates into the same block, so that only records sharing a key are compared:
 * `email:<normalised e-mail>`, `phone:<E.164>`, and `name:<4 letters of the sound key of the last name>:<first
 * initial>`, plus the reverse name key for swapped first and last names.
 */
export function blockingKeys(r: DedupeRecord): string[] {
  const keys = new Set<string>();
  for (const e of r.emails) keys.add(`email:${normalizeEmail(e)}`);
  for (const p of r.phones) keys.add(`phone:${p}`);
  const { first, last } = nameParts(r);
  const given = first ? soundKey(first.split(' ')[0]!) : '';
  const family = last ? soundKey(surnameWord(last)) : '';
  if (family) keys.add(`name:${family.slice(0, 4)}:${given.charAt(0)}`);
  // An initial alone would make a block of everyone with that initial; the reverse key needs a real given name.
  if (family && given.length > 1) keys.add(`name:${given.slice(0, 4)}:${family.charAt(0)}`);
  return [...keys];
}
