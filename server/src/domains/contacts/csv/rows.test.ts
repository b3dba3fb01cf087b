import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import iconv from 'iconv-lite';
import { expect, test } from 'vitest';
import { decodeStream } from './decode.ts';
import { suggestMapping, type ColumnMapping, type Preset } from './mapping.ts';
import { mapRows, previewRows, readHeader, type RowResult } from './rows.ts';
import type { RowError } from './to-contact.ts';
import { hasSharedData, sharedData } from '../../../testing/shared-data.ts';

const text = (csv: string) => Readable.from([csv]);

/** Runs a CSV through the whole import path the way the service will: sniff the header, suggest, map. */
async function importCsv(csv: string | Buffer, customFieldKeys: string[] = []): Promise<RowResult[]> {
  const bytes = () => Readable.from([typeof csv === 'string' ? Buffer.from(csv) : csv]);
  const { headers } = await readHeader(decodeStream(bytes()));
  const { preset, columns } = suggestMapping(headers, customFieldKeys);
  const rows: RowResult[] = [];
  for await (const row of mapRows(decodeStream(bytes()), columns, { preset })) rows.push(row);
  return rows;
}

test('a German Excel file in Windows-1252 becomes contacts', async () => {
  const csv = iconv.encode(
    'Vorname;Nachname;E-Mail;Handy;Firma;Straße;Hausnummer;PLZ;Ort;Geburtstag;Schlagwörter;Kundennummer\r\n' +
      'Jürgen;Groß;Juergen.Gross@Example.DE;0171 1234567;Bäckerei Groß;Hauptstraße;5a;50667;Köln;31.12.1980;Kunde; K-17\r\n',
    'windows1252',
  );
  expect(await importCsv(csv, ['kundennummer'])).toEqual([{
    line: 2,
    input: {
      firstName: 'Jürgen',
      lastName: 'Groß',
      emails: [{ value: 'juergen.gross@example.de' }],
      phones: [{ value: '0171 1234567', label: 'mobile' }],
      companyName: 'Bäckerei Groß',
      addresses: [{ street: 'Hauptstraße 5a', postalCode: '50667', city: 'Köln' }],
      birthday: '1980-12-31',
      tags: ['Kunde'],
      custom: { kundennummer: 'K-17' },
    },
  }]);
});

test.runIf(hasSharedData)('a Google Contacts export with its real header: labels, primary marker, several values in one cell', async () => {
  const exportsFile = JSON.parse(readFileSync(sharedData('crm-export-headers/headers.json'), 'utf8'));
  const header = (parse(exportsFile.google_contacts_current_2023plus.header as string) as string[][])[0]!;
  const row = (cells: Record<string, string>) => header.map((h) => cells[h] ?? '');
  const csv = '\uFEFF' + stringify([header, row({
    'First Name': 'Anna', 'Last Name': 'Schmidt', 'Birthday': '--05-17', 'Labels': '* myContacts ::: Kunden ::: VIP',
    'E-mail 1 - Label': 'Work', 'E-mail 1 - Value': 'anna@firma.de ::: a.schmidt@firma.de',
    'E-mail 2 - Label': '* Home', 'E-mail 2 - Value': 'anna@privat.de',
    'Phone 1 - Label': 'Mobile', 'Phone 1 - Value': '+49 171 1234567',
    'Organization Name': 'Firma GmbH', 'Organization Title': 'CTO', 'Notes': 'Met at the fair\nTalk again in May',
  })]);
  expect(await importCsv(csv)).toEqual([{
    line: 2,
    input: {
      firstName: 'Anna',
      lastName: 'Schmidt',
      emails: [
        { value: 'anna@privat.de', label: 'home' },
        { value: 'anna@firma.de', label: 'work' },
        { value: 'a.schmidt@firma.de', label: 'work' },
      ],
      phones: [{ value: '+49 171 1234567', label: 'mobile' }],
      companyName: 'Firma GmbH',
      jobTitle: 'CTO',
      note: 'Met at the fair\nTalk again in May',
      tags: ['Kunden', 'VIP'],
    },
  }]);
});

