// #hashtags in customers' messages and agents' notes (issue 3): unicode-aware, so #Wärmepumpe and #E10 are tags, while
// a URL's anchor (example.com/faq#versand), an HTML entity (&#8364;) and a bare number (#1) are not.
const HASHTAG = /(?<![\p{L}\p{M}\p{N}_&#/\\])#([\p{L}\p{M}\p{N}_]{1,100})(?![\p{L}\p{M}\p{N}_#])/gu;
const HAS_LETTER = /\p{L}/u;

/** The hashtags of a text, without '#', in NFC lower case, each once, in order of appearance. */
export function extractHashtags(text: string | null | undefined): string[] {
  if (!text) return [];
  const found = new Set<string>();
  for (const m of text.normalize('NFC').matchAll(HASHTAG)) {
    const tag = m[1]!;
    if (HAS_LETTER.test(tag)) found.add(tag.toLowerCase());
  }
  return [...found];
}

/** A hashtag as the filter reads it: without a leading '#', NFC, lower case. */
export function normalizeHashtag(tag: string): string {
  return tag.trim().replace(/^#/, '').normalize('NFC').toLowerCase();
}
