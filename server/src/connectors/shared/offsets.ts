// The normalized event counts text positions in JavaScript string (UTF-16) indices. Networks count in other units:
// Bluesky facets in UTF-8 bytes, X entities in Unicode code points. A position that falls outside the text or inside
// a character is no position: the converters answer null rather than a slice that cuts a character in half.

export interface Span {
  start: number;
  end: number;
}

/** UTF-8 byte offsets [byteStart, byteEnd) of `text` as UTF-16 indices, or null. */
export function utf8ToUtf16Span(text: string, byteStart: unknown, byteEnd: unknown): Span | null {
  if (!isIndex(byteStart) || !isIndex(byteEnd) || byteEnd < byteStart) return null;
  let bytes = 0;
  let start: number | null = byteStart === 0 ? 0 : null;
  let end: number | null = byteEnd === 0 ? 0 : null;
  for (let i = 0; i < text.length && end === null; ) {
    const cp = text.codePointAt(i)!;
    const units = cp > 0xffff ? 2 : 1;
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    i += units;
    if (bytes === byteStart) start = i;
    if (bytes === byteEnd) end = i;
    if (bytes > byteEnd) break;
  }
  return start !== null && end !== null ? { start, end } : null;
}

/** Code point offsets [start, end) of `text` as UTF-16 indices, or null. */
export function codePointToUtf16Span(text: string, cpStart: unknown, cpEnd: unknown): Span | null {
  if (!isIndex(cpStart) || !isIndex(cpEnd) || cpEnd < cpStart) return null;
  let points = 0;
  let start: number | null = cpStart === 0 ? 0 : null;
  let end: number | null = cpEnd === 0 ? 0 : null;
  for (let i = 0; i < text.length && end === null; ) {
    i += text.codePointAt(i)! > 0xffff ? 2 : 1;
    points++;
    if (points === cpStart) start = i;
    if (points === cpEnd) end = i;
  }
  return start !== null && end !== null ? { start, end } : null;
}

function isIndex(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}
