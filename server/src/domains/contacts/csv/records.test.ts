import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, test } from 'vitest';
import { detectDelimiter, innerLineBreaks, MAX_RECORD_CHARS, readCsv, type CsvEvent, type Delimiter } from './records.ts';

/** Events in a compact form: [line, cells] for header and records, [line, code] for errors. */
async function read(chunks: string | string[], opts: { delimiter?: Delimiter } = {}): Promise<[number, string[] | string][]> {
  const out: [number, string[] | string][] = [];
  for await (const e of readCsv(Readable.from(Array.isArray(chunks) ? chunks : [chunks]), opts)) {
    out.push([e.line, e.kind === 'error' ? e.code : e.cells]);
  }
  return out;
}

async function readAll(text: string): Promise<CsvEvent[]> {
  const out: CsvEvent[] = [];
  for await (const e of readCsv(Readable.from([text]))) out.push(e);
  return out;
}

test.each<[string, Delimiter]>([
  ['a,b,c', ','],
  ['a;b;c', ';'],
  ['a\tb\tc', '\t'],
  ['"Nachname, Vorname";"E-Mail";Ort', ';'],
  ['"Record ID","First Name","Last Name"', ','],
  ['a;b\n1,2,3,4,5', ';'],
  ['name', ','],
  ['', ','],
])('detectDelimiter(%j) is %j', (header, expected) => {
  expect(detectDelimiter(header)).toBe(expected);
});

test.each<[string, number]>([
  ['a,b\n', 0],
  ['a,b\r\n', 0],
  ['a,b', 0],
  ['\n\na,b\n', 0],
  ['"x\ny",b\n', 1],
  ['"x\r\ny\r\nz",b\r\n', 2],
  ['"x\ry",b\r', 1],
])('innerLineBreaks(%j) is %d', (raw, expected) => {
  expect(innerLineBreaks(raw)).toBe(expected);
});

test.each<[string, string]>([['LF', '\n'], ['CRLF', '\r\n'], ['CR', '\r']])(
  'lines are physical lines, across blank lines and quoted line breaks (%s)',
  async (_name, eol) => {
    const text = ['a,b', '1,2', '', '"x', 'y', 'z",3', '4,5'].join(eol);
    const notes = eol === '\r' ? 'x\ry\rz' : 'x\ny\nz'; // CRLF becomes LF
    expect(await read(text)).toEqual([[1, ['a', 'b']], [2, ['1', '2']], [4, [notes, '3']], [7, ['4', '5']]]);
  },
);

test('a CRLF split between chunks is still one line end', async () => {
  expect(await read(['a,b\r', '\n"x\r', '\ny",2\r', '\n3,4\r', '\n'])).toEqual([[1, ['a', 'b']], [2, ['x\ny', '2']], [4, ['3', '4']]]);
});

test('errors after multi-line fields in a Windows file keep their line', async () => {
  expect(await read('a,b\r\n"x\r\ny\r\nz",1\r\n2,3,4\r\n5,6\r\n')).toEqual([
    [1, ['a', 'b']], [2, ['x\ny\nz', '1']], [5, 'column_count'], [6, ['5', '6']],
  ]);
});

test('a row with broken quoting is reported with its line and the rows after it still come out', async () => {
  expect(await read('name,email\nAnna,a@example.org\nBernd "Bär" Braun,b@example.org\n"Dora "D" Dahl",d@example.org\nCarla,c@example.org\n')).toEqual([
    [1, ['name', 'email']], [2, ['Anna', 'a@example.org']], [3, 'malformed_csv'], [4, 'malformed_csv'], [5, ['Carla', 'c@example.org']],
  ]);
});

test('a row with the wrong number of columns is an error of that row', async () => {
  const events = await readAll('a,b\n1,2,3\n4\n5,6\n');
  expect(events.map((e) => [e.line, e.kind === 'error' ? e.code : e.cells])).toEqual([
    [1, ['a', 'b']], [2, 'column_count'], [3, 'column_count'], [4, ['5', '6']],
  ]);
  expect(events[1]).toMatchObject({ message: 'The row has 3 columns, the header 2' });
});

test('a quote that is never closed is reported on the line it opens, and the lines after it are read again', async () => {
  const events = await readAll('a,b\n1,2\n3,"open\n5,6\n7,8\n');
  expect(events.map((e) => [e.line, e.kind])).toEqual([[1, 'header'], [2, 'record'], [3, 'error'], [4, 'record'], [5, 'record']]);
  expect(events[2]).toMatchObject({ code: 'malformed_csv', message: expect.stringContaining('never closed') });
});

