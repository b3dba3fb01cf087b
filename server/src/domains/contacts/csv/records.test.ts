import { Readable } from 'node:stream';
import { expect, test } from 'vitest';
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

test('an oversized record is reported on its first line and the lines after it are read again', async () => {
  const lines = MAX_RECORD_CHARS / 4 + 1000; // a quote never closed runs past MAX_RECORD_CHARS
  const text = `a,b\n1,2\n3,"${'x,y\n'.repeat(lines)}`;
  const chunks = Array.from({ length: Math.ceil(text.length / 65536) }, (_, i) => text.slice(i * 65536, (i + 1) * 65536));
  const events = await read(chunks);
  expect(events.slice(0, 4)).toEqual([[1, ['a', 'b']], [2, ['1', '2']], [3, 'record_too_large'], [4, ['x', 'y']]]);
  expect(events).toHaveLength(3 + lines);
  expect(events.at(-1)).toEqual([3 + lines, ['x', 'y']]);
});

test('a line longer than MAX_RECORD_CHARS without a line end is reported and skipped without holding it', async () => {
  const long = 'x'.repeat(64 * 1024);
  const source = (function* () {
    yield 'a,b\n1,2\n';
    for (let i = 0; i < (2 * MAX_RECORD_CHARS) / long.length; i++) yield long;
    yield ',z\n3,4\n';
  })();
  expect(await read([...source])).toEqual([[1, ['a', 'b']], [2, ['1', '2']], [3, 'record_too_large'], [4, ['3', '4']]]);
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
