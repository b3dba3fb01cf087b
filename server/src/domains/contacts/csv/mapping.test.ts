import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { expect, test } from 'vitest';
import { ColumnMappings, normalizeHeader, suggestMapping, type ColumnMapping, type Preset } from './mapping.ts';
import { hasSharedData, sharedData } from '../../../testing/shared-data.ts';

// Header rows of real exports, collected in the shared data folder (see its SOURCE.md); read, never copied.
const HEADERS_URL = sharedData('crm-export-headers/headers.json');
const withHeaders = test.runIf(hasSharedData);
const exportsFile = (hasSharedData ? JSON.parse(readFileSync(HEADERS_URL, 'utf8')) : {}) as Record<string, { header?: string; header_prefix?: string }>;
const headerRow = (key: string): string[] => {
  const entry = exportsFile[key];
  if (!entry) throw new Error(`${key} missing from ${fileURLToPath(HEADERS_URL)}`);
  return (parse(entry.header ?? entry.header_prefix ?? '') as string[][])[0]!;
};

// Outlook is not in the shared file: its English and German headers as Outlook writes them.
const OUTLOOK = ['Title', 'First Name', 'Middle Name', 'Last Name', 'Suffix', 'Company', 'Department', 'Job Title',
  'Business Street', 'Business Street 2', 'Business Street 3', 'Business City', 'Business State', 'Business Postal Code',
  'Business Country/Region', 'Home Street', 'Home City', 'Home Postal Code', 'Home Country/Region', 'Business Fax',
  'Business Phone', 'Company Main Phone', 'Home Phone', 'Mobile Phone', 'Car Phone', 'Birthday', 'Categories',
  'E-mail Address', 'E-mail Type', 'E-mail Display Name', 'E-mail 2 Address', 'E-mail 2 Type', 'Internet Free Busy',
  'Notes', 'Web Page'];
const OUTLOOK_DE = ['Anrede', 'Vorname', 'Weitere Vornamen', 'Nachname', 'Firma', 'Abteilung', 'Position',
  'Straße geschäftlich', 'Straße geschäftlich 2', 'Ort geschäftlich', 'Postleitzahl geschäftlich', 'Land/Region geschäftlich',
  'Telefon geschäftlich', 'Mobiltelefon', 'Fax geschäftlich', 'E-Mail-Adresse', 'E-Mail-Typ', 'E-Mail: Angezeigter Name',
  'E-Mail 2: Adresse', 'Geburtstag', 'Kategorien', 'Notizen', 'Ort', 'Webseite'];

type Expected = Record<string, Partial<ColumnMapping> | ColumnMapping['target']>;

withHeaders('the shared header file is found where the test expects it', () => {
  expect(fileURLToPath(HEADERS_URL)).toMatch(/\/shared\/data\/crm-export-headers\/headers\.json$/);
});