test('a quote that is closed lines later costs only the line it opens on', async () => {
  const events = await readAll('a,b\n1,2\n3,"open\n5,6\n7,"8"\n9,10\n');
  expect(events.map((e) => [e.line, e.kind === 'error' ? e.code : e.cells])).toEqual([
    [1, ['a', 'b']], [2, ['1', '2']], [3, 'malformed_csv'], [4, ['5', '6']], [5, ['7', '8']], [6, ['9', '10']],
  ]);
  expect(events[2]).toMatchObject({ message: expect.stringContaining('closed on line 5') });
});

test('an oversized record is reported on its first line and the lines after it are read again', { timeout: 30_000 }, async () => {
  const row = `${'x'.repeat(97)},y\n`;
  const lines = MAX_RECORD_CHARS / row.length + 10; // a quote never closed runs past MAX_RECORD_CHARS
  const text = `a,b\n1,2\n3,"${row.repeat(lines)}`;
  const chunks = Array.from({ length: Math.ceil(text.length / 65536) }, (_, i) => text.slice(i * 65536, (i + 1) * 65536));
  const events = await read(chunks);
  const cells = ['x'.repeat(97), 'y'];
  expect(events.slice(0, 4)).toEqual([[1, ['a', 'b']], [2, ['1', '2']], [3, 'record_too_large'], [4, cells]]);
  // Line 3 holds the first of the rows; the others are lines 4 to 2 + lines.
  expect(events).toHaveLength(2 + lines);
  expect(events.at(-1)).toEqual([2 + lines, cells]);
});

test('a line longer than MAX_RECORD_CHARS is reported and skipped', async () => {
  const long = 'x'.repeat(64 * 1024);
  const source = (function* () {
    yield 'a,b\n1,2\n';
    for (let i = 0; i < (2 * MAX_RECORD_CHARS) / long.length; i++) yield long;
    yield ',z\n3,4\n';
  })();
  expect(await read([...source])).toEqual([[1, ['a', 'b']], [2, ['1', '2']], [3, 'record_too_large'], [4, ['3', '4']]]);
});

type Expected = [number, string[] | string][];

const inChunks = (text: string, size: number): string[] =>
  Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size));

/** The same text whole and in chunks of a few characters, so that chunk boundaries fall everywhere. */
const feeds = (text: string): [string, string[]][] => [['whole', [text]], ...[1, 2, 3, 5, 7, 13].map((n): [string, string[]] => [`${n}-char chunks`, inChunks(text, n)])];

const google = [
  'First Name,Last Name,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value,Organization Name,Labels',
  'Anna,Schröder,* Work,anna@example.de,Mobile,0171 2345678,Heizung Huber GmbH,Wartungskunde ::: * myContacts',
  'Bernd,Bauer,,not-an-email,,,,',
  'Carla,"Cr"uz,,carla@example.com,,,Acme Ltd,',
  'Dieter,Dorn,,dieter@example.de,,+49 89 1234567,Heizung Huber GmbH,',
  'Dieter,Dorn,,DIETER@example.de,,,,Messe 2026',
];

