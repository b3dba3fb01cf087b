import { describe, expect, test } from 'vitest';
import { koelnerPhonetik, metaphone } from './phonetic.ts';

describe('koelnerPhonetik', () => {
  // Examples of Postel (1969) and the German Wikipedia article.
  test.each([
    ['Müller-Lüdenscheidt', '65752682'],
    ['Wikipedia', '3412'],
    ['Breschnew', '17863'],
    ['Meier', '67'],
    ['Mayr', '67'],
    ['Maier', '67'],
    ['Müller', '657'],
    ['Mueller', '657'],
    ['Schmidt', '862'],
    ['Schmitt', '862'],
    ['Christoph', '47823'],
    ['', ''],
  ])('%j → %j', (word, code) => {
    expect(koelnerPhonetik(word)).toBe(code);
  });
});

describe('metaphone', () => {
  test.each([
    ['Smith', ['SM0', 'XMT']],
    ['Schmidt', ['XMT', 'SMT']],
    ['Philipp', ['FLP', 'FLP']],
    ['Filip', ['FLP', 'FLP']],
    ['', ['', '']],
  ])('%j → %j', (word, codes) => {
    expect(metaphone(word)).toEqual(codes);
  });
});
