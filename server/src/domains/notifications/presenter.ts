import type { Notification, NotificationKind } from '@parley/contracts/notifications';
import type { notifications } from '../../db/schema.ts';

/** A notification as it leaves the server (no workspace, no event id). */
export function presentNotification(n: typeof notifications.$inferSelect, actorName: string | null, verb: string | null = null): Notification {
  return {
    id: n.id, kind: n.kind as NotificationKind,
    actor: n.actorId ? { id: n.actorId, name: actorName ?? '' } : null,
    subject: { type: n.subjectType, id: n.subjectId },
    link: n.link, excerpt: n.excerpt, verb, groupKey: n.groupKey, read: n.readAt !== null, createdAt: n.createdAt.toISOString(),
  };
}
