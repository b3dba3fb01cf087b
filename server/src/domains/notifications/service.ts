import {
  DEFAULT_PREFERENCES, NOTIFICATION_KINDS, NOTIFICATION_LIMITS, type MarkReadInput, type Notification, type NotificationGroup, type NotificationKind,
  type NotificationList, type NotificationListQuery, type NotificationPreference, type NotificationPreferences,
} from '@parley/contracts/notifications';
import { and, count, desc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Deps } from '../../deps.ts';
import { events, notificationPreferences, notifications, users } from '../../db/schema.ts';
import { Validation } from '../../lib/errors.ts';
import type { Actor } from '../../policies/actor.ts';
import { authorize } from '../../policies/authorize.ts';
import './personal-data.ts';
import { presentNotification } from './presenter.ts';

// The notification centre of the signed-in user: every query is scoped to (workspace, the actor) — nobody reads or
// marks another user's notifications, whatever their role.

function me(actor: Actor): string {
  authorize(actor, 'notifications:own');
  if (!actor.userId) throw new Validation('user_required', 'Notifications belong to a user');
  return actor.userId;
}

function decodeCursor(cursor: string): { at: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const d = new Date(at ?? '');
  if (Number.isNaN(d.getTime()) || !id || !/^[0-9a-f-]{36}$/i.test(id)) throw new Validation('invalid_cursor', 'Invalid cursor', { field: 'cursor' });
  return { at: d, id };
}

/** A page of the actor's notifications, newest first, grouped (same kind and record within the window); keyset paginated. */
export async function listNotifications(deps: Deps, actor: Actor, q: NotificationListQuery): Promise<NotificationList> {
  const userId = me(actor);
  const n = notifications;
  const conds = [eq(n.workspaceId, actor.workspaceId), eq(n.userId, userId)];
  if (q.unread) conds.push(isNull(n.readAt));
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    conds.push(or(lt(n.createdAt, c.at), and(eq(n.createdAt, c.at), lt(n.id, c.id)))!);
  }
  const rows = await deps.db.select({ n, actorName: users.name, verb: events.type }).from(n)
    .leftJoin(users, and(eq(users.workspaceId, n.workspaceId), eq(users.id, n.actorId)))
    .leftJoin(events, and(eq(events.workspaceId, n.workspaceId), eq(events.id, n.eventId)))
    .where(and(...conds)).orderBy(desc(n.createdAt), desc(n.id)).limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  const nextCursor = rows.length > q.limit && last ? Buffer.from(`${last.n.createdAt.toISOString()}|${last.n.id}`).toString('base64url') : null;
  return { groups: groupNotifications(page.map((r) => presentNotification(r.n, r.actorName, r.verb))), nextCursor };
}

/** Groups a newest-first list: an item joins an earlier group of its key while within the window of that group's latest. */
export function groupNotifications(items: readonly Notification[]): NotificationGroup[] {
  const windowMs = NOTIFICATION_LIMITS.groupWindowMinutes * 60_000;
  const groups: NotificationGroup[] = [];
  const open = new Map<string, NotificationGroup>();
  for (const item of items) {
    const g = open.get(item.groupKey);
    if (g && Date.parse(g.latest.createdAt) - Date.parse(item.createdAt) <= windowMs) {
      g.items.push(item);
      g.count++;
      if (!item.read) g.unread++;
      continue;
    }
    const fresh: NotificationGroup = { groupKey: item.groupKey, kind: item.kind, count: 1, unread: item.read ? 0 : 1, latest: item, items: [item] };
    groups.push(fresh);
    open.set(item.groupKey, fresh);
  }
  return groups;
}

/** The actor's unread notifications (for the bell). */
export async function unreadCount(deps: Deps, actor: Actor): Promise<{ count: number }> {
  const userId = me(actor);
  const [row] = await deps.db.select({ c: count() }).from(notifications)
    .where(and(eq(notifications.workspaceId, actor.workspaceId), eq(notifications.userId, userId), isNull(notifications.readAt)));
  return { count: Number(row?.c ?? 0) };
}

/** Marks the named notifications of the actor, or all of them, read; answers the unread count after. */
export async function markRead(deps: Deps, actor: Actor, input: MarkReadInput): Promise<{ count: number }> {
  const userId = me(actor);
  if (!input.all && !input.ids?.length) throw new Validation('ids_or_all_required', 'Name the notifications to mark read, or all', { field: 'ids' });
  const conds = [eq(notifications.workspaceId, actor.workspaceId), eq(notifications.userId, userId), isNull(notifications.readAt)];
  if (!input.all) conds.push(inArray(notifications.id, input.ids!));
  await deps.db.update(notifications).set({ readAt: sql`now()` }).where(and(...conds));
  return unreadCount(deps, actor);
}

/** The actor's preferences, one per kind (defaults where none was chosen). */
export async function getPreferences(deps: Deps, actor: Actor): Promise<NotificationPreferences> {
  const userId = me(actor);
  const rows = await deps.db.select().from(notificationPreferences)
    .where(and(eq(notificationPreferences.workspaceId, actor.workspaceId), eq(notificationPreferences.userId, userId)));
  const byKind = new Map(rows.map((r) => [r.kind, r]));
  return {
    items: NOTIFICATION_KINDS.map((kind): NotificationPreference => {
      const r = byKind.get(kind);
      return r ? { kind, inApp: r.inApp, email: r.email as NotificationPreference['email'] } : { kind, ...DEFAULT_PREFERENCES[kind] };
    }),
  };
}

/** Stores the actor's choices for the kinds given (the others stay as they were). */
export async function putPreferences(deps: Deps, actor: Actor, input: NotificationPreferences): Promise<NotificationPreferences> {
  const userId = me(actor);
  const seen = new Set<NotificationKind>();
  const rows = input.items.filter((p) => !seen.has(p.kind) && seen.add(p.kind))
    .map((p) => ({ workspaceId: actor.workspaceId, userId, kind: p.kind, inApp: p.inApp, email: p.email, updatedAt: new Date() }));
  if (rows.length) {
    await deps.db.insert(notificationPreferences).values(rows).onConflictDoUpdate({
      target: [notificationPreferences.workspaceId, notificationPreferences.userId, notificationPreferences.kind],
      set: { inApp: sql`excluded.in_app`, email: sql`excluded.email`, updatedAt: sql`excluded.updated_at` },
    });
  }
  return getPreferences(deps, actor);
}
