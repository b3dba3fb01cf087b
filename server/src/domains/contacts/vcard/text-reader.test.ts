import type { ContactInput } from '@parley/contracts/contacts';
import iconv from 'iconv-lite';
import { expect, test } from 'vitest';
import { parseVCards } from '../vcard.ts';

const card = (version: string, ...lines: string[]) => ['BEGIN:VCARD', `VERSION:${version}`, ...lines, 'END:VCARD', ''].join('\r\n');
const v21 = (...lines: string[]) => card('2.1', ...lines);
const v30 = (...lines: string[]) => card('3.0', ...lines);
const v40 = (...lines: string[]) => card('4.0', ...lines);

// The one contact in `input`, which must have been read without complaint.
function only(input: string | Buffer): ContactInput {
  const { cards, errors } = parseVCards(input);
  expect(errors).toEqual([]);
  expect(cards).toHaveLength(1);
  return cards[0]!.input;
}

const ada = { firstName: 'Ada', lastName: 'Lovelace' };

test.each<[string, string, ContactInput]>([
  ['folding with a space', v30('FN:Ada Lovelace', 'NOTE:Analytical', '  Engine'), { ...ada, note: 'Analytical Engine' }],
  ['folding with a tab', v30('FN:Ada Lovelace', 'NOTE:Analyt', '\tical'), { ...ada, note: 'Analytical' }],
  ['folding inside name and parameters', v30('FN:Ada Lovelace', 'EMA', ' IL;TY', ' PE=work:ada@example.org'),
    { ...ada, emails: [{ value: 'ada@example.org', label: 'work' }] }],
  ['LF line ends', v30('FN:Ada Lovelace', 'NOTE:a', ' b').replaceAll('\r\n', '\n'), { ...ada, note: 'ab' }],
  ['CR line ends', v30('FN:Ada Lovelace', 'NOTE:a', ' b').replaceAll('\r\n', '\r'), { ...ada, note: 'ab' }],
  ['CR CR LF line ends (iOS 5)', v30('FN:Ada Lovelace', 'NOTE:a', ' b').replaceAll('\r\n', '\r\r\n'), { ...ada, note: 'ab' }],
  ['lower-case names, parameters and BEGIN', 'begin:vcard\nversion:3.0\nfn:Ada Lovelace\nemail;type=WORK:Ada@Example.org\nend:vcard\n',
    { ...ada, emails: [{ value: 'ada@example.org', label: 'work' }] }],
  ['QUOTED-PRINTABLE soft break (a leading space after it is text)', v21('FN:Ada Lovelace', 'NOTE;ENCODING=QUOTED-PRINTABLE:first=', ' and second'),
    { ...ada, note: 'first and second' }],
  ['QUOTED-PRINTABLE soft break inside a UTF-8 sequence', v21('N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=', '=BCller;J=C3=BCrgen'),
    { firstName: 'Jürgen', lastName: 'Müller' }],
  ['QUOTED-PRINTABLE CRLF, with the bare parameter', v21('FN:Ada Lovelace', 'NOTE;QUOTED-PRINTABLE:one=0D=0Atwo=3D2'), { ...ada, note: 'one\ntwo=2' }],
  ['QUOTED-PRINTABLE in a declared Latin-1', v21('N;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:M=FCller;J=FCrgen'),
    { firstName: 'Jürgen', lastName: 'Müller' }],
  ['QUOTED-PRINTABLE without a charset and not UTF-8', v21('N;ENCODING=QUOTED-PRINTABLE:M=FCller;J=FCrgen'), { firstName: 'Jürgen', lastName: 'Müller' }],
  ['escaped semicolons in ADR components', v30('FN:Ada Lovelace', 'ADR:;;Main St\\; Suite 5;Town;;12345;'),
    { ...ada, addresses: [{ street: 'Main St; Suite 5', city: 'Town', postalCode: '12345' }] }],
  ['escaped semicolon and comma in ORG', v30('FN:Ada Lovelace', 'ORG:Smith\\, Jones\\; Co;Sales'), { ...ada, companyName: 'Smith, Jones; Co' }],
  ['text escapes', v30('FN:Ada Lovelace', 'NOTE:a\\, b\\\\c\\nd\\Ne\\;f'), { ...ada, note: 'a, b\\c\nd\ne;f' }],
  ['3.0: backslashes before other characters are dropped (Google\'s \\")', v30('FN:Ada Lovelace', 'NOTE:say \\"hi\\"'),
    { ...ada, note: 'say "hi"' }],
  ['2.1: backslashes before other characters are text', v21('FN:Ada Lovelace', 'NOTE:C:\\Users\\ada'), { ...ada, note: 'C:\\Users\\ada' }],
  ['2.1 bare TYPE words and PREF', v21('FN:Ada Lovelace', 'TEL;WORK;VOICE:1', 'TEL;CELL;PREF:2'),
    { ...ada, phones: [{ value: '2', label: 'mobile' }, { value: '1', label: 'work' }] }],
  ['3.0 TYPE lists, repeated TYPE, TYPE=pref', v30('FN:Ada Lovelace', 'TEL;TYPE=home,fax:1', 'TEL;TYPE=WORK;TYPE=pref:2'),
    { ...ada, phones: [{ value: '2', label: 'work' }, { value: '1', label: 'home fax' }] }],
  ['4.0 quoted TYPE list and PREF order', v40('FN:Ada Lovelace', 'TEL;TYPE="work,voice";PREF=2:1', 'TEL;TYPE=cell;PREF=1:2', 'TEL:3'),
    { ...ada, phones: [{ value: '2', label: 'mobile' }, { value: '1', label: 'work' }, { value: '3' }] }],
  ['4.0 tel: URI with an extension', v40('FN:Ada Lovelace', 'TEL;VALUE=uri;TYPE=home:tel:+44-20-7946-0000;ext=12'),
    { ...ada, phones: [{ value: '+44-20-7946-0000 ext. 12', label: 'home' }] }],
  ['X-ABLabel in the group wins over TYPE', v30('FN:Ada Lovelace', 'item1.EMAIL:a@example.org', 'ITEM1.X-ABLabel:_$!<Other>!$_',
    'item2.EMAIL;TYPE=work:b@example.org', 'item2.X-ABLabel:Lab'),
  { ...ada, emails: [{ value: 'a@example.org', label: 'other' }, { value: 'b@example.org', label: 'Lab' }] }],
  ['quoted parameter values with colons and semicolons', v30('FN:Ada Lovelace', 'EMAIL;X-ID="a:b;c";TYPE=home:ada@example.org'),
    { ...ada, emails: [{ value: 'ada@example.org', label: 'home' }] }],
  ['2.1 BASE64 photo on unindented lines, ended by a blank line', v21('FN:Ada Lovelace', 'PHOTO;ENCODING=BASE64;TYPE=JPEG:/9j/4AAQ',
    'SkZJRgAB', 'AQEASABI', '', 'TITLE:Countess'), { ...ada, jobTitle: 'Countess' }],
  ['2.1 AGENT: the embedded card is not a contact', v21('FN:Ada Lovelace', 'AGENT:', 'BEGIN:VCARD', 'VERSION:2.1', 'FN:Charles Babbage',
    'TITLE:Inventor', 'END:VCARD', 'TITLE:Countess'), { ...ada, jobTitle: 'Countess' }],
  ['blank lines and text around cards', `Exported contacts\r\n\r\n${v30('FN:Ada Lovelace')}\r\n\r\n`, ada],
])('%s', (_, text, expected) => {
  expect(only(text)).toEqual(expected);
});

