/**
 * The demo workspace of Wärmewerk Heiztechnik GmbH, a German maker of heat pumps, gas condensing boilers, pellet
 * boilers and solar thermal systems: staff, teams, custom fields, partner companies, people, notes and tasks.
 *
 * Deterministic: the same seed and the same `now` give the same data, so a demo, a screenshot or a benchmark can be
 * made again. Plain objects with indexes instead of ids; the seeder (demo.ts) assigns ids and writes them.
 * Random building blocks live in demo-generator.ts, word lists in demo-vocabulary.ts, notes and tasks in
 * demo-activity.ts.
 */
import type { Language, Role } from '@parley/contracts/common';
import type { AddressEntry, ContactInput, EmailEntry, LifecycleStage, PhoneEntry } from '@parley/contracts/contacts';
import { makeNotes, makeTasks } from './demo-activity.ts';
import {
  DAY, YEAR, address, between, chance, createGenerator, formatPhone, int, isoDate, landline, mailWord, mobile, pick, pickPlace, slug,
  surname, uniqueEmail, weighted, type Gen, type PhoneParts,
} from './demo-generator.ts';
import {
  COMMERCIAL_STREETS, COMPANY_PATTERNS, COMPANY_SIZES, COMPANY_TAGS, DEMO_CUSTOM_FIELDS, DEMO_TEAMS, DEMO_USERS, ENGLISH_JOB_TITLES,
  INDUSTRIES, JOB_TITLES, MAIL_DOMAINS, STAFF, type CompanyKind, type Country, type Place,
} from './demo-vocabulary.ts';

export interface LocalizedLabel {
  de: string;
  en: string;
}

export interface DemoUser {
  name: string;
  email: string;
  role: Role;
  language: Language;
  jobTitle: string;
}

export interface DemoTeam {
  name: string;
  description: string;
  /** Indexes into `users`. */
  memberIndexes: number[];
}

export type CustomFieldType = 'text' | 'number' | 'date' | 'boolean' | 'select' | 'multi_select' | 'url' | 'email' | 'phone';

export interface DemoCustomField {
  key: string;
  label: LocalizedLabel;
  type: CustomFieldType;
  options?: { value: string; label: LocalizedLabel }[];
  appliesTo: 'contact' | 'company';
}

export type CompanySize = (typeof COMPANY_SIZES)[number];

/** A company in the fields of `CompanyInput`, with its owner as an index into `users`. */
export interface DemoCompany {
  name: string;
  domain: string;
  website: string;
  /** Missing only when a town's block of fictional numbers is used up. */
  phone?: string;
  industry: string;
  size: CompanySize;
  addresses: AddressEntry[];
  tags: string[];
  custom: Record<string, unknown>;
  ownerIndex?: number;
  createdAt: Date;
}

/** A person in the fields of `ContactInput`, with company and owner as indexes into `companies` and `users`. */
export type DemoContact = Omit<ContactInput, 'companyId' | 'companyName' | 'ownerId' | 'note'> & {
  emails: EmailEntry[];
  phones: PhoneEntry[];
  addresses: AddressEntry[];
  tags: string[];
  custom: Record<string, unknown>;
  companyIndex?: number;
  ownerIndex?: number;
  createdAt: Date;
};

export interface DemoNote {
  contactIndex: number;
  authorIndex: number;
  body: string;
  createdAt: Date;
}

export interface DemoTask {
  title: string;
  contactIndex: number;
  assigneeIndex: number;
  createdByIndex: number;
  status: 'open' | 'done';
  dueAt: Date;
  createdAt: Date;
  completedAt?: Date;
}

export interface DemoData {
  users: DemoUser[];
  teams: DemoTeam[];
  customFields: DemoCustomField[];
  companies: DemoCompany[];
  contacts: DemoContact[];
  notes: DemoNote[];
  tasks: DemoTask[];
}

export interface DemoDataOptions {
  /** People, near-duplicates included (default 5000). */
  contacts?: number;
  /** Default 300. */
  companies?: number;
  seed?: number;
  /** The moment the data is made for: creation dates lie before it, task due dates around it. Default: now. */
  now?: Date;
}

