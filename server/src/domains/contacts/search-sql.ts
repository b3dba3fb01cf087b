import { sql, type SQL } from 'drizzle-orm';
import { foldQuery, foldText } from '../../lib/text.ts';

/**
 * The SQL of a fuzzy search over a table with `search_name` (trigram) and `search_tsv` (German and English full
 * text), for the table alias given. The trigram side gets the query in both umlaut spellings (foldQuery); the full
 * text side the plain fold, because websearch_to_tsquery requires every word it is given.
 */
export function textSearch(q: string, alias: string): { match: SQL; rank: SQL } {
  const qn = foldQuery(q);
  const qt = foldText(q);
  const name = sql.raw(`${alias}.search_name`);
  const tsv = sql.raw(`${alias}.search_tsv`);
  const tsq = sql`(websearch_to_tsquery('german', ${qt}) || websearch_to_tsquery('english', ${qt}))`;
  return {
    match: sql`(${qn} <% ${name} OR ${tsv} @@ ${tsq})`,
    rank: sql`greatest(word_similarity(${qn}, ${name}), ts_rank(${tsv}, ${tsq}) * 2)`,
  };
}
