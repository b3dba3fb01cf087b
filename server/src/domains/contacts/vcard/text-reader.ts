import type { Problem, RawCard, ReadResult, VCardProperty } from './card.ts';
import { decodeBytes, type TextSource } from './charset.ts';

// vCard text as address books write it, not only as the RFCs describe it: 2.1 (bare TYPE words, QUOTED-PRINTABLE
// with soft line breaks, CHARSET per property, BASE64 that ends at a blank line), 3.0 (RFC 2426) and 4.0 (RFC 6350).

interface ContentLine {
  line: number;
  group?: string;
  name: string;
  params: Map<string, string[]>;
  value: string;
}

interface OpenCard {
  line: number;
  lines: ContentLine[];
  problems: Problem[];
}

// Large and of no use to a contact record; skipped before their values are decoded.
const BINARY = new Set(['PHOTO', 'LOGO', 'SOUND', 'KEY']);
// vCard 2.1 allows ENCODING values without the parameter name (`TEL;QUOTED-PRINTABLE:`); other bare words are TYPEs.
const BARE_ENCODINGS = new Set(['QUOTED-PRINTABLE', 'BASE64', 'B', '8BIT', '7BIT']);
const NAME = /^(?:([A-Za-z0-9_-]+)\.)?([A-Za-z0-9_-]+)$/;
const CARD_BOUNDARY = /^(?:BEGIN|END):VCARD\s*$/i;
const ASCII = /^\p{ASCII}*$/u;

/** Splits vCard text into cards of decoded properties; broken lines are reported, not fatal. */
export function readVCardText(source: TextSource): ReadResult {
  const cards: RawCard[] = [];
  const problems: Problem[] = [];
  let open: OpenCard | undefined;
  let nested = 0; // cards inside the open one (a vCard 2.1 AGENT): not contacts of their own
  let lastLine = 1;
  for (const { line, text } of logicalLines(source.text)) {
    lastLine = line;
    const content = parseContentLine(text, line);
    const boundary = content && /^(BEGIN|END)$/.test(content.name) && content.value.trim().toUpperCase() === 'VCARD'
      ? content.name
      : undefined;
    if (boundary === 'BEGIN') {
      if (open) nested++;
      else open = { line, lines: [], problems: [] };
    } else if (boundary === 'END') {
      if (!open) problems.push({ line, message: 'END:VCARD without BEGIN:VCARD' });
      else if (nested > 0) nested--;
      else {
        cards.push(decodeCard(open, source));
        open = undefined;
      }
    } else if (open && nested === 0) {
      if (content) open.lines.push(content);
      else open.problems.push({ line, message: `not a vCard property, ignored: ${JSON.stringify(text.slice(0, 60))}` });
    }
  }
  if (open) {
    open.problems.push({ line: lastLine, message: 'END:VCARD missing at the end of the file' });
    cards.push(decodeCard(open, source));
  }
  if (cards.length === 0 && problems.length === 0) problems.push({ line: 1, message: 'no vCard found (no BEGIN:VCARD)' });
  return { cards, problems };
}

/**
 * Joins physical lines into content lines: folding (a line starting with a space or tab continues the one before),
 * QUOTED-PRINTABLE soft breaks (a line ending in `=`), and vCard 2.1 BASE64 continued on unindented lines.
 * Line ends may be CRLF, LF, CR, or CRCRLF (iOS 5 wrote that).
 */
function* logicalLines(text: string): Generator<{ line: number; text: string }> {
  const lines = text.split(/\r*\n|\r/);
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() === '') continue;
    const line = i + 1;
    const parts = [lines[i]!];
    let encoding = encodingOf(parts[0]!);
    while (i + 1 < lines.length) {
      const next = lines[i + 1]!;
      const last = parts[parts.length - 1]!;
      if (encoding === 'quoted-printable' && last.endsWith('=') && !CARD_BOUNDARY.test(next)) {
        parts[parts.length - 1] = last.slice(0, -1);
        parts.push(next);
      } else if (next.startsWith(' ') || next.startsWith('\t')) {
        parts.push(next.slice(1));
      } else if (encoding === 'base64' && next.trim() !== '' && !next.includes(':')) {
        parts.push(next.trim());
      } else break;
      i++;
      // The parameters end at a colon, so only a part with one can complete them.
      if (encoding === undefined && parts[parts.length - 1]!.includes(':')) encoding = encodingOf(parts.join(''));
    }
    yield { line, text: parts.join('') };
  }
}

// The transfer encoding named before the value; undefined while the name and parameters are still incomplete.
function encodingOf(text: string): 'quoted-printable' | 'base64' | 'none' | undefined {
  const colon = valueStart(text);
  if (colon < 0) return undefined;
  const match = /;\s*(?:ENCODING\s*=\s*)?"?(QUOTED-PRINTABLE|BASE64|B)"?\s*(?=;|$)/i.exec(text.slice(0, colon));
  if (!match) return 'none';
  return match[1]!.toUpperCase() === 'QUOTED-PRINTABLE' ? 'quoted-printable' : 'base64';
}

/** Splits `group.NAME;PARAM=a,"b";BARE:value` into its parts; undefined if the line is not a property. */
function parseContentLine(text: string, line: number): ContentLine | undefined {
  const colon = valueStart(text);
  if (colon < 0) return undefined;
  const [head = '', ...paramTexts] = splitOutsideQuotes(text.slice(0, colon), ';');
  const name = NAME.exec(head.trim());
  if (!name) return undefined;
  const params = new Map<string, string[]>();
  for (const param of paramTexts) addParam(params, param);
  return { line, group: name[1]?.toLowerCase(), name: name[2]!.toUpperCase(), params, value: text.slice(colon + 1) };
}

