import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { rows } from '../../db/client.ts';
import { tsQuery } from '../../lib/fulltext.ts';

// Room posts and document names for the quick search. Which rooms the actor may read is the rooms domain's decision
// (its service lists them); these queries only look inside those rooms. Indexes: migration 0013 (a folded full-text
// expression index on live posts, a trigram index on lower(document name)).

// How many of the newest matches are ranked (see tasks/repo.ts): bounded work for a word found everywhere.
const CANDIDATES = 200;

/** A room post found by the quick search. */
export interface PostSearchRow { id: string; roomId: string; roomName: string; body: string; authorName: string | null; createdAt: Date; score: number }

/** Live posts (and replies) in the given rooms whose text matches the tsquery text, best first. */
export async function searchPosts(ex: Executor, workspaceId: string, roomIds: string[], tsText: string, limit: number): Promise<PostSearchRow[]> {
  if (roomIds.length === 0) return [];
  const query = tsQuery(tsText);
  const found = await rows<{ id: string; room_id: string; room_name: string; body: string; author_name: string | null; created_at: string | Date; score: number }>(ex, sql`
    WITH candidates AS (
      SELECT p.id, p.room_id, p.body, p.author_id, p.created_at, ts_rank(p.search_tsv, ${query}) AS rank FROM room_posts p
      WHERE p.workspace_id = ${workspaceId}::uuid AND p.deleted_at IS NULL AND p.room_id = ANY(${sql.param(roomIds)}::uuid[])
        AND p.search_tsv @@ ${query}
      ORDER BY p.id DESC
      LIMIT ${CANDIDATES}
    )
    SELECT c.id, c.room_id, r.name AS room_name, c.body, u.name AS author_name, c.created_at,
      least(1, 0.5 + c.rank * 2) AS score
    FROM candidates c
    JOIN rooms r ON r.workspace_id = ${workspaceId}::uuid AND r.id = c.room_id
    LEFT JOIN users u ON u.workspace_id = ${workspaceId}::uuid AND u.id = c.author_id
    ORDER BY score DESC, c.id DESC
    LIMIT ${limit}`);
  return found.map((r) => ({ id: r.id, roomId: r.room_id, roomName: r.room_name, body: r.body, authorName: r.author_name, createdAt: new Date(r.created_at), score: Number(r.score) }));
}

/** A room document found by the quick search. */
export interface DocumentSearchRow { id: string; roomId: string; roomName: string; name: string; updatedAt: Date; score: number }

/**
 * Documents in the given rooms whose name matches any spelling of the query: `<%` (word similarity: one word of a long
 * name, misspelt) and LIKE for a fragment inside a word ("preisliste" in "Zebrapreisliste.pdf"), through the trigram
 * index on lower(name).
 */
export async function searchDocuments(ex: Executor, workspaceId: string, roomIds: string[], spellings: string[], fragment: string, limit: number): Promise<DocumentSearchRow[]> {
  if (roomIds.length === 0 || spellings.length === 0) return [];
  const like = `%${fragment.replace(/[\\%_]/g, '\\$&')}%`;
  const match = sql.join([...spellings.map((s) => sql`${s} <% lower(d.name)`), sql`lower(d.name) LIKE ${like}`], sql` OR `);
  const similarity = sql.join(spellings.map((s) => sql`word_similarity(${s}, lower(c.name))`), sql`, `);
  const found = await rows<{ id: string; room_id: string; room_name: string; name: string; updated_at: string | Date; score: number }>(ex, sql`
    WITH candidates AS (
      SELECT d.id, d.room_id, d.name, d.updated_at FROM documents d
      WHERE d.workspace_id = ${workspaceId}::uuid AND d.room_id = ANY(${sql.param(roomIds)}::uuid[]) AND (${match})
      ORDER BY d.id DESC
      LIMIT ${CANDIDATES}
    )
    SELECT c.id, c.room_id, r.name AS room_name, c.name, c.updated_at,
      least(1, greatest(${similarity}, CASE WHEN lower(c.name) LIKE ${like} THEN 0.6 ELSE 0 END)) AS score
    FROM candidates c
    JOIN rooms r ON r.workspace_id = ${workspaceId}::uuid AND r.id = c.room_id
    ORDER BY score DESC, c.updated_at DESC
    LIMIT ${limit}`);
  return found.map((r) => ({ id: r.id, roomId: r.room_id, roomName: r.room_name, name: r.name, updatedAt: new Date(r.updated_at), score: Number(r.score) }));
}
