/**
 * The random building blocks of the demo data: one seeded random stream, and the places, addresses, phone numbers,
 * e-mail addresses and names drawn from it.
 */
import { Faker, base, de, de_AT, de_CH, en, en_GB, en_US, generateMersenne53Randomizer, type LocaleDefinition } from '@faker-js/faker';
import type { AddressEntry } from '@parley/contracts/contacts';
import { transliterateGerman } from '../../lib/text.ts';
import {
  AMERICAN_SURNAMES, BRITISH_SURNAMES, COUNTRY_CALLING_CODES, GERMAN_SURNAMES, MOBILE_PREFIXES, PLACES, STREETS, type Country, type Place,
} from './demo-vocabulary.ts';

export const DAY = 86_400_000;
export const YEAR = 365 * DAY;

/** The state of one run: the random stream, the moment the data is made for, and what has been handed out. */
export interface Gen {
  /** German faker; also used for everything that has no language. */
  f: Faker;
  byCountry: Record<Country, Faker>;
  now: Date;
  usedEmails: Set<string>;
  usedPhones: Set<string>;
  usedCompanyNames: Set<string>;
  usedDomains: Set<string>;
}

/** A run from `seed`: the same seed and `now` give the same draws. */
export function createGenerator(seed: number, now: Date): Gen {
  // One random stream shared by every locale: the output depends on the seed and on the order of the calls only.
  const randomizer = generateMersenne53Randomizer(seed);
  const faker = (...locale: LocaleDefinition[]) => {
    const f = new Faker({ locale: [...locale, en, base], randomizer });
    f.setDefaultRefDate(now);
    return f;
  };
  const f = faker(de);
  return {
    f,
    byCountry: { DE: f, AT: faker(de_AT, de), CH: faker(de_CH, de), GB: faker(en_GB), US: faker(en_US) },
    now,
    usedEmails: new Set(),
    usedPhones: new Set(),
    usedCompanyNames: new Set(),
    usedDomains: new Set(),
  };
}

/** One of the items, all equally likely. */
export const pick = <T>(g: Gen, items: readonly T[]): T => g.f.helpers.arrayElement(items);
/** True with the given probability. */
export const chance = (g: Gen, probability: number): boolean => g.f.number.float() < probability;
/** A whole number from `min` to `max`, both included. */
export const int = (g: Gen, min: number, max: number): number => g.f.number.int({ min, max });
const digits = (g: Gen, n: number): string => (n > 0 ? g.f.string.numeric({ length: n, allowLeadingZeros: true }) : '');

/** One of the values, each as likely as its weight; weights of 0 never come up. */
export function weighted<T>(g: Gen, entries: readonly (readonly [T, number])[]): T {
  return g.f.helpers.weightedArrayElement(entries.flatMap(([value, weight]) => (weight > 0 ? [{ value, weight }] : [])));
}

/** A moment from `from` to `to`; `from` itself when they are the same. */
export function between(g: Gen, from: Date | number, to: Date | number): Date {
  return +from < +to ? g.f.date.between({ from, to }) : new Date(from);
}
/** "2026-03-16" (UTC). */
export const isoDate = (d: Date): string => d.toISOString().slice(0, 10);

// Places, addresses, phones, e-mails, names

/** A town of the country, big towns more often. */
export const pickPlace = (g: Gen, country: Country): Place => weighted(g, PLACES[country].map((p) => [p, p.weight] as const));

const INWARD_LETTERS = [...'ABDEFGHJLNPQRSTUWXYZ'];

function postcode(g: Gen, place: Place, country: Country): string {
  const { postcodes } = place;
  if ('from' in postcodes) return String(int(g, postcodes.from, postcodes.to)).padStart(5, '0');
  const code = pick(g, postcodes);
  // British postcodes: the district from the list, then the inward code (a digit and two letters).
  return country === 'GB' ? `${code} ${int(g, 1, 9)}${pick(g, INWARD_LETTERS)}${pick(g, INWARD_LETTERS)}` : code;
}

/** A street address in the town, written the way the country writes it. */
export function address(g: Gen, country: Country, place: Place, label: 'home' | 'work', street = pick(g, STREETS[country])): AddressEntry {
  const number = `${int(g, 1, country === 'US' ? 2400 : 120)}${chance(g, 0.08) ? pick(g, ['a', 'b']) : ''}`;
  // Real data abbreviates: "Hauptstr." is as common as "Hauptstraße".
  const written = country === 'DE' && chance(g, 0.12) ? street.replace('straße', 'str.').replace('Straße', 'Str.') : street;
  return {
    label,
    street: country === 'GB' || country === 'US' ? `${number} ${written}` : `${written} ${number}`,
    postalCode: postcode(g, place, country),
    city: place.city,
    region: place.region,
    country,
  };
}

/** A phone number as its parts: the national prefix without the trunk 0, and the local number. */
export interface PhoneParts {
  country: Country;
  prefix: string;
  local: string;
}

const e164 = (p: PhoneParts) => `+${COUNTRY_CALLING_CODES[p.country]}${p.prefix}${p.local}`;

/** A number no one else in the demo has (or undefined when a town's fiction block is used up). */
function uniqueNumber(g: Gen, draw: () => PhoneParts): PhoneParts | undefined {
  for (let attempt = 0; attempt < 20; attempt++) {
    const parts = draw();
    if (g.usedPhones.has(e164(parts))) continue;
    g.usedPhones.add(e164(parts));
    return parts;
  }
  return undefined;
}

