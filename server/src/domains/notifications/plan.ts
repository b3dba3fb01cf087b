import type { NotificationKind } from '@parley/contracts/notifications';
import { NOTIFICATION_LIMITS } from '@parley/contracts/notifications';
import { and, eq, lte, ne, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { conversationNotes, events, notes } from '../../db/schema.ts';
import type { StoredEvent } from '../../events/registry.ts';
import { mentionsInText } from '../experts/notes-service.ts';

/** Who one event notifies, of which kind, and where the notification links to. */
export interface NotificationPlan {
  kind: NotificationKind;
  subjectType: string;
  subjectId: string;
  link: string;
  excerpt: string;
  userIds: string[];
  teamIds: string[];
}

/** The event types that may notify someone. */
export const NOTIFYING_EVENTS = ['note.created', 'comment.created', 'comment.updated', 'room_post.created', 'conversation.assigned', 'consult.requested'] as const;

// Where a record lives in the web app; the anchor names the exact note, comment or post.
const RECORD_PATHS: Record<string, string> = { contact: '/people', company: '/companies', conversation: '/inbox', room: '/rooms', document: '/documents' };

/** The app path of a record, with an optional anchor. */
export function linkTo(recordType: string, recordId: string, anchor?: string): string {
  return `${RECORD_PATHS[recordType] ?? `/${recordType}s`}/${recordId}${anchor ? `#${anchor}` : ''}`;
}

/** A short single-line excerpt; mention markup shown as the name. */
export function excerptOf(text: string | null | undefined): string {
  const flat = (text ?? '').replace(/@\[([^\]\n]{1,200})\]\((?:user|team):[0-9a-fA-F-]{36}\)/g, '@$1').replace(/\s+/g, ' ').trim();
  return flat.length > NOTIFICATION_LIMITS.excerptMax ? `${flat.slice(0, NOTIFICATION_LIMITS.excerptMax - 1)}…` : flat;
}

interface Mentions { userIds?: string[]; teamIds?: string[] }
const ids = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/**
 * Re-reads what an event is about and answers whom it notifies (one plan per kind; an event may notify mentioned
 * colleagues and, as a reply, earlier commenters). The actor is removed later, at delivery.
 */
export async function planFor(ex: Executor, event: StoredEvent): Promise<NotificationPlan[]> {
  const p = (event.payload ?? {}) as Record<string, unknown>;
  const ws = event.workspaceId;
  switch (event.type) {
    case 'note.created': {
      if (event.subjectType === 'conversation_note') {
        const [n] = await ex.select().from(conversationNotes).where(and(eq(conversationNotes.workspaceId, ws), eq(conversationNotes.id, event.subjectId)));
        if (!n) return [];
        return [{
          kind: 'mention', subjectType: 'conversation', subjectId: n.conversationId, link: linkTo('conversation', n.conversationId, `note-${n.id}`),
          excerpt: excerptOf(n.text), userIds: n.mentions.filter((m) => m.type === 'user').map((m) => m.id), teamIds: n.mentions.filter((m) => m.type === 'team').map((m) => m.id),
        }];
      }
      // Notes on people and companies carry no mentions in their event: the note is read and its text resolved.
      const [n] = await ex.select().from(notes).where(and(eq(notes.workspaceId, ws), eq(notes.id, event.subjectId)));
      if (!n) return [];
      const found = await mentionsInText(ex, ws, n.body);
      if (found.length === 0) return [];
      return [{
        kind: 'mention', subjectType: n.recordType, subjectId: n.recordId, link: linkTo(n.recordType, n.recordId, `note-${n.id}`), excerpt: excerptOf(n.body),
        userIds: found.filter((m) => m.type === 'user').map((m) => m.id), teamIds: found.filter((m) => m.type === 'team').map((m) => m.id),
      }];
    }
    case 'comment.created': {
      const recordType = String(p.recordType ?? ''), recordId = String(p.recordId ?? '');
      if (!recordType || !recordId) return [];
      const m = (p.mentions ?? {}) as Mentions;
      const link = linkTo(recordType, recordId, `comment-${event.subjectId}`);
      const excerpt = excerptOf(typeof p.excerpt === 'string' ? p.excerpt : typeof p.body === 'string' ? p.body : '');
      // A reply: whoever commented on the same record before (read from the outbox: comments are part A's tables).
      const earlier = await ex.selectDistinct({ actorId: events.actorId }).from(events).where(and(
        eq(events.workspaceId, ws), eq(events.type, 'comment.created'), ne(events.id, event.id),
        sql`${events.payload}->>'recordType' = ${recordType}`, sql`${events.payload}->>'recordId' = ${recordId}`, lte(events.at, event.at),
      ));
      const mentioned = ids(m.userIds);
      return [
        { kind: 'mention', subjectType: recordType, subjectId: recordId, link, excerpt, userIds: mentioned, teamIds: ids(m.teamIds) },
        { kind: 'reply', subjectType: recordType, subjectId: recordId, link, excerpt, userIds: earlier.map((e) => e.actorId).filter((u): u is string => !!u && !mentioned.includes(u)), teamIds: [] },
      ];
    }
    case 'comment.updated': {
      // An edit notifies only whom it newly mentions.
      const recordType = String(p.recordType ?? ''), recordId = String(p.recordId ?? '');
      if (!recordType || !recordId) return [];
      const m = (p.mentions ?? {}) as Mentions;
      const before = ((p.before ?? {}) as { mentions?: Mentions }).mentions ?? {};
      const had = new Set([...ids(before.userIds), ...ids(before.teamIds)]);
      return [{
        kind: 'mention', subjectType: recordType, subjectId: recordId, link: linkTo(recordType, recordId, `comment-${event.subjectId}`), excerpt: '',
        userIds: ids(m.userIds).filter((u) => !had.has(u)), teamIds: ids(m.teamIds).filter((t) => !had.has(t)),
      }];
    }
    case 'room_post.created': {
      const roomId = String(p.roomId ?? '');
      if (!roomId) return [];
      const m = (p.mentions ?? {}) as Mentions;
      return [{ kind: 'mention', subjectType: 'room', subjectId: roomId, link: linkTo('room', roomId, `post-${event.subjectId}`), excerpt: excerptOf(typeof p.excerpt === 'string' ? p.excerpt : ''), userIds: ids(m.userIds), teamIds: ids(m.teamIds) }];
    }
    case 'conversation.assigned': {
      const after = (p.after ?? {}) as { assigneeId?: string | null };
      const before = (p.before ?? {}) as { assigneeId?: string | null };
      if (!after.assigneeId || after.assigneeId === before.assigneeId) return [];
      return [{ kind: 'assignment', subjectType: 'conversation', subjectId: event.subjectId, link: linkTo('conversation', event.subjectId), excerpt: '', userIds: [after.assigneeId], teamIds: [] }];
    }
    case 'consult.requested': {
      const after = (p.after ?? {}) as { expertUserId?: string | null; expertTeamId?: string | null };
      const conversationId = String(p.conversationId ?? '');
      if (!conversationId) return [];
      return [{ kind: 'consult', subjectType: 'conversation', subjectId: conversationId, link: linkTo('conversation', conversationId), excerpt: '', userIds: after.expertUserId ? [after.expertUserId] : [], teamIds: after.expertTeamId ? [after.expertTeamId] : [] }];
    }
    default:
      return [];
  }
}