/** Generates the demo workspace's data; the same options give the same data. */
export function generateDemoData(options: DemoDataOptions = {}): DemoData {
  const { contacts: contactCount = 5000, companies: companyCount = 300, seed = 20_26, now = new Date() } = options;
  const g = createGenerator(seed, now);

  const companies: CompanyDraft[] = [];
  for (let i = 0; i < companyCount; i++) companies.push(makeCompany(g));

  // About 40 of the people are entered a second time, so that the duplicate finder has something to show.
  const duplicateCount = Math.min(40, Math.floor(contactCount / 50));
  const people: PersonDraft[] = [];
  for (let i = 0; i < contactCount - duplicateCount; i++) people.push(makePerson(g, i, companies));
  people.push(...makeNearDuplicates(g, people, duplicateCount));
  const contacts = people.map((p) => p.contact);

  return {
    users: DEMO_USERS.map((u) => ({ ...u })),
    teams: DEMO_TEAMS.map((t) => ({ ...t, memberIndexes: [...t.memberIndexes] })),
    customFields: structuredClone(DEMO_CUSTOM_FIELDS) as DemoCustomField[],
    companies: companies.map((c) => c.company),
    contacts,
    notes: makeNotes(g, contacts),
    tasks: makeTasks(g, contacts),
  };
}

// Companies

interface CompanyDraft {
  company: DemoCompany;
  country: Country;
  kind: CompanyKind;
  place: Place;
}

const COMPANY_KIND_WEIGHTS: readonly (readonly [CompanyKind, number])[] = [
  ['installer', 55], ['wholesaler', 10], ['housing', 13], ['property', 12], ['planner', 10],
];

const SIZE_WEIGHTS: Record<CompanyKind, readonly number[]> = {
  installer: [60, 35, 5, 0, 0],
  wholesaler: [0, 20, 50, 20, 10],
  housing: [10, 50, 30, 10, 0],
  property: [60, 35, 5, 0, 0],
  planner: [75, 25, 0, 0, 0],
};

function makeCompany(g: Gen): CompanyDraft {
  const country = weighted(g, [['DE', 85], ['AT', 6], ['CH', 5], ['GB', 4]] as const);
  const patterns = COMPANY_PATTERNS[country];
  const kind = weighted(g, COMPANY_KIND_WEIGHTS.filter(([k]) => patterns[k]));
  let place = pickPlace(g, country);
  let named = pick(g, patterns[kind]!)(surname(g, country), surname(g, country), place.city);
  // A second "Müller Haustechnik GmbH" would look like a duplicate that nobody entered: draw again.
  for (let attempt = 0; g.usedCompanyNames.has(named.name) && attempt < 20; attempt++) {
    place = pickPlace(g, country);
    named = pick(g, patterns[kind]!)(surname(g, country), surname(g, country), place.city);
  }
  // After 20 draws (only with thousands of companies) a branch number keeps the name apart.
  let name = named.name;
  for (let n = 2; g.usedCompanyNames.has(name); n++) name = `${named.name} Niederlassung ${n}`;
  g.usedCompanyNames.add(name);
  let domain = `${slug(named.domain)}.example`;
  for (let n = 2; g.usedDomains.has(domain); n++) domain = `${slug(named.domain)}-${n}.example`;
  g.usedDomains.add(domain);

  const createdAt = between(g, g.now.getTime() - 3 * YEAR, g.now.getTime() - 30 * DAY);
  const phone = landline(g, country, place);
  const custom = companyCustom(g, kind, country, domain, place, createdAt);
  const tags = new Set<string>();
  if (custom.partner_tier === 'installer_premium') tags.add('Premium-Partner');
  if (custom.certified_heat_pump_installer === true && chance(g, 0.7)) tags.add('Wärmepumpen-Partner');
  for (const tag of g.f.helpers.arrayElements(COMPANY_TAGS, { min: 0, max: 2 })) tags.add(tag);

  const company: DemoCompany = {
    name,
    domain,
    website: `https://www.${domain}`,
    ...(phone && { phone: formatPhone(g, phone) }),
    industry: INDUSTRIES[kind],
    size: weighted(g, COMPANY_SIZES.map((s, i) => [s, SIZE_WEIGHTS[kind][i]!] as const)),
    addresses: [address(g, country, place, 'work', country === 'DE' ? pick(g, COMMERCIAL_STREETS) : undefined)],
    tags: [...tags],
    custom,
    ownerIndex: chance(g, 0.85) ? pick(g, STAFF.sales) : undefined,
    createdAt,
  };
  return { company, country, kind, place };
}

