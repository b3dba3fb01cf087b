import { REALTIME_LIMITS, type PresenceStatus } from '@parley/contracts/realtime';
import { sql } from 'drizzle-orm';
import { rows, type Executor } from '../../db/client.ts';

export interface PresenceRow { userId: string; name: string; chosen: PresenceStatus | null; lastSeenAt: Date | null; status: PresenceStatus }

export interface ViewerRow { userId: string; name: string; since: Date; typing: boolean; status: PresenceStatus }

const staleSeconds = () => REALTIME_LIMITS.presenceStaleMs / 1000;

// The effective presence, computed in SQL so every reader agrees: the chosen status while the user was seen within the
// window, else offline. `p` is the user_presence row (may be missing).
const effective = sql`CASE WHEN p.last_seen_at IS NOT NULL AND p.last_seen_at > now() - make_interval(secs => ${staleSeconds()}) THEN p.status ELSE 'offline' END`;

/**
 * Effective presence of the given users: the status they chose while their last heartbeat is recent, else offline;
 * users without a row are offline. Routing reads it to skip agents who are away or offline.
 */
export async function presenceOf(db: Executor, workspaceId: string, userIds: string[]): Promise<Map<string, 'online' | 'away' | 'offline'>> {
  const out = new Map<string, PresenceStatus>(userIds.map((id) => [id, 'offline']));
  if (userIds.length === 0) return out;
  const found = await rows<{ user_id: string; status: PresenceStatus }>(db, sql`
    SELECT p.user_id, ${effective} AS status FROM user_presence p
    WHERE p.workspace_id = ${workspaceId} AND p.user_id IN (${sql.join(userIds.map((id) => sql`${id}`), sql`, `)})`);
  for (const r of found) out.set(r.user_id, r.status);
  return out;
}

/** Every active user of the workspace with their effective presence, by name. */
export async function listPresence(db: Executor, workspaceId: string): Promise<PresenceRow[]> {
  const found = await rows<{ user_id: string; name: string; chosen: PresenceStatus | null; last_seen_at: string | Date | null; status: PresenceStatus }>(db, sql`
    SELECT u.id AS user_id, u.name, p.status AS chosen, p.last_seen_at, ${effective} AS status
    FROM users u LEFT JOIN user_presence p ON p.workspace_id = u.workspace_id AND p.user_id = u.id
    WHERE u.workspace_id = ${workspaceId} AND u.status = 'active'
    ORDER BY u.name, u.id`);
  return found.map((r) => ({ userId: r.user_id, name: r.name, chosen: r.chosen, lastSeenAt: r.last_seen_at ? new Date(r.last_seen_at) : null, status: r.status }));
}

/**
 * Records a heartbeat (and the chosen status when given); returns the effective status before and after, so the caller
 * pushes a change only when others would see one.
 */
export async function touchPresence(db: Executor, workspaceId: string, userId: string, status?: PresenceStatus): Promise<{ before: PresenceStatus; after: PresenceStatus }> {
  const [r] = await rows<{ before: PresenceStatus | null; after: PresenceStatus }>(db, sql`
    WITH p AS (SELECT status, last_seen_at FROM user_presence WHERE workspace_id = ${workspaceId} AND user_id = ${userId}),
    up AS (
      INSERT INTO user_presence AS t (workspace_id, user_id, status, last_seen_at, updated_at)
      VALUES (${workspaceId}, ${userId}, ${status ?? 'online'}, now(), now())
      ON CONFLICT (workspace_id, user_id) DO UPDATE SET last_seen_at = now(),
        status = COALESCE(${status ?? null}::text, t.status), updated_at = CASE WHEN ${status ?? null}::text IS NULL THEN t.updated_at ELSE now() END
      RETURNING t.status
    )
    SELECT (SELECT ${effective} FROM p) AS before, (SELECT status FROM up) AS after`);
  return { before: r?.before ?? 'offline', after: r!.after };
}

/** Sets when a user was last seen (tests of staleness; an operator's "sign everyone out"). */
export async function setLastSeen(db: Executor, workspaceId: string, userId: string, at: Date): Promise<void> {
  await db.execute(sql`UPDATE user_presence SET last_seen_at = ${at.toISOString()}::timestamptz WHERE workspace_id = ${workspaceId} AND user_id = ${userId}`);
}

