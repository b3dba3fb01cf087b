import { publishSignal } from '../../realtime/publish.ts';
import { EVENT_TYPES, type EventType } from '@parley/contracts/events';
import { FOLLOWABLE_TYPES } from '@parley/contracts/activity';
import type { Deps } from '../../deps.ts';
import type { EventHandler, StoredEvent } from '../../events/registry.ts';
import { extractHashtags } from '../../lib/hashtags.ts';
import { quoteOf } from '../../lib/quote.ts';
import * as repo from './repo.ts';

// Activities are made here, from the domain events, never inline in services (issue 5). One activity per event, about
// one record (the one a person would follow); its id is the event's id, so a re-delivered event inserts nothing.
const WANTED = new Set([
  'contact.created', 'contact.updated', 'contact.merged', 'company.created', 'company.updated',
  'note.created', 'note.updated', 'task.created', 'task.updated',
  'conversation.created', 'conversation.assigned', 'message.received', 'reply.sent', 'consult.requested', 'consult.answered',
  'consent.granted', 'consent.withdrawn',
  'comment.created', 'comment.updated', 'comment.deleted',
  // Team rooms: everything in a room is an activity of the room (its followers see it; who may read it is the room's rule).
  'room.created', 'room.updated', 'room_post.created', 'document.uploaded', 'document.version_added', 'room_note.created', 'room_note.updated',
]);
// Gone records take their activities and follows with them (erasure, deletion).
const REMOVING = new Set(['contact.deleted', 'contact.erased', 'company.deleted']);
// Joining a room follows it, leaving it unfollows it (no activity of their own).
const MEMBERSHIP = new Set(['room_member.added', 'room_member.removed']);
// An edit or deletion of a comment or post changes what the activities of it quote (syncQuotedText).
const QUOTED: Record<string, repo.TextSource> = { comment: 'comment', room_post: 'room_post' };
const REQUOTING = new Set(['comment.updated', 'comment.deleted', 'room_post.updated', 'room_post.deleted']);
// The room's content: the record is the room (payload.roomId), not the post, document or note.
const IN_ROOM = new Set(['room_post', 'document', 'room_note']);

export const ACTIVITY_EVENTS: readonly EventType[] = EVENT_TYPES.filter((t) => WANTED.has(t) || REMOVING.has(t) || MEMBERSHIP.has(t) || REQUOTING.has(t));

const FOLLOWABLE = new Set<string>(FOLLOWABLE_TYPES);
type Payload = Record<string, unknown> & {
  after?: Record<string, unknown> | null; before?: Record<string, unknown> | null; related?: { type: string; id: string }[];
};
type Ref = { type: string; id: string };

