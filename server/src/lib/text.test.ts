import { describe, expect, test } from 'vitest';
import { collapseUmlautDigraphs, foldQuery, foldText, queryWordGroups, searchVariants, transliterateGerman } from './text.ts';

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
    ['U\u0308ber Mu\u0308ller', 'uber muller ueber mueller'],
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

describe('fast paths (ASCII, no umlauts) give what the full folding gives', () => {
  // The full folding as written before the fast paths, kept here as the reference.
  const folds: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };
  const fullFold = (s: string) => s.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
    .replace(/[ßæœøłđðþı]/g, (c) => folds[c] ?? c).replace(/[^\p{L}\p{M}\p{N}@.+-]+/gu, ' ').trim();
  const fullVariants = (s: string) => {
    const folded = fullFold(s);
    if (folded === '') return '';
    const words = folded.split(' ');
    const seen = new Set(words);
    const german = fullFold(s.toLowerCase().normalize('NFC').replace(/[äöü]/g, (c) => ({ ä: 'ae', ö: 'oe', ü: 'ue' })[c] ?? c));
    return [...words, ...[...new Set(german.split(' '))].filter((w) => !seen.has(w))].join(' ');
  };
  // Strings mixing ASCII (letters, digits, every separator) with the letters and marks that fold differently.
  const alphabet = [
    ...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)), '\t', '\n', '\r', '\x00', '\x7f',
    'ä', 'ö', 'ü', 'Ä', 'Ö', 'Ü', 'ß', 'ẞ', 'é', 'È', 'ç', 'ñ', 'ø', 'Æ', 'œ', 'ł', 'İ', 'ı', 'ﬁ', 'Ａ', '²', '½',
    '\u0308', '\u0301', '\u00a0', '\u2003', '\u3000', 'ǟ', 'ё', 'Ω', 'न', 'म', '\u094d', '中', '😀', '㎆', 'Ǆ',
  ];
  let seed = 2026;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const samples = Array.from({ length: 20_000 }, () => {
    const ascii = random() < 0.5;
    const pool = ascii ? alphabet.slice(0, 100) : alphabet;
    return Array.from({ length: Math.floor(random() * 24) }, () => pool[Math.floor(random() * pool.length)]!).join('');
  });

  test('foldText', () => {
    for (const s of samples) if (foldText(s) !== fullFold(s)) expect.fail(`foldText(${JSON.stringify(s)})`);
  });

  test('searchVariants', () => {
    for (const s of samples) if (searchVariants(s) !== fullVariants(s)) expect.fail(`searchVariants(${JSON.stringify(s)})`);
  });
});

describe('queryWordGroups', () => {
  test('splits where pg_trgm splits, each word with its umlaut spellings', () => {
    expect(queryWordGroups('Jürgen Müller-Lüdenscheidt')).toEqual([['jurgen', 'juergen'], ['muller', 'mueller'], ['ludenscheidt', 'luedenscheidt']]);
    expect(queryWordGroups('veit.waschbuesch.245910')).toEqual([['veit'], ['waschbuesch', 'waschbusch'], ['245910']]);
    expect(queryWordGroups('  Weiß, ')).toEqual([['weiss']]);
    expect(queryWordGroups(' — ')).toEqual([]);
  });
});
