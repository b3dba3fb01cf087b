import type { ContactInput } from '@parley/contracts/contacts';
import { expect, test } from 'vitest';
import { parseVCards, serializeVCards } from '../vcard.ts';
import { escapeText, fold, quotedPrintable } from './writer.ts';

const VERSIONS = ['2.1', '3.0', '4.0'] as const;
const lines = (...l: string[]) => `${l.join('\r\n')}\r\n`;

const ada: ContactInput = {
  firstName: 'Ada',
  lastName: 'Lovelace',
  emails: [{ value: 'ada@example.org', label: 'work' }, { value: 'ada@home.example', label: 'Holiday home' }],
  phones: [{ value: '+44-20-7946-0000', label: 'mobile' }, { value: '020 7946 0001', label: 'work fax' }],
  companyName: 'Analytical Engines; Ltd',
  birthday: '1815-12-10',
  tags: ['math', 'poetry, science'],
};

test.each([
  ['2.1', lines('BEGIN:VCARD', 'VERSION:2.1', 'N:Lovelace;Ada;;;', 'FN:Ada Lovelace', 'ORG:Analytical Engines\\; Ltd',
    'EMAIL;WORK;PREF:ada@example.org', 'item1.EMAIL:ada@home.example', 'item1.X-ABLabel:Holiday home',
    'TEL;CELL;PREF:+44-20-7946-0000', 'TEL;WORK;FAX:020 7946 0001', 'BDAY:1815-12-10', 'CATEGORIES:math,poetry\\, science', 'END:VCARD')],
  ['3.0', lines('BEGIN:VCARD', 'VERSION:3.0', 'N:Lovelace;Ada;;;', 'FN:Ada Lovelace', 'ORG:Analytical Engines\\; Ltd',
    'EMAIL;TYPE=work,pref:ada@example.org', 'item1.EMAIL:ada@home.example', 'item1.X-ABLabel:Holiday home',
    'TEL;TYPE=cell,pref:+44-20-7946-0000', 'TEL;TYPE=work,fax:020 7946 0001', 'BDAY:1815-12-10', 'CATEGORIES:math,poetry\\, science', 'END:VCARD')],
  ['4.0', lines('BEGIN:VCARD', 'VERSION:4.0', 'N:Lovelace;Ada;;;', 'FN:Ada Lovelace', 'ORG:Analytical Engines\\; Ltd',
    'EMAIL;TYPE=work;PREF=1:ada@example.org', 'item1.EMAIL:ada@home.example', 'item1.X-ABLabel:Holiday home',
    'TEL;VALUE=uri;TYPE=cell;PREF=1:tel:+44-20-7946-0000', 'TEL;TYPE=work,fax:020 7946 0001', 'BDAY:18151210',
    'CATEGORIES:math,poetry\\, science', 'END:VCARD')],
] as const)('vCard %s as address books expect it', (version, expected) => {
  expect(serializeVCards([ada], version)).toBe(expected);
});

test('2.1 writes non-ASCII and line breaks as UTF-8 QUOTED-PRINTABLE', () => {
  expect(serializeVCards([{ firstName: 'Jürgen', lastName: 'Müller', note: 'Grüße\nbis bald' }], '2.1')).toBe(lines(
    'BEGIN:VCARD', 'VERSION:2.1',
    'N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=BCrgen;;;',
    'FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:J=C3=BCrgen M=C3=BCller',
    'NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Gr=C3=BC=C3=9Fe=0D=0Abis bald',
    'END:VCARD',
  ));
});

test('a card without a name still has the N and FN its version requires', () => {
  expect(serializeVCards([{ companyName: 'Acme' }], '3.0'))
    .toBe(lines('BEGIN:VCARD', 'VERSION:3.0', 'N:;;;;', 'FN:Acme', 'ORG:Acme', 'END:VCARD'));
  expect(serializeVCards([{ emails: [{ value: 'a@example.org' }] }], '4.0'))
    .toBe(lines('BEGIN:VCARD', 'VERSION:4.0', 'FN:a@example.org', 'EMAIL:a@example.org', 'END:VCARD'));
  expect(serializeVCards([], '4.0')).toBe('');
});

