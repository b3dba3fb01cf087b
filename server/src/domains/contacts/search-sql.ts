import { sql, type SQL } from 'drizzle-orm';
import { foldQuery, foldText } from '../../lib/text.ts';

/**
 * The SQL of a fuzzy search over a table with `search_name` (trigram) and `search_tsv` (full text in German or
 * English), for the table alias given. The trigram side gets the query in both umlaut spellings (foldQuery); the full
 * text side the plain fold, because websearch_to_tsquery requires every word it is given. The tsquery asks both
 * configurations, so it finds rows stored in either.
 */
export function textSearch(q: string, alias: string): { name: SQL; fullText: SQL; match: SQL; rank: SQL } {
  const qn = foldQuery(q);
  const qt = foldText(q);
  const col = sql.raw(`${alias}.search_name`);
  const tsv = sql.raw(`${alias}.search_tsv`);
  const tsq = sql`(websearch_to_tsquery('german', ${qt}::text) || websearch_to_tsquery('english', ${qt}::text))`;
  const name = sql`${qn}::text <% ${col}`;
  const fullText = sql`${tsv} @@ ${tsq}`;
  return {
    name,
    fullText,
    match: sql`(${name} OR ${fullText})`,
    rank: sql`greatest(word_similarity(${qn}::text, ${col}), ts_rank(${tsv}, ${tsq}) * 2)`,
  };
}
