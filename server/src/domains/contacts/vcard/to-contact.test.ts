import type { ContactInput } from '@parley/contracts/contacts';
import { expect, test } from 'vitest';
import { parseVCards } from '../vcard.ts';

// Card lines start at line 3 of these files (BEGIN, VERSION first).
const card = (version: string, ...lines: string[]) => ['BEGIN:VCARD', `VERSION:${version}`, ...lines, 'END:VCARD', ''].join('\r\n');
const v30 = (...lines: string[]) => card('3.0', ...lines);
const v40 = (...lines: string[]) => card('4.0', ...lines);

test.each<[string, string[], Pick<ContactInput, 'firstName' | 'lastName' | 'companyName' | 'emails'>]>([
  ['N wins over FN', ['N:Lovelace;Ada;;Countess;', 'FN:Countess Lovelace'], { firstName: 'Ada', lastName: 'Lovelace' }],
  ['N with missing parts', ['N:Lovelace'], { lastName: 'Lovelace' }],
  ['N lists (3.0) are joined', ['N:de,la,Cruz;Ana,María;;;'], { firstName: 'Ana María', lastName: 'de la Cruz' }],
  ['an empty N leaves it to FN', ['N:;;;;', 'FN:Ada  King Lovelace'], { firstName: 'Ada King', lastName: 'Lovelace' }],
  ['FN of one word is a first name', ['FN:Cher'], { firstName: 'Cher' }],
  ['FN repeating ORG is no name', ['N:;;;;', 'FN:Acme Corp', 'ORG:Acme Corp;Sales'], { companyName: 'Acme Corp' }],
  ['FN repeating the e-mail address is no name', ['FN:Ada@Example.org', 'EMAIL:ada@example.org'], { emails: [{ value: 'ada@example.org' }] }],
  ['KIND:org names a company by FN', ['KIND:org', 'FN:Acme Corp'], { companyName: 'Acme Corp' }],
  ['X-ABShowAs:COMPANY keeps FN off the name', ['X-ABShowAs:COMPANY', 'FN:Acme', 'ORG:Acme Inc.'], { companyName: 'Acme Inc.' }],
  ['a company card may still name its contact person in N', ['X-ABShowAs:COMPANY', 'N:Doe;Jane;;;', 'FN:Acme Inc.', 'ORG:Acme Inc.'],
    { firstName: 'Jane', lastName: 'Doe', companyName: 'Acme Inc.' }],
])('names: %s', (_, lines, expected) => {
  expect(parseVCards(v40(...lines))).toEqual({ cards: [{ line: 1, input: expected }], errors: [] });
});

test.each<[string, string, string | undefined, string | undefined]>([
  ['extended format', 'BDAY:1985-04-12', '1985-04-12', undefined],
  ['basic format', 'BDAY:19850412', '1985-04-12', undefined],
  ['with a time', 'BDAY:1985-04-12T10:22:00Z', '1985-04-12', undefined],
  ['basic with a time', 'BDAY;VALUE=date-time:19850412T102200', '1985-04-12', undefined],
  ['no year (4.0)', 'BDAY:--0412', undefined, 'BDAY "--0412" dropped: no year, and a birthday needs one'],
  ['no year (jCard style)', 'BDAY:--04-12', undefined, 'BDAY "--04-12" dropped: no year, and a birthday needs one'],
  ["Apple's stand-in year", 'BDAY;X-APPLE-OMIT-YEAR=1604:1604-04-12', undefined, 'BDAY "1604-04-12" dropped: no year, and a birthday needs one'],
  ['not in the calendar', 'BDAY:2021-02-30', undefined, 'BDAY "2021-02-30" dropped: not a calendar date'],
  ['free text', 'BDAY;VALUE=text:circa 1800', undefined, 'BDAY "circa 1800" dropped: free text, not a date'],
  ['garbage', 'BDAY:soon', undefined, 'BDAY "soon" dropped: not a date'],
])('birthday: %s', (_, line, birthday, error) => {
  const { cards, errors } = parseVCards(v40('FN:Ada Lovelace', line));
  expect(cards[0]!.input.birthday).toBe(birthday);
  expect(errors).toEqual(error ? [{ card: 1, line: 4, message: error }] : []);
});

test('birthday: the first full date of several (ALTID) wins', () => {
  const { cards, errors } = parseVCards(v40('FN:Ada Lovelace', 'BDAY;ALTID=1:--1210', 'BDAY;ALTID=1:18151210'));
  expect(cards[0]!.input.birthday).toBe('1815-12-10');
  expect(errors).toEqual([]);
});

