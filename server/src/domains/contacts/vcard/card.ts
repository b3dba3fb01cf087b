// What every reader (vCard text, jCard, xCard) produces and the mapper to ContactInput consumes.

/** One property of a card, decoded, whatever format it was read from. */
export interface VCardProperty {
  /** Upper-case, e.g. `EMAIL`. */
  name: string;
  /** Lower-case group prefix, e.g. `item1` of `item1.EMAIL`. */
  group?: string;
  /** Upper-case parameter names; TYPE values lower-case and split at commas. */
  params: ReadonlyMap<string, readonly string[]>;
  /** Components (`;` in vCard text), each a list of values (`,`); plain text is `[[text]]`. */
  values: string[][];
  /** Line of the file the property begins on. */
  line: number;
}

/** Something in a file that could not be read or was dropped. */
export interface Problem {
  line: number;
  message: string;
}

/** The properties of one card and what went wrong while reading them. */
export interface RawCard {
  line: number;
  properties: VCardProperty[];
  problems: Problem[];
}

/** A file's cards, and the problems that belong to no card. */
export interface ReadResult {
  cards: RawCard[];
  problems: Problem[];
}

/** The line number of each match of a global `pattern` in `text`, in order. */
export function linesOf(text: string, pattern: RegExp): number[] {
  const lines: number[] = [];
  let line = 1;
  let from = 0;
  for (const match of text.matchAll(pattern)) {
    for (let i = from; i < match.index; i++) if (text.charCodeAt(i) === 10) line++;
    from = match.index;
    lines.push(line);
  }
  return lines;
}