withHeaders.each<[string, () => string[], Preset, Expected]>([
  ['Google Contacts', () => headerRow('google_contacts_current_2023plus'), 'google', {
    'First Name': 'firstName', 'Last Name': 'lastName', 'Middle Name': 'ignore', 'Organization Name': 'companyName',
    'Organization Title': 'jobTitle', 'Birthday': 'birthday', 'Notes': 'note', 'Labels': 'tags', 'Photo': 'ignore',
    'E-mail 1 - Label': { target: 'email.label', group: 1 }, 'E-mail 1 - Value': { target: 'email', group: 1 },
    'E-mail 3 - Value': { target: 'email', group: 3 }, 'Phone 1 - Label': { target: 'phone.label', group: 1 },
    'Phone 2 - Value': { target: 'phone', group: 2 }, 'Custom Field 1 - Value': 'ignore',
  }],
  ['Google CSV (legacy)', () => headerRow('google_contacts_legacy_google_csv'), 'google_legacy', {
    'Name': 'ignore', 'Given Name': 'firstName', 'Family Name': 'lastName', 'Additional Name': 'ignore',
    'Birthday': 'birthday', 'Notes': 'note', 'Group Membership': 'tags', 'Location': 'ignore',
    'Phone 1 - Type': { target: 'phone.label', group: 1 }, 'Phone 1 - Value': { target: 'phone', group: 1 },
  }],
  ['HubSpot', () => headerRow('hubspot_contacts_default_view_export'), 'hubspot', {
    'Record ID': 'ignore', 'First Name': 'firstName', 'Last Name': 'lastName', 'Email': { target: 'email', group: 1 },
    'Phone Number': { target: 'phone', group: 1 }, 'Contact owner': 'owner', 'Associated Company': 'companyName',
    'Lead Status': 'ignore', 'Create Date': 'ignore', 'Primary Associated Company ID': 'ignore',
  }],
  ['Salesforce', () => headerRow('salesforce_contact_api_names'), 'salesforce', {
    'Id': 'ignore', 'FirstName': 'firstName', 'LastName': 'lastName', 'Name': 'ignore', 'Email': 'email',
    'Phone': { target: 'phone', group: 1, label: 'work' }, 'MobilePhone': { target: 'phone', group: 2, label: 'mobile' },
    'HomePhone': { target: 'phone', group: 3, label: 'home' }, 'Fax': { target: 'phone', group: 4, label: 'fax' },
    // Mailing comes after Other in the file, but is the primary address.
    'MailingStreet': { target: 'address.street', group: 1 }, 'MailingPostalCode': { target: 'address.postalCode', group: 1 },
    'MailingCountry': { target: 'address.country', group: 1 }, 'OtherStreet': { target: 'address.street', group: 2, label: 'other' },
    'Title': 'jobTitle', 'Birthdate': 'birthday', 'Description': 'note', 'OwnerId': 'ignore', 'AccountId': 'ignore',
  }],
  ['Zoho CRM', () => headerRow('zoho_crm_contacts_export'), 'zoho', {
    'Record Id': 'ignore', 'First Name': 'firstName', 'Last Name': 'lastName', 'Account Name': 'companyName',
    'Account Name.id': 'ignore', 'Email': 'email', 'Mobile': { target: 'phone', label: 'mobile' },
    'Mailing Street': { target: 'address.street', group: 1 }, 'Mailing City': { target: 'address.city', group: 1 },
    'Mailing State': { target: 'address.region', group: 1 }, 'Mailing Zip': { target: 'address.postalCode', group: 1 },
  }],
  ['Outlook', () => OUTLOOK, 'outlook', {
    'Title': 'ignore', 'First Name': 'firstName', 'Last Name': 'lastName', 'Company': 'companyName', 'Job Title': 'jobTitle',
    'Business Street': { target: 'address.street', group: 1, label: 'work' },
    'Business Street 2': { target: 'address.extended', group: 1 }, 'Business City': { target: 'address.city', group: 1 },
    'Business Country/Region': { target: 'address.country', group: 1 }, 'Home Street': { target: 'address.street', group: 2, label: 'home' },
    'E-mail Address': { target: 'email', group: 1 }, 'E-mail 2 Address': { target: 'email', group: 2 }, 'E-mail Type': 'ignore',
    'E-mail Display Name': 'ignore', 'Mobile Phone': { target: 'phone', label: 'mobile' },
    'Business Phone': { target: 'phone', label: 'work' }, 'Business Fax': { target: 'phone', label: 'fax' },
    'Categories': 'tags', 'Notes': 'note', 'Web Page': 'website', 'Birthday': 'birthday',
  }],
  ['Outlook (German)', () => OUTLOOK_DE, 'outlook', {
    'Anrede': 'ignore', 'Vorname': 'firstName', 'Weitere Vornamen': 'ignore', 'Nachname': 'lastName', 'Firma': 'companyName',
    'Position': 'jobTitle', 'Straße geschäftlich': { target: 'address.street', group: 1, label: 'work' },
    'Ort geschäftlich': { target: 'address.city', group: 1 }, 'Postleitzahl geschäftlich': { target: 'address.postalCode', group: 1 },
    'Land/Region geschäftlich': { target: 'address.country', group: 1 }, 'Telefon geschäftlich': { target: 'phone', label: 'work' },
    'E-Mail-Adresse': { target: 'email', group: 1 }, 'E-Mail-Typ': 'ignore', 'E-Mail 2: Adresse': { target: 'email', group: 2 },
    'Geburtstag': 'birthday', 'Kategorien': 'tags', 'Notizen': 'note', 'Ort': 'ignore', 'Webseite': 'website',
  }],
  ['German spreadsheet', () => ['Vorname', 'Nachname', 'E-Mail', 'Telefon', 'Handy', 'Firma', 'Straße', 'Hausnummer', 'PLZ',
    'Ort', 'Land', 'Position', 'Geburtstag', 'Schlagwörter', 'Notiz', 'Lieblingsfarbe'], 'generic', {
    'Vorname': 'firstName', 'Nachname': 'lastName', 'E-Mail': 'email', 'Telefon': { target: 'phone', group: 1 },
    'Handy': { target: 'phone', group: 2, label: 'mobile' }, 'Firma': 'companyName',
    'Straße': { target: 'address.street', group: 1 }, 'Hausnummer': { target: 'address.houseNumber', group: 1 },
    'PLZ': { target: 'address.postalCode', group: 1 }, 'Ort': { target: 'address.city', group: 1 },
    'Land': { target: 'address.country', group: 1 }, 'Position': 'jobTitle', 'Geburtstag': 'birthday', 'Schlagwörter': 'tags',
    'Notiz': 'note', 'Lieblingsfarbe': 'ignore',
  }],
  ['English spreadsheet', () => ['First name', 'Last name', 'Email', 'Phone', 'Company', 'Title', 'Street', 'Zip', 'City',
    'State', 'Country', 'Website', 'Tags', 'Owner'], 'generic', {
    'First name': 'firstName', 'Last name': 'lastName', 'Email': 'email', 'Phone': 'phone', 'Company': 'companyName',
    'Title': 'jobTitle', 'Zip': 'address.postalCode', 'State': 'address.region', 'Website': 'website', 'Tags': 'tags',
    'Owner': 'owner',
  }],
])('%s: preset and key columns', (_name, headers, preset, expected) => {
  const suggestion = suggestMapping(headers(), []);
  expect(suggestion.preset).toBe(preset);
  expect(suggestion.columns.map((c) => c.header)).toEqual(headers());
  for (const [header, want] of Object.entries(expected)) {
    const column = suggestion.columns.find((c) => c.header === header);
    expect({ header, ...column }).toMatchObject({ header, ...(typeof want === 'string' ? { target: want } : want) });
  }
  // What the suggestion returns is what the HTTP API accepts back.
  expect(ColumnMappings.parse(suggestion.columns)).toEqual(suggestion.columns);
});

