import { pipeline, Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { parse, type CsvError, type Options } from 'csv-parse';
import { Validation } from '../../../lib/errors.ts';

/** The delimiters a contact file may use. */
export const DELIMITERS = [',', ';', '\t'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/**
 * The longest record accepted, in characters. Far above any real contact row; it stops an unclosed quote from
 * swallowing the rest of a large file into memory.
 */
export const MAX_RECORD_CHARS = 1_000_000;

// How much of the file is read to find the end of the header line.
const HEADER_SCAN_CHARS = 64 * 1024;

/** What reading a CSV file yields: its header, then each record or the reason a record could not be read. */
export type CsvEvent =
  | { kind: 'header'; line: number; cells: string[]; delimiter: Delimiter }
  | { kind: 'record'; line: number; cells: string[] }
  | { kind: 'error'; line: number; code: CsvErrorCode; message: string };

export type CsvErrorCode = 'malformed_csv' | 'column_count' | 'record_too_large';

/**
 * The delimiter of a header line: whichever of , ; and tab occurs most often outside quotes (',' when none does).
 * `text` may go on past the header line.
 */
export function detectDelimiter(text: string): Delimiter {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (ch === '\n' || ch === '\r') break;
    else if (ch === ',' || ch === ';' || ch === '\t') counts[ch]++;
  }
  return DELIMITERS.reduce((best, d) => (counts[d] > counts[best] ? d : best), ',' as Delimiter);
}

/** The number of line breaks inside a record's raw text, not counting empty lines before it or the one ending it. */
export function innerLineBreaks(raw: string): number {
  let start = 0;
  let end = raw.length;
  while (start < end && (raw[start] === '\n' || raw[start] === '\r')) start++;
  if (end > start && raw[end - 1] === '\n') end--;
  if (end > start && raw[end - 1] === '\r') end--;
  let breaks = 0;
  for (let i = start; i < end; i++) {
    const ch = raw.charCodeAt(i);
    if (ch === 10 || (ch === 13 && raw.charCodeAt(i + 1) !== 10)) breaks++;
  }
  return breaks;
}

const latin1 = (chunk: unknown): string =>
  typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('latin1');

/** Reads ahead in `source` until the header line is complete; returns the chunks read and an iterator over the rest. */
async function readHeaderLine(source: Readable): Promise<{ head: unknown[]; headText: string; rest: AsyncIterator<unknown> }> {
  const rest = source[Symbol.asyncIterator]();
  const head: unknown[] = [];
  let headText = '';
  // Only ASCII matters for finding the end of the line (quotes, CR, LF), so bytes may be viewed as latin1.
  while (headText.length < HEADER_SCAN_CHARS && !/[\r\n]/.test(headText.replace(/"[^"]*"/g, ''))) {
    const next = await rest.next();
    if (next.done) break;
    head.push(next.value);
    headText += latin1(next.value);
  }
  return { head, headText, rest };
}

function describe(err: CsvError, line: number, headerLength: number): { code: CsvErrorCode; message: string } {
  const upTo = typeof err.lines === 'number' && err.lines > line ? ` (up to line ${err.lines})` : '';
  switch (err.code) {
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH': {
      const cells = Array.isArray(err.record) ? err.record.length : undefined;
      return { code: 'column_count', message: `The row has ${cells ?? 'a different number of'} columns, the header ${headerLength}` };
    }
    case 'CSV_MAX_RECORD_SIZE':
      return {
        code: 'record_too_large',
        message: `The row is longer than ${MAX_RECORD_CHARS} characters, most likely because a quote is never closed; the rest of the file was not read`,
      };
    case 'CSV_QUOTE_NOT_CLOSED':
      return { code: 'malformed_csv', message: `A quote opened in this row is never closed; the rest of the file${upTo} could not be read` };
    case 'CSV_INVALID_CLOSING_QUOTE':
      return { code: 'malformed_csv', message: `A quoted field is followed by more text before the next delimiter${upTo}; the row was skipped` };
    case 'INVALID_OPENING_QUOTE':
      return { code: 'malformed_csv', message: `A quote appears inside an unquoted field${upTo}; the row was skipped` };
    default:
      return { code: 'malformed_csv', message: `The row could not be read (${err.code})${upTo}; it was skipped` };
  }
}

/**
 * Parses CSV text record by record with csv-parse, in constant memory. The first event is the header; a file
 * without one, or whose header cannot be parsed, is a Validation error. A record that cannot be read (broken
 * quoting, wrong number of columns) becomes an 'error' event and reading goes on with the next one; only a record
 * longer than MAX_RECORD_CHARS ends the file, as csv-parse cannot find its way back after it. `line` is the
 * physical line a record starts on (the header is line 1 unless blank lines precede it).
 */
export async function* readCsv(text: Readable, opts: { delimiter?: Delimiter } = {}): AsyncGenerator<CsvEvent> {
  const { head, headText, rest } = await readHeaderLine(text);
  const delimiter = opts.delimiter ?? detectDelimiter(headText);

  let headerLength = -1; // -1 until the header has been read
  let headerBroken = false;
  let stopped = false;
  let lastErrorLine = 0;
  // With `raw`, csv-parse hands on_record the cells together with the record's source text.
  const options: Options<CsvEvent, { record: string[]; raw: string }> = {
    delimiter,
    bom: true,
    skip_empty_lines: true,
    relax_column_count: false,
    skip_records_with_error: true,
    raw: true,
    max_record_size: MAX_RECORD_CHARS,
    on_record: ({ record: cells, raw }, info) => {
      const line = info.lines - innerLineBreaks(raw);
      if (headerLength !== -1) return { kind: 'record', line, cells };
      headerLength = cells.length;
      return { kind: 'header', line, cells, delimiter };
    },
    on_skip: (err, raw) => {
      if (!err || stopped) return undefined;
      const line = (err.lines as number) - innerLineBreaks(raw ?? '');
      // csv-parse may report several errors for one record; the first says most.
      if (line === lastErrorLine) return undefined;
      lastErrorLine = line;
      if (headerLength === -1) [headerBroken, stopped] = [true, true];
      // After an oversized record csv-parse cannot resynchronise, so nothing after it is trusted.
      if (err.code === 'CSV_MAX_RECORD_SIZE') stopped = true;
      // Pushed into the parser's own output so that errors and records keep their order.
      parser.push({ kind: 'error', line, ...describe(err, line, headerLength) } satisfies CsvEvent);
      return undefined;
    },
  };
  // The typings of parse() without `columns` only know records of strings; on_record turns them into events.
  const parser = parse(options as unknown as Options);

  // Errors of the source (I/O, decoding) reach the loop below through the parser; the callback has nothing to add.
  pipeline(Readable.from(lfText(head, rest)), parser, () => {});
  for await (const event of parser as AsyncIterable<CsvEvent>) {
    if (headerBroken) throw new Validation('csv_invalid_header', 'The header line of the file could not be read');
    yield event;
    if (event.kind === 'error' && event.code === 'record_too_large') return;
  }
  if (headerLength === -1) throw new Validation('csv_empty', 'The file has no header line');
}

/**
 * The text of `head` and then `rest`, with CRLF line ends turned into LF: csv-parse counts a CRLF inside a quoted
 * field as two lines, and notes read better without the CRs.
 */
async function* lfText(head: unknown[], rest: AsyncIterator<unknown>): AsyncGenerator<string> {
  const utf8 = new StringDecoder('utf8');
  let heldCr = false; // a CR at the end of a chunk may be the first half of a CRLF
  const lf = (chunk: unknown): string => {
    const text = (heldCr ? '\r' : '') + (typeof chunk === 'string' ? chunk : utf8.write(chunk as Buffer));
    heldCr = text.endsWith('\r');
    return (heldCr ? text.slice(0, -1) : text).replace(/\r\n/g, '\n');
  };
  try {
    const chunks = async function* () {
      yield* head;
      for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
    };
    for await (const chunk of chunks()) {
      const text = lf(chunk);
      if (text !== '') yield text;
    }
    const tail = (heldCr ? '\r' : '') + utf8.end();
    if (tail !== '') yield tail;
  } finally {
    // Stops and releases the source when reading ends early.
    await rest.return?.();
  }
}
