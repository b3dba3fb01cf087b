import type { FollowableType } from '@parley/contracts/activity';
import { and, eq, inArray, ne } from 'drizzle-orm';
import type { Deps } from '../../deps.ts';
import type { Executor } from '../../db/client.ts';
import { contacts, conversationNotes, documents, events, notes, notifications, roomNotes, teamMembers } from '../../db/schema.ts';
import type { StoredEvent } from '../../events/registry.ts';
import type { QueueDef } from '../../jobs/queue.ts';
import { followersWhoMayRead } from '../activity/service.ts';
import { deliver, FOLLOW_QUEUE } from './deliver.ts';
import { excerptOf, linkTo, planFor, quotedText, recordLink, type NotificationPlan, type QuotedSource } from './plan.ts';

// Follow notifications (kind `follow`): a change to a record someone follows — a comment, a note, a new owner or status,
// an assignment, a post, document or note in a room — notifies its followers who may still read it. Never the actor,
// and never whoever this event already notifies otherwise (mentioned, replied to, assigned): one notification per
// person and event. Fanned out in a job (`notifications.follow`), so a record with many followers never slows the
// request or the notifications handler.


type Ref = { recordType: FollowableType; recordId: string };
export interface FollowPlan extends Omit<NotificationPlan, 'userIds' | 'teamIds' | 'kind'> { records: Ref[] }

type Side = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const changed = (before: Side, after: Side, field: string) => field in after && JSON.stringify(before[field] ?? null) !== JSON.stringify(after[field] ?? null);

/** Which records' followers an event concerns, and what the notification shows and links to; null for none. */
export async function followPlanFor(ex: Executor, event: StoredEvent): Promise<FollowPlan | null> {
  const p = (event.payload ?? {}) as Record<string, unknown>;
  const before = (p.before ?? {}) as Side;
  const after = (p.after ?? {}) as Side;
  const ws = event.workspaceId;
  const roomId = str(p.roomId);
  const plan = (records: Ref[], subjectType: string, subjectId: string, link: string, excerpt: string, source?: QuotedSource): FollowPlan =>
    ({ records, subjectType, subjectId, link, excerpt, ...(source ? { source } : {}) });
  switch (event.type) {
    case 'comment.created': {
      const recordType = str(p.recordType) as FollowableType, recordId = str(p.recordId);
      if (!recordType || !recordId) return null;
      const source: QuotedSource = { type: 'comment', id: event.subjectId };
      const written = await quotedText(ex, ws, source);
      if (written.gone) return null;
      const records: Ref[] = [{ recordType, recordId }];
      // A comment on a document concerns its room's followers too.
      if (recordType === 'document') {
        const [d] = await ex.select({ roomId: documents.roomId }).from(documents).where(and(eq(documents.workspaceId, ws), eq(documents.id, recordId)));
        if (d) records.push({ recordType: 'room', recordId: d.roomId });
      }
      return plan(records, recordType, recordId, await recordLink(ex, ws, recordType, recordId, `comment-${event.subjectId}`), excerptOf(written.text), source);
    }
    case 'note.created': {
      if (event.subjectType === 'conversation_note') {
        const [n] = await ex.select().from(conversationNotes).where(and(eq(conversationNotes.workspaceId, ws), eq(conversationNotes.id, event.subjectId)));
        if (!n) return null;
        return plan([{ recordType: 'conversation', recordId: n.conversationId }], 'conversation', n.conversationId, linkTo('conversation', n.conversationId, `note-${n.id}`), excerptOf(n.text));
      }
      const [n] = await ex.select().from(notes).where(and(eq(notes.workspaceId, ws), eq(notes.id, event.subjectId)));
      if (!n || (n.recordType !== 'contact' && n.recordType !== 'company')) return null;
      return plan([{ recordType: n.recordType, recordId: n.recordId }], n.recordType, n.recordId, linkTo(n.recordType, n.recordId, `note-${n.id}`), excerptOf(n.body));
    }
    case 'contact.updated':
    case 'company.updated': {
      // A new owner or, for a person, a new lifecycle stage; other edits are in the stream, not worth a notification.
      const fields = ['ownerId', ...(event.type === 'contact.updated' ? ['lifecycleStage'] : [])].filter((f) => changed(before, after, f));
      if (fields.length === 0) return null;
      const type = event.type === 'contact.updated' ? 'contact' : 'company';
      let name = type === 'contact' ? [after.firstName, after.lastName].filter((x) => typeof x === 'string' && x).join(' ') : str(after.name);
      if (!name && type === 'contact') {
        const [c] = await ex.select({ first: contacts.firstName, last: contacts.lastName }).from(contacts).where(and(eq(contacts.workspaceId, ws), eq(contacts.id, event.subjectId)));
        name = [c?.first, c?.last].filter(Boolean).join(' ');
      }
      const stage = fields.includes('lifecycleStage') ? `${str(before.lifecycleStage) || '–'} → ${str(after.lifecycleStage) || '–'}` : '';
      return plan([{ recordType: type, recordId: event.subjectId }], type, event.subjectId, linkTo(type, event.subjectId), [name, stage].filter(Boolean).join(': '));
    }
    case 'conversation.updated': {
      if (!changed(before, after, 'status')) return null;
      return plan([{ recordType: 'conversation', recordId: event.subjectId }], 'conversation', event.subjectId, linkTo('conversation', event.subjectId), `${str(before.status) || '–'} → ${str(after.status)}`);
    }
    case 'conversation.assigned': {
      if (!changed(before, after, 'assigneeId')) return null;
      return plan([{ recordType: 'conversation', recordId: event.subjectId }], 'conversation', event.subjectId, linkTo('conversation', event.subjectId), '');
    }
    case 'room_post.created': {
      if (!roomId) return null;
      const source: QuotedSource = { type: 'room_post', id: event.subjectId };
      const written = await quotedText(ex, ws, source);
      if (written.gone) return null;
      return plan([{ recordType: 'room', recordId: roomId }], 'room', roomId, linkTo('room', roomId, `post-${event.subjectId}`), excerptOf(written.text), source);
    }
    case 'document.uploaded':
    case 'document.version_added': {
      if (!roomId) return null;
      const records: Ref[] = [{ recordType: 'room', recordId: roomId }];
      if (event.type === 'document.version_added') records.push({ recordType: 'document', recordId: event.subjectId });
      const version = typeof p.version === 'number' && p.version > 1 ? ` (v${p.version})` : '';
      return plan(records, 'room', roomId, `/rooms/${roomId}?tab=documents&document=${event.subjectId}`, excerptOf(`${str(p.name)}${version}`));
    }
    case 'room_note.created': {
      if (!roomId) return null;
      const [n] = await ex.select({ title: roomNotes.title }).from(roomNotes).where(and(eq(roomNotes.workspaceId, ws), eq(roomNotes.id, event.subjectId)));
      return plan([{ recordType: 'room', recordId: roomId }], 'room', roomId, `/rooms/${roomId}?tab=notes`, excerptOf(n?.title ?? ''));
    }
    default:
      return null;
  }
}

