import { EVENT_TYPES, type EventType } from '@parley/contracts/events';
import { FOLLOWABLE_TYPES } from '@parley/contracts/activity';
import type { Deps } from '../../deps.ts';
import type { EventHandler, StoredEvent } from '../../events/registry.ts';
import { extractHashtags } from '../../lib/hashtags.ts';
import * as repo from './repo.ts';

// Activities are made here, from the domain events, never inline in services (issue 5). One activity per event, about
// one record (the one a person would follow); its id is the event's id, so a re-delivered event inserts nothing.
// Events of other parts of issue 5 (comment.*, room_post.*, document.*) are picked up once they are in EVENT_TYPES.
const WANTED = new Set([
  'contact.created', 'contact.updated', 'contact.merged', 'company.created', 'company.updated',
  'note.created', 'note.updated', 'task.created', 'task.updated',
  'conversation.created', 'conversation.assigned', 'message.received', 'reply.sent', 'consult.requested', 'consult.answered',
  'consent.granted', 'consent.withdrawn',
  'comment.created', 'comment.updated', 'comment.deleted', 'room_post.created',
  'document.created', 'document.updated', 'document.version_added', 'room.created',
]);
// Gone records take their activities and follows with them (erasure, deletion).
const REMOVING = new Set(['contact.deleted', 'contact.erased', 'company.deleted']);

export const ACTIVITY_EVENTS: readonly EventType[] = EVENT_TYPES.filter((t) => WANTED.has(t) || REMOVING.has(t));

const FOLLOWABLE = new Set<string>(FOLLOWABLE_TYPES);
type Payload = Record<string, unknown> & {
  after?: Record<string, unknown> | null; before?: Record<string, unknown> | null; related?: { type: string; id: string }[];
};
type Ref = { type: string; id: string };

/** The record an event is about, as people follow it; null when none (then it makes no activity). */
export function recordOf(e: Pick<StoredEvent, 'subjectType' | 'subjectId' | 'payload'>): Ref | null {
  const p = e.payload as Payload;
  if (FOLLOWABLE.has(e.subjectType)) return { type: e.subjectType, id: e.subjectId };
  if (typeof p.recordType === 'string' && typeof p.recordId === 'string' && FOLLOWABLE.has(p.recordType)) return { type: p.recordType, id: p.recordId };
  if (typeof p.roomId === 'string') return { type: 'room', id: p.roomId };
  if (typeof p.conversationId === 'string') return { type: 'conversation', id: p.conversationId };
  const rel = (p.related ?? []).find((r) => FOLLOWABLE.has(r.type));
  return rel ?? null;
}

/** The user ids an event's payload mentions, in either shape in use ({userIds} or [{type:'user', id}]). */
export function mentionedUsers(payload: unknown): string[] {
  const m = (payload as { mentions?: unknown }).mentions;
  if (Array.isArray(m)) return m.filter((x) => x?.type === 'user' && typeof x.id === 'string').map((x) => x.id as string);
  if (m && typeof m === 'object' && Array.isArray((m as { userIds?: unknown }).userIds)) return (m as { userIds: string[] }).userIds;
  return [];
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v.trim() ? v : null;
}

// Small and free of secrets: the record's name or title then, a short detail, the names of changed fields.
function summaryOf(type: string, p: Payload): Record<string, unknown> {
  const after = p.after ?? {};
  const before = p.before ?? {};
  const person = [after.firstName, after.lastName].filter((x) => typeof x === 'string' && x).join(' ');
  const title = str(after.displayName) ?? str(after.name) ?? (person || null) ?? str(after.title) ?? str(after.subject) ?? str(p.title) ?? str(p.name) ?? null;
  const body = str(after.body) ?? str(after.text) ?? str(p.body) ?? str(p.text) ?? str(p.excerpt);
  const summary: Record<string, unknown> = { title };
  if (body) summary.detail = body.length > 140 ? `${body.slice(0, 139)}…` : body;
  if (type.endsWith('.updated') || type === 'conversation.assigned') {
    summary.fields = [...new Set([...Object.keys(before), ...Object.keys(after)])]
      .filter((k) => k !== 'updatedAt' && JSON.stringify(before[k]) !== JSON.stringify(after[k])).slice(0, 10);
  }
  return summary;
}