test.each<[string[], Record<string, string>]>([
  [['Vorname', 'Name', 'E-Mail'], { Name: 'lastName' }],
  [['Name', 'E-Mail'], { Name: 'fullName' }],
  [['Full Name', 'First Name', 'Last Name'], { 'Full Name': 'ignore' }],
  [[' FIRST-NAME ', 'e_mail', 'ZIP code', 'STRASSE'], { ' FIRST-NAME ': 'firstName', 'e_mail': 'email', 'ZIP code': 'address.postalCode', 'STRASSE': 'address.street' }],
  [['Kundennummer', 'Favourite_Color__c', 'Department'], { 'Kundennummer': 'custom:kundennummer', 'Favourite_Color__c': 'custom:favourite_color', 'Department': 'ignore' }],
  [['Title', 'Email'], { Title: 'jobTitle' }],
  [['Something else', ''], { 'Something else': 'ignore', '': 'ignore' }],
])('suggestMapping(%j)', (headers, expected) => {
  const { columns } = suggestMapping(headers, ['kundennummer', 'favourite_color']);
  for (const [header, target] of Object.entries(expected)) expect(columns.find((c) => c.header === header)?.target).toBe(target);
});

test.each<[string, string]>([
  ['E-Mail 2: Adresse', 'email2adresse'],
  ['Straße', 'strasse'],
  ['  Geschäftlich  ', 'geschaftlich'],
  ['\uFEFFFirst Name', 'firstname'],
])('normalizeHeader(%j) is %j', (header, expected) => {
  expect(normalizeHeader(header)).toBe(expected);
});

test.each<[string, unknown]>([
  ['an unknown target', [{ index: 0, header: 'A', target: 'favouriteColor' }]],
  ['an empty custom key', [{ index: 0, header: 'A', target: 'custom:' }]],
  ['a column mapped twice', [{ index: 0, header: 'A', target: 'firstName' }, { index: 0, header: 'A', target: 'lastName' }]],
  ['a negative index', [{ index: -1, header: 'A', target: 'firstName' }]],
])('ColumnMappings rejects %s', (_name, mapping) => {
  expect(ColumnMappings.safeParse(mapping).success).toBe(false);
});

test('ColumnMappings accepts a custom field and grouped entries', () => {
  const mapping = [
    { index: 0, header: 'Kundennummer', target: 'custom:kundennummer' },
    { index: 1, header: 'Mail', target: 'email', group: 1, label: 'work' },
  ];
  expect(ColumnMappings.parse(mapping)).toEqual(mapping);
});