/**
 * Marks the user as viewing the conversation (and typing when `typing` is true, not typing when false, unchanged when
 * undefined). Returns whether others should be told: a new (or returning stale) viewer, or a change of typing.
 */
export async function upsertViewer(db: Executor, workspaceId: string, conversationId: string, userId: string, typing?: boolean): Promise<boolean> {
  const typingSet = typing === undefined ? sql`t.typing_at` : typing ? sql`now()` : sql`NULL`;
  const [r] = await rows<{ changed: boolean }>(db, sql`
    WITH v AS (SELECT seen_at, typing_at FROM conversation_viewers WHERE workspace_id = ${workspaceId} AND conversation_id = ${conversationId} AND user_id = ${userId}),
    up AS (
      INSERT INTO conversation_viewers AS t (workspace_id, conversation_id, user_id, since, seen_at, typing_at)
      VALUES (${workspaceId}, ${conversationId}, ${userId}, now(), now(), ${typing ? sql`now()` : sql`NULL`})
      ON CONFLICT (workspace_id, conversation_id, user_id) DO UPDATE SET seen_at = now(), typing_at = ${typingSet},
        since = CASE WHEN t.seen_at < now() - make_interval(secs => ${REALTIME_LIMITS.viewerStaleMs / 1000}) THEN now() ELSE t.since END
      RETURNING 1
    )
    SELECT NOT EXISTS (SELECT 1 FROM v WHERE v.seen_at > now() - make_interval(secs => ${REALTIME_LIMITS.viewerStaleMs / 1000}))
      OR ${typing === undefined ? sql`FALSE` : typing
        ? sql`NOT EXISTS (SELECT 1 FROM v WHERE v.typing_at > now() - make_interval(secs => ${REALTIME_LIMITS.typingStaleMs / 1000}))`
        : sql`EXISTS (SELECT 1 FROM v WHERE v.typing_at > now() - make_interval(secs => ${REALTIME_LIMITS.typingStaleMs / 1000}))`}
      AS changed, (SELECT count(*) FROM up) AS n`);
  return Boolean(r?.changed);
}

/** The user closed the conversation; true when they were a viewer. */
export async function removeViewer(db: Executor, workspaceId: string, conversationId: string, userId: string): Promise<boolean> {
  const found = await rows<{ user_id: string }>(db, sql`
    DELETE FROM conversation_viewers WHERE workspace_id = ${workspaceId} AND conversation_id = ${conversationId} AND user_id = ${userId} RETURNING user_id`);
  return found.length > 0;
}

/** Who has the conversation open now (seen within the window), with typing and presence; stale rows are pruned. */
export async function listViewers(db: Executor, workspaceId: string, conversationId: string): Promise<ViewerRow[]> {
  await db.execute(sql`DELETE FROM conversation_viewers WHERE workspace_id = ${workspaceId} AND conversation_id = ${conversationId}
    AND seen_at < now() - interval '10 minutes'`);
  const found = await rows<{ user_id: string; name: string; since: string | Date; typing: boolean; status: PresenceStatus }>(db, sql`
    SELECT v.user_id, u.name, v.since,
      COALESCE(v.typing_at > now() - make_interval(secs => ${REALTIME_LIMITS.typingStaleMs / 1000}), FALSE) AS typing, ${effective} AS status
    FROM conversation_viewers v
    JOIN users u ON u.workspace_id = v.workspace_id AND u.id = v.user_id
    LEFT JOIN user_presence p ON p.workspace_id = v.workspace_id AND p.user_id = v.user_id
    WHERE v.workspace_id = ${workspaceId} AND v.conversation_id = ${conversationId}
      AND v.seen_at > now() - make_interval(secs => ${REALTIME_LIMITS.viewerStaleMs / 1000})
    ORDER BY v.since, v.user_id`);
  return found.map((r) => ({ userId: r.user_id, name: r.name, since: new Date(r.since), typing: Boolean(r.typing), status: r.status }));
}

/** True when the conversation exists in the workspace. */
export async function conversationExists(db: Executor, workspaceId: string, conversationId: string): Promise<boolean> {
  const found = await rows<{ one: number }>(db, sql`SELECT 1 AS one FROM conversations WHERE workspace_id = ${workspaceId} AND id = ${conversationId}`);
  return found.length > 0;
}
