import { z } from 'zod';
import { FIELD_TARGETS } from '@parley/contracts/imports';
import { LIMITS } from '@parley/contracts/limits';

/** The tools whose export formats are recognised; 'generic' is any other spreadsheet. */
export const PRESETS = ['google', 'google_legacy', 'hubspot', 'salesforce', 'zoho', 'outlook', 'generic'] as const;
export const Preset = z.enum(PRESETS);
export type Preset = z.infer<typeof Preset>;

export { FIELD_TARGETS };
export type FieldTarget = (typeof FIELD_TARGETS)[number];

export const ColumnTarget = z.union([z.enum(FIELD_TARGETS), z.templateLiteral(['custom:', z.string().min(1).max(64)])]);
export type ColumnTarget = z.infer<typeof ColumnTarget>;

/** One column of the file and what to do with it. */
export const ColumnMapping = z.object({
  /** Zero-based position in the header row. */
  index: z.number().int().min(0),
  /** The header as it appears in the file; the import refuses a file whose header differs. */
  header: z.string().max(1000),
  target: ColumnTarget,
  /** Columns of one kind with the same group form one entry, e.g. "E-mail 2 - Label" and "E-mail 2 - Value". */
  group: z.number().int().min(1).max(1000).optional(),
  /** A label the header itself implies, e.g. 'mobile' for "Mobile Phone". */
  label: z.string().trim().max(LIMITS.shortText).optional(),
});
export type ColumnMapping = z.infer<typeof ColumnMapping>;

/** A whole mapping, as the client sends it back after the user has edited it. */
export const ColumnMappings = z
  .array(ColumnMapping)
  .max(1000)
  .refine((cols) => new Set(cols.map((c) => c.index)).size === cols.length, 'Each column may be mapped only once');

/** Lower case, without accents, spaces or punctuation: "E-Mail 2: Adresse" -> "email2adresse", "Straße" -> "strasse". */
export function normalizeHeader(header: string): string {
  return header.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/ß/g, 'ss').replace(/[^a-z0-9]/g, '');
}

interface Rule {
  target: FieldTarget;
  /** Columns of one kind with the same slot form one entry; by default each column is its own entry. */
  slot?: string;
  label?: string;
}

type AliasList = readonly (readonly [headers: readonly string[], rule: Rule])[];

function aliasTable(list: AliasList): Map<string, Rule> {
  const table = new Map<string, Rule>();
  for (const [headers, rule] of list) for (const h of headers) table.set(normalizeHeader(h), rule);
  return table;
}

const addr = (target: FieldTarget, slot: string, label?: string): Rule => ({ target, slot, label });

