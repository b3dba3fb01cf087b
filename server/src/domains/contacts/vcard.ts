import type { ContactInput } from '@parley/contracts/contacts';
import type { ReadResult } from './vcard/card.ts';
import { decodeWhole, readSource } from './vcard/charset.ts';
import { readJCard } from './vcard/jcard-reader.ts';
import { readVCardText } from './vcard/text-reader.ts';
import { toContactInput } from './vcard/to-contact.ts';
import { type VCardVersion, writeVCards } from './vcard/writer.ts';
import { readXCard } from './vcard/xcard-reader.ts';

// Contacts in and out of vCard: text vCard 2.1, 3.0 and 4.0, jCard (JSON) and xCard (XML) in; text vCard out.
// Reading is forgiving, as files from real address books need; what cannot be read is reported, never thrown.

export type { VCardVersion };

/** A card read as ContactInput, with the line of the file it begins on. */
export interface ParsedCard {
  input: ContactInput;
  line: number;
}

/** Something that was dropped or could not be read: `card` counts cards in the file from 1, and is 0 outside any card. */
export interface CardError {
  card: number;
  line: number;
  message: string;
}

export interface ParseResult {
  cards: ParsedCard[];
  errors: CardError[];
}

/** Reads vCard 2.1, 3.0 or 4.0 text into contacts; the charset of a Buffer is detected (BOM, UTF-8, else Windows-1252). */
export function parseVCards(input: string | Buffer): ParseResult {
  return toResult(readVCardText(readSource(input)));
}

/** Reads vCard text, jCard or xCard into contacts, telling them apart by content, or failing that by file name. */
export function parseContactCards(input: string | Buffer, filename?: string): ParseResult {
  switch (formatOf(input, filename)) {
    case 'jcard':
      return toResult(readJCard(decodeWhole(input)));
    case 'xcard':
      return toResult(readXCard(decodeWhole(input, xmlEncodingOf(input))));
    case 'vcard':
      return parseVCards(input);
  }
}

/** Writes contacts as vCard text of the given version, ready to save as a .vcf file. */
export function serializeVCards(contacts: readonly ContactInput[], version: VCardVersion): string {
  return writeVCards(contacts, version);
}

function toResult(read: ReadResult): ParseResult {
  const errors: CardError[] = read.problems.map((p) => ({ card: 0, ...p }));
  const cards: ParsedCard[] = [];
  read.cards.forEach((raw, i) => {
    const { input, problems } = toContactInput(raw);
    errors.push(...problems.sort((a, b) => a.line - b.line).map((p) => ({ card: i + 1, ...p })));
    if (input) cards.push({ input, line: raw.line });
  });
  return { cards, errors };
}

function formatOf(input: string | Buffer, filename?: string): 'vcard' | 'jcard' | 'xcard' {
  const head = decodeWhole(typeof input === 'string' ? input.slice(0, 256) : input.subarray(0, 256)).trimStart();
  if (head.startsWith('[')) return 'jcard';
  if (head.startsWith('<')) return 'xcard';
  if (/^BEGIN:VCARD/i.test(head)) return 'vcard';
  const extension = /\.(\w+)$/.exec(filename ?? '')?.[1]?.toLowerCase();
  if (extension === 'json' || extension === 'jcard') return 'jcard';
  if (extension === 'xml' || extension === 'xcard') return 'xcard';
  return 'vcard';
}

// <?xml version="1.0" encoding="ISO-8859-1"?> names the charset of the bytes that follow.
function xmlEncodingOf(input: string | Buffer): string | undefined {
  if (typeof input === 'string') return undefined;
  return /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/.exec(input.subarray(0, 200).toString('latin1'))?.[1];
}
