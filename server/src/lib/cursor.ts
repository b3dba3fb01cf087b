import { Validation } from './errors.ts';

/** An opaque page cursor from the values of the last row's sort key. */
export function encodeCursor(parts: string[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

/** The values of a cursor made by encodeCursor with `length` parts; a bad cursor is a 400 `invalid_cursor`. */
export function decodeCursor(cursor: string, length: number): string[] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as unknown;
    if (Array.isArray(v) && v.length === length && v.every((x) => typeof x === 'string')) return v as string[];
  } catch { /* fall through */ }
  throw new Validation('invalid_cursor', 'The cursor is not valid; start from the first page');
}