// Texts in LF; each also runs with CRLF and CR line ends. A broken record is one error on the line it starts on, and
// reading goes on with the line after that one.
const quoteErrors: [string, string, Expected][] = [
  ['an invalid closing quote mid-file', 'a,b,c\nAnna,S,x\nCarla,"Cr"uz,y\nDieter,Dorn,z\nE,F,G\n', [
    [1, ['a', 'b', 'c']], [2, ['Anna', 'S', 'x']], [3, 'malformed_csv'], [4, ['Dieter', 'Dorn', 'z']], [5, ['E', 'F', 'G']],
  ]],
  ['the Google export of the import test', google.join('\n'), [
    [1, google[0]!.split(',')], [2, google[1]!.split(',')], [3, google[2]!.split(',')], [4, 'malformed_csv'],
    [5, google[4]!.split(',')], [6, google[5]!.split(',')],
  ]],
  ['an invalid closing quote on the last line', 'a,b\n1,2\n"3"x,4', [[1, ['a', 'b']], [2, ['1', '2']], [3, 'malformed_csv']]],
  ['an invalid closing quote of a quote opened lines earlier', 'a,b\n1,"open\n3,4\n5,"6"\n7,8\n', [
    [1, ['a', 'b']], [2, 'malformed_csv'], [3, ['3', '4']], [4, ['5', '6']], [5, ['7', '8']],
  ]],
  ['a quote inside an unquoted field', 'a,b\n1,x"y\n3,4\n', [[1, ['a', 'b']], [2, 'malformed_csv'], [3, ['3', '4']]]],
  ['an unclosed quote mid-file', 'a,b\n1,2\n3,"open\n5,6\n7,8\n', [
    [1, ['a', 'b']], [2, ['1', '2']], [3, 'malformed_csv'], [4, ['5', '6']], [5, ['7', '8']],
  ]],
  ['an unclosed quote in the first data row', 'a,b\n"open,1\n2,3\n', [[1, ['a', 'b']], [2, 'malformed_csv'], [3, ['2', '3']]]],
  ['an unclosed quote on the last line', 'a,b\n1,2\n3,"open\n', [[1, ['a', 'b']], [2, ['1', '2']], [3, 'malformed_csv']]],
  ['an unclosed quote on the last line without a line end', 'a,b\n1,2\n3,"op', [[1, ['a', 'b']], [2, ['1', '2']], [3, 'malformed_csv']]],
  ['an unclosed quote followed by blank lines', 'a,b\n1,2\n3,"open\n\n\n', [[1, ['a', 'b']], [2, ['1', '2']], [3, 'malformed_csv']]],
  ['broken rows one after another', 'a,b\n"x"y,1\n"z"w,2\n3,"open\n4,5\n', [
    [1, ['a', 'b']], [2, 'malformed_csv'], [3, 'malformed_csv'], [4, 'malformed_csv'], [5, ['4', '5']],
  ]],
  ['a broken row after blank lines', 'a,b\n1,2\n\n\n"x"y,1\n3,4\n', [[1, ['a', 'b']], [2, ['1', '2']], [5, 'malformed_csv'], [6, ['3', '4']]]],
  ['a broken row right after a multi-line field', 'a,b\n"x\ny",1\n"z"w,2\n3,4\n', [
    [1, ['a', 'b']], [2, ['x\ny', '1']], [4, 'malformed_csv'], [5, ['3', '4']],
  ]],
  // The second line of the broken field is read again as a row of its own, and is broken too.
  ['a broken quote at the end of a multi-line field', 'a,b\n"x\ny"z,1\n2,3\n', [
    [1, ['a', 'b']], [2, 'malformed_csv'], [3, 'malformed_csv'], [4, ['2', '3']],
  ]],
  ['a broken row next to a wrong column count', 'a,b\n1,2,3\n"x"y,1\n4\n5,6\n', [
    [1, ['a', 'b']], [2, 'column_count'], [3, 'malformed_csv'], [4, 'column_count'], [5, ['5', '6']],
  ]],
];

describe.each<[string, string]>([['LF', '\n'], ['CRLF', '\r\n'], ['CR', '\r']])('broken quoting in a file with %s line ends', (_name, eol) => {
  // CRLF becomes LF, also inside fields; a CR file keeps its CRs.
  const cellEol = eol === '\r' ? '\r' : '\n';
  test.each(quoteErrors)('%s', async (_case, lf, expected) => {
    const text = lf.replaceAll('\n', eol);
    const want = expected.map(([line, cells]) => [line, typeof cells === 'string' ? cells : cells.map((c) => c.replaceAll('\n', cellEol))]);
    for (const [feed, chunks] of feeds(text)) expect(await read(chunks), feed).toEqual(want);
  });
});

test('a broken record reports once, with a message that names the record', async () => {
  const events = await readAll('a,b\n"x"y,1\n"open,2\n3,4\n');
  expect(events.filter((e) => e.kind === 'error')).toEqual([
    { kind: 'error', line: 2, code: 'malformed_csv', message: 'A quoted field is followed by more text before the next delimiter; the row was skipped' },
    { kind: 'error', line: 3, code: 'malformed_csv', message: expect.stringContaining('never closed') },
  ]);
});

/** A file of rows and the events it should give; each row's text ends with its line end. */
function build(rows: [string, string[] | string][]): { text: string; expected: Expected } {
  let text = '';
  let line = 1;
  const expected: Expected = [];
  for (const [row, result] of rows) {
    expected.push([line, result]);
    text += row;
    line += row.split('\n').length - 1;
  }
  return { text, expected };
}

// readCsv hands csv-parse 16 KiB at a time, and less after a broken record; the first filler rows end 100 to 300
// characters before the first slice boundary, so that each of the rows after them is cut there by one of the shifts.
test('broken records anywhere around the internal slice boundaries', { timeout: 60_000 }, async () => {
  for (let shift = 0; shift < 200; shift += 4) {
    const rows: [string, string[] | string][] = [['id,note\n', ['id', 'note']]];
    for (let i = 0; i < 362; i++) rows.push([`${i},${'f'.repeat(40 + (i === 0 ? shift : 0))}\n`, [`${i}`, 'f'.repeat(40 + (i === 0 ? shift : 0))]]);
    rows.push(['m,"multi\nline\nnote"\n', ['m', 'multi\nline\nnote']], ['b,"x"y\n', 'malformed_csv'], ['c,"Cr"uz\n', 'malformed_csv']);
    for (let i = 0; i < 100; i++) rows.push([`g${i},"quoted ${i}"\n`, [`g${i}`, `quoted ${i}`]]);
    rows.push(['u,"open\n', 'malformed_csv']);
    for (let i = 0; i < 320; i++) rows.push([`t${i},${'t'.repeat(40)}\n`, [`t${i}`, 't'.repeat(40)]]);
    const { text, expected } = build(rows);
    for (const size of [text.length, 4093, 1000, 97]) expect(await read(inChunks(text, size)), `shift ${shift}, chunks of ${size}`).toEqual(expected);
  }
});

