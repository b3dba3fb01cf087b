import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { CsvError, parse, type InfoRecord, type Options } from 'csv-parse/sync';
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

/** What an error event says about a record csv-parse could not read; `line` is where the record starts, `at` where reading failed. */
function describe(err: CsvError, line: number, at: number): { code: CsvErrorCode; message: string } {
  const where = at > line ? ` on line ${at}` : '';
  switch (err.code) {
    case 'CSV_MAX_RECORD_SIZE':
      return tooLarge;
    case 'CSV_QUOTE_NOT_CLOSED':
      return { code: 'malformed_csv', message: 'A quote opened in this row is never closed; the row was skipped and reading went on with the next line' };
    case 'CSV_INVALID_CLOSING_QUOTE':
      return at > line
        ? { code: 'malformed_csv', message: `A quote opened in this row is closed on line ${at} and followed by more text; the row was skipped and reading went on with the next line` }
        : { code: 'malformed_csv', message: 'A quoted field is followed by more text before the next delimiter; the row was skipped' };
    case 'INVALID_OPENING_QUOTE':
      return { code: 'malformed_csv', message: `A quote appears inside an unquoted field${where}; the row was skipped` };
    default:
      return { code: 'malformed_csv', message: `The row could not be read (${err.code})${where}; it was skipped` };
  }
}

const tooLarge = {
  code: 'record_too_large',
  message: `The row is longer than ${MAX_RECORD_CHARS} characters, most likely because a quote is never closed; the row was skipped and reading went on with the next line`,
} as const satisfies { code: CsvErrorCode; message: string };

/**
 * How much text csv-parse is given at a time. After a broken record the rest of its slice is read again, so the
 * slice shrinks to RETRY_SLICE_CHARS and grows back while records come out whole: a file whose every row is broken
 * costs a fresh csv-parse per row, not a fresh slice.
 */
const SLICE_CHARS = 16 * 1024;
const RETRY_SLICE_CHARS = 1024;

const isBreak = (code: number): boolean => code === 10 || code === 13;

/** The number of line breaks (CR or LF, as csv-parse counts lines once CRLF has become LF) in `text`. */
function countBreaks(text: string): number {
  let breaks = 0;
  for (let i = 0; i < text.length; i++) if (isBreak(text.charCodeAt(i))) breaks++;
  return breaks;
}

/** Where the text after the `n`th line break of `text` starts (`text.length` when it has fewer). */
function afterBreaks(text: string, n: number, from = 0): number {
  for (let i = from; i < text.length && n > 0; i++) {
    if (isBreak(text.charCodeAt(i)) && --n === 0) return i + 1;
  }
  return n <= 0 ? from : text.length;
}

/**
 * Turns LF text (see lfText) into events. csv-parse cannot find its way back after a record with broken quoting:
 * it reads on as if the quote were still open and swallows the rows after it. So each slice of whole lines goes to
 * a fresh csv-parse, which stops at the first broken record, and reading starts again on the line after the one
 * that record starts on: an unclosed quote may belong to a field that legally spans lines, so any later line may
 * begin a good row. A record still open at the end of a slice (a multi-line field) is read again with more text.
 *
 * Memory stays bounded: the text held is a slice, or a record that has not ended yet (at most MAX_RECORD_CHARS,
 * after which it is reported too large) plus as much text again to read it with.
 */
class RecordReader {
  private buf = '';
  /** Where the unread text starts in `buf`; always the start of a physical line. */
  private pos = 0;
  /** The physical line at `pos`. */
  private line = 1;
  /** Characters after `pos` known to hold only the beginning of a record, to be read again with more text. */
  private carry = 0;
  /** The length of the next slice, unless a record still open needs more. */
  private window = SLICE_CHARS;
  /** Dropping text up to the next line break, after a line too long to hold. */
  private skipping = false;
  private started = false;
  private headerLength = -1; // -1 until the header has been read
  private recordDelimiter: '\n' | '\r' | undefined;
  // State of the slice being parsed, for on_record.
  private sliceLine = 1;
  private sliceEvents: CsvEvent[] = [];

