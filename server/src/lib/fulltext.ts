import { sql, type SQL } from 'drizzle-orm';
import { queryWordGroups } from './text.ts';

/**
 * Full-text search over free text (comments, room posts), on PostgreSQL and PGlite alike.
 *
 * The stored side is folded inside PostgreSQL (no extension: `unaccent` is not available on PGlite) into a generated
 * `search_tsv` column with a GIN index (migration 0013), as contacts and companies keep theirs: ß → ss and the Latin
 * letters with diacritics that German, French, Spanish, Italian, Portuguese and Scandinavian text use → their base
 * letter, then German and English stemming (a query asks both). A stored vector, not an expression index: whichever
 * plan the planner picks (the index, or walking the newest rows), testing a row is cheap; recomputing the vector of
 * every row it walked cost 27 s on 200,000 comments, the stored column under 0.9 s, and with real word frequencies the
 * planner walks the newest rows only for common words (2 ms) and takes the index otherwise (2-40 ms; PostgreSQL 15 here).
 * The query side folds the same way in Node (`lib/text.ts`) and asks each word in the spellings an umlaut may take
 * ("Müller" → muller | mueller), the last word also as a prefix (the search box searches while one types). A letter
 * outside the list (ł, ő) is matched only as written.
 */

// Keep in step with foldText (lib/text.ts): a test checks that every letter folds to what foldText makes of it.
export const FOLD_FROM = 'ÄÖÜäöüÀÁÂÃÅàáâãåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕØòóôõøÙÚÛùúûÝýÿ';
export const FOLD_TO = 'AOUaouAAAAAaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOoooooUUUuuuYyy';

/** The SQL text of the folded full-text vector of a text column: the generated `search_tsv` columns (db/schema.ts). */
export function foldedVectorSql(column: string): string {
  const folded = `translate(replace(${column}, 'ß', 'ss'), '${FOLD_FROM}', '${FOLD_TO}')`;
  return `to_tsvector('german', ${folded}) || to_tsvector('english', ${folded})`;
}

// How long the last word must be before it is searched as a prefix too: "he" or "sch" would match thousands of
// words (a prefix of 4 letters matching 20,000 words cost 0.3 s on PostgreSQL 15 here).
const PREFIX_MIN = 4;

/**
 * The tsquery text (for to_tsquery) of a search: every word required, each in its spellings, the last one also as a
 * prefix. Null when the query has no word (punctuation only).
 */
export function tsQueryText(q: string): string | null {
  const groups = queryWordGroups(q).slice(0, 12);
  if (groups.length === 0) return null;
  const quote = (w: string) => `'${w.replace(/['\\]/g, '')}'`;
  return groups.map((spellings, i) => {
    const last = i === groups.length - 1;
    const terms = spellings.map((w) => `${quote(w)}${last && w.length >= PREFIX_MIN ? ':*' : ''}`);
    return terms.length === 1 ? terms[0]! : `(${terms.join(' | ')})`;
  }).join(' & ');
}

/** The tsquery of a search in both configurations (a row stemmed either way is found). */
export function tsQuery(text: string): SQL {
  return sql`(to_tsquery('german', ${text}) || to_tsquery('english', ${text}))`;
}

/**
 * The words of a query to mark in an excerpt, folded, in every spelling: "Wärmepumpen Müller" →
 * ["warmepumpen", "waermepumpen", "muller", "mueller"].
 */
export function highlightWords(q: string): string[] {
  return [...new Set(queryWordGroups(q).flat())];
}