test('200,000 rows with a broken row every 10,000 lose no good row, in flat memory', { timeout: 120_000 }, async () => {
  const ROWS = 200_000;
  // A full collection before each reading makes heapUsed measure what is kept, not what awaits collection.
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  // Where each line starts and how much of the file has been handed out, to measure how far reading runs ahead.
  const lineStart = new Float64Array(ROWS + 2);
  let produced = 0;
  function* file(): Generator<string> {
    let chunk = 'id,name,email,company\n';
    lineStart[1] = 0;
    for (let i = 1; i <= ROWS; i++) {
      lineStart[i + 1] = produced + chunk.length;
      // Alternately a quote closed too early and one never closed, which runs on to the next broken row.
      if (i % 10_000 === 0) chunk += i % 20_000 === 0 ? `${i},"Carla Cruz,c${i}@example.org,Acme\n` : `${i},"Cr"uz,c${i}@example.org,Acme\n`;
      else chunk += `${i},Person ${i},p${i}@example.org,Firma ${i % 97}\n`;
      if (chunk.length > 60_000) {
        produced += chunk.length;
        yield chunk;
        chunk = '';
      }
    }
    produced += chunk.length;
    yield chunk;
  }
  gc();
  const before = process.memoryUsage().heapUsed;
  let growth = 0;
  let readAhead = 0;
  let records = 0;
  const errors: number[] = [];
  let expectedLine = 3; // the line of the next record; line 2 is row 1
  for await (const e of readCsv(Readable.from(file(), { highWaterMark: 1 }))) {
    if (e.kind === 'header') continue;
    readAhead = Math.max(readAhead, produced - lineStart[e.line]!);
    if (e.kind === 'error') {
      errors.push(e.line);
      continue;
    }
    const row = e.line - 1;
    expect(e.cells).toEqual([`${row}`, `Person ${row}`, `p${row}@example.org`, `Firma ${row % 97}`]);
    expect(e.line).toBe(expectedLine - 1);
    expectedLine = e.line + (row % 10_000 === 9_999 ? 3 : 2);
    if (++records % 20_000 === 0) {
      gc();
      growth = Math.max(growth, process.memoryUsage().heapUsed - before);
    }
  }
  expect(records).toBe(ROWS - ROWS / 10_000);
  expect(errors).toEqual(Array.from({ length: ROWS / 10_000 }, (_, i) => (i + 1) * 10_000 + 1));
  // Never more ahead than a broken record of up to MAX_RECORD_CHARS, as much again to read it with, and a few chunks.
  expect(readAhead).toBeLessThan(2 * MAX_RECORD_CHARS + 4 * 64 * 1024);
  expect(growth).toBeLessThan(32 * 1024 * 1024);
});

test('a given delimiter wins over detection', async () => {
  expect(await read('a,b;c\n1,2;3\n', { delimiter: ';' })).toEqual([[1, ['a,b', 'c']], [2, ['1,2', '3']]]);
});

test('a byte order mark left in the text is not part of the first header', async () => {
  expect(await read('\uFEFFa;b\n1;2\n')).toEqual([[1, ['a', 'b']], [2, ['1', '2']]]);
});

test('a header split over many small chunks is found', async () => {
  expect(await read(['"Nach', 'name";"Vor', 'name"', '\n', 'A;B\n'])).toEqual([[1, ['Nachname', 'Vorname']], [2, ['A', 'B']]]);
});

test.each<[string, string, string]>([
  ['an empty file', '', 'csv_empty'],
  ['a file of blank lines', '\n\r\n\n', 'csv_empty'],
  ['a header with broken quoting', 'a,"b"c\n1,2\n', 'csv_invalid_header'],
  ['a header whose quote never closes', '"a,b\n1,2\n', 'csv_invalid_header'],
])('%s is refused', async (_name, text, code) => {
  await expect(read(text)).rejects.toMatchObject({ status: 400, code });
});

test('stopping early releases the source', async () => {
  const source = Readable.from((function* () {
    yield 'a,b\n';
    for (let i = 0; i < 1_000_000; i++) yield `${i},x\n`;
  })());
  for await (const event of readCsv(source)) if (event.kind === 'record') break;
  await new Promise((resolve) => setImmediate(resolve));
  expect(source.destroyed).toBe(true);
});
