import { describe, expect, test } from 'vitest';
import { collapseUmlautDigraphs, foldQuery, foldText, searchVariants, transliterateGerman } from './text.ts';

describe('foldText', () => {
  test.each([
    ['Müller', 'muller'],
    ['Straße', 'strasse'],
    ['GROẞE STRAẞE', 'grosse strasse'],
    ['  Jürgen \t Groß\n', 'jurgen gross'],
    ['Café René', 'cafe rene'],
    ['Zoë Brontë', 'zoe bronte'],
    ['Ærø Łódź Øresund', 'aero lodz oresund'],
    ['Yılmaz İnce', 'yilmaz ince'],
    ['u\u0308ber', 'uber'],
    ['ﬁnn', 'finn'],
    ["O'Brien, Hans (GF)", 'o brien hans gf'],
    ['Hans-Peter Meier', 'hans-peter meier'],
    ['Hans.Mueller+CRM@Mail.Example', 'hans.mueller+crm@mail.example'],
    ['+49 (0) 171/123 45', '+49 0 171 123 45'],
    ['नमस्ते', 'नमस्ते'],
    ['', ''],
    [' \t ', ''],
  ])('%j → %j', (input, expected) => {
    expect(foldText(input)).toBe(expected);
  });
});

describe('transliterateGerman', () => {
  test.each([
    ['Jürgen Groß', 'juergen gross'],
    ['ÄRGER Öl Übel', 'aerger oel uebel'],
    ['u\u0308ber', 'ueber'],
    ['René Müller', 'rene mueller'],
  ])('%j → %j', (input, expected) => {
    expect(transliterateGerman(input)).toBe(expected);
  });
});

describe('collapseUmlautDigraphs', () => {
  test.each([
    ['mueller', 'muller'],
    ['schroeder', 'schroder'],
    ['jaeger-kuehn', 'jager-kuhn'],
    ['oezdemir', 'ozdemir'],
    ['bauer', 'bauer'],
    ['feuer', 'feuer'],
    ['quelle', 'quelle'],
    ['michael', 'michal'],
  ])('%j → %j', (input, expected) => {
    expect(collapseUmlautDigraphs(input)).toBe(expected);
  });
});

describe('searchVariants', () => {
  test.each([
    ['Müller', 'muller mueller'],
    ['Jürgen Müller', 'jurgen muller juergen mueller'],
    ['Straße', 'strasse'],
    ['Görlitzer Straße 5', 'gorlitzer strasse 5 goerlitzer'],
    ['Mueller', 'mueller'],
    ['Hans Meier', 'hans meier'],
    ['Éloïse Müller-Lüdenscheidt', 'eloise muller-ludenscheidt mueller-luedenscheidt'],
    ['Müller Müller', 'muller muller mueller'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(searchVariants(input)).toBe(expected);
  });
});

describe('foldQuery', () => {
  test.each([
    ['Müller', 'muller mueller'],
    ['Mueller', 'mueller muller'],
    ['Muller', 'muller'],
    ['Jürgen Mueller', 'jurgen mueller juergen muller'],
    ['Schröder', 'schroder schroeder'],
    ['Bauer', 'bauer'],
    ['Quelle', 'quelle'],
    ['Michael', 'michael michal'],
    ['hans.mueller@mail.example', 'hans.mueller@mail.example'],
    ['0171 1234567', '0171 1234567'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(foldQuery(input)).toBe(expected);
  });

  const words = (s: string) => new Set(s.split(' '));
  const sharesWord = (query: string, stored: string) => [...words(foldQuery(query))].some((w) => words(searchVariants(stored)).has(w));

  // A whole word in common is what makes a trigram match certain rather than a near miss.
  test.each([
    ['Müller', 'Müller'], ['Mueller', 'Müller'], ['Muller', 'Müller'],
    ['Müller', 'Mueller'], ['Mueller', 'Mueller'],
    ['Müller', 'Muller'], ['Mueller', 'Muller'], ['Muller', 'Muller'],
    ['Juergen', 'Jürgen'], ['Strasse', 'Straße'], ['Straße', 'Strasse'], ['Groß', 'Gross'],
  ])('the query %j shares a word with the stored %j', (query, stored) => {
    expect(sharesWord(query, stored)).toBe(true);
  });

  test('a bare "u" is not taken for a dropped "e": "Muller" does not share a word with a stored "Mueller"', () => {
    expect(sharesWord('Muller', 'Mueller')).toBe(false);
  });
});