test.each<[Preset, string]>([['generic', '1980-04-03'], ['hubspot', '1980-03-04']])(
  'slashed dates in a %s file read as %s',
  async (preset, birthday) => {
    const mapping: ColumnMapping[] = [{ index: 0, header: 'Name', target: 'fullName' }, { index: 1, header: 'Birthday', target: 'birthday' }];
    const [row] = await collect(mapRows(text('Name,Birthday\nAnna Schmidt,03/04/1980\n'), mapping, { preset }));
    expect(row).toEqual({ line: 2, input: { firstName: 'Anna', lastName: 'Schmidt', birthday } });
  },
);

test.each<[string, string, Partial<RowError>, string]>([
  ['an invalid e-mail', 'Vorname,E-Mail\nAnna,anna(at)example.org', { code: 'invalid_email', field: 'emails.0.value', column: 'E-Mail' }, 'anna(at)'],
  ['an invalid second e-mail', 'E-Mail,E-Mail 2\na@example.org,b@@example', { code: 'invalid_email', field: 'emails.1.value', column: 'E-Mail 2' }, 'b@@'],
  ['a date that does not exist', 'Vorname,Geburtstag\nAnna,31.02.1980', { code: 'invalid_date', field: 'birthday', column: 'Geburtstag' }, '31.02'],
  ['no name, e-mail or company', 'Telefon,Ort\n030 123,Berlin', { code: 'missing_name' }, '030'],
  ['an unknown lifecycle stage', 'Vorname,Lifecycle Stage\nAnna,Hot', { code: 'invalid_lifecycle_stage', field: 'lifecycleStage' }, 'Hot'],
  ['a first name that is too long', `Vorname\n${'Annabella'.repeat(30)}`, { code: 'too_long', field: 'firstName', column: 'Vorname' }, 'Annabella'],
  ['a name too long to split', `Name\nAnna ${'Schmidt'.repeat(40)}`, { code: 'too_long', field: 'lastName', column: 'Name' }, 'Schmidt'],
  ['a postal code that is too long', `Vorname,PLZ\nAnna,${'1'.repeat(21)}`, { code: 'too_long', field: 'addresses.0.postalCode', column: 'PLZ' }, '111'],
  ['too many tags', `Vorname,Tags\nAnna,${Array.from({ length: 51 }, (_, i) => `t${i}`).join(';')}`, { code: 'too_many_values', field: 'tags', column: 'Tags' }, 't50'],
])('%s is a row error naming the column, not the value', async (_name, csv, error, value) => {
  const rows = await importCsv(csv);
  expect(rows).toEqual([{ line: 2, error: expect.objectContaining(error) }]);
  expect(JSON.stringify(rows)).not.toContain(value);
});

test('broken quoting and wrong column counts are row errors with their lines, and later rows still come out', async () => {
  const csv = 'Vorname,Nachname\nAnna,A\nBernd "B" Braun,B\nCarla\nDora,D,extra\nEmil,E\n';
  const rows = await importCsv(csv);
  expect(rows.map((r) => [r.line, 'error' in r ? r.error.code : r.input.firstName])).toEqual([
    [2, 'Anna'], [3, 'malformed_csv'], [4, 'column_count'], [5, 'column_count'], [6, 'Emil'],
  ]);
});

test('rows whose mapped cells are all empty are skipped, other lines keep their numbers', async () => {
  const rows = await importCsv('Vorname;Nachname;Notiz\nAnna;A;\n;;\n ; ;\n\nBernd;B;\n');
  expect(rows.map((r) => r.line)).toEqual([2, 6]);
});

test('the owner and formula-escaped cells come through', async () => {
  const rows = await importCsv('First Name,Phone,Contact Owner\nAnna,\'+49 30 123,boss@example.org\n');
  expect(rows).toEqual([{ line: 2, input: { firstName: 'Anna', phones: [{ value: '+49 30 123' }] }, owner: 'boss@example.org' }]);
});

