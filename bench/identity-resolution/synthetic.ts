// Synthetic people for the scale run: German and British records from faker, and a second table of corrupted copies
// of most of them (typos, nicknames, umlaut spellings, swapped names, swapped day/month, missing fields, moves,
// e-mail-only and handle-only records) plus new people. Households (same surname and address, different person)
// make hard non-matches. Seeded: the same n and seed give the same data.
import { fakerDE, fakerEN_GB, type Faker } from '@faker-js/faker';
import { transliterateGerman } from '../../server/src/lib/text.ts';
import { randomSource } from '../../server/src/domains/identities/resolution/em.ts';
import { formalNames, nicknameAlternatives } from '../../server/src/domains/identities/resolution/nicknames.ts';
import type { IdentityRecord } from '../../server/src/domains/identities/resolution/types.ts';
import type { Labelled } from './datasets.ts';

interface Person {
  entity: string;
  locale: 'de' | 'en';
  firstName: string;
  lastName: string;
  birthDate: string;
  email: string;
  phone: string;
  street: string;
  houseNumber: string;
  postcode: string;
  city: string;
  handle: string;
}

const FREE_MAIL = { de: ['gmail.com', 'web.de', 'gmx.de', 't-online.de', 'outlook.de'], en: ['gmail.com', 'outlook.com', 'yahoo.co.uk', 'hotmail.co.uk', 'btinternet.com'] };
const FORMAL = formalNames();
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

class Generator {
  private readonly random: () => number;
  // A mailbox or a handle belongs to one person: a taken one gets digits, as providers make people do.
  private readonly taken = new Set<string>();

  constructor(seed: number) {
    this.random = randomSource(seed);
    fakerDE.seed(seed);
    fakerEN_GB.seed(seed + 1);
  }

  chance(p: number): boolean {
    return this.random() < p;
  }