function companyCustom(g: Gen, kind: CompanyKind, country: Country, domain: string, place: Place, createdAt: Date): Record<string, unknown> {
  const custom: Record<string, unknown> = {};
  const orders = country === 'GB' ? 'orders' : 'bestellung';
  if (kind === 'installer' || kind === 'wholesaler') {
    const premium = kind === 'installer' && chance(g, 0.25);
    custom.partner_tier = kind === 'wholesaler' ? 'wholesale' : premium ? 'installer_premium' : 'installer_standard';
    custom.partner_since = isoDate(between(g, Date.UTC(2008, 0, 1), createdAt));
    custom.units_per_year = kind === 'wholesaler' ? int(g, 500, 5000) : premium ? int(g, 40, 250) : int(g, 5, 60);
    custom.order_email = `${orders}@${domain}`;
    if (kind === 'installer') custom.certified_heat_pump_installer = chance(g, premium ? 0.9 : 0.4);
    if (kind === 'wholesaler') custom.shop_url = `https://shop.${domain}`;
    const hotline = chance(g, 0.5) ? landline(g, country, place) : undefined;
    if (hotline) custom.service_hotline = formatPhone(g, hotline);
  } else if (kind === 'housing') {
    custom.units_per_year = int(g, 10, 120);
  }
  return custom;
}

// People

interface PersonDraft {
  contact: DemoContact;
  country: Country;
  place: Place;
  phones: PhoneParts[];
}

const PRIVATE_COUNTRY_WEIGHTS = [['DE', 62], ['AT', 8], ['CH', 8], ['GB', 12], ['US', 10]] as const;

const STAGE_WEIGHTS: readonly (readonly [LifecycleStage, number])[] = [
  ['subscriber', 12], ['lead', 16], ['qualified_lead', 9], ['opportunity', 8], ['customer', 45], ['advocate', 10],
];

function makePerson(g: Gen, index: number, companies: CompanyDraft[]): PersonDraft {
  const companyIndex = companies.length > 0 && chance(g, 0.4) ? int(g, 0, companies.length - 1) : undefined;
  const employer = companyIndex === undefined ? undefined : companies[companyIndex];
  const country = employer?.country ?? weighted(g, PRIVATE_COUNTRY_WEIGHTS);
  const local = g.byCountry[country];
  const sex = local.person.sexType();
  const firstName = local.person.firstName(sex);
  const lastName = surname(g, country);
  const german = country === 'DE' || country === 'AT' || country === 'CH';
  const language: Language = german && !chance(g, 0.03) ? 'de' : 'en';
  const place = employer && chance(g, 0.7) ? employer.place : pickPlace(g, country);
  const lifecycleStage = weighted(g, STAGE_WEIGHTS);
  // Someone who works for a partner came into the CRM with or after the company.
  const createdAt = between(g, Math.max(g.now.getTime() - 3 * YEAR, employer?.company.createdAt.getTime() ?? 0), g.now);

  const emails: EmailEntry[] = [];
  if (employer && chance(g, 0.9)) emails.push({ value: uniqueEmail(g, firstName, lastName, employer.company.domain), label: 'work' });
  if (employer ? chance(g, 0.25) : chance(g, 0.88)) emails.push({ value: uniqueEmail(g, firstName, lastName, pick(g, MAIL_DOMAINS[country])), label: 'home' });

  const phones: { parts: PhoneParts | undefined; label: string }[] = [];
  if (employer) {
    if (chance(g, 0.7)) phones.push({ parts: landline(g, country, employer.place), label: 'work' });
    if (chance(g, 0.4)) phones.push({ parts: mobile(g, country, place), label: 'mobile' });
  } else {
    const kind = weighted(g, [['mobile', 45], ['home', 30], ['both', 12], ['none', 13]] as const);
    if (kind === 'mobile' || kind === 'both') phones.push({ parts: mobile(g, country, place), label: 'mobile' });
    if (kind === 'home' || kind === 'both') phones.push({ parts: landline(g, country, place), label: 'home' });
  }
  const numbers = phones.flatMap((p) => (p.parts ? [{ parts: p.parts, label: p.label }] : []));

  const addresses = (employer ? chance(g, 0.15) : chance(g, 0.8)) ? [address(g, country, place, 'home')] : [];
  const custom = personCustom(g, index, lifecycleStage, employer !== undefined);
  const tags = personTags(g, lifecycleStage, employer !== undefined, custom);
  const titles = employer && (employer.country === 'GB' ? undefined : JOB_TITLES[employer.kind]);

  const contact: DemoContact = {
    firstName,
    lastName,
    emails,
    phones: numbers.map((n) => ({ value: formatPhone(g, n.parts), label: n.label })),
    addresses,
    ...(employer && { jobTitle: titles ? pick(g, titles)[sex === 'female' ? 1 : 0] : pick(g, ENGLISH_JOB_TITLES) }),
    ...(tags.includes('Influencer') && { website: `https://${mailWord(firstName)}-${mailWord(lastName)}.example/blog` }),
    ...(chance(g, 0.25) && { birthday: isoDate(local.date.birthdate({ mode: 'age', min: 25, max: employer ? 65 : 85 })) }),
    language,
    lifecycleStage,
    tags,
    custom,
    companyIndex,
    ownerIndex: owner(g, lifecycleStage),
    createdAt,
  };
  return { contact, country, place, phones: numbers.map((n) => n.parts) };
}