const german = v21('N:Müller;Jürgen', 'NOTE:Grüße – 5 €');
const jürgen = { firstName: 'Jürgen', lastName: 'Müller', note: 'Grüße – 5 €' };

test.each([
  ['Windows-1252', iconv.encode(german, 'windows-1252')],
  ['UTF-8', Buffer.from(german)],
  ['UTF-8 with a BOM', Buffer.concat([Buffer.of(0xef, 0xbb, 0xbf), Buffer.from(german)])],
  ['UTF-16LE with a BOM', iconv.encode(german, 'utf-16le', { addBOM: true })],
  ['UTF-16BE with a BOM', iconv.encode(german, 'utf-16be', { addBOM: true })],
  ['UTF-16LE without a BOM', iconv.encode(german, 'utf-16le')],
])('%s bytes are decoded', (_, bytes) => {
  expect(only(bytes)).toEqual(jürgen);
});

test('each value is decoded on its own: cards from different sources, a declared CHARSET, a fold inside a character', () => {
  const bytes = Buffer.concat([
    Buffer.from(v30('N:Müller;Jürgen')),
    iconv.encode(v21('N:Gößmann;Jörg'), 'windows-1252'),
    iconv.encode(v21('N;CHARSET=KOI8-R:Иванов;Иван'), 'koi8-r'),
    Buffer.from('BEGIN:VCARD\r\nVERSION:3.0\r\nN:M\xc3', 'latin1'), Buffer.from('\r\n \xbcller;Anna\r\nEND:VCARD\r\n', 'latin1'),
  ]);
  expect(parseVCards(bytes)).toEqual({
    cards: [
      { line: 1, input: { firstName: 'Jürgen', lastName: 'Müller' } },
      { line: 5, input: { firstName: 'Jörg', lastName: 'Gößmann' } },
      { line: 9, input: { firstName: 'Иван', lastName: 'Иванов' } },
      { line: 13, input: { firstName: 'Anna', lastName: 'Müller' } },
    ],
    errors: [],
  });
});

test('what cannot be read is reported with its card and line, and the rest is kept', () => {
  const text = [
    'END:VCARD',
    v30('FN:Ada Lovelace', 'this line has no colon', 'EMAIL:not-an-address', 'EMAIL:ada@example.org').trimEnd(),
    'BEGIN:VCARD', 'VERSION:3.0', 'FN:Charles Babbage',
  ].join('\r\n');
  expect(parseVCards(text)).toEqual({
    cards: [
      { line: 2, input: { ...ada, emails: [{ value: 'ada@example.org' }] } },
      { line: 9, input: { firstName: 'Charles', lastName: 'Babbage' } },
    ],
    errors: [
      { card: 0, line: 1, message: 'END:VCARD without BEGIN:VCARD' },
      { card: 1, line: 5, message: 'not a vCard property, ignored: "this line has no colon"' },
      { card: 1, line: 6, message: 'EMAIL "not-an-address" dropped: Invalid email address' },
      { card: 2, line: 11, message: 'END:VCARD missing at the end of the file' },
    ],
  });
});

test('a file without cards says so', () => {
  expect(parseVCards('')).toEqual({ cards: [], errors: [{ card: 0, line: 1, message: 'no vCard found (no BEGIN:VCARD)' }] });
});