// Everything that is hard to write: escapes, long and multi-line values, characters beyond the BMP, custom labels.
const hard: ContactInput[] = [
  ada,
  { companyName: 'Acme, Inc.', phones: [{ value: '555-0100', label: 'main' }] },
  { emails: [{ value: 'only@example.org' }] },
  {
    firstName: 'Zoë Élodie',
    lastName: "O'Brien-Łukasiewicz",
    jobTitle: 'Directrice générale',
    addresses: [
      {
        label: 'Ferienhaus', street: 'Strandweg 1\nHaus 2', extended: 'c/o Ø; Å', postalCode: '24999', city: 'Wees', region: 'SH',
        country: 'Deutschland',
      },
      { street: 'PO Box 9', city: 'Åre' },
    ],
    website: 'https://example.org/path?a=1,b=2;c=3',
    note: `Line one; with = and \\ and a tab\there.\nLine two has trailing spaces   \n${'long text with ümläuts and 😀 '.repeat(12)}end`,
    tags: ['Ünïcödé', 'x;y', 'a\\b'],
  },
  {
    firstName: 'Li',
    lastName: '王',
    phones: [{ value: '+86 10 1234 5678', label: 'work mobile' }, { value: '+86-10-1234-5679', label: 'home fax' }],
    birthday: '2000-02-29',
  },
];

test.each(VERSIONS)('vCard %s round trip gives back every value', (version) => {
  const { cards, errors } = parseVCards(serializeVCards(hard, version));
  expect(errors).toEqual([]);
  expect(cards.map((c) => c.input)).toEqual(hard);
});

test.each(VERSIONS)('vCard %s lines: CRLF, at most 75 octets (76 with a soft break), no character split', (version) => {
  const text = serializeVCards(hard, version);
  const physical = text.slice(0, -2).split('\r\n');
  expect(text.endsWith('\r\n')).toBe(true);
  expect(physical.filter((l) => /[\r\n]/.test(l))).toEqual([]);
  expect(physical.filter((l) => Buffer.byteLength(l) > (version === '2.1' ? 76 : 75))).toEqual([]);
  expect(physical.filter((l) => Buffer.from(l).toString() !== l)).toEqual([]); // a split surrogate pair would not survive
  if (version === '2.1') {
    expect(text).toMatch(/^\p{ASCII}*$/u);
    expect(physical.filter((l) => /[ \t]$/.test(l))).toEqual([]);
    expect(physical.some((l) => l.endsWith('='))).toBe(true);
  } else {
    expect(physical.some((l) => l.startsWith(' '))).toBe(true);
  }
});

test.each([
  ['75 octets stay on one line', 'x'.repeat(75), ['x'.repeat(75)]],
  ['76 fold', 'x'.repeat(76), ['x'.repeat(75), ' x']],
  ['continuations hold 74 after their space', 'x'.repeat(150), ['x'.repeat(75), ` ${'x'.repeat(74)}`, ' x']],
  ['a two-byte character moves to the next line whole', `${'x'.repeat(74)}üy`, ['x'.repeat(74), ' üy']],
  ['so does a four-byte one', `${'x'.repeat(73)}😀`, ['x'.repeat(73), ' 😀']],
])('fold: %s', (_, line, expected) => {
  expect(fold(line).split('\r\n')).toEqual(expected);
});

test.each([
  ['printable ASCII stays', 'a b', ['NOTE:a b']],
  ['= and non-ASCII are encoded', 'a=b ü', ['NOTE:a=3Db =C3=BC']],
  ['a line break is CRLF', 'a\nb', ['NOTE:a=0D=0Ab']],
  ['a space at the end is encoded', 'a ', ['NOTE:a=20']],
  ['soft breaks keep lines at 76 characters', 'x'.repeat(100), [`NOTE:${'x'.repeat(70)}=`, 'x'.repeat(30)]],
  ["a character's bytes stay on one line", `${'x'.repeat(68)}ü`, [`NOTE:${'x'.repeat(68)}=`, '=C3=BC']],
  ['no line ends in a space', `${'x'.repeat(69)} y`, [`NOTE:${'x'.repeat(69)}=`, '=20y']],
])('quoted-printable: %s', (_, value, expected) => {
  expect(quotedPrintable('NOTE:', value).split('\r\n')).toEqual(expected);
});

test.each([
  ['3.0', 'a;b,c\\d\ne', 'a\\;b\\,c\\\\d\\ne'],
  ['4.0', 'x\r\ny', 'x\\ny'],
  ['2.1', 'a;b,c\\d\ne', 'a\\;b,c\\\\d\ne'], // 2.1 has no comma escape, and QUOTED-PRINTABLE carries line breaks
] as const)('escapeText in %s', (version, value, escaped) => {
  expect(escapeText(value, version)).toBe(escaped);
});
