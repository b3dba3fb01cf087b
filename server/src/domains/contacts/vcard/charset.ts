import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';

/**
 * Text to lex. With `bytes`, `text` holds one character per byte (latin1) and each value is decoded on its own
 * (decodeBytes): vCard 2.1 lets every property name its CHARSET, and files appended from several sources mix them.
 */
export interface TextSource {
  text: string;
  bytes: boolean;
}

/** Prepares input for lexing: strips a BOM, decodes UTF-16, and keeps UTF-8 and 8-bit text as bytes. */
export function readSource(input: string | Buffer): TextSource {
  if (typeof input === 'string') return { text: stripBom(input), bytes: false };
  const utf16 = utf16Of(input);
  if (utf16) return { text: iconv.decode(input, utf16), bytes: false };
  return { text: (hasUtf8Bom(input) ? input.subarray(3) : input).toString('latin1'), bytes: true };
}

/** Decodes a whole Buffer to a string: UTF-16 by its BOM, else like decodeBytes. */
export function decodeWhole(input: string | Buffer, declared?: string): string {
  if (typeof input === 'string') return stripBom(input);
  const utf16 = utf16Of(input);
  if (utf16) return iconv.decode(input, utf16);
  return decodeBytes(hasUtf8Bom(input) ? input.subarray(3) : input, declared);
}

/**
 * Decodes the bytes of one value: in the charset it declares if iconv knows it, else as UTF-8 if they are valid UTF-8,
 * else as Windows-1252. ASCII and UTF-8 labels are not trusted (mislabelled Windows-1252 is common), and Latin-1 is
 * read as Windows-1252, its superset, as browsers do.
 */
export function decodeBytes(bytes: Buffer, declared?: string): string {
  const named = declared?.trim().toLowerCase();
  if (named && !TRIED_ANYWAY.has(named) && iconv.encodingExists(named)) {
    return iconv.decode(bytes, LATIN1.has(named) ? 'windows-1252' : named);
  }
  return isUtf8(bytes) ? bytes.toString('utf8') : iconv.decode(bytes, 'windows-1252');
}

const TRIED_ANYWAY = new Set(['utf-8', 'utf8', 'us-ascii', 'ascii']);
const LATIN1 = new Set(['iso-8859-1', 'iso8859-1', 'latin1', 'l1']);

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function hasUtf8Bom(bytes: Buffer): boolean {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

// By BOM, or without one by the zero byte next to the first ASCII character ("B\0E\0" is little-endian "BE").
function utf16Of(bytes: Buffer): 'utf-16le' | 'utf-16be' | undefined {
  if (bytes.length < 2) return undefined;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] !== 0 && bytes[1] === 0) return 'utf-16le';
  if (bytes[0] === 0 && bytes[1] !== 0) return 'utf-16be';
  return undefined;
}