function owner(g: Gen, stage: LifecycleStage): number | undefined {
  switch (stage) {
    case 'subscriber': return chance(g, 0.4) ? pick(g, STAFF.agents) : undefined;
    case 'lead': case 'qualified_lead': case 'opportunity': return pick(g, chance(g, 0.7) ? STAFF.sales : STAFF.agents);
    case 'customer': case 'advocate': return chance(g, 0.85) ? pick(g, chance(g, 0.7) ? STAFF.agents : STAFF.sales) : undefined;
  }
}

const OUR_SYSTEMS = [['heat_pump_air', 35], ['heat_pump_ground', 8], ['gas_condensing', 25], ['pellet', 10], ['solar_thermal', 7], ['hybrid', 10]] as const;
const FIRST_YEAR: Record<string, number> = { heat_pump_air: 2012, heat_pump_ground: 2010, gas_condensing: 2005, pellet: 2008, solar_thermal: 2006, hybrid: 2018 };
const INTEREST_OPTIONS = ['heat_pump', 'photovoltaics', 'subsidy', 'smart_home', 'solar_thermal'];
const BUILDINGS = [['detached', 6, 110, 260], ['semi_detached', 2, 90, 180], ['terraced', 2, 80, 150], ['apartment_building', 1, 300, 1500]] as const;

/** Custom values that fit the person: customers own a Wärmewerk system, prospects still heat with oil or gas. */
function personCustom(g: Gen, index: number, stage: LifecycleStage, business: boolean): Record<string, unknown> {
  const custom: Record<string, unknown> = {};
  const customer = stage === 'customer' || stage === 'advocate';
  if (customer || (stage === 'opportunity' && chance(g, 0.5))) custom.customer_number = `K-${100_000 + index}`;
  if (business) {
    if (chance(g, 0.4)) custom.interests = g.f.helpers.arrayElements(INTEREST_OPTIONS, { min: 1, max: 2 });
    return custom;
  }
  const thisYear = g.now.getUTCFullYear();
  if (customer) {
    const system = weighted(g, OUR_SYSTEMS);
    custom.heating_system = system;
    custom.installation_year = int(g, FIRST_YEAR[system]!, thisYear);
    custom.maintenance_contract = chance(g, 0.55);
    if (custom.maintenance_contract) custom.next_maintenance = isoDate(new Date(g.now.getTime() + int(g, -20, 330) * DAY));
  } else if (stage !== 'subscriber' && chance(g, 0.7)) {
    custom.heating_system = weighted(g, [['oil', 4], ['gas_condensing', 5], ['pellet', 1]] as const);
    custom.installation_year = int(g, 1985, 2012);
  }
  if ((!customer && chance(g, 0.8)) || chance(g, 0.15)) custom.interests = g.f.helpers.arrayElements(INTEREST_OPTIONS, { min: 1, max: 3 });
  if (custom.heating_system && chance(g, 0.6)) {
    const [building, , min, max] = weighted(g, BUILDINGS.map((b) => [b, b[1]] as const));
    custom.building_type = building;
    custom.heated_area = int(g, min, max);
  }
  return custom;
}

