import { Readable } from 'node:stream';
import type { ContactInput } from '@parley/contracts/contacts';
import { parse } from 'csv-parse/sync';
import { expect, test } from 'vitest';
import { decodeStream } from './decode.ts';
import { contactsToCsv, exportHeaders, type ExportOptions, type ExportRow } from './export.ts';
import { suggestMapping } from './mapping.ts';
import { mapRows, readHeader } from './rows.ts';

async function* asRows(rows: ExportRow[]): AsyncGenerator<ExportRow> {
  yield* rows;
}

async function exportBytes(rows: ExportRow[], opts: ExportOptions = {}): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of contactsToCsv(asRows(rows), opts)) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

const meta = (n: number) => ({ id: `00000000-0000-4000-8000-00000000000${n}`, createdAt: '2025-01-02T03:04:05.000Z', updatedAt: '2025-02-03T04:05:06.000Z' });

const anna: ContactInput = {
  firstName: 'Anna',
  lastName: 'Groß',
  companyName: 'Bäckerei Groß',
  jobTitle: 'Inhaberin',
  emails: [{ value: 'anna@example.org', label: 'work' }, { value: 'anna@privat.example' }],
  phones: [{ value: '+49 30 1234567', label: 'mobile' }],
  addresses: [{ label: 'work', street: 'Hauptstraße 5', extended: 'Hinterhaus', postalCode: '10115', city: 'Berlin', country: 'Deutschland' }],
  website: 'https://example.org',
  birthday: '1980-12-31',
  language: 'de',
  lifecycleStage: 'qualified_lead',
  tags: ['Kunde', 'VIP'],
  note: 'Zwei Zeilen,\n"mit" Anführungszeichen',
  custom: { kundennummer: 'K-17' },
};

test('the file is UTF-8 with a byte order mark, CRLF line ends and a header row', async () => {
  const bytes = await exportBytes([{ ...meta(1), ...anna }], { customFieldKeys: ['kundennummer'] });
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(bytes.toString('utf8')).toContain('\r\n');
  const [header, row] = parse(bytes, { bom: true }) as string[][];
  expect(header).toEqual(exportHeaders({ customFieldKeys: ['kundennummer'] }));
  const cell = (name: string) => row![header!.indexOf(name)];
  expect([cell('ID'), cell('Last Name'), cell('Email 1'), cell('Email 1 Label'), cell('Email 2'), cell('Email 3')])
    .toEqual([meta(1).id, 'Groß', 'anna@example.org', 'work', 'anna@privat.example', '']);
  expect([cell('Address 1 Street'), cell('Address 2 Street'), cell('Tags'), cell('kundennummer'), cell('Updated At')])
    .toEqual(['Hauptstraße 5', '', 'Kunde; VIP', 'K-17', meta(1).updatedAt]);
});

test('entries beyond the columns share the last one, so nothing is lost', async () => {
  const emails = ['a', 'b', 'c', 'd'].map((x) => ({ value: `${x}@example.org`, label: 'work' }));
  const phones = [{ value: '1', label: 'work' }, { value: '2', label: 'home' }, { value: '3' }];
  const [header, row] = parse(await exportBytes([{ ...meta(1), emails, phones }], { slots: { emails: 2, phones: 2 } }), { bom: true }) as string[][];
  const cell = (name: string) => row![header!.indexOf(name)];
  expect(header).not.toContain('Email 3');
  expect([cell('Email 1'), cell('Email 2'), cell('Email 2 Label')]).toEqual(['a@example.org', 'b@example.org ::: c@example.org ::: d@example.org', 'work']);
  expect([cell('Phone 2'), cell('Phone 2 Label')]).toEqual(['2 ::: 3', '']);
});

test.each<[string, string, string]>([
  ['a formula', '=HYPERLINK("https://evil.example","click")', '\'=HYPERLINK("https://evil.example","click")'],
  ['a command', '@SUM(1+1)*cmd|\' /C calc\'!A0', '\'@SUM(1+1)*cmd|\' /C calc\'!A0'],
  ['a plain name', 'Anna', 'Anna'],
])('%s in a cell cannot run in a spreadsheet', async (_name, firstName, expected) => {
  const [header, row] = parse(await exportBytes([{ ...meta(1), firstName }]), { bom: true }) as string[][];
  expect(row![header!.indexOf('First Name')]).toBe(expected);
});

test('custom values of any type become text; absent ones are empty', async () => {
  const keys = ['kundennummer', 'vip', 'interessen', 'seit', 'fehlt'];
  const custom = { kundennummer: 42, vip: true, interessen: ['Brot', 'Kuchen'], seit: { jahr: 2019 } };
  const [header, row] = parse(await exportBytes([{ ...meta(1), custom }], { customFieldKeys: keys }), { bom: true }) as string[][];
  expect(keys.map((k) => row![header!.indexOf(k)])).toEqual(['42', 'true', 'Brot; Kuchen', '{"jahr":2019}', '']);
});

test('a semicolon file for German Excel', async () => {
  const csv = (await exportBytes([{ ...meta(1), firstName: 'Anna', lastName: 'Groß' }], { delimiter: ';' })).toString('utf8');
  expect(csv.split('\r\n')[0]).toMatch(/^\uFEFFID;First Name;Last Name;Company;/);
});

test('an export imports back to the same contacts', async () => {
  const bernd: ContactInput = { firstName: 'Bernd', emails: [{ value: 'bernd@example.org' }], phones: [{ value: '-0815', label: 'other' }] };
  const customFieldKeys = ['kundennummer'];
  const bytes = await exportBytes([{ ...meta(1), ...anna }, { ...meta(2), ...bernd }], { customFieldKeys });
  const { headers } = await readHeader(decodeStream(Readable.from([bytes])));
  const { preset, columns } = suggestMapping(headers, customFieldKeys);
  const imported = [];
  for await (const row of mapRows(decodeStream(Readable.from([bytes])), columns, { preset })) imported.push(row);
  expect(imported).toEqual([{ line: 2, input: anna }, { line: 4, input: bernd }]); // Anna's note spans two lines
});

test('an error while reading the contacts ends the file with that error', async () => {
  async function* failing(): AsyncGenerator<ExportRow> {
    yield { ...meta(1), firstName: 'Anna' };
    throw new Error('connection lost');
  }
  const readAll = async () => {
    for await (const _chunk of contactsToCsv(failing())) { /* drain */ }
  };
  await expect(readAll()).rejects.toThrow('connection lost');
});