// Address columns of Outlook (English and German), Salesforce and Zoho, grouped by the address they belong to.
const ADDRESS_GROUPS: AliasList = [
  [['Business Street', 'Straße geschäftlich'], addr('address.street', 'business', 'work')],
  [['Business Street 2', 'Business Street 3', 'Straße geschäftlich 2', 'Straße geschäftlich 3'],
    addr('address.extended', 'business', 'work')],
  [['Business City', 'Ort geschäftlich'], addr('address.city', 'business', 'work')],
  [['Business State', 'Region geschäftlich', 'Bundesland/Kanton geschäftlich'], addr('address.region', 'business', 'work')],
  [['Business Postal Code', 'Postleitzahl geschäftlich', 'PLZ geschäftlich'], addr('address.postalCode', 'business', 'work')],
  [['Business Country', 'Business Country/Region', 'Land geschäftlich', 'Land/Region geschäftlich'],
    addr('address.country', 'business', 'work')],
  [['Home Street', 'Straße privat'], addr('address.street', 'home', 'home')],
  [['Home Street 2', 'Home Street 3', 'Straße privat 2', 'Straße privat 3'], addr('address.extended', 'home', 'home')],
  [['Home City', 'Ort privat'], addr('address.city', 'home', 'home')],
  [['Home State', 'Region privat', 'Bundesland/Kanton privat'], addr('address.region', 'home', 'home')],
  [['Home Postal Code', 'Postleitzahl privat', 'PLZ privat'], addr('address.postalCode', 'home', 'home')],
  [['Home Country', 'Home Country/Region', 'Land privat', 'Land/Region privat'], addr('address.country', 'home', 'home')],
  [['Other Street', 'Weitere Straße'], addr('address.street', 'other', 'other')],
  [['Other Street 2', 'Other Street 3', 'Weitere Straße 2', 'Weitere Straße 3'], addr('address.extended', 'other', 'other')],
  [['Other City', 'Weiterer Ort'], addr('address.city', 'other', 'other')],
  [['Other State', 'Weiteres/r Bundesland/Kanton'], addr('address.region', 'other', 'other')],
  [['Other Postal Code', 'Other Zip', 'Weitere Postleitzahl'], addr('address.postalCode', 'other', 'other')],
  [['Other Country', 'Other Country/Region', 'Weiteres Land', 'Weiteres/e Land/Region'], addr('address.country', 'other', 'other')],
  // Salesforce ("MailingStreet", "Mailing Zip/Postal Code" in reports) and Zoho ("Mailing Zip").
  [['Mailing Street'], addr('address.street', 'mailing')],
  [['Mailing City'], addr('address.city', 'mailing')],
  [['Mailing State', 'Mailing State/Province'], addr('address.region', 'mailing')],
  [['Mailing Postal Code', 'Mailing Zip', 'Mailing Zip/Postal Code'], addr('address.postalCode', 'mailing')],
  [['Mailing Country'], addr('address.country', 'mailing')],
];