/** The record an event is about, as people follow it; null when none (then it makes no activity). */
export function recordOf(e: Pick<StoredEvent, 'type' | 'subjectType' | 'subjectId' | 'payload'>): Ref | null {
  const p = e.payload as Payload;
  if (IN_ROOM.has(e.type.split('.')[0]!) && typeof p.roomId === 'string') return { type: 'room', id: p.roomId };
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
export function activitiesFrom(list: readonly StoredEvent[]): {
  activities: repo.ActivityRow[]; follows: repo.FollowRow[]; removed: Ref[]; unfollows: repo.FollowRow[]; requoted: Ref[];
} {
  const activities: repo.ActivityRow[] = [];
  const follows: repo.FollowRow[] = [];
  const unfollows: repo.FollowRow[] = [];
  const removed: Ref[] = [];
  const requoted: Ref[] = [];
  for (const e of list) {
    if (REMOVING.has(e.type)) {
      removed.push({ type: e.subjectType, id: e.subjectId });
      continue;
    }
    if (MEMBERSHIP.has(e.type)) {
      const p = e.payload as Payload;
      if (typeof p.userId === 'string' && typeof p.roomId === 'string') {
        const row = { workspaceId: e.workspaceId, userId: p.userId, recordType: 'room', recordId: p.roomId, reason: 'participant' };
        (e.type === 'room_member.added' ? follows : unfollows).push(row);
      }
      continue;
    }
    // The comment or post itself: its activities (made now or before) quote its current text.
    if (QUOTED[e.subjectType]) requoted.push({ type: e.subjectType, id: e.subjectId });
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
    if (e.type === 'room.created') follow(e.actorId, 'owner');
  }
  return { activities, follows, removed, unfollows, requoted };
}

/** What a room's activities show: the room's name (and its team), and the post's text, the document's or note's name. */
async function describeRoomActivities(deps: Deps, list: repo.ActivityRow[], events: Map<string, StoredEvent>): Promise<void> {
  const docs = list.filter((a) => a.recordType === 'document');
  const inRooms = list.filter((a) => a.recordType === 'room');
  if (inRooms.length === 0 && docs.length === 0) return;
  const kindOf = (a: repo.ActivityRow) => a.verb.split('.')[0];
  const subject = (a: repo.ActivityRow) => events.get(a.id)!.subjectId;
  const ctx = await repo.roomContext(deps.db, (inRooms[0] ?? docs[0])!.workspaceId, {
    rooms: inRooms.map((a) => a.recordId),
    documents: docs.map((a) => a.recordId),
    posts: inRooms.filter((a) => kindOf(a) === 'room_post').map(subject),
    notes: inRooms.filter((a) => kindOf(a) === 'room_note').map(subject),
  });
  for (const a of inRooms) {
    const room = ctx.rooms.get(a.recordId);
    const p = events.get(a.id)!.payload as Payload;
    const detail = kindOf(a) === 'room_post' ? ctx.posts.get(subject(a)) : kindOf(a) === 'room_note' ? ctx.notes.get(subject(a)) : kindOf(a) === 'document' ? str(p.name) : null;
    const summary: Record<string, unknown> = { ...a.summary, title: room?.name ?? a.summary.title ?? null };
    delete summary.detail;
    const quote = quoteOf(detail, repo.DETAIL_MAX);
    if (quote) summary.detail = quote;
    a.summary = summary;
    if (!a.teamId && room?.teamId) a.teamId = room.teamId;
  }
  // Comments on a document: titled with the document's name.
  for (const a of docs) a.summary = { ...a.summary, title: ctx.documents.get(a.recordId) ?? a.summary.title ?? null };
}

/** Turns domain events into activities and automatic follows: one multi-row insert per batch. Idempotent. */
export const activityHandler: EventHandler & { handleMany(deps: Deps, list: readonly StoredEvent[]): Promise<void> } = {
  name: 'activity',
  events: ACTIVITY_EVENTS,
  async handle(deps, e) {
    await this.handleMany(deps, [e]);
  },
  async handleMany(deps, list) {
    const { activities, follows, removed, unfollows, requoted } = activitiesFrom(list);
    await describeRoomActivities(deps, activities, new Map(list.map((e) => [e.id, e])));
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
    // Joined and left in one batch: the later event wins.
    const lastMembership = new Map<string, string>();
    for (const e of list) if (MEMBERSHIP.has(e.type)) lastMembership.set(`${(e.payload as Payload).userId}:${(e.payload as Payload).roomId}`, e.type);
    const current = (f: repo.FollowRow, type: string) => f.recordType !== 'room' || !lastMembership.has(`${f.userId}:${f.recordId}`) || lastMembership.get(`${f.userId}:${f.recordId}`) === type;
    await repo.insertFollows(deps.db, follows.filter((f) => f.reason !== 'participant' || current(f, 'room_member.added')));
    for (const f of unfollows.filter((u) => current(u, 'room_member.removed'))) await repo.deleteFollow(deps.db, f.workspaceId, f.userId, f.recordType, f.recordId);
    for (const r of removed) await repo.removeRecord(deps.db, list[0]!.workspaceId, r.type, r.id);
    // After the insert: what the activities quote is read and written in one statement (see syncQuotedText).
    for (const source of Object.values(QUOTED)) {
      const ids = [...new Set(requoted.filter((r) => r.type === source).map((r) => r.id))];
      if (ids.length) await repo.syncQuotedText(deps.db, list[0]!.workspaceId, source, ids);
    }
    // The events' own notices reached the open streams before this job wrote their activities and follows: one more
    // notice now, so a stream on screen refetches and shows them (web/src/api/realtime.ts: streams refetch on any).
    if (activities.length || follows.length || unfollows.length || requoted.length) {
      for (const workspaceId of new Set(list.map((e) => e.workspaceId))) await publishSignal(deps.db, { workspaceId, type: 'activity.recorded', userId: null });
    }
  },
};
