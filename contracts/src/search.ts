import { z } from 'zod';
import { TimeZone } from './tasks.ts';

/**
 * What the quick search (Ctrl+K) looks through, in the order the groups come back: people, companies, tasks, comments
 * on any record, posts in team rooms and the names of rooms' documents.
 */
export const SEARCH_TYPES = ['contact', 'company', 'task', 'comment', 'room_post', 'document'] as const;
export const SearchType = z.enum(SEARCH_TYPES);
export type SearchType = z.infer<typeof SearchType>;

export const SEARCH_LIMITS = { query: 200, perTypeDefault: 5, perTypeMax: 20, excerptChars: 160 } as const;

export const SearchQuery = z.object({
  q: z.string().trim().min(1).max(SEARCH_LIMITS.query),
  /** Results per type. */
  limit: z.coerce.number().int().min(1).max(SEARCH_LIMITS.perTypeMax).default(SEARCH_LIMITS.perTypeDefault),
  /** The time zone task due dates are shown in; UTC when left out. */
  tz: TimeZone.optional(),
});
export type SearchQuery = z.input<typeof SearchQuery>;

/** A piece of an excerpt: plain text, `hit` where it matched the query (shown highlighted). Never HTML. */
export const SearchExcerptPart = z.object({ text: z.string(), hit: z.boolean() });
export type SearchExcerptPart = z.infer<typeof SearchExcerptPart>;

export const SearchHit = z.object({
  type: SearchType,
  id: z.uuid(),
  /**
   * person: the name; company: the name; task: the title; comment: the name of the record it is on; room post: the
   * room's name; document: its file name.
   */
  title: z.string(),
  /**
   * person: company · e-mail; company: city · n people; task: due date · assignee; comment: the kind of record ·
   * author · date; room post: author · date; document: room · date. In the user's language.
   */
  subtitle: z.string(),
  /** Comments and room posts: the words around the first match, the matched words marked. */
  excerpt: z.array(SearchExcerptPart).optional(),
  /** Comments: the record it is on (contact, company, conversation, room or document). */
  record: z.object({ type: z.string(), id: z.uuid() }).optional(),
  /** The app path to open: the record, or the comment or post itself as an anchor (`/people/…#comment-…`). */
  link: z.string(),
  /** Relevance from 0 to 1, comparable across types. */
  score: z.number().min(0).max(1),
});
export type SearchHit = z.infer<typeof SearchHit>;

/**
 * Hits grouped by type, best first within a group; a group comes only when it has hits. Roles see only what they
 * may read: an expert gets tasks (their own), comments of the conversations they were consulted on and of the rooms
 * they may read, never people or companies; a private room's posts, documents and comments only reach its members
 * (and admins).
 */
export const SearchResult = z.object({
  groups: z.array(z.object({ type: SearchType, items: z.array(SearchHit) })),
});
export type SearchResult = z.infer<typeof SearchResult>;
