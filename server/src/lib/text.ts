/**
 * Text folding for fuzzy search and matching in German and English.
 *
 * Search compares trigrams (pg_trgm), and trigrams only see letters. "Müller", "Mueller" and "Muller" are one
 * name written three ways, so the stored side keeps every spelling a name with umlauts can take
 * (`searchVariants`), and the query side adds the spellings a typed query may stand for (`foldQuery`).
 */

// Letters that Unicode decomposition leaves whole but readers treat as plain Latin letters.
const LETTER_FOLDS: Readonly<Record<string, string>> = {
  ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i',
};
const GERMAN_UMLAUTS: Readonly<Record<string, string>> = { ä: 'ae', ö: 'oe', ü: 'ue' };
const UMLAUT = /[äöüÄÖÜ]|\u0308/;

// Folding is mostly separator collapsing, and the Unicode-aware pattern costs ~5× the ASCII one (19 µs for a 150-character
// search document). Most text is ASCII from the start (e-mails, phones, many names) or once its diacritics are gone
// (German and other Latin text); bulk imports fold several strings a row. Both patterns keep the same characters of
// ASCII text (uppercase too: NFKD can make "MB" of "㎆").
const NON_ASCII = /[\u0080-\uffff]/;
const ASCII_SEPARATORS = /[^A-Za-z0-9@.+-]+/g;
const SEPARATORS = /[^\p{L}\p{M}\p{N}@.+-]+/gu;

/** Lowercase, ß→ss, diacritics stripped (ü→u, é→e), only letters, digits and @ . - + kept, whitespace collapsed. */
export function foldText(s: string): string {
  if (!NON_ASCII.test(s)) return s.toLowerCase().replace(ASCII_SEPARATORS, ' ').trim();
  const letters = s
    .toLowerCase()
    // NFKD rather than NFD: it also unpacks ligatures and compatibility forms ("ﬁ" → "fi", full-width letters).
    .normalize('NFKD')
    // Only the Latin combining diacritics go; marks that other scripts need (Devanagari vowel signs) stay.
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[ßæœøłđðþı]/g, (c) => LETTER_FOLDS[c] ?? c);
  return letters.replace(NON_ASCII.test(letters) ? SEPARATORS : ASCII_SEPARATORS, ' ').trim();
}

/** The German spelling without umlauts (ä→ae, ö→oe, ü→ue, ß→ss), then folded: "Jürgen Groß" → "juergen gross". */
export function transliterateGerman(s: string): string {
  return foldText(s.toLowerCase().normalize('NFC').replace(/[äöü]/g, (c) => GERMAN_UMLAUTS[c] ?? c));
}

/**
 * Undoes the German transliteration in already folded text: "mueller" → "muller", "goethe" → "gothe".
 * Only after a consonant or at the start of a word: after a vowel the "e" starts a new syllable (Bauer, Feuer,
 * neue), and "qu" is never an umlaut (Quelle).
 */
export function collapseUmlautDigraphs(folded: string): string {
  return folded.replace(/(?<![aeiouyq])([aou])e/g, '$1');
}

/**
 * The text to store for trigram search: the folded form, followed by the German transliteration of each word that
 * differs. "Müller" → "muller mueller", "Jürgen Müller" → "jurgen muller juergen mueller", "Straße" → "strasse".
 */
export function searchVariants(s: string): string {
  const folded = foldText(s);
  // Only ä, ö and ü (also written as a letter and U+0308) transliterate differently from how they fold.
  if (folded === '' || !UMLAUT.test(s)) return folded;
  const words = folded.split(' ');
  // Both forms fold the same separators, so the transliteration adds words and never splits or joins them.
  const seen = new Set(words);
  const extra = [...new Set(transliterateGerman(s).split(' '))].filter((word) => !seen.has(word));
  return [...words, ...extra].join(' ');
}

/**
 * The query to match against `searchVariants` output with trigram operators (`<%`, `%`): the same variants, plus the
 * umlaut spelling of words typed as a transliteration. "Müller" → "muller mueller", "Mueller" → "mueller muller".
 * Not for full-text search: websearch_to_tsquery requires every word, and only text written with umlauts stores
 * both spellings; give it `foldText(q)`.
 */
export function foldQuery(q: string): string {
  // Why the query carries both spellings (measured with pg_trgm on PGlite 18):
  // - A name stored without umlauts has one spelling only. "Hans Mueller" and "Hans Muller" score 0.33
  //   (similarity) / 0.50 (word_similarity) against the other spelling: barely above the `%` threshold (0.3)
  //   and below the `<%` one (0.6).
  // - With both spellings, "Müller" → "muller mueller" scores 0.53 / 0.80 against "Hans Mueller", 0.47 / 0.70
  //   against "Hans Muller" and 0.67 / 1.00 against "Hans Müller"; "Mueller" → "mueller muller" the same. The
  //   price is a lower score for the exact spelling (0.53 instead of 0.62), which keeps the order of results.
  // - The digraph rule also fires on names that never had an umlaut ("Michael" → "michal"): "Michael Bauer"
  //   scores 0.50 instead of 0.57 and still ranks above "Michal Bauer" (0.44). Keeping the rule on the query side
  //   means it can be tuned without rewriting every stored search text.
  // - What no rule can fix is the query "Muller" against a stored "Mueller" (0.33): a bare "u" gives no hint
  //   that an "e" was dropped. It still passes `%`.
  const words = searchVariants(q);
  if (words === '') return '';
  const present = words.split(' ');
  // Only plain words: an e-mail address or a number is searched as typed.
  const umlautSpellings = present.filter((word) => /^[\p{L}\p{M}-]+$/u.test(word)).map(collapseUmlautDigraphs);
  return [...new Set([...present, ...umlautSpellings])].join(' ');
}

/**
 * The words of a query as pg_trgm sees them (letters and digits; anything else separates), each with the spellings it
 * may stand for (foldQuery of the word alone), for looking misspelled words up one by one:
 * "Jürgen Müller-Lüdenscheidt" → [["jurgen", "juergen"], ["muller", "mueller"], ["ludenscheidt", "luedenscheidt"]].
 */
export function queryWordGroups(q: string): string[][] {
  return q.split(/[^\p{L}\p{M}\p{N}]+/u).map((w) => foldQuery(w).split(' ').filter(Boolean)).filter((g) => g.length > 0);
}