  constructor(private readonly delimiter: Delimiter) {}

  /** The events of the text read so far that are complete. */
  *push(text: string): Generator<CsvEvent> {
    if (!this.started) {
      this.started = true;
      if (text.startsWith('\uFEFF')) text = text.slice(1);
    }
    this.buf = this.buf.slice(this.pos) + text;
    this.pos = 0;
    yield* this.drain(false);
  }

  /** The events of the rest of the text, once all of it has been pushed. */
  *end(): Generator<CsvEvent> {
    yield* this.drain(true);
    if (this.headerLength === -1) throw new Validation('csv_empty', 'The file has no header line');
  }

  private *drain(end: boolean): Generator<CsvEvent> {
    for (;;) {
      if (this.skipping) {
        const next = this.nextBreak();
        if (next === -1) {
          [this.buf, this.pos] = ['', 0];
          return;
        }
        [this.pos, this.skipping] = [next + 1, false];
        this.line++;
      }
      const avail = this.buf.length - this.pos;
      if (avail === 0) return;
      const rd = this.recordDelimiter ?? (this.recordDelimiter = this.findRecordDelimiter(end));
      if (rd === undefined) return;
      if (this.carry > MAX_RECORD_CHARS) {
        // csv-parse counts neither delimiters nor line ends towards max_record_size; this counts every character.
        yield* this.tooLong();
        continue;
      }
      const target = Math.max(this.window, 2 * this.carry);
      if (!end && avail < target) return;

      // The slice ends after a record delimiter, so that the only record csv-parse may find unfinished is one
      // with a quoted field still open; the last slice of the file ends where the file does.
      let cut = this.buf.length;
      let final = end && avail <= target;
      if (!final) {
        cut = this.buf.lastIndexOf(rd, this.pos + target - 1) + 1;
        if (cut <= this.pos + this.carry) cut = this.buf.indexOf(rd, this.pos + target) + 1;
        if (cut <= this.pos + this.carry) {
          if (end) [cut, final] = [this.buf.length, true];
          else if (avail - this.carry > MAX_RECORD_CHARS) {
            yield* this.tooLong();
            continue;
          } else return; // a long line; wait for its end
        }
      }
      yield* this.parseSlice(this.buf.slice(this.pos, cut), final);
    }
  }

  /** The record at `pos` goes on for more than MAX_RECORD_CHARS: reported, then reading goes on with the next line. */
  private *tooLong(): Generator<CsvEvent> {
    yield this.error(this.line, tooLarge);
    const next = this.nextBreak();
    if (next === -1) [this.buf, this.pos, this.skipping] = ['', 0, true];
    else [this.pos, this.line] = [next + 1, this.line + 1];
    this.carry = 0;
  }

  private *parseSlice(text: string, final: boolean): Generator<CsvEvent> {
    this.sliceLine = this.line;
    this.sliceEvents = [];
    let failure: CsvError | undefined;
    try {
      parse(text, this.options);
    } catch (err) {
      if (!(err instanceof CsvError)) throw err;
      failure = err;
    }
    const events = this.sliceEvents;
    this.sliceEvents = [];
    if (failure === undefined) {
      [this.pos, this.line, this.carry] = [this.pos + text.length, this.line + countBreaks(text), 0];
      this.window = Math.min(SLICE_CHARS, 2 * this.window);
      yield* events;
      return;
    }
    // Lines are counted from 1 within the slice; a record's raw text may begin with the blank lines before it.
    const at = failure.lines as number;
    const start = Math.max(1, at - innerLineBreaks(typeof failure.raw === 'string' ? failure.raw : ''));
    if (failure.code === 'CSV_QUOTE_NOT_CLOSED' && !final) {
      // Most likely a multi-line field that goes on past the slice: read it again from its start with more text.
      const offset = afterBreaks(text, start - 1);
      [this.pos, this.line, this.carry] = [this.pos + offset, this.line + start - 1, text.length - offset];
      yield* events;
      return;
    }
    const line = this.line + start - 1;
    // Go on with the line after the one the broken record starts on.
    [this.pos, this.line, this.carry, this.window] = [this.pos + afterBreaks(text, start), line + 1, 0, RETRY_SLICE_CHARS];
    yield* events;
    yield this.error(line, describe(failure, line, this.sliceLine + at - 1));
  }

