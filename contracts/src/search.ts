import { z } from 'zod';
import { TimeZone } from './tasks.ts';

/** What the quick search (Ctrl+K) looks through, in the order the groups come back. */
export const SEARCH_TYPES = ['contact', 'company', 'task'] as const;
export const SearchType = z.enum(SEARCH_TYPES);
export type SearchType = z.infer<typeof SearchType>;

export const SEARCH_LIMITS = { query: 200, perTypeDefault: 5, perTypeMax: 20 } as const;

export const SearchQuery = z.object({
  q: z.string().trim().min(1).max(SEARCH_LIMITS.query),
  /** Results per type. */
  limit: z.coerce.number().int().min(1).max(SEARCH_LIMITS.perTypeMax).default(SEARCH_LIMITS.perTypeDefault),
  /** The time zone task due dates are shown in; UTC when left out. */
  tz: TimeZone.optional(),
});
export type SearchQuery = z.input<typeof SearchQuery>;

export const SearchHit = z.object({
  type: SearchType,
  id: z.uuid(),
  title: z.string(),
  /** person: company · e-mail; company: city · n people; task: due date · assignee. In the user's language. */
  subtitle: z.string(),
  /** Relevance from 0 to 1, comparable across types. */
  score: z.number().min(0).max(1),
});
export type SearchHit = z.infer<typeof SearchHit>;

/**
 * Hits grouped by type, best first within a group; a group comes only when it has hits. Roles see only what they
 * may read: an expert gets tasks (their own) and never people or companies.
 */
export const SearchResult = z.object({
  groups: z.array(z.object({ type: SearchType, items: z.array(SearchHit) })),
});
export type SearchResult = z.infer<typeof SearchResult>;
