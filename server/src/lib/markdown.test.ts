import { readFileSync } from 'node:fs';
import { DomUtils, parseDocument } from 'htmlparser2';
import { describe, expect, test } from 'vitest';
import { renderMarkdown } from './markdown.ts';

const XSS_VECTORS: string[] = JSON.parse(readFileSync(new URL('./fixtures/xss-vectors.json', import.meta.url), 'utf8')).vectors;
const SAFE_TAGS = ['p', 'br', 'strong', 'em', 's', 'del', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'span', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'thead', 'tbody', 'tr', 'th', 'td'];
const SAFE_ATTRS = ['href', 'class', 'rel', 'target', 'data-user-id', 'data-team-id', 'start', 'style'];
const UID = '123e4567-e89b-12d3-a456-426614174000';

describe('renderMarkdown', () => {
  test.each([
    ['**fett** und _kursiv_', '<p><strong>fett</strong> und <em>kursiv</em></p>'],
    ['- eins\n- zwei', '<ul>\n<li>eins</li>\n<li>zwei</li>\n</ul>'],
    ['`code`', '<p><code>code</code></p>'],
    [
      'Siehe https://example.com',
      '<p>Siehe <a href="https://example.com" rel="noopener noreferrer nofollow" target="_blank">https://example.com</a></p>',
    ],
    [
      '[Mail](mailto:a@b.de)',
      '<p><a href="mailto:a@b.de" rel="noopener noreferrer nofollow" target="_blank">Mail</a></p>',
    ],
    [`Hallo @[Anna Berg](user:${UID})!`, `<p>Hallo <span class="mention" data-user-id="${UID}">@Anna Berg</span>!</p>`],
    [`@[Support](team:${UID})`, `<p><span class="mention" data-team-id="${UID}">@Support</span></p>`],
    ['Die #Wärmepumpe läuft', '<p>Die <a href="/hashtags/w%C3%A4rmepumpe" class="hashtag">#Wärmepumpe</a> läuft</p>'],
    ['#Störung\nzweite Zeile', '<p><a href="/hashtags/st%C3%B6rung" class="hashtag">#Störung</a><br />\nzweite Zeile</p>'],
    ['Bestellung #12 und example.com/faq#versand', '<p>Bestellung #12 und example.com/faq#versand</p>'],
    ['# Überschrift', '<h1>Überschrift</h1>'],
    ['<b>roh</b>', '<p>&lt;b&gt;roh&lt;/b&gt;</p>'],
    ['', ''],
  ])('%j', (markdown, html) => {
    expect(renderMarkdown(markdown)).toBe(html);
  });

  test('the fixture holds at least 60 distinct vectors', () => {
    expect(new Set(XSS_VECTORS).size).toBeGreaterThanOrEqual(60);
  });

  test.each(XSS_VECTORS.map((v) => [v]))('XSS vector renders inert: %s', (vector) => {
    const html = renderMarkdown(vector);
    // Walk the real elements the way a browser would parse them, not the escaped text.
    const dom = parseDocument(html);
    for (const el of DomUtils.findAll(() => true, dom.children)) {
      expect(SAFE_TAGS).toContain(el.name);
      for (const [name, value] of Object.entries(el.attribs)) {
        expect(name).not.toMatch(/^on/i);
        expect(SAFE_ATTRS).toContain(name);
        if (name === 'style') expect(value).toMatch(/^text-align:(left|right|center)$/);
        if (name === 'href') expect(new URL(value, 'https://parley.test/').protocol).toMatch(/^(https?|mailto):$/);
      }
    }
  });
});