/** Everyone this event notifies as mentioned, replied to, assigned or consulted (members of mentioned teams included). */
async function otherwiseNotified(deps: Deps, event: StoredEvent): Promise<Set<string>> {
  const plans = await planFor(deps.db, event);
  const out = new Set(plans.flatMap((p) => p.userIds.map((u) => u.toLowerCase())));
  const teamIds = [...new Set(plans.flatMap((p) => p.teamIds))];
  if (teamIds.length) {
    const members = await deps.db.select({ userId: teamMembers.userId }).from(teamMembers)
      .where(and(eq(teamMembers.workspaceId, event.workspaceId), inArray(teamMembers.teamId, teamIds)));
    for (const m of members) out.add(m.userId);
  }
  // And whoever already has a notification of it (of another kind), however it came about.
  const had = await deps.db.select({ userId: notifications.userId }).from(notifications)
    .where(and(eq(notifications.workspaceId, event.workspaceId), eq(notifications.eventId, event.id), ne(notifications.kind, 'follow')));
  for (const n of had) out.add(n.userId);
  return out;
}

/** Notifies the followers of what one event changed. Idempotent (one notification per event, user and kind). */
export async function notifyFollowers(deps: Deps, event: StoredEvent): Promise<number> {
  const plan = await followPlanFor(deps.db, event);
  if (!plan) return 0;
  const followers = await followersWhoMayRead(deps, event.workspaceId, plan.records);
  if (followers.length === 0) return 0;
  const skip = await otherwiseNotified(deps, event);
  const { records: _records, ...rest } = plan;
  return deliver(deps, event, { ...rest, kind: 'follow', userIds: [], teamIds: [] }, followers.filter((u) => !skip.has(u.toLowerCase())));
}

/** The follow fan-out job: re-reads the event and notifies the record's followers. */
export function followQueue(deps: Deps): QueueDef {
  return {
    name: FOLLOW_QUEUE, concurrency: 2, notify: true,
    // { eventIds } (one job per notifications job), or { eventId } as queued before.
    handler: (async (data: { workspaceId: string; eventId?: string; eventIds?: string[] }) => {
      const ids = data.eventIds ?? (data.eventId ? [data.eventId] : []);
      if (ids.length === 0) return;
      const found = new Map((await deps.db.select().from(events).where(and(eq(events.workspaceId, data.workspaceId), inArray(events.id, ids)))).map((e) => [e.id, e]));
      let failure: unknown = null;
      for (const id of ids) {
        const event = found.get(id);
        if (event) await notifyFollowers(deps, event).catch((err: unknown) => { failure ??= err; });
      }
      if (failure) throw failure;
    }) as QueueDef['handler'],
  };
}
