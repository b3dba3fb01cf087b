import { describe, expect, test } from 'vitest';
import { FOLD_FROM, FOLD_TO, highlightWords, tsQueryText } from './fulltext.ts';
import { foldText } from './text.ts';

describe('folding inside PostgreSQL', () => {
  test('translates each letter to what foldText makes of it', () => {
    expect([...FOLD_FROM]).toHaveLength([...FOLD_TO].length);
    [...FOLD_FROM].forEach((c, i) => expect(foldText([...FOLD_TO][i]!), c).toBe(foldText(c)));
  });
});

describe('tsQueryText', () => {
  test.each([
    ['Wärmepumpe', "('warmepumpe':* | 'waermepumpe':*)"],
    ['Heizung defekt', "'heizung' & 'defekt':*"],
    ['Müller Heizung', "('muller' | 'mueller') & 'heizung':*"],
    ['Mueller', "('mueller':* | 'muller':*)"],
    ['ab', "'ab'"],
    ["it's x", "'it' & 's' & 'x'"],
    ['Straße 12', "'strasse' & '12'"],
  ])('%s → %s', (q, expected) => expect(tsQueryText(q)).toBe(expected));

  test('a query without words has no tsquery', () => {
    expect(tsQueryText('!!! ---')).toBeNull();
  });

  test('words to highlight carry every spelling', () => {
    expect(highlightWords('Wärmepumpen Müller')).toEqual(['warmepumpen', 'waermepumpen', 'muller', 'mueller']);
  });
});