test.each<[string, string, ContactInput['addresses']]>([
  ['all seven components', 'ADR;TYPE=work:PO Box 7;Floor 2;1 Main St;Springfield;IL;62701;USA',
    [{ label: 'work', street: '1 Main St', extended: 'Floor 2, PO Box 7', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'USA' }]],
  ['a PO box only is the street', 'ADR:PO Box 7;;;Springfield;;62701;', [{ street: 'PO Box 7', city: 'Springfield', postalCode: '62701' }]],
  ['fewer components than seven', 'ADR:;;1 Main St;Springfield', [{ street: '1 Main St', city: 'Springfield' }]],
  ['an empty address is left out', 'ADR;TYPE=home:;;;;;;', undefined],
])('addresses: %s', (_, line, addresses) => {
  expect(parseVCards(v30('FN:Ada Lovelace', line)).cards[0]!.input.addresses).toEqual(addresses);
});

test('values that break ContactInput rules are dropped one by one, and reported', () => {
  const { cards, errors } = parseVCards(v30(
    'FN:Ada Lovelace',
    'EMAIL:ada(at)example.org',
    'ADR:;;1 Main St;Springfield;;123456789012345678901;',
    `CATEGORIES:friends,${'x'.repeat(65)},Friends, ,golf`,
    `TITLE:${'t'.repeat(201)}`,
    'TEL:',
    'EMAIL:',
  ));
  expect(cards).toEqual([{ line: 1, input: { firstName: 'Ada', lastName: 'Lovelace', tags: ['friends', 'golf'] } }]);
  expect(errors).toEqual([
    { card: 1, line: 4, message: 'EMAIL "ada(at)example.org" dropped: Invalid email address' },
    {
      card: 1,
      line: 5,
      message: 'ADR ";;1 Main St;Springfield;;123456789012345678901;" dropped: postalCode: Too big: expected string to have <=20 characters',
    },
    { card: 1, line: 6, message: `CATEGORIES "${'x'.repeat(60)}…" dropped: Too big: expected string to have <=64 characters` },
    { card: 1, line: 7, message: `TITLE "${'t'.repeat(60)}…" dropped: Too big: expected string to have <=200 characters` },
  ]);
});

test('more values than ContactInput holds: the preferred and first ones are kept', () => {
  const emails = Array.from({ length: 22 }, (_, i) => `EMAIL${i === 21 ? ';PREF=1' : ''}:u${i}@example.org`);
  const { cards, errors } = parseVCards(v40('FN:Ada Lovelace', ...emails));
  expect(cards[0]!.input.emails?.map((e) => e.value)).toEqual(['u21@example.org', ...Array.from({ length: 19 }, (_, i) => `u${i}@example.org`)]);
  expect(errors).toEqual([{ card: 1, line: 1, message: '22 e-mail addresses, kept the first 20' }]);
});

test('duplicate e-mail addresses and tags are kept once; several NOTEs become one; mailto: goes', () => {
  const { cards } = parseVCards(v30('FN:Ada Lovelace', 'EMAIL;TYPE=work:mailto:Ada@Example.org', 'EMAIL;TYPE=home:ada@example.org',
    'CATEGORIES:VIP,clients', 'CATEGORIES:vip', 'NOTE:first', 'NOTE: ', 'NOTE:second'));
  expect(cards[0]!.input).toEqual({
    firstName: 'Ada', lastName: 'Lovelace', emails: [{ value: 'ada@example.org', label: 'work' }], tags: ['VIP', 'clients'], note: 'first\n\nsecond',
  });
});

test('cards that are not contacts are skipped and reported', () => {
  const text = v40('KIND:group', 'FN:Book club', 'MEMBER:urn:uuid:03a0e51f-d1aa-4385-8a53-e29025acd8af')
    + v30('CATEGORIES:friends', 'PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQ')
    + v30('X-ADDRESSBOOKSERVER-KIND:group', 'FN:Family');
  expect(parseVCards(text)).toEqual({
    cards: [],
    errors: [
      { card: 1, line: 1, message: 'a group card (a list of members), not a contact; skipped' },
      { card: 2, line: 7, message: 'nothing to import (no name, e-mail, phone, address or organisation); skipped' },
      { card: 3, line: 12, message: 'a group card (a list of members), not a contact; skipped' },
    ],
  });
});
