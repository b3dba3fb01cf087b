import { sql } from 'drizzle-orm';
import type { Deps } from '../../deps.ts';
import { rows } from '../../db/client.ts';
import { tsQuery, tsQueryText } from '../../lib/fulltext.ts';
import type { Actor } from '../../policies/actor.ts';
import { authorize } from '../../policies/authorize.ts';
import { readableRecords, readableRecordsSql, recordPath } from './access.ts';

// The comments part of the quick search (Ctrl+K): full text over the comment's Markdown source through the expression
// index of migration 0013 (lib/fulltext.ts), only on records the actor may read (access.ts), newest matches ranked.

// How many of the newest matching comments are ranked (as the tasks' search does): a word found in thousands of
// comments would otherwise rank every one of them; a rare word comes through the GIN index either way.
const CANDIDATES = 200;

/** A comment found by the quick search, with the record it is on. */
export interface CommentSearchHit {
  id: string;
  body: string;
  recordType: string;
  recordId: string;
  /** The record's name: a person's or company's name, a conversation's subject or preview, a room's or document's name. */
  recordName: string | null;
  authorName: string | null;
  createdAt: Date;
  /** The app path of the comment: its record with the comment as anchor. */
  link: string;
  score: number;
}

/** Comments matching a quick search on records the actor may read, best first, with a score from 0 to 1. */
export async function searchComments(deps: Deps, actor: Actor, q: string, limit: number): Promise<CommentSearchHit[]> {
  authorize(actor, 'comments:write');
  const text = tsQueryText(q);
  if (!text) return [];
  const ws = actor.workspaceId;
  const readable = readableRecordsSql(await readableRecords(deps, actor), ws, sql.raw('c.record_type'), sql.raw('c.record_id'));
  const query = tsQuery(text);
  const found = await rows<{
    id: string; body: string; record_type: string; record_id: string; created_at: string | Date; author_name: string | null;
    contact_name: string | null; company_name: string | null; conversation_name: string | null; room_name: string | null;
    document_name: string | null; document_room: string | null; score: number;
  }>(deps.db, sql`
    WITH candidates AS (
      SELECT c.id, c.body, c.record_type, c.record_id, c.author_id, c.created_at, ts_rank(c.search_tsv, ${query}) AS rank FROM comments c
      WHERE c.workspace_id = ${ws}::uuid AND c.deleted_at IS NULL AND c.search_tsv @@ ${query} AND ${readable}
      ORDER BY c.id DESC
      LIMIT ${CANDIDATES}
    )
    SELECT c.id, c.body, c.record_type, c.record_id, c.created_at, u.name AS author_name,
      nullif(concat_ws(' ', p.first_name, p.last_name), '') AS contact_name, co.name AS company_name,
      coalesce(nullif(cv.subject, ''), cv.preview) AS conversation_name, r.name AS room_name, d.name AS document_name, d.room_id AS document_room,
      least(1, 0.5 + c.rank * 2) AS score
    FROM candidates c
    LEFT JOIN users u ON u.workspace_id = ${ws}::uuid AND u.id = c.author_id
    LEFT JOIN contacts p ON c.record_type = 'contact' AND p.workspace_id = ${ws}::uuid AND p.id = c.record_id
    LEFT JOIN companies co ON c.record_type = 'company' AND co.workspace_id = ${ws}::uuid AND co.id = c.record_id
    LEFT JOIN conversations cv ON c.record_type = 'conversation' AND cv.workspace_id = ${ws}::uuid AND cv.id = c.record_id
    LEFT JOIN rooms r ON c.record_type = 'room' AND r.workspace_id = ${ws}::uuid AND r.id = c.record_id
    LEFT JOIN documents d ON c.record_type = 'document' AND d.workspace_id = ${ws}::uuid AND d.id = c.record_id
    ORDER BY score DESC, c.id DESC
    LIMIT ${limit}`);
  return found.map((r) => ({
    id: r.id, body: r.body, recordType: r.record_type, recordId: r.record_id,
    recordName: r.contact_name ?? r.company_name ?? r.conversation_name ?? r.room_name ?? r.document_name ?? null,
    authorName: r.author_name, createdAt: new Date(r.created_at), score: Number(r.score),
    link: commentLink(r.record_type, r.record_id, r.id, r.document_room),
  }));
}

/** The app path of a comment: its record's page with the comment as anchor (a document's comments live in its room). */
export function commentLink(recordType: string, recordId: string, commentId: string, documentRoomId?: string | null): string {
  if (recordType === 'document' && documentRoomId) return `/rooms/${documentRoomId}?tab=documents&document=${recordId}#comment-${commentId}`;
  return `${recordPath(recordType, recordId)}#comment-${commentId}`;
}