function hashtagsOf(p: Payload): string[] {
  if (Array.isArray(p.hashtags)) return (p.hashtags as unknown[]).filter((x): x is string => typeof x === 'string').slice(0, 50);
  const after = p.after ?? {};
  return extractHashtags([after.body, after.text, p.body, p.text].filter((x) => typeof x === 'string').join('\n')).slice(0, 50);
}

/** The activity rows and follows a batch of events makes (pure: the handler writes them). */
export function activitiesFrom(list: readonly StoredEvent[]): { activities: repo.ActivityRow[]; follows: repo.FollowRow[]; removed: Ref[] } {
  const activities: repo.ActivityRow[] = [];
  const follows: repo.FollowRow[] = [];
  const removed: Ref[] = [];
  for (const e of list) {
    if (REMOVING.has(e.type)) {
      removed.push({ type: e.subjectType, id: e.subjectId });
      continue;
    }
    if (!WANTED.has(e.type)) continue;
    const record = recordOf(e);
    if (!record) continue;
    const p = e.payload as Payload;
    const after = p.after ?? {};
    const teamId = str(after.teamId) ?? str(p.teamId);
    activities.push({
      workspaceId: e.workspaceId, id: e.id, occurredAt: e.at, actorId: e.actorId, verb: e.type,
      recordType: record.type, recordId: record.id, teamId, hashtags: hashtagsOf(p), summary: summaryOf(e.type, p),
    });
    const follow = (userId: unknown, reason: string) => {
      if (typeof userId === 'string') follows.push({ workspaceId: e.workspaceId, userId, recordType: record.type, recordId: record.id, reason });
    };
    if (e.type === 'contact.created' || e.type === 'contact.updated' || e.type === 'company.created' || e.type === 'company.updated') {
      if (after.ownerId !== (p.before ?? {}).ownerId || e.type.endsWith('.created')) follow(after.ownerId, 'owner');
    }
    if (e.type === 'conversation.assigned') follow(after.assigneeId, 'assigned');
    for (const u of mentionedUsers(p)) follow(u, 'mentioned');
    if (e.type === 'comment.created' || e.type === 'room_post.created') follow(e.actorId, 'participant');
  }
  return { activities, follows, removed };
}

/** Turns domain events into activities and automatic follows: one multi-row insert per batch. Idempotent. */
export const activityHandler: EventHandler & { handleMany(deps: Deps, list: readonly StoredEvent[]): Promise<void> } = {
  name: 'activity',
  events: ACTIVITY_EVENTS,
  async handle(deps, e) {
    await this.handleMany(deps, [e]);
  },
  async handleMany(deps, list) {
    const { activities, follows, removed } = activitiesFrom(list);
    // A note or comment does not name its record: the stream shows the person's or company's name of the moment.
    const untitled = activities.filter((a) => !a.summary.title);
    if (untitled.length) {
      const titles = await repo.recordTitles(deps.db, untitled[0]!.workspaceId, untitled.map((a) => ({ type: a.recordType, id: a.recordId })));
      for (const a of untitled) a.summary = { ...a.summary, title: titles.get(a.recordId) || null };
    }
    const teamless = activities.filter((a) => !a.teamId && a.actorId);
    if (teamless.length) {
      const teams = await repo.teamsOfUsers(deps.db, teamless[0]!.workspaceId, teamless.map((a) => a.actorId!));
      for (const a of teamless) a.teamId = teams.get(a.actorId!) ?? null;
    }
    await repo.insertActivities(deps.db, activities);
    await repo.insertFollows(deps.db, follows);
    for (const r of removed) await repo.removeRecord(deps.db, list[0]!.workspaceId, r.type, r.id);
  },
};
