import { isUtf8 } from 'node:buffer';
import { pipeline, Transform, type Readable, type TransformCallback } from 'node:stream';
import iconv from 'iconv-lite';

/** Encodings a contact file can arrive in. */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** How many bytes from the first non-ASCII byte on are inspected before UTF-8 or Windows-1252 is chosen. */
export const SNIFF_BYTES = 64 * 1024;

const ICONV_NAME = { 'utf-8': 'utf8', 'utf-16le': 'utf16le', 'utf-16be': 'utf16be', 'windows-1252': 'windows1252' } as const;

/** The encoding announced by a byte order mark at the start of `head`, with the mark's length; undefined when there is none. */
export function detectBom(head: Uint8Array): { encoding: TextEncoding; length: number } | undefined {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return undefined;
}

/**
 * Length of `bytes` without a multi-byte UTF-8 sequence that the end of the buffer cuts short, so that a chunk
 * boundary inside "ü" is not mistaken for invalid UTF-8.
 */
export function completeUtf8Length(bytes: Uint8Array): number {
  // A sequence is at most 4 bytes long, so only the last 3 can belong to an unfinished one.
  for (let i = bytes.length - 1; i >= 0 && i >= bytes.length - 3; i--) {
    const b = bytes[i]!;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead byte
    if (b < 0x80) return bytes.length;
    const size = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
    return i + size > bytes.length ? i : bytes.length;
  }
  return bytes.length;
}

/**
 * UTF-8 when `sample` is valid UTF-8, otherwise Windows-1252 (what Excel on Windows writes for "CSV").
 * Unless `final`, a sequence cut off at the end of the sample does not count as invalid.
 */
export function sniffEncoding(sample: Uint8Array, final: boolean): 'utf-8' | 'windows-1252' {
  const end = final ? sample.length : completeUtf8Length(sample);
  return isUtf8(sample.subarray(0, end)) ? 'utf-8' : 'windows-1252';
}

function firstNonAscii(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return i;
  return -1;
}

/**
 * Bytes in, UTF-8 text (strings) out. A byte order mark decides the encoding (UTF-8, UTF-16 LE/BE) and is dropped;
 * without one, ASCII passes straight through until the first non-ASCII byte, and the SNIFF_BYTES from there on
 * decide between UTF-8 and Windows-1252. Memory stays bounded by SNIFF_BYTES plus one chunk.
 */
export class TextDecodeStream extends Transform {
  #encoding: TextEncoding | undefined;
  #decoder: iconv.DecoderStream | undefined;
  #bomChecked = false;
  #held: Buffer[] = [];
  #heldBytes = 0;

  constructor() {
    super({ encoding: 'utf8' });
  }

  /**
   * The encoding decided so far. Until a byte order mark or a non-ASCII byte has been read this is 'utf-8' (plain
   * ASCII is valid UTF-8), and it may still become 'windows-1252'; once the stream has ended it is final.
   */
  get encoding(): TextEncoding {
    return this.#encoding ?? 'utf-8';
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    if (this.#decoder) {
      this.#emit(this.#decoder.write(chunk));
    } else {
      this.#hold(chunk);
      this.#settle(false);
    }
    callback();
  }

  override _flush(callback: TransformCallback): void {
    if (!this.#decoder) this.#settle(true);
    if (this.#decoder) this.#emit(this.#decoder.end() ?? '');
    callback();
  }

  #hold(chunk: Buffer): void {
    this.#held.push(chunk);
    this.#heldBytes += chunk.length;
  }

  #takeHeld(): Buffer {
    const all = this.#held.length === 1 ? this.#held[0]! : Buffer.concat(this.#held, this.#heldBytes);
    this.#held = [];
    this.#heldBytes = 0;
    return all;
  }

  // Decides the encoding as soon as the held bytes allow it; until then passes on what is certainly ASCII.
  #settle(final: boolean): void {
    let bytes = this.#takeHeld();
    if (bytes.length === 0) {
      if (final) this.#encoding ??= 'utf-8';
      return;
    }
    if (!this.#bomChecked) {
      // A BOM is 2 or 3 bytes long: wait for them unless the file is shorter.
      const needed = bytes[0] === 0xef ? 3 : bytes[0] === 0xff || bytes[0] === 0xfe ? 2 : 0;
      if (bytes.length < needed && !final) return this.#hold(bytes);
      this.#bomChecked = true;
      const bom = detectBom(bytes);
      if (bom) return this.#start(bom.encoding, bytes.subarray(bom.length));
    }
    const firstHigh = firstNonAscii(bytes);
    if (firstHigh === -1) {
      this.#emit(bytes.toString('latin1'));
      if (final) this.#encoding = 'utf-8';
      return;
    }
    if (firstHigh > 0) {
      this.#emit(bytes.toString('latin1', 0, firstHigh));
      bytes = bytes.subarray(firstHigh);
    }
    if (bytes.length < SNIFF_BYTES && !final) return this.#hold(bytes);
    this.#start(sniffEncoding(bytes.subarray(0, SNIFF_BYTES), final && bytes.length <= SNIFF_BYTES), bytes);
  }

  #start(encoding: TextEncoding, rest: Buffer): void {
    this.#encoding = encoding;
    this.#decoder = iconv.getDecoder(ICONV_NAME[encoding], { stripBOM: false });
    this.#emit(this.#decoder.write(rest));
  }

  #emit(text: string): void {
    if (text.length > 0) this.push(text);
  }
}

/** Decodes a byte stream to UTF-8 text; `.encoding` on the result tells what was detected. Errors of `input` surface on the result. */
export function decodeStream(input: Readable): TextDecodeStream {
  const decoder = new TextDecodeStream();
  // pipeline forwards errors and tears both streams down when the reader stops early; the error itself reaches
  // whoever reads `decoder`, so the callback has nothing left to do.
  pipeline(input, decoder, () => {});
  return decoder;
}