// Headers that mean the same in every export. Written as they appear in files; matching ignores case and punctuation.
const COMMON = aliasTable([
  [['First Name', 'Firstname', 'Given Name', 'Forename', 'Vorname', 'Rufname'], { target: 'firstName' }],
  [['Last Name', 'Lastname', 'Surname', 'Family Name', 'Nachname', 'Familienname', 'Zuname'], { target: 'lastName' }],
  [['Name', 'Full Name', 'Display Name', 'Contact Name', 'Vollständiger Name', 'Anzeigename', 'Kontaktname'], { target: 'fullName' }],
  [['Company', 'Company Name', 'Organization', 'Organisation', 'Organization Name', 'Account Name', 'Associated Company',
    'Firma', 'Firmenname', 'Unternehmen', 'Arbeitgeber', 'Employer'], { target: 'companyName' }],
  [['Job Title', 'Title', 'Position', 'Organization Title', 'Jobtitel', 'Funktion', 'Berufsbezeichnung',
    'Stellenbezeichnung'], { target: 'jobTitle' }],
  [['Email', 'E-Mail', 'Mail', 'Email Address', 'E-mail Address', 'E-Mail-Adresse', 'Primary Email'], { target: 'email', slot: '1' }],
  [['Secondary Email', 'Additional Email'], { target: 'email', slot: '2' }],
  [['Work Email', 'Business Email', 'E-Mail geschäftlich', 'E-Mail (geschäftlich)'], { target: 'email', label: 'work' }],
  [['Home Email', 'Personal Email', 'Private Email', 'E-Mail privat', 'E-Mail (privat)'], { target: 'email', label: 'home' }],
  [['Phone', 'Phone Number', 'Telephone', 'Tel', 'Telefon', 'Telefonnummer', 'Primary Phone', 'Haupttelefon'], { target: 'phone' }],
  [['Mobile', 'Mobile Phone', 'Mobile Phone Number', 'Mobile 2', 'Cell', 'Cell Phone', 'Mobil', 'Mobiltelefon',
    'Mobiltelefon 2', 'Mobilnummer', 'Handy', 'Handynummer'], { target: 'phone', label: 'mobile' }],
  [['Work Phone', 'Business Phone', 'Business Phone 2', 'Office Phone', 'Company Main Phone', 'Telefon geschäftlich',
    'Telefon geschäftlich 2', 'Telefon (geschäftlich)', 'Telefon Firma'], { target: 'phone', label: 'work' }],
  [['Home Phone', 'Home Phone 2', 'Private Phone', 'Telefon privat', 'Telefon privat 2', 'Telefon (privat)',
    'Telefon (privat 2)'], { target: 'phone', label: 'home' }],
  [['Other Phone', 'Weiteres Telefon'], { target: 'phone', label: 'other' }],
  [['Fax', 'Telefax', 'Faxnummer', 'Business Fax', 'Home Fax', 'Other Fax', 'Fax geschäftlich', 'Fax privat',
    'Weiteres Fax'], { target: 'phone', label: 'fax' }],
  [['Street', 'Street Address', 'Address', 'Address Line 1', 'Straße', 'Strasse', 'Str.', 'Adresse', 'Anschrift',
    'Straße und Hausnummer'], addr('address.street', 'main')],
  [['House Number', 'Street Number', 'Hausnummer', 'Hausnr.'], addr('address.houseNumber', 'main')],
  [['Address Line 2', 'Street 2', 'Adresszusatz', 'Zusatz'], addr('address.extended', 'main')],
  [['Postal Code', 'Postcode', 'Zip', 'ZIP Code', 'PLZ', 'Postleitzahl'], addr('address.postalCode', 'main')],
  [['City', 'Town', 'Ort', 'Stadt', 'Wohnort'], addr('address.city', 'main')],
  [['State', 'Region', 'State/Region', 'State/Province', 'Province', 'Bundesland', 'Kanton'], addr('address.region', 'main')],
  [['Country', 'Country/Region', 'Land', 'Staat'], addr('address.country', 'main')],
  ...ADDRESS_GROUPS,
  [['Website', 'Web Site', 'Website URL', 'Web Page', 'Webseite', 'Web-Seite', 'Homepage', 'URL', 'Internet', 'Web',
    'Internetseite'], { target: 'website' }],
  [['Birthday', 'Birthdate', 'Date of Birth', 'DOB', 'Geburtstag', 'Geburtsdatum'], { target: 'birthday' }],
  [['Notes', 'Note', 'Comment', 'Comments', 'Description', 'Notiz', 'Notizen', 'Kommentar', 'Bemerkung', 'Bemerkungen',
    'Anmerkung', 'Anmerkungen', 'Beschreibung'], { target: 'note' }],
  [['Tags', 'Tag', 'Labels', 'Categories', 'Category', 'Group Membership', 'Groups', 'Keywords', 'Schlagwörter',
    'Schlagworte', 'Stichwörter', 'Kategorien', 'Kategorie', 'Gruppen'], { target: 'tags' }],
  [['Lifecycle Stage', 'Lifecycle', 'Lebenszyklusphase', 'Lebenszyklus'], { target: 'lifecycleStage' }],
  [['Language', 'Preferred Language', 'Sprache'], { target: 'language' }],
  [['Owner', 'Contact Owner', 'Owner Email', 'Kontaktinhaber', 'Besitzer', 'Betreuer', 'Zuständig', 'Verantwortlich'],
    { target: 'owner' }],
]);

const ADDRESS_PARTS: Record<string, FieldTarget> = {
  street: 'address.street', extended: 'address.extended', extendedaddress: 'address.extended',
  city: 'address.city', region: 'address.region', postalcode: 'address.postalCode', country: 'address.country',
  label: 'address.label', type: 'address.label',
};

