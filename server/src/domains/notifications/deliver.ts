import { EVENT_TYPES, type EventType } from '@parley/contracts/events';
import { DEFAULT_PREFERENCES, type NotificationKind } from '@parley/contracts/notifications';
import { and, eq, inArray } from 'drizzle-orm';
import type { Deps } from '../../deps.ts';
import { events, notificationPreferences, notifications, teamMembers, users } from '../../db/schema.ts';
import type { EventHandler, StoredEvent } from '../../events/registry.ts';
import type { QueueDef } from '../../jobs/queue.ts';
import { newId } from '../../lib/ids.ts';
import { publishSignal } from '../../realtime/publish.ts';
import { NOTIFICATION_MAIL_QUEUE } from './mail.ts';
import { NOTIFYING_EVENTS, planFor, quotedText, type NotificationPlan } from './plan.ts';
import { REQUOTING_EVENTS, syncQuotes } from './quotes.ts';

/** The queue that fans a team mention out to the team's members (one job per team and event). */
export const FANOUT_QUEUE = 'notifications.fanout';
/** The queue of the follow fan-out (follow.ts): one job per event. Declared here, where it is sent. */
export const FOLLOW_QUEUE = 'notifications.follow';
/** The events that notify a record's followers (some only for certain changes: follow.ts `followPlanFor`). */
export const FOLLOW_EVENTS: readonly string[] = [
  'comment.created', 'note.created', 'contact.updated', 'company.updated', 'conversation.updated', 'conversation.assigned',
  'room_post.created', 'document.uploaded', 'document.version_added', 'room_note.created',
];

const HANDLED = [...new Set<string>([...NOTIFYING_EVENTS, ...FOLLOW_EVENTS, ...REQUOTING_EVENTS])]
  .filter((t): t is EventType => (EVENT_TYPES as readonly string[]).includes(t));

/**
 * Turns mentions, assignments, consults and replies into notifications. Named users are notified here; each mentioned
 * team becomes one fan-out job, so a team of 200 never holds up this handler (or the request that emitted the event),
 * and so does the record's followers (one `notifications.follow` job per handler job). An edited or deleted comment or post
 * updates or removes the notifications quoting it.
 */
export const notificationsHandler: EventHandler = {
  name: 'notifications',
  events: HANDLED,
  // A mention reaches the colleague within a second (bench/notifications.ts).
  notify: true,
  async handle(deps, event) {
    await notifyOf(deps, event);
    if (FOLLOW_EVENTS.includes(event.type)) await deps.queue.send(FOLLOW_QUEUE, { workspaceId: event.workspaceId, eventIds: [event.id] });
  },
  // A job's events (an ingestion batch's assignments: dozens) each notified, their followers in ONE follow job.
  async handleMany(deps, list) {
    let failure: unknown = null;
    for (const event of list) await notifyOf(deps, event).catch((err: unknown) => { failure ??= err; });
    for (const ws of new Set(list.map((e) => e.workspaceId))) {
      const ids = list.filter((e) => e.workspaceId === ws && FOLLOW_EVENTS.includes(e.type)).map((e) => e.id);
      if (ids.length) await deps.queue.send(FOLLOW_QUEUE, { workspaceId: ws, eventIds: ids });
    }
    if (failure) throw failure;
  },
};

async function notifyOf(deps: Deps, event: StoredEvent): Promise<void> {
  if (REQUOTING_EVENTS.includes(event.type)) await syncQuotes(deps, event);
  const plans = await planFor(deps.db, event);
  for (const plan of plans) {
    await deliver(deps, event, plan, plan.userIds);
    if (plan.teamIds.length) {
      await deps.queue.sendMany(FANOUT_QUEUE, plan.teamIds.map((teamId) => ({ workspaceId: event.workspaceId, eventId: event.id, kind: plan.kind, teamId })));
    }
  }
}

