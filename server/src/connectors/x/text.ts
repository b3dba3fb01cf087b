import type { Span } from '../shared/offsets.ts';

// X sends post text with &, < and > escaped as HTML entities, and counts entity positions (in code points) in that
// escaped text. Twitter4J learned to slide the positions when unescaping (its issue #349 shows what happens if not);
// so do we: first the code point positions become UTF-16 positions in the escaped text, then unescaping moves them.

const ENTITIES: Readonly<Record<string, string>> = { '&amp;': '&', '&lt;': '<', '&gt;': '>' };

/** The unescaped text and the spans moved along with it (a span that started inside an entity moves to its start). */
export function unescapeXText(escaped: string, spans: readonly (Span | null)[]): { text: string; spans: (Span | null)[] } {
  // Positions in the escaped text where an entity starts, and how many characters it removes.
  const cuts: { at: number; removed: number }[] = [];
  const text = escaped.replace(/&(amp|lt|gt);/g, (match, _name, offset: number) => {
    cuts.push({ at: offset, removed: match.length - 1 });
    return ENTITIES[match]!;
  });
  const move = (pos: number) => {
    let shift = 0;
    for (const cut of cuts) {
      if (cut.at >= pos) break;
      // A position inside an entity lands right after the character it stands for.
      shift += Math.min(cut.removed, pos - cut.at - 1);
    }
    return pos - shift;
  };
  return { text, spans: spans.map((s) => (s === null ? null : { start: move(s.start), end: move(s.end) })) };
}

/**
 * The key of a direct message conversation between two users: both ids, the numerically smaller first, joined by "-"
 * (the form of X API v2's dm_conversation_id for one-to-one conversations), so Account Activity and v2 agree.
 */
export function dmConversationKey(a: string, b: string): string {
  const numeric = /^\d{1,30}$/;
  const aFirst = numeric.test(a) && numeric.test(b) ? BigInt(a) <= BigInt(b) : a <= b;
  return aFirst ? `${a}-${b}` : `${b}-${a}`;
}