  private error(line: number, { code, message }: { code: CsvErrorCode; message: string }): CsvEvent {
    if (this.headerLength === -1) throw new Validation('csv_invalid_header', 'The header line of the file could not be read');
    return { kind: 'error', line, code, message };
  }

  private onRecord(cells: string[], raw: string, info: InfoRecord): void {
    const line = this.sliceLine + info.lines - 1 - innerLineBreaks(raw);
    if (this.headerLength === -1) {
      this.headerLength = cells.length;
      this.sliceEvents.push({ kind: 'header', line, cells, delimiter: this.delimiter });
    } else if (cells.length !== this.headerLength) {
      const message = `The row has ${cells.length} columns, the header ${this.headerLength}`;
      this.sliceEvents.push({ kind: 'error', line, code: 'column_count', message });
    } else {
      this.sliceEvents.push({ kind: 'record', line, cells });
    }
  }

  // With `raw`, csv-parse hands on_record the cells together with the record's source text; returning null keeps
  // the record out of parse()'s result, which is not used.
  private readonly options: Options = {
    bom: false,
    skip_empty_lines: true,
    relax_column_count: true,
    raw: true,
    max_record_size: MAX_RECORD_CHARS,
    on_record: (record: unknown, info) => {
      const { record: cells, raw } = record as { record: string[]; raw: string };
      this.onRecord(cells, raw, info);
      return null;
    },
  };

  /**
   * The record delimiter, from the first line end outside quotes; fixed for the whole file, as each slice gets a
   * fresh csv-parse that would otherwise guess anew. Undefined while more text is needed to tell.
   */
  private findRecordDelimiter(end: boolean): '\n' | '\r' | undefined {
    let quoted = false;
    for (let i = this.pos; i < this.buf.length; i++) {
      const ch = this.buf[i];
      if (ch === '"') quoted = !quoted;
      else if (!quoted && (ch === '\n' || ch === '\r')) return this.setOptions(ch);
    }
    return end || this.buf.length - this.pos > MAX_RECORD_CHARS ? this.setOptions('\n') : undefined;
  }

  private setOptions(rd: '\n' | '\r'): '\n' | '\r' {
    Object.assign(this.options, { delimiter: this.delimiter, record_delimiter: rd });
    return rd;
  }

  private nextBreak(): number {
    for (let i = this.pos; i < this.buf.length; i++) if (isBreak(this.buf.charCodeAt(i))) return i;
    return -1;
  }
}

/**
 * Parses CSV text record by record with csv-parse, in bounded memory. The first event is the header; a file
 * without one, or whose header cannot be parsed, is a Validation error. A record that cannot be read (broken
 * quoting, wrong number of columns, longer than MAX_RECORD_CHARS) becomes one 'error' event on the line it starts
 * on, and reading goes on: after a wrong column count with the next record, after broken quoting with the next
 * line, as a quote that is never closed may have swallowed good rows. `line` is the physical line a record starts
 * on (the header is line 1 unless blank lines precede it).
 */
export async function* readCsv(text: Readable, opts: { delimiter?: Delimiter } = {}): AsyncGenerator<CsvEvent> {
  const { head, headText, rest } = await readHeaderLine(text);
  const reader = new RecordReader(opts.delimiter ?? detectDelimiter(headText));
  // Errors of the source (I/O, decoding) come out of lfText; ending early releases the source there.
  for await (const chunk of lfText(head, rest)) yield* reader.push(chunk);
  yield* reader.end();
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
