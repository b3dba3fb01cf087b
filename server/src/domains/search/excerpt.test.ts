import { describe, expect, test } from 'vitest';
import { excerpt, plainText, wordMatches } from './excerpt.ts';

const marked = (parts: { text: string; hit: boolean }[]) => parts.map((p) => (p.hit ? `[${p.text}]` : p.text)).join('');

describe('plainText', () => {
  test.each([
    ['**Wichtig**: @[Jana Schulte](user:0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b) bitte _heute_', 'Wichtig: @Jana Schulte bitte heute'],
    ['# Titel\n\n- eins\n- zwei\n> zitiert', 'Titel eins zwei zitiert'],
    ['Siehe [das Angebot](https://example.com/a) und `code`', 'Siehe das Angebot und code'],
    ['snake_case_name bleibt, 2*3 auch', 'snake_case_name bleibt, 2*3 auch'],
  ])('%s', (md, text) => expect(plainText(md)).toBe(text));
});

describe('wordMatches', () => {
  test.each([
    ['heizungsbau', 'heizung', true],
    ['heizung', 'heizungen', true],
    ['pumpe', 'pumpen', true],
    ['haus', 'hand', false],
    ['zebra', 'zebrakreuzung', false],
    ['anything', '', false],
  ])('%s ~ %s → %s', (word, q, expected) => expect(wordMatches(word, q)).toBe(expected));
});

describe('excerpt', () => {
  test('marks every matching word, umlauts folded', () => {
    expect(marked(excerpt('Die **Wärmepumpe** läuft, die Wärmepumpen im Lager nicht.', ['warmepumpe']))).toBe('Die [Wärmepumpe] läuft, die [Wärmepumpen] im Lager nicht.');
  });

  test('cuts a long text around the first match at word boundaries', () => {
    const text = `${'Lorem ipsum dolor sit amet '.repeat(12)}die Zebrakreuzung am Lager ${'consectetur adipiscing elit '.repeat(12)}`;
    const out = marked(excerpt(text, ['zebrakreuzung'], 100));
    expect(out.startsWith('…')).toBe(true);
    expect(out.endsWith('…')).toBe(true);
    expect(out).toContain('die [Zebrakreuzung] am Lager');
    expect(out.length).toBeLessThanOrEqual(100 + 4);
    expect(out).not.toMatch(/…\S*[a-z]\s…/);
  });

  test('a text without a matching word gives its beginning, unmarked', () => {
    expect(excerpt('Kurzer Text', ['nichts'])).toEqual([{ text: 'Kurzer Text', hit: false }]);
  });
});
