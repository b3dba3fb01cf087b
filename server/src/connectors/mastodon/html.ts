// Mastodon sends status content as HTML, sanitized by the sending server to a small set of tags (p, br, a, span, and on
// some servers blockquote, lists, pre/code, headings). Parley needs plain text, and where the links and mentions sit in
// it. No HTML-to-text library is among the dependencies, and the input is this narrow; a converter of ~60 lines that
// also reports anchor positions is easier to trust than a general one (the report names the library to use if the
// content ever widens: `htmlparser2`).

export interface Anchor {
  href: string;
  classes: string[];
  /** UTF-16 positions of the anchor's text in the plain text. */
  start: number;
  end: number;
}

const BLOCKS = new Set(['p', 'div', 'blockquote', 'pre', 'ul', 'ol', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
// The lookaheads stop the engine from retrying shorter names: without them a long run of letters after "<" and no ">"
// costs quadratic time.
const TOKEN = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)(?![a-zA-Z0-9])([^<>]*)>|([^<]+)|(<)/g;
const ATTRIBUTE = /(?<![-a-zA-Z0-9_:.])([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?![-a-zA-Z0-9_:.])\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/g;
// Real anchors carry a few short attributes; longer attribute text is no anchor worth parsing.
const MAX_ATTRIBUTES = 4096;

/** Decodes character references (&amp;, &#39;, &#x1F600;); unknown ones stay as written. */
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|[a-zA-Z]{1,10});/g, (match, name: string) => {
    if (name[0] === '#') {
      const cp = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff) ? String.fromCodePoint(cp) : match;
    }
    return NAMED[name] ?? match;
  });
}

function attributes(raw: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (raw.length > MAX_ATTRIBUTES) return out;
  for (const m of raw.matchAll(ATTRIBUTE)) out[m[1]!.toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
  return out;
}

/** Plain text of Mastodon HTML: paragraphs apart by a blank line, <br> as a newline, anchors with their positions. */
export function htmlToText(html: string): { text: string; anchors: Anchor[] } {
  let text = '';
  const anchors: Anchor[] = [];
  const open: { href: string; classes: string[]; start: number }[] = [];
  let started = 0;
  // Block boundaries become line breaks lazily, so that leading and trailing blocks add none.
  let pendingBreak = '';
  const emit = (s: string) => {
    if (s.length === 0) return;
    if (text.length > 0) text += pendingBreak;
    pendingBreak = '';
    // An anchor starts where its first text lands, after any line break that text brings. Anchors open in order, so
    // the ones still without a start are the last ones (a counter keeps nested hostile input linear).
    for (; started < open.length; started++) open[started]!.start = text.length;
    text += s;
  };
  for (const m of html.matchAll(TOKEN)) {
    if (m[4] !== undefined || m[5] !== undefined) {
      emit(decodeEntities(m[4] ?? m[5]!));
      continue;
    }
    const closing = m[1] === '/';
    const tag = m[2]!.toLowerCase();
    if (tag === 'br') {
      text += pendingBreak + '\n';
      pendingBreak = '';
    } else if (BLOCKS.has(tag)) {
      const needed = tag === 'li' || (tag !== 'p' && !closing) ? '\n' : '\n\n';
      if (text.length > 0 && needed.length > pendingBreak.length) pendingBreak = needed;
    } else if (tag === 'a' && !closing) {
      const attrs = attributes(m[3] ?? '');
      open.push({ href: attrs.href ?? '', classes: (attrs.class ?? '').split(/\s+/).filter(Boolean), start: -1 });
    } else if (tag === 'a' && closing) {
      const anchor = open.pop();
      started = Math.min(started, open.length);
      if (anchor && anchor.start >= 0) anchors.push({ href: anchor.href, classes: anchor.classes, start: anchor.start, end: text.length });
    }
  }
  return { text, anchors };
}