// Numbered column groups: Google's "E-mail 2 - Value", Outlook's "E-mail 2 Address", "Telefon 2", "Address 1 - City".
const NUMBERED: readonly [RegExp, (n: string, part: string) => Rule][] = [
  [/^e?mail(\d+)(value|address|adresse)?$/, (n) => ({ target: 'email', slot: n })],
  [/^e?mail(\d+)(label|type|typ)$/, (n) => ({ target: 'email.label', slot: n })],
  [/^(?:phone|telefon|tel)(\d+)(value|number|nummer)?$/, (n) => ({ target: 'phone', slot: n })],
  [/^(?:phone|telefon)(\d+)(label|type|typ)$/, (n) => ({ target: 'phone.label', slot: n })],
  [/^address(\d+)(street|extended|extendedaddress|city|region|postalcode|country|label|type)$/, (n, part) => ({
    target: ADDRESS_PARTS[part]!, slot: n,
  })],
  [/^website(\d+)(value)?$/, () => ({ target: 'website' })],
  [/^organization(\d+)(name|title)$/, (n, part) => ({ target: n !== '1' ? 'ignore' : part === 'name' ? 'companyName' : 'jobTitle' })],
];

const ignore: Rule = { target: 'ignore' };

// Where a tool uses a common header for something else.
const OVERRIDES: Partial<Record<Preset, Map<string, Rule>>> = {
  outlook: aliasTable([
    // Outlook's "Title" is the salutation, its German "Ort" the meeting location, "E-mail Type" is always "SMTP".
    [['Title', 'Ort', 'E-mail Type', 'E-mail 2 Type', 'E-mail 3 Type', 'E-Mail-Typ', 'E-Mail 2: Typ', 'E-Mail 3: Typ'], ignore],
  ]),
  salesforce: aliasTable([[['Phone'], { target: 'phone', label: 'work' }]]),
};

// Headers only one tool writes. Two of them present make the preset.
const SIGNATURES: readonly [Preset, readonly string[]][] = [
  ['google', ['Phonetic First Name', 'Phonetic Last Name', 'File As', 'Organization Name', 'Organization Title',
    'Organization Department', 'Labels', 'E-mail 1 - Label', 'Phone 1 - Label']],
  ['google_legacy', ['Additional Name', 'Yomi Name', 'Given Name Yomi', 'Family Name Yomi', 'Short Name',
    'Group Membership', 'E-mail 1 - Type', 'Phone 1 - Type', 'Organization 1 - Name']],
  ['hubspot', ['Contact owner', 'Lead Status', 'Marketing contact status', 'Associated Company',
    'Primary Associated Company ID', 'Create Date', 'Phone Number', 'Mobile Phone Number', 'Lifecycle Stage']],
  ['salesforce', ['AccountId', 'IsDeleted', 'MasterRecordId', 'MailingPostalCode', 'OtherPostalCode', 'OwnerId',
    'ReportsToId', 'SystemModstamp', 'CreatedById', 'Mailing Zip/Postal Code', 'Mailing State/Province']],
  ['zoho', ['Account Name.id', 'Contact Owner.id', 'Mailing Zip', 'Other Zip', 'Secondary Email', 'Email Opt Out',
    'Created Time', 'Modified Time']],
  // Only headers a hand-made spreadsheet would hardly use: detecting Outlook changes what "Title" and "Ort" mean.
  ['outlook', ['E-mail Display Name', 'E-mail 2 Address', 'Internet Free Busy', 'Business Street 2', 'Home Street 2',
    'Company Main Phone', 'Car Phone', 'Radio Phone', 'TTY/TDD Phone', 'Government ID Number', 'Organizational ID Number',
    'E-Mail 2: Adresse', 'E-Mail: Angezeigter Name', 'Internet Frei/Gebucht', 'Weitere Vornamen',
    'Postleitzahl geschäftlich', 'Straße geschäftlich 2', 'Telefon für Hörbehinderte', 'Autotelefon']],
];
const SIGNATURE_SETS = SIGNATURES.map(([preset, headers]) => [preset, new Set(headers.map(normalizeHeader))] as const);

/** The tool that most likely wrote a file with these (normalised) headers. */
export function detectPreset(normalized: readonly string[]): Preset {
  let best: Preset = 'generic';
  let bestScore = 1; // one telltale header is not enough
  for (const [preset, signature] of SIGNATURE_SETS) {
    const score = new Set(normalized.filter((h) => signature.has(h))).size;
    if (score > bestScore) [best, bestScore] = [preset, score];
  }
  return best;
}