/** The fan-out job: re-reads the event and notifies the members of one mentioned team. Idempotent (unique per event, user, kind). */
export function fanoutQueue(deps: Deps): QueueDef {
  return {
    name: FANOUT_QUEUE, concurrency: 2, notify: true,
    handler: (async (data: { workspaceId: string; eventId: string; kind: NotificationKind; teamId: string }) => {
      const [event] = await deps.db.select().from(events).where(and(eq(events.workspaceId, data.workspaceId), eq(events.id, data.eventId)));
      if (!event) return;
      const plan = (await planFor(deps.db, event)).find((p) => p.kind === data.kind && p.teamIds.includes(data.teamId));
      if (!plan) return;
      const members = await deps.db.select({ userId: teamMembers.userId }).from(teamMembers)
        .where(and(eq(teamMembers.workspaceId, data.workspaceId), eq(teamMembers.teamId, data.teamId)));
      await deliver(deps, event, plan, members.map((m) => m.userId));
    }) as QueueDef['handler'],
  };
}

/**
 * Notifies the given users of one plan: active users of the workspace but the actor, per their preferences; one
 * multi-row INSERT (a re-run inserts nothing twice), then a realtime notice to each recipient and the immediate mails.
 */
export async function deliver(deps: Deps, event: StoredEvent, plan: NotificationPlan, candidateIds: readonly string[]): Promise<number> {
  const ws = event.workspaceId;
  const wanted = [...new Set(candidateIds.map((u) => u.toLowerCase()))].filter((u) => u !== event.actorId);
  if (wanted.length === 0) return 0;
  const recipients = await deps.db.select({ id: users.id }).from(users)
    .where(and(eq(users.workspaceId, ws), inArray(users.id, wanted), eq(users.status, 'active')));
  if (recipients.length === 0) return 0;
  const prefs = await deps.db.select().from(notificationPreferences).where(and(
    eq(notificationPreferences.workspaceId, ws), eq(notificationPreferences.kind, plan.kind), inArray(notificationPreferences.userId, recipients.map((r) => r.id)),
  ));
  const prefOf = new Map(prefs.map((p) => [p.userId, { inApp: p.inApp, email: p.email }]));
  const now = new Date();
  const rows = recipients.flatMap((r) => {
    const pref = prefOf.get(r.id) ?? DEFAULT_PREFERENCES[plan.kind];
    if (!pref.inApp && pref.email === 'off') return [];
    return [{
      workspaceId: ws, id: newId(), userId: r.id, kind: plan.kind, actorId: event.actorId, subjectType: plan.subjectType, subjectId: plan.subjectId,
      link: plan.link, excerpt: plan.excerpt, groupKey: `${plan.kind}:${plan.subjectType}:${plan.subjectId}`, eventId: event.id,
      // Not wanted in the app but by mail: stored as read, so it never counts as unread.
      readAt: pref.inApp ? null : now, createdAt: now,
    }];
  });
  if (rows.length === 0) return 0;
  const inserted = await deps.db.insert(notifications).values(rows).onConflictDoNothing()
    .returning({ id: notifications.id, userId: notifications.userId });
  // The comment or post deleted meanwhile: its deletion's handler may have run before these rows existed. Checked after
  // writing, so either that handler sees them or this check sees the deletion.
  if (plan.source && inserted.length && (await quotedText(deps.db, ws, plan.source)).gone) {
    await deps.db.delete(notifications).where(and(eq(notifications.workspaceId, ws), inArray(notifications.id, inserted.map((n) => n.id))));
    return 0;
  }
  for (const n of inserted) await publishSignal(deps.db, { workspaceId: ws, type: 'notification.created', userId: n.userId });
  const immediate = inserted.filter((n) => (prefOf.get(n.userId) ?? DEFAULT_PREFERENCES[plan.kind]).email === 'immediate');
  if (immediate.length) await deps.queue.sendMany(NOTIFICATION_MAIL_QUEUE, immediate.map((n) => ({ workspaceId: ws, notificationId: n.id })));
  return inserted.length;
}
