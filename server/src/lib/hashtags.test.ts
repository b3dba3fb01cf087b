import { expect, test } from 'vitest';
import { extractHashtags, normalizeHashtag } from './hashtags.ts';

test.each([
  ['Meine #Wärmepumpe macht Geräusche', ['wärmepumpe']],
  ['Tanken mit #E10 und #E5?', ['e10', 'e5']],
  ['#Störung seit heute früh #störung', ['störung']],
  ['Bestellung #1 und #12345 kamen nicht an', []],
  ['Siehe https://example.com/faq#versand und example.com/#/start', []],
  ['Preis &#8364; 12', []],
  ['Mail an info@firma.de#kein', []],
  ['(#Garantie) und "#Rückruf", bitte!', ['garantie', 'rückruf']],
  ['#2024Heizung ist ein Tag, #2024 nicht', ['2024heizung']],
  ['Ünïcödé #Ñandú #日本', ['ñandú', '日本']],
  ['zwei##hash und #a#b', []],
  ['', []],
  [null, []],
])('extractHashtags(%j) → %j', (text, expected) => {
  expect(extractHashtags(text)).toEqual(expected);
});

test('decomposed umlauts (NFD, as some phones send them) are the same tag as composed ones', () => {
  expect(extractHashtags('#Wa\u0308rmepumpe')).toEqual(['wärmepumpe']);
  expect(normalizeHashtag('#Wa\u0308rmepumpe')).toBe('wärmepumpe');
});
