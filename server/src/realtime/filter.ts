import type { StreamMessage } from '@parley/contracts/realtime';
import type { Actor } from '../policies/actor.ts';
import { can } from '../policies/authorize.ts';
import type { Action } from '../policies/rules.ts';
import { readsRoom } from '../domains/rooms/access.ts';
import type { Notice } from './hub.ts';

// Which read permission a notice needs, by the first word of its type. Anything about a conversation needs inbox:read
// whatever its name (SLA, consults, notes of other parts name the conversation). Unknown kinds: admins only, so a new
// event type is never pushed to a role that may not read it until someone adds it here.
const READ_BY_PREFIX: Record<string, Action> = {
  conversation: 'inbox:read', message: 'inbox:read', reply: 'inbox:read', delivery: 'inbox:read', channel: 'inbox:read',
  viewers: 'inbox:read',
  // The inbox's own settings and work items of the other parts of issue 3 (labels, views, statuses, canned replies,
  // approvals, routing, SLA, consults, CSAT): whoever works the inbox refetches them.
  inbox_label: 'inbox:read', inbox_view: 'inbox:read', conversation_status: 'inbox:read', canned_reply: 'inbox:read',
  approval_rule: 'inbox:read', reply_settings: 'inbox:read', routing_rule: 'inbox:read', routing_rules: 'inbox:read',
  agent_profile: 'inbox:read', team_routing: 'inbox:read', business_calendar: 'inbox:read', sla_policy: 'inbox:read',
  sla: 'inbox:read', consult: 'inbox:read', suggestion: 'inbox:read', conversation_task: 'inbox:read', csat: 'inbox:read',
  contact: 'contacts:read', contacts: 'contacts:read', company: 'companies:read', note: 'contacts:read', import: 'contacts:read',
  identity: 'identities:read', match_candidate: 'identities:read', customer_account: 'identities:read',
  consent: 'consent:read',
  task: 'tasks:read',
  user: 'users:read', presence: 'users:read',
  team: 'teams:read',
  // Team rooms (issue 5): the hub resolves each room notice's room (room-scope.ts) and `mayReceive` applies the rooms'
  // rule to it. Only a notice whose room could not be resolved (an erased event) falls back to these: admins only.
  room: 'rooms:admin', room_member: 'rooms:admin', room_post: 'rooms:admin', document: 'rooms:admin', room_note: 'rooms:admin',
};

// Comments (issue 5) are read by whoever may read their record; the hub names the record (a conversation's comments
// come with its conversationId, a room's or document's with its room).
const COMMENT_READ_BY_RECORD: Record<string, Action> = { contact: 'contacts:read', company: 'companies:read' };

/**
 * Whether a user's open stream may carry this notice: same workspace, and the role may read what it is about; an expert
 * gets the notices of the conversations they were consulted on (`consulted`). The one place that decides.
 * The stream carries ids only; the browser refetches through the API, which checks visibility again.
 */
export function mayReceive(actor: Actor, notice: Notice, consulted?: ReadonlySet<string> | null): boolean {
  if (notice.workspaceId !== actor.workspaceId) return false;
  if (notice.type.startsWith('stream.')) return true;
  // New activities were written (after the events they come from): open streams refetch. No ids, nothing to hide;
  // the stream endpoints decide what each user sees.
  if (notice.type === 'activity.recorded') return notice.kind === 'signal';
  // A user's notifications are theirs alone: never pushed to anyone else, whatever their role.
  if (notice.type.startsWith('notification.')) return !!notice.userId && notice.userId === actor.userId;
  // Experts: only what concerns a conversation they were asked into (`consulted`, kept by the stream).
  if (notice.conversationId) return can(actor, 'inbox:read') || (consulted?.has(notice.conversationId) ?? false);
  // A room's notices: its members, and everyone who works in rooms when it is public (admins always), never a
  // non-member of a private room. The same rule as every room endpoint (domains/rooms/access.ts).
  if (notice.room) {
    const me = actor.userId?.toLowerCase();
    return readsRoom(actor, notice.room.public, !!me && (notice.room.members.has(me) || notice.room.also?.toLowerCase() === me));
  }
  const prefix = notice.type.split('.')[0]!;
  if (prefix === 'comment' && notice.record && COMMENT_READ_BY_RECORD[notice.record.type]) return can(actor, COMMENT_READ_BY_RECORD[notice.record.type]!);
  return can(actor, READ_BY_PREFIX[prefix] ?? 'audit:read');
}

/** What the browser receives for a notice: type and ids, never the workspace or any record's content. */
export function toStreamMessage(notice: Notice): StreamMessage {
  if (notice.kind === 'event') {
    return {
      type: notice.type, id: notice.id,
      ...(notice.subjectType && notice.subjectId ? { subject: { type: notice.subjectType, id: notice.subjectId } } : {}),
      conversationId: notice.conversationId ?? null, userId: notice.actorId ?? null,
      // The room of a room notice or of a comment in a room: the web app refetches that room's feed, documents, notes.
      ...(notice.roomId ? { roomId: notice.roomId } : {}),
    };
  }
  return { type: notice.type, conversationId: notice.conversationId ?? null, userId: notice.userId ?? null };
}