function personTags(g: Gen, stage: LifecycleStage, business: boolean, custom: Record<string, unknown>): string[] {
  const tags: string[] = [];
  const add = (tag: string, probability = 1) => {
    if (chance(g, probability)) tags.push(tag);
  };
  if (business) add('B2B');
  if (custom.maintenance_contract === true) add('Wartungskunde');
  if (Array.isArray(custom.interests) && custom.interests.includes('subsidy')) add('Förderanfrage', 0.6);
  add('Newsletter', stage === 'subscriber' ? 0.9 : 0.3);
  add('Messe 2026', 0.07);
  add('Webinar Wärmepumpe', 0.05);
  if (stage === 'advocate') {
    add('Superfan', 0.5);
    add('Testimonial', 0.2);
  }
  add('Influencer', stage === 'advocate' ? 0.06 : 0.005);
  add('Beschwerde', 0.04);
  if (!business) add(pick(g, ['Neubau', 'Sanierung']), 0.08);
  return tags;
}

// Near-duplicates: the same person entered again, the way it happens

type DuplicateKind = 'email_case' | 'umlaut' | 'phone_format' | 'swapped_names';
const DUPLICATE_KINDS: readonly DuplicateKind[] = ['email_case', 'umlaut', 'phone_format', 'swapped_names'];

const fits: Record<DuplicateKind, (p: PersonDraft) => boolean> = {
  email_case: (p) => p.contact.emails.length > 0,
  umlaut: (p) => /[äöüÄÖÜß]/.test(`${p.contact.firstName}${p.contact.lastName}`) && (p.contact.emails.length > 0 || p.phones.length > 0),
  phone_format: (p) => p.phones.length > 0,
  swapped_names: (p) => p.contact.emails.length > 0,
};

const spellOutUmlauts = (s: string | undefined) =>
  s?.replace(/[äöüÄÖÜß]/g, (c) => ({ ä: 'ae', ö: 'oe', ü: 'ue', Ä: 'Ae', Ö: 'Oe', Ü: 'Ue', ß: 'ss' })[c] ?? c);

/** "hans.mueller@mail.example" → "Hans.Mueller@Mail.Example" or "HANS.MUELLER@MAIL.EXAMPLE". */
function otherCase(g: Gen, email: string): string {
  if (chance(g, 0.3)) return email.toUpperCase();
  return email.replace(/(^|[.@_-])([a-z])/g, (_, sep: string, letter: string) => sep + letter.toUpperCase());
}

function makeNearDuplicates(g: Gen, people: PersonDraft[], count: number): PersonDraft[] {
  const used = new Set<number>();
  const duplicates: PersonDraft[] = [];
  for (let d = 0; d < count; d++) {
    const kind = DUPLICATE_KINDS[d % DUPLICATE_KINDS.length]!;
    let index = -1;
    for (let attempt = 0; attempt < 500 && index < 0; attempt++) {
      const candidate = int(g, 0, people.length - 1);
      if (!used.has(candidate) && fits[kind](people[candidate]!)) index = candidate;
    }
    if (index < 0) continue;
    used.add(index);
    duplicates.push(nearDuplicate(g, people[index]!, kind));
  }
  return duplicates;
}

/** The second record of a person: fewer fields (a form, an import), and one thing written differently. */
function nearDuplicate(g: Gen, original: PersonDraft, kind: DuplicateKind): PersonDraft {
  const o = original.contact;
  const contact: DemoContact = {
    firstName: o.firstName,
    lastName: o.lastName,
    emails: o.emails.slice(0, 1).map((e) => ({ ...e })),
    phones: [],
    addresses: o.addresses.map((a) => ({ ...a })),
    language: o.language,
    lifecycleStage: chance(g, 0.5) ? 'subscriber' : 'lead',
    tags: chance(g, 0.6) ? ['Newsletter'] : [],
    custom: {},
    createdAt: between(g, o.createdAt, g.now),
  };
  let phones: PhoneParts[] = [];
  switch (kind) {
    case 'email_case':
      contact.emails = contact.emails.map((e) => ({ ...e, value: otherCase(g, e.value) }));
      break;
    case 'umlaut':
      contact.firstName = spellOutUmlauts(o.firstName);
      contact.lastName = spellOutUmlauts(o.lastName);
      phones = original.phones.slice(0, 1);
      contact.phones = phones.map((p, i) => ({ value: formatPhone(g, p, o.phones[i]?.value), label: o.phones[i]?.label }));
      break;
    case 'phone_format':
      contact.emails = [];
      phones = original.phones.slice(0, 1);
      contact.phones = phones.map((p, i) => ({ value: formatPhone(g, p, o.phones[i]?.value), label: o.phones[i]?.label }));
      break;
    case 'swapped_names':
      contact.firstName = o.lastName;
      contact.lastName = o.firstName;
      break;
  }
  return { contact, country: original.country, place: original.place, phones };
}
