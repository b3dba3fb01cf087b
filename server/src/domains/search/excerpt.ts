import type { SearchExcerptPart } from '@parley/contracts/search';
import { SEARCH_LIMITS } from '@parley/contracts/search';
import { foldText } from '../../lib/text.ts';

// The excerpt of a comment or post in the search results: the Markdown source read as plain text, the words around
// the first match, matched words marked. Plain text parts only: the web app renders them as text, never as HTML.

/** Markdown read as one line of plain text: mentions as @Name, links as their text, markup characters dropped. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/@\[([^\]\n]{1,200})\]\((?:user|team):[0-9a-fA-F-]{36}\)/g, '@$1')
    .replace(/!\[([^\]\n]*)\]\([^)\s]*\)/g, '$1')
    .replace(/\[([^\]\n]+)\]\([^)\s]*\)/g, '$1')
    .replace(/^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)/gm, '')
    .replace(/```[^\n]*|`|\*\*|__|~~|(?<![\p{L}\p{N}])[*_](?=\S)|(?<=\S)[*_](?![\p{L}\p{N}])/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/**
 * Whether a word of the text stands for a query word: it starts with it ("heizung" in "Heizungsbau"), or both share a
 * stem of all but the last two letters of the query word (the search stems: "Heizungen" finds "Heizung").
 */
export function wordMatches(folded: string, queryWord: string): boolean {
  if (!queryWord) return false;
  return folded.startsWith(queryWord) || commonPrefix(folded, queryWord) >= Math.max(4, queryWord.length - 2);
}

/**
 * The excerpt of a text for a search: about `max` characters around the first word that matches one of the (folded)
 * query words, cut at word boundaries with "…", every matching word marked. A text without a matching word gives its
 * beginning, unmarked.
 */
export function excerpt(text: string, words: string[], max: number = SEARCH_LIMITS.excerptChars): SearchExcerptPart[] {
  const plain = plainText(text);
  const hits: { start: number; end: number }[] = [];
  for (const m of plain.matchAll(/[\p{L}\p{M}\p{N}]+/gu)) {
    const folded = foldText(m[0]).replace(/ /g, '');
    if (words.some((w) => wordMatches(folded, w))) hits.push({ start: m.index, end: m.index + m[0].length });
  }
  let from = 0;
  if (hits.length && hits[0]!.end > max - 20) {
    // Some words before the first hit, starting at a word.
    from = Math.max(0, hits[0]!.start - Math.floor(max / 3));
    const space = plain.indexOf(' ', from);
    if (space >= 0 && space < hits[0]!.start) from = space + 1;
  }
  let to = Math.min(plain.length, from + max);
  if (to < plain.length) {
    const space = plain.lastIndexOf(' ', to);
    if (space > from && (hits[0] === undefined || space >= hits[0].end)) to = space;
  }
  const parts: SearchExcerptPart[] = [];
  const push = (s: string, hit: boolean) => {
    if (!s) return;
    const prev = parts.at(-1);
    if (prev && prev.hit === hit) prev.text += s;
    else parts.push({ text: s, hit });
  };
  if (from > 0) push('…', false);
  let at = from;
  for (const h of hits) {
    if (h.end <= from || h.start >= to) continue;
    push(plain.slice(at, Math.max(at, h.start)), false);
    push(plain.slice(Math.max(at, h.start), Math.min(h.end, to)), true);
    at = Math.min(h.end, to);
  }
  push(plain.slice(at, to), false);
  if (to < plain.length) push('…', false);
  return parts;
}