  int(n: number): number {
    return Math.floor(this.random() * n);
  }

  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }

  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += Math.floor(this.random() * 10);
    return s;
  }

  email(first: string, last: string, locale: 'de' | 'en', faker: Faker): string {
    const f = transliterateGerman(first).replace(/[^a-z]/g, '');
    const l = transliterateGerman(last).replace(/[^a-z]/g, '');
    const local = this.pick([`${f}.${l}`, `${f[0]}${l}`, `${f}${l}${this.digits(2)}`, `${f}_${l}`, `${l}.${f}`, `${f}${this.digits(3)}`, `${f[0]}.${l}`]);
    const domain = this.chance(0.6) ? this.pick(FREE_MAIL[locale]) : faker.internet.domainName();
    return this.unique(local, `@${domain}`);
  }

  unique(stem: string, suffix = ''): string {
    // Dots do not make another mailbox at Gmail, nor another handle for a reader.
    const key = (v: string) => v.replace(/[._]/g, '');
    let value = stem + suffix;
    while (this.taken.has(key(value))) value = `${stem}${this.digits(2)}${suffix}`;
    this.taken.add(key(value));
    return value;
  }

  person(entity: string, household?: Person): Person {
    const locale = this.chance(0.5) ? 'de' : 'en';
    const faker = locale === 'de' ? fakerDE : fakerEN_GB;
    // Some formal names, so that nicknames (Bill for William, Sepp for Josef) occur.
    const firstName = this.chance(0.12) ? capital(this.pick(FORMAL)) : faker.person.firstName();
    const lastName = household?.lastName ?? faker.person.lastName();
    const birthDate = faker.date.birthdate({ mode: 'age', min: 18, max: 90, refDate: '2026-01-01T00:00:00Z' }).toISOString().slice(0, 10);
    return {
      entity, locale, firstName, lastName, birthDate,
      email: this.email(firstName, lastName, locale, faker),
      phone: locale === 'de' ? `+491${this.pick(['5', '6', '7'])}${this.digits(9)}` : `+447${this.digits(9)}`,
      street: household?.street ?? faker.location.street(),
      houseNumber: household?.houseNumber ?? faker.location.buildingNumber(),
      postcode: household?.postcode ?? faker.location.zipCode(),
      city: household?.city ?? faker.location.city(),
      handle: this.unique(`${transliterateGerman(firstName).replace(/[^a-z]/g, '')}${this.pick(['_', '.', ''])}${transliterateGerman(lastName).replace(/[^a-z]/g, '')}${this.chance(0.5) ? this.digits(2) : ''}`),
    };
  }

  typo(s: string): string {
    if (s.length < 3) return s;
    const i = 1 + Math.floor(this.random() * (s.length - 2));
    const letter = 'abcdefghijklmnopqrstuvwxyz'[Math.floor(this.random() * 26)]!;
    switch (Math.floor(this.random() * 4)) {
      case 0: return s.slice(0, i) + letter + s.slice(i + 1);
      case 1: return s.slice(0, i) + s.slice(i + 1);
      case 2: return s.slice(0, i) + letter + s.slice(i);
      default: return s.slice(0, i - 1) + s[i] + s[i - 1] + s.slice(i + 1);
    }
  }

  /** Müller → Mueller or Muller; Straße → Strasse. */
  umlauts(s: string): string {
    const plain = this.chance(0.5);
    return s.replace(/[äöüÄÖÜß]/g, (c) => {
      const lower = c.toLowerCase();
      const out = lower === 'ß' ? 'ss' : plain ? { ä: 'a', ö: 'o', ü: 'u' }[lower]! : { ä: 'ae', ö: 'oe', ü: 'ue' }[lower]!;
      return c === lower ? out : capital(out);
    });
  }

  /** The person as a record, in the clean form (left table) or corrupted (right table). */
  record(p: Person, id: string, corrupt: boolean): IdentityRecord {
    const faker = p.locale === 'de' ? fakerDE : fakerEN_GB;
    let first = p.firstName;
    let last = p.lastName;
    let birth = p.birthDate;
    let email: string | null = p.email;
    let phone: string | null = p.phone;
    let street = p.street;
    let houseNumber = p.houseNumber;
    let postcode = p.postcode;
    let city = p.city;
    let handle: string | null = null;
    if (corrupt) {
      const nick = nicknameAlternatives(transliterateGerman(first));
      if (nick.length > 0 && this.chance(0.4)) first = capital(this.pick(nick));
      if (this.chance(0.12)) first = this.typo(first);
      if (this.chance(0.12)) last = this.typo(last);
      if (/[äöüß]/i.test(first + last) && this.chance(0.6)) [first, last] = [this.umlauts(first), this.umlauts(last)];
      if (this.chance(0.03)) [first, last] = [last, first];
      const [y, m, d] = birth.split('-');
      if (Number(d) <= 12 && this.chance(0.05)) birth = `${y}-${d}-${m}`;
      else if (this.chance(0.05)) birth = `${y}-${m}-${String(Math.min(28, Math.max(1, Number(d) + (this.chance(0.5) ? 1 : -1)))).padStart(2, '0')}`;
      if (this.chance(0.1)) email = this.email(first, last, p.locale, faker);
      else if (this.chance(0.05)) email = this.typo(email);
      if (this.chance(0.1)) [street, houseNumber, postcode, city] = [faker.location.street(), faker.location.buildingNumber(), faker.location.zipCode(), faker.location.city()];
      else if (this.chance(0.05)) postcode = this.typo(postcode);
      if (this.chance(0.3)) street = street.replace(/straße\b/i, 'str.').replace(/Street\b/, 'St');
      if (this.chance(0.03)) phone = `${phone.slice(0, -1)}${this.digits(1)}`;
      if (this.chance(0.3)) handle = this.chance(0.8) ? `@${p.handle}` : `@${this.typo(p.handle)}`;
    }
    const missing = (q: number) => this.chance(corrupt ? q : q / 2);
    const record: IdentityRecord = {
      id,
      firstName: missing(0.05) ? null : first,
      lastName: missing(0.05) ? null : last,
      birthDate: missing(0.3) ? null : birth,
      emails: email && !missing(0.25) ? [email] : [],
      phones: phone && !missing(0.5) ? [phone] : [],
      street: missing(0.25) ? null : street,
      houseNumber: missing(0.3) ? null : houseNumber,
      postcode: missing(0.25) ? null : postcode,
      city: missing(0.2) ? null : city,
      country: p.locale === 'de' ? 'DE' : 'GB',
      handle,
      network: handle ? 'x' : null,
    };
    // A social identity: a handle or an e-mail and nothing else.
    if (corrupt && this.chance(0.02)) {
      return { id, emails: handle ? [] : [p.email], handle: handle ?? null, network: handle ? 'x' : null, fullName: this.chance(0.5) ? `${first} ${last[0]}.` : null };
    }
    return record;
  }
}

/**
 * `n` people in the left table and `n` records in the right one: `overlap` of them corrupted copies of left people
 * (in random order), the rest new people.
 */
export function syntheticLink(n: number, seed = 7, overlap = 0.8): { left: Labelled[]; right: Labelled[] } {
  const g = new Generator(seed);
  const people: Person[] = [];
  for (let i = 0; i < n; i++) {
    const household = i > 0 && g.chance(0.05) ? people[i - 1] : undefined;
    people.push(g.person(`e${i}`, household));
  }
  const left = people.map((p, i) => ({ entity: p.entity, record: g.record(p, `L${i}`, false) }));
  const copies = Math.round(n * overlap);
  const order = people.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = g.int(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const right: Labelled[] = [];
  for (let k = 0; k < n; k++) {
    const p = k < copies ? people[order[k]!]! : g.person(`n${k}`);
    right.push({ entity: p.entity, record: g.record(p, `R${k}`, k < copies) });
  }
  return { left, right };
}