test('a mapping that does not fit the file is refused', async () => {
  const mapping: ColumnMapping[] = [{ index: 0, header: 'E-Mail', target: 'email' }];
  await expect(collect(mapRows(text('Vorname,E-Mail\nAnna,a@example.org\n'), mapping))).rejects.toMatchObject({ code: 'csv_mapping_mismatch' });
  const beyond: ColumnMapping[] = [{ index: 5, header: 'E-Mail', target: 'email' }];
  await expect(collect(mapRows(text('E-Mail\na@example.org\n'), beyond))).rejects.toMatchObject({ code: 'csv_mapping_mismatch' });
});

test('readHeader returns the header, the delimiter and sample rows', async () => {
  expect(await readHeader(text('"Vorname";"Nachname"\nAnna;A\nBernd;B\nCarla;C\n'), { sampleRows: 2 })).toEqual({
    headers: ['Vorname', 'Nachname'], delimiter: ';', samples: [['Anna', 'A'], ['Bernd', 'B']],
  });
});

test('previewRows maps the first rows only', async () => {
  const csv = 'Vorname\n' + Array.from({ length: 100 }, (_, i) => `Person ${i}`).join('\n');
  const { columns } = suggestMapping(['Vorname'], []);
  const preview = await previewRows(text(csv), columns, { limit: 3 });
  expect(preview).toEqual([2, 3, 4].map((line) => ({ line, input: { firstName: `Person ${line - 2}` } })));
});

async function collect<T>(rows: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

// Windows-1252 bytes of a German file, generated chunk by chunk so the test holds no file in memory.
function* germanCsv(rows: number): Generator<Buffer> {
  yield iconv.encode('Vorname;Nachname;E-Mail;Telefon;Firma;Straße;PLZ;Ort;Geburtstag;Schlagwörter\r\n', 'windows1252');
  let chunk = '';
  for (let i = 1; i <= rows; i++) {
    chunk += `Jürgen${i};Groß;j${i}@example.de;+49 30 ${i};Firma ${i % 97} GmbH;Hauptstraße ${i % 200};${10000 + (i % 89999)};Köln;${1 + (i % 28)}.${1 + (i % 12)}.1980;Kunde, VIP\r\n`;
    if (chunk.length > 60_000) {
      yield iconv.encode(chunk, 'windows1252');
      chunk = '';
    }
  }
  yield iconv.encode(chunk, 'windows1252');
}

// 200,000 rather than 1,000,000 rows keeps the test within seconds on a shared machine; the rate is in the report.
const ROWS = 200_000;

test(`${ROWS} rows stream through decodeStream and mapRows in flat memory`, { timeout: 120_000 }, async () => {
  // A full collection before each reading makes heapUsed measure what is kept, not what awaits collection.
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const { columns } = suggestMapping(['Vorname', 'Nachname', 'E-Mail', 'Telefon', 'Firma', 'Straße', 'PLZ', 'Ort', 'Geburtstag', 'Schlagwörter'], []);
  gc();
  const before = process.memoryUsage().heapUsed;
  let growth = 0;
  let count = 0;
  let last: RowResult | undefined;
  for await (const row of mapRows(decodeStream(Readable.from(germanCsv(ROWS))), columns)) {
    if ('error' in row) throw new Error(`line ${row.line}: ${row.error.message}`);
    count++;
    last = row;
    if (count % 20_000 === 0) {
      gc();
      growth = Math.max(growth, process.memoryUsage().heapUsed - before);
    }
  }
  expect(count).toBe(ROWS);
  expect(last).toMatchObject({ line: ROWS + 1, input: { firstName: `Jürgen${ROWS}`, lastName: 'Groß', tags: ['Kunde', 'VIP'] } });
  expect(growth).toBeLessThan(100 * 1024 * 1024);
});