/** A landline in the town, from its fiction block when it has one. */
export function landline(g: Gen, country: Country, place: Place): PhoneParts | undefined {
  return uniqueNumber(g, () => {
    const block = place.fictionBlock ?? String(int(g, 2, 9));
    return { country, prefix: place.area, local: block + digits(g, place.localDigits - block.length) };
  });
}

/** A mobile number of the country. */
export function mobile(g: Gen, country: Country, place: Place): PhoneParts | undefined {
  // North American numbers do not tell mobiles from landlines.
  if (country === 'US') return landline(g, country, place);
  return uniqueNumber(g, () => {
    const [prefix, length] = pick(g, MOBILE_PREFIXES[country]);
    return { country, prefix, local: String(int(g, 1, 9)) + digits(g, length - 1) };
  });
}

type PhoneFormat = (p: string, l: string) => string;

// British landlines are grouped "20 7946 0123", "161 496 0123"; mobiles "7984 123456".
const ukLocal = (prefix: string, local: string) => (prefix.startsWith('7') ? local : `${local.slice(0, -4)} ${local.slice(-4)}`);

// The ways people write numbers; German ones in all the forms that reach a CRM.
const PHONE_FORMATS: Record<Country, readonly (readonly [PhoneFormat, number])[]> = {
  DE: [
    [(p, l) => `0${p} ${l}`, 4], [(p, l) => `0${p}/${l}`, 2], [(p, l) => `0${p}-${l}`, 1], [(p, l) => `+49 ${p} ${l}`, 3],
    [(p, l) => `+49 (0)${p} ${l}`, 1], [(p, l) => `+49${p}${l}`, 1], [(p, l) => `0049 ${p} ${l}`, 1], [(p, l) => `0${p}${l}`, 1],
    [(p, l) => `(0${p}) ${l.slice(0, 3)} ${l.slice(3, 6)}-${l.slice(6)}`, 1],
  ],
  AT: [[(p, l) => `+43 ${p} ${l}`, 3], [(p, l) => `+43 (0)${p} ${l}`, 1], [(p, l) => `0043 ${p} ${l}`, 1]],
  CH: [
    [(p, l) => `+41 ${p} ${l.slice(0, 3)} ${l.slice(3, 5)} ${l.slice(5)}`, 3], [(p, l) => `0041 ${p} ${l}`, 1],
    [(p, l) => `+41 (0)${p} ${l.slice(0, 3)} ${l.slice(3, 5)} ${l.slice(5)}`, 1],
  ],
  GB: [[(p, l) => `+44 ${p} ${ukLocal(p, l)}`, 3], [(p, l) => `+44 (0)${p} ${ukLocal(p, l)}`, 2], [(p, l) => `0044 ${p} ${l}`, 1]],
  US: [[(p, l) => `+1 ${p}-${l.slice(0, 3)}-${l.slice(3)}`, 3], [(p, l) => `+1 (${p}) ${l.slice(0, 3)}-${l.slice(3)}`, 2]],
};

/** The number written one of the ways people write it; another way than `not` when that is given. */
export function formatPhone(g: Gen, p: PhoneParts, not?: string): string {
  const formats = PHONE_FORMATS[p.country].filter(([format]) => format(p.prefix, p.local) !== not);
  return weighted(g, formats)(p.prefix, p.local);
}

/** "jürgen", "Müller-Lüdenscheidt" → "juergen", "mueller-luedenscheidt": how Germans write names in addresses. */
export const mailWord = (s: string) => transliterateGerman(s).replace(/[^a-z0-9-]/g, '');

/** An address at `domain` made from the name, the way people make them, that no one else in the demo has. */
export function uniqueEmail(g: Gen, first: string, last: string, domain: string): string {
  const f = mailWord(first);
  const l = mailWord(last);
  const local = weighted(g, [
    [`${f}.${l}`, 6], [`${f.charAt(0)}.${l}`, 2], [`${f}${l}`, 1], [`${l}.${f}`, 1], [`${f}_${l}`, 1], [`${f}.${l}${int(g, 10, 99)}`, 1],
  ] as const);
  for (let n = 1; ; n++) {
    const email = `${n === 1 ? local : `${local}${n}`}@${domain}`;
    if (g.usedEmails.has(email)) continue;
    g.usedEmails.add(email);
    return email;
  }
}

/** A surname as common in the country: mostly the frequent ones, some from faker for variety. */
export function surname(g: Gen, country: Country): string {
  const f = g.byCountry[country];
  switch (country) {
    case 'DE': return chance(g, 0.7) ? pick(g, GERMAN_SURNAMES) : f.person.lastName();
    case 'AT': case 'CH': return chance(g, 0.5) ? pick(g, GERMAN_SURNAMES) : f.person.lastName();
    case 'GB': return chance(g, 0.8) ? pick(g, BRITISH_SURNAMES) : f.person.lastName();
    case 'US': return chance(g, 0.8) ? pick(g, AMERICAN_SURNAMES) : f.person.lastName();
  }
}

/** "Sanitär Müller & Söhne" → "sanitaer-mueller-soehne". */
export const slug = (s: string) => transliterateGerman(s).replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
