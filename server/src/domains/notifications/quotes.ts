import { NOTIFICATION_LIMITS } from '@parley/contracts/notifications';
import { sql } from 'drizzle-orm';
import type { Deps } from '../../deps.ts';
import { rows } from '../../db/client.ts';
import type { StoredEvent } from '../../events/registry.ts';
import { quoteSql } from '../../lib/quote.ts';
import { publishSignal } from '../../realtime/publish.ts';

// Notifications quote a comment or room post and point at it. When it is edited, every notification of it (of any of
// its events: created, edited) quotes the new text; when it is deleted, they go, and their users' bells refetch.

/** The events that change or remove what notifications quote. */
export const REQUOTING_EVENTS: readonly string[] = ['comment.updated', 'comment.deleted', 'room_post.updated', 'room_post.deleted'];

// Fixed table names by the event's subject type (never from input).
const TABLES: Record<string, string> = { comment: 'comments', room_post: 'room_posts' };

/**
 * Brings the notifications of the event's comment or post in line with it as it is now: deleted (or gone) → removed,
 * else → the excerpt of its current text. Each is one statement that reads the text and writes at once, so handlers
 * of an edit and a deletion end right in either order.
 */
export async function syncQuotes(deps: Deps, event: StoredEvent): Promise<{ removed: number; updated: number }> {
  const table = TABLES[event.subjectType];
  if (!table) return { removed: 0, updated: 0 };
  const ws = event.workspaceId;
  const src = sql.raw(table);
  const ofIt = sql`n.workspace_id = ${ws}::uuid AND n.event_id IN (
    SELECT e.id FROM events e WHERE e.workspace_id = ${ws}::uuid AND e.subject_type = ${event.subjectType} AND e.subject_id = ${event.subjectId}::uuid)`;
  const removed = await rows<{ user_id: string }>(deps.db, sql`
    DELETE FROM notifications n WHERE ${ofIt}
      AND NOT EXISTS (SELECT 1 FROM ${src} s WHERE s.workspace_id = ${ws}::uuid AND s.id = ${event.subjectId}::uuid AND s.deleted_at IS NULL)
    RETURNING n.user_id`);
  const updated = await rows<{ id: string }>(deps.db, sql`
    UPDATE notifications n SET excerpt = ${quoteSql(sql`s.body`, NOTIFICATION_LIMITS.excerptMax)}
    FROM ${src} s WHERE ${ofIt} AND s.workspace_id = ${ws}::uuid AND s.id = ${event.subjectId}::uuid AND s.deleted_at IS NULL
      AND n.excerpt IS DISTINCT FROM ${quoteSql(sql`s.body`, NOTIFICATION_LIMITS.excerptMax)}
    RETURNING n.id`);
  for (const userId of new Set(removed.map((r) => r.user_id))) await publishSignal(deps.db, { workspaceId: ws, type: 'notification.removed', userId });
  return { removed: removed.length, updated: updated.length };
}
