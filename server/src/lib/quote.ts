import { sql, type SQL } from 'drizzle-orm';

// A quote of something written (a comment, a note, a post) as notifications and activity streams show it: one line,
// mention markup shown as the name (`@[Bea](user:<id>)` → `@Bea`), cut at a limit with an ellipsis. The same in
// TypeScript and in SQL, for statements that re-read the text and rewrite the quotes at once.

const MENTION = /@\[([^\]\n]{1,200})\]\((?:user|team):[0-9a-fA-F-]{36}\)/g;

/** The one-line quote of a text, at most `max` characters. */
export function quoteOf(text: string | null | undefined, max: number): string {
  const flat = (text ?? '').replace(MENTION, '@$1').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** The same as `quoteOf`, as a PostgreSQL expression over a text column (empty when the text is). */
export function quoteSql(column: SQL, max: number): SQL {
  const flat = sql`btrim(regexp_replace(regexp_replace(${column}, '@\\[([^]\\n]{1,200})\\]\\((user|team):[0-9a-fA-F-]{36}\\)', '@\\1', 'g'), '\\s+', ' ', 'g'))`;
  return sql`(CASE WHEN length(${flat}) > ${max} THEN left(${flat}, ${max - 1}) || '…' ELSE ${flat} END)`;
}
