import type { NotificationKind } from '@parley/contracts/notifications';
import { NOTIFICATION_LIMITS } from '@parley/contracts/notifications';
import { and, eq, lte, ne, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { comments, conversationNotes, documents, events, notes, roomPosts } from '../../db/schema.ts';
import { quoteOf } from '../../lib/quote.ts';
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
  /** The comment or post it quotes: gone (deleted) means nothing to notify (deliver checks again after writing). */
  source?: QuotedSource;
}

/** A written thing a notification quotes and points at. */
export interface QuotedSource { type: 'comment' | 'room_post'; id: string }

/** The event types that may notify someone. */
export const NOTIFYING_EVENTS = ['note.created', 'comment.created', 'comment.updated', 'room_post.created', 'conversation.assigned', 'consult.requested'] as const;

// Where a record lives in the web app; the anchor names the exact note, comment or post.
const RECORD_PATHS: Record<string, string> = { contact: '/people', company: '/companies', conversation: '/inbox', room: '/rooms', document: '/documents' };

/** The app path of a record, with an optional anchor. */
export function linkTo(recordType: string, recordId: string, anchor?: string): string {
  return `${RECORD_PATHS[recordType] ?? `/${recordType}s`}/${recordId}${anchor ? `#${anchor}` : ''}`;
}

/** The app path of a record as `linkTo`, but a document (which has no page of its own) opens its room's documents with its drawer. */
export async function recordLink(ex: Executor, workspaceId: string, recordType: string, recordId: string, anchor?: string): Promise<string> {
  if (recordType !== 'document') return linkTo(recordType, recordId, anchor);
  const [d] = await ex.select({ roomId: documents.roomId }).from(documents).where(and(eq(documents.workspaceId, workspaceId), eq(documents.id, recordId)));
  return d ? `/rooms/${d.roomId}?tab=documents&document=${recordId}${anchor ? `#${anchor}` : ''}` : linkTo(recordType, recordId, anchor);
}

/** A short single-line excerpt; mention markup shown as the name. */
export function excerptOf(text: string | null | undefined): string {
  return quoteOf(text, NOTIFICATION_LIMITS.excerptMax);
}

/** The text of a comment or room post now ('' and gone when deleted or missing). */
export async function quotedText(ex: Executor, workspaceId: string, source: QuotedSource): Promise<{ text: string; gone: boolean }> {
  const table = source.type === 'comment' ? comments : roomPosts;
  const [row] = await ex.select({ body: table.body, deletedAt: table.deletedAt }).from(table).where(and(eq(table.workspaceId, workspaceId), eq(table.id, source.id)));
  return row && !row.deletedAt ? { text: row.body, gone: false } : { text: '', gone: true };
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
      const source: QuotedSource = { type: 'comment', id: event.subjectId };
      const written = await quotedText(ex, ws, source);
      if (written.gone) return [];
      const link = await recordLink(ex, ws, recordType, recordId, `comment-${event.subjectId}`);
      const excerpt = excerptOf(written.text);
      // A reply: whoever commented on the same record before (read from the outbox: comments are part A's tables).
      const earlier = await ex.selectDistinct({ actorId: events.actorId }).from(events).where(and(
        eq(events.workspaceId, ws), eq(events.type, 'comment.created'), ne(events.id, event.id),
        sql`${events.payload}->>'recordType' = ${recordType}`, sql`${events.payload}->>'recordId' = ${recordId}`, lte(events.at, event.at),
      ));
      const mentioned = ids(m.userIds);
      return [
        { kind: 'mention', subjectType: recordType, subjectId: recordId, link, excerpt, userIds: mentioned, teamIds: ids(m.teamIds), source },
        { kind: 'reply', subjectType: recordType, subjectId: recordId, link, excerpt, userIds: earlier.map((e) => e.actorId).filter((u): u is string => !!u && !mentioned.includes(u)), teamIds: [], source },
      ];
    }
    case 'comment.updated': {
      // An edit notifies only whom it newly mentions.
      const recordType = String(p.recordType ?? ''), recordId = String(p.recordId ?? '');
      if (!recordType || !recordId) return [];
      const m = (p.mentions ?? {}) as Mentions;
      const before = ((p.before ?? {}) as { mentions?: Mentions }).mentions ?? {};
      const had = new Set([...ids(before.userIds), ...ids(before.teamIds)]);
      const source: QuotedSource = { type: 'comment', id: event.subjectId };
      const written = await quotedText(ex, ws, source);
      if (written.gone) return [];
      return [{
        kind: 'mention', subjectType: recordType, subjectId: recordId, link: await recordLink(ex, ws, recordType, recordId, `comment-${event.subjectId}`), excerpt: excerptOf(written.text),
        userIds: ids(m.userIds).filter((u) => !had.has(u)), teamIds: ids(m.teamIds).filter((t) => !had.has(t)), source,
      }];
    }
    case 'room_post.created': {
      const roomId = String(p.roomId ?? '');
      if (!roomId) return [];
      const m = (p.mentions ?? {}) as Mentions;
      const source: QuotedSource = { type: 'room_post', id: event.subjectId };
      const written = await quotedText(ex, ws, source);
      if (written.gone) return [];
      return [{ kind: 'mention', subjectType: 'room', subjectId: roomId, link: linkTo('room', roomId, `post-${event.subjectId}`), excerpt: excerptOf(written.text), userIds: ids(m.userIds), teamIds: ids(m.teamIds), source }];
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