// The colon that ends name and parameters; quoted parameter values may contain colons.
function valueStart(text: string): number {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') quoted = !quoted;
    else if (text[i] === ':' && !quoted) return i;
  }
  return text.indexOf(':'); // an unbalanced quote: the first colon is the best guess
}

function addParam(params: Map<string, string[]>, text: string): void {
  const eq = text.indexOf('=');
  const bare = eq < 0 ? text.trim() : undefined;
  if (bare === '') return;
  const name = bare !== undefined
    ? (BARE_ENCODINGS.has(bare.toUpperCase()) ? 'ENCODING' : 'TYPE')
    : text.slice(0, eq).trim().toUpperCase();
  let values = splitOutsideQuotes(bare ?? text.slice(eq + 1), ',').map(unquote);
  // TYPE="work,voice" (4.0) is a list too; TYPE and ENCODING words are case-insensitive.
  if (name === 'TYPE') values = values.flatMap((v) => v.split(',')).map((v) => v.trim().toLowerCase()).filter(Boolean);
  if (name === 'ENCODING') values = values.map((v) => v.trim().toLowerCase());
  params.set(name, [...(params.get(name) ?? []), ...values]);
}

function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') quoted = !quoted;
    else if (text[i] === separator && !quoted) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

// Strips quotes and decodes RFC 6868 escapes (^n newline, ^' double quote, ^^ caret).
function unquote(value: string): string {
  const text = value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
  return text.replace(/\^([nN'^])/g, (_, c: string) => (c === '^' ? '^' : c === "'" ? '"' : '\n'));
}

function decodeCard(open: OpenCard, source: TextSource): RawCard {
  const v21 = open.lines.find((l) => l.name === 'VERSION')?.value.trim() === '2.1';
  const properties: VCardProperty[] = [];
  for (const content of open.lines) {
    if (BINARY.has(content.name) || content.name === 'VERSION') continue;
    const decoded = decodeValue(content, source);
    const text = decoded.includes('\r') ? decoded.replace(/\r\n?/g, '\n') : decoded;
    properties.push({
      name: content.name,
      group: content.group,
      params: content.params,
      values: splitValue(content.name, text, v21),
      line: content.line,
    });
  }
  return { line: open.line, properties, problems: open.problems };
}

function decodeValue({ params, value }: ContentLine, source: TextSource): string {
  const encoding = params.get('ENCODING')?.[0];
  const charset = params.get('CHARSET')?.[0];
  if (encoding === 'quoted-printable') return decodeBytes(decodeQuotedPrintable(value, source.bytes), charset);
  if (encoding === 'b' || encoding === 'base64') return decodeBytes(Buffer.from(value, 'base64'), charset);
  // ASCII reads the same in every charset a vCard might name (UTF-16 was decoded before)
  return source.bytes && !ASCII.test(value) ? decodeBytes(Buffer.from(value, 'latin1'), charset) : value;
}

/** QUOTED-PRINTABLE to bytes; soft breaks are already joined. Characters outside `=XX` are taken as they are. */
function decodeQuotedPrintable(text: string, bytes: boolean): Buffer {
  // After split with a capturing group, odd indexes hold the =XX escapes.
  return Buffer.concat(text.split(/(=[0-9A-Fa-f]{2})/).map((piece, i) =>
    i % 2 === 1 ? Buffer.of(Number.parseInt(piece.slice(1), 16)) : Buffer.from(piece, bytes ? 'latin1' : 'utf8')));
}

// Components and lists by property. ADR and ORG components are not split at commas: producers leave commas in street
// names unescaped ("Silicon Alley 5,"), and a street read as a list would be joined back with commas anyway.
function splitValue(name: string, text: string, v21: boolean): string[][] {
  switch (name) {
    case 'N':
      return splitEscaped(text, ';').map((c) => (v21 ? [unescapeText(c, v21)] : splitEscaped(c, ',').map((v) => unescapeText(v, v21))));
    case 'ADR':
    case 'ORG':
      return splitEscaped(text, ';').map((c) => [unescapeText(c, v21)]);
    case 'CATEGORIES': // `;` is not a separator in 3.0 and 4.0, but 2.1 writers use it
      return [splitEscaped(text, ',;').map((c) => unescapeText(c, v21))];
    case 'URL':
      return [[unescapeUri(text)]];
    default:
      return [[unescapeText(text, v21)]];
  }
}

/** Splits at separators that are not escaped with a backslash; the pieces keep their escapes. */
function splitEscaped(text: string, separators: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (separators.includes(text[i]!)) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/**
 * Undoes text escapes: \n \N \\ \; \, and (Google writes it) \:. Other escapes are not defined; 3.0 and 4.0 writers
 * mean the character (Google's \"), while in 2.1 a backslash is mostly just a backslash (C:\Users).
 */
function unescapeText(text: string, v21: boolean): string {
  if (!text.includes('\\')) return text;
  return text.replace(/\\([\s\S])/g, (sequence, c: string) =>
    c === 'n' || c === 'N' ? '\n' : '\\;,:'.includes(c) ? c : v21 ? sequence : c);
}

// URIs have no escapes, but writers escape them like text (Google: http\://).
function unescapeUri(text: string): string {
  return text.replace(/\\([\\;,:nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}
