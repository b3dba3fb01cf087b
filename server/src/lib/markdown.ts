// Comments, notes and posts are written in Markdown and shown as HTML (issue 5). markdown-it renders with raw HTML
// disabled, then sanitize-html (a maintained sanitizer, not a home-made one) enforces a strict allow-list, so that
// even a bug in the renderer or a plugin cannot let script through.
import MarkdownIt, { type StateInline } from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

// The mention syntax the editors insert (see domains/experts/mentions.ts): @[Name](user:uuid) or @[Name](team:uuid).
const MENTION = /^@\[([^\]\n]{1,200})\]\((user|team):([0-9a-fA-F-]{36})\)/;
// Same shape as lib/hashtags.ts: a tag must contain a letter and may not follow a word char, '&', '#', '/' or '\'.
const HASHTAG = /^#([\p{L}\p{M}\p{N}_]{1,100})(?![\p{L}\p{M}\p{N}_#])/u;
const HASHTAG_BEFORE = /[\p{L}\p{M}\p{N}_&#/\\]/u;
const HAS_LETTER = /\p{L}/u;

function mentionRule(state: StateInline, silent: boolean): boolean {
  if (state.src.charCodeAt(state.pos) !== 0x40 /* @ */) return false;
  const m = MENTION.exec(state.src.slice(state.pos));
  if (!m) return false;
  if (!silent) {
    const token = state.push('mention', '', 0);
    token.meta = { name: m[1], kind: m[2], id: m[3]!.toLowerCase() };
  }
  state.pos += m[0].length;
  return true;
}

function hashtagRule(state: StateInline, silent: boolean): boolean {
  if (state.src.charCodeAt(state.pos) !== 0x23 /* # */) return false;
  if (state.pos > 0 && HASHTAG_BEFORE.test(state.src.charAt(state.pos - 1))) return false;
  const m = HASHTAG.exec(state.src.slice(state.pos));
  if (!m || !HAS_LETTER.test(m[1]!)) return false;
  if (!silent) {
    const token = state.push('hashtag', '', 0);
    token.meta = { tag: m[1]!.normalize('NFC') };
  }
  state.pos += m[0].length;
  return true;
}

const md = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false });
md.inline.ruler.before('link', 'mention', mentionRule);
md.inline.ruler.push('hashtag', hashtagRule);
md.renderer.rules.mention = (tokens, idx) => {
  const { name, kind, id } = tokens[idx]!.meta as { name: string; kind: string; id: string };
  const attr = kind === 'team' ? 'data-team-id' : 'data-user-id';
  return `<span class="mention" ${attr}="${id}">@${md.utils.escapeHtml(name)}</span>`;
};
md.renderer.rules.hashtag = (tokens, idx) => {
  const { tag } = tokens[idx]!.meta as { tag: string };
  const href = `/hashtags/${encodeURIComponent(tag.toLowerCase())}`;
  return `<a class="hashtag" href="${href}">#${md.utils.escapeHtml(tag)}</a>`;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const EXTERNAL = /^(https?:|mailto:)/i;

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'br', 'strong', 'em', 's', 'del', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'span', 'hr',
    'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'thead', 'tbody', 'tr', 'th', 'td',
  ],
  allowedAttributes: {
    a: ['href', 'class', 'rel', 'target'],
    span: ['class', 'data-user-id', 'data-team-id'],
    ol: ['start'],
    th: ['style'],
    td: ['style'],
  },
  allowedClasses: { a: ['hashtag'], span: ['mention'] },
  // markdown-it writes table alignment as style="text-align:…"; nothing else may pass.
  allowedStyles: { '*': { 'text-align': [/^(left|right|center)$/] } },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: {},
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  enforceHtmlBoundary: false,
  transformTags: {
    a: (tagName, attribs): sanitizeHtml.Tag => {
      const href = attribs.href ?? '';
      if (EXTERNAL.test(href)) {
        return { tagName, attribs: { href, rel: 'noopener noreferrer nofollow', target: '_blank' } };
      }
      // Internal links (our own hashtag links, relative paths) stay in the app.
      const kept: Record<string, string> = attribs.class === 'hashtag' ? { href, class: 'hashtag' } : { href };
      return { tagName, attribs: kept };
    },
    span: (tagName, attribs): sanitizeHtml.Tag => {
      const out: Record<string, string> = {};
      if (attribs.class === 'mention') out.class = 'mention';
      for (const key of ['data-user-id', 'data-team-id'] as const) {
        if (attribs[key] && UUID.test(attribs[key]!)) out[key] = attribs[key]!;
      }
      return { tagName, attribs: out };
    },
  },
};

/** Markdown as safe HTML: raw HTML off, mentions and #hashtags rendered, then sanitized with a strict allow-list. */
export function renderMarkdown(markdown: string): string {
  return sanitizeHtml(md.render(markdown ?? ''), SANITIZE).trim();
}