function ruleFor(normalized: string, preset: Preset): Rule | undefined {
  const rule = OVERRIDES[preset]?.get(normalized) ?? COMMON.get(normalized);
  if (rule) return rule;
  for (const [pattern, make] of NUMBERED) {
    const m = pattern.exec(normalized);
    if (m) return make(m[1]!, m[2] ?? '');
  }
  return undefined;
}

const REPEATABLE_KIND: Partial<Record<FieldTarget, 'email' | 'phone' | 'address'>> = {
  'email': 'email', 'email.label': 'email', 'phone': 'phone', 'phone.label': 'phone',
  'address.label': 'address', 'address.street': 'address', 'address.houseNumber': 'address',
  'address.extended': 'address', 'address.postalCode': 'address', 'address.city': 'address',
  'address.region': 'address', 'address.country': 'address',
};

/** The kind of entry a repeatable target belongs to, or undefined for single-valued targets. */
export function repeatableKind(target: ColumnTarget): 'email' | 'phone' | 'address' | undefined {
  return REPEATABLE_KIND[target as FieldTarget];
}

function customTarget(normalized: string, header: string, customKeys: Map<string, string>): ColumnTarget | undefined {
  // Salesforce marks custom fields with "__c".
  const key = customKeys.get(normalized) ?? customKeys.get(normalizeHeader(header.replace(/__c$/i, '')));
  return key === undefined ? undefined : `custom:${key}`;
}

/** Suggests a target for each column of a header row: recognises the exporting tool and maps what it knows. */
export function suggestMapping(headers: string[], customFieldKeys: string[]): { preset: Preset; columns: ColumnMapping[] } {
  const normalized = headers.map(normalizeHeader);
  const preset = detectPreset(normalized);
  const customKeys = new Map(customFieldKeys.map((k) => [normalizeHeader(k), k]));

  const suggested = headers.map((header, index) => {
    const rule = ruleFor(normalized[index]!, preset) ?? ignore;
    const target = rule.target === 'ignore' ? customTarget(normalized[index]!, header, customKeys) ?? 'ignore' : rule.target;
    const kind = repeatableKind(target);
    // Columns sharing a slot form one entry.
    return { index, header, target, rule, slot: kind && `${kind}:${rule.slot ?? `#${index}`}` };
  });
  // Entries are numbered per kind in the order they first appear, except that "other" addresses and fax numbers
  // go last: the first entry is the primary one.
  const slots = [...new Map(suggested.filter((s) => s.slot).map((s) => [s.slot!, s.rule.label])).entries()];
  const secondary = (label: string | undefined) => label === 'other' || label === 'fax';
  slots.sort(([, a], [, b]) => Number(secondary(a)) - Number(secondary(b)));
  const groups = new Map<string, number>();
  const counters = new Map<string, number>();
  for (const [slot] of slots) {
    const kind = slot.slice(0, slot.indexOf(':'));
    const group = (counters.get(kind) ?? 0) + 1;
    counters.set(kind, group);
    groups.set(slot, group);
  }
  const columns = suggested.map(({ index, header, target, rule, slot }): ColumnMapping =>
    slot ? { index, header, target, group: groups.get(slot)!, ...(rule.label ? { label: rule.label } : {}) } : { index, header, target });

  // "Name" beside first and last name is the display name; beside only a first name it is the surname ("Vorname; Name").
  const has = (t: ColumnTarget) => columns.some((c) => c.target === t);
  const [hasFirst, hasLast] = [has('firstName'), has('lastName')];
  for (const c of columns) {
    if (c.target !== 'fullName') continue;
    if (hasFirst && !hasLast) c.target = 'lastName';
    else if (hasFirst || hasLast) c.target = 'ignore';
  }
  return { preset, columns };
}
