import type { Conversation, ConversationDetail, ConversationListQuery, InboundDelivery } from '@parley/contracts/inbox';
import type { z } from 'zod';
import type { Deps } from '../../deps.ts';
import type { Executor } from '../../db/client.ts';
import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';
import { Conflict, NotFound, Validation } from '../../lib/errors.ts';
import type { Actor } from '../../policies/actor.ts';
import { authorize } from '../../policies/authorize.ts';
import { presentConversation, presentDelivery, presentMessage } from './presenter.ts';
import * as repo from './repo.ts';
import * as contactsService from '../contacts/service.ts';
import { authorizeInbox, inboxScope } from '../experts/service.ts';
import { wakeIngestion } from './webhook-service.ts';
// Registers conversations and messages as the personal data of the people who wrote them (GDPR export and erasure).
import './personal-data.ts';

// Queuing a reply, for other domains (an expert's suggested reply sent by the agent).
export { createReply } from './outbox.ts';
export type { InboundStage, IngestedMessage, StageContext } from './stages.ts';

// A person's conversations go with them when people are merged, and come back when the merge is undone.
contactsService.registerLinkedRecordMover({
  kind: 'conversations',
  count: repo.countContactConversations,
  move: repo.moveContactConversations,
  moveBack: repo.moveConversationsBack,
});

// A first version of the whole thread in one answer; paging through a long thread comes with the inbox UI.
const MESSAGES_PER_CONVERSATION = 500;

function keyset(cursor: string | undefined): [Date, string] | undefined {
  if (!cursor) return undefined;
  const [at, id] = decodeCursor(cursor, 2) as [string, string];
  const date = new Date(at);
  if (Number.isNaN(date.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) throw new Validation('invalid_cursor', 'The cursor is not valid; start from the first page');
  return [date, id];
}

/** The inbox list by the ORGANIZE filters, newest activity first unless sorted otherwise; snoozed ones left out by default. */
export async function listConversations(deps: Deps, actor: Actor, q: z.output<typeof ConversationListQuery>): Promise<{ items: Conversation[]; nextCursor: string | null }> {
  // Experts list only the conversations they were asked into (experts/visibility.ts).
  const only = await inboxScope(deps.db, actor);
  if (!only) authorize(actor, 'inbox:read');
  const sort = q.sort ?? 'newest';
  const list = await repo.listConversations(deps.db, actor.workspaceId, { ...resolveFilters(actor, q), ...(only ? { ids: only } : {}) }, sort, listKeyset(q.cursor, sort), q.limit);
  const items = list.slice(0, q.limit);
  const last = items.at(-1);
  const next = list.length > q.limit && last
    ? encodeCursor([...(sort === 'priority' ? [String(last.rank)] : []), last.lastMessageAt.toISOString(), last.id]) : null;
  return { items: items.map(presentConversation), nextCursor: next };
}

/** The list's filters as the repository reads them: `me` is the actor; a person's conversations include snoozed ones. */
export function resolveFilters(actor: Actor, q: Partial<z.output<typeof ConversationListQuery>>): repo.ConversationFilters {
  const { assignee, sort: _sort, cursor: _cursor, limit: _limit, ...rest } = q;
  // A token or the system has no "me": it matches nobody rather than everybody.
  const me = actor.userId ?? '00000000-0000-0000-0000-000000000000';
  return {
    ...rest,
    ...(assignee === undefined ? {} : { assigneeId: assignee === 'unassigned' ? null : assignee === 'me' ? me : assignee }),
    snoozed: q.snoozed ?? (q.contactId ? 'include' : 'exclude'),
  };
}

function listKeyset(cursor: string | undefined, sort: repo.ConversationSort): repo.ListKeyset | undefined {
  if (!cursor) return undefined;
  if (sort !== 'priority') {
    const [at, id] = keyset(cursor)!;
    return { at, id };
  }
  const [rank, at, id] = decodeCursor(cursor, 3) as [string, string, string];
  const date = new Date(at);
  if (!/^[0-3]$/.test(rank) || Number.isNaN(date.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) throw new Validation('invalid_cursor', 'The cursor is not valid; start from the first page');
  return { rank: Number(rank), at: date, id };
}

/** A conversation with its messages, oldest first. */
export async function getConversation(deps: Deps, actor: Actor, id: string): Promise<ConversationDetail> {
  await authorizeInbox(deps.db, actor, 'inbox:read', id);
  const c = await repo.findConversation(deps.db, actor.workspaceId, id);
  if (!c) throw new NotFound('conversation_not_found', 'No such conversation');
  const list = await repo.listMessages(deps.db, actor.workspaceId, id, MESSAGES_PER_CONVERSATION);
  const names = await repo.userNames(deps.db, actor.workspaceId, list.map((m) => m.authorUserId));
  return { ...presentConversation(c), messages: list.map((m) => presentMessage(m, m.authorUserId ? names.get(m.authorUserId) : null)) };
}

/** Stored deliveries by status (failed by default), newest first, with their errors: what admins look at after a failure. */
export async function listDeliveries(deps: Deps, actor: Actor, q: { status: string; channelId?: string; cursor?: string; limit: number }): Promise<{ items: InboundDelivery[]; nextCursor: string | null }> {
  authorize(actor, 'channels:manage');
  const list = await repo.listDeliveries(deps.db, actor.workspaceId, q, keyset(q.cursor), q.limit);
  const items = list.slice(0, q.limit);
  const last = items.at(-1);
  return { items: items.map(presentDelivery), nextCursor: list.length > q.limit && last ? encodeCursor([last.receivedAt.toISOString(), last.id]) : null };
}

/** Runs a failed delivery through the pipeline again (after a fix of the connector or of the channel's settings). */
export async function retryDelivery(deps: Deps, actor: Actor, id: string): Promise<InboundDelivery> {
  authorize(actor, 'channels:manage');
  const presented = await deps.db.transaction(async (tx) => {
    const d = await repo.lockDelivery(tx, actor.workspaceId, id);
    if (!d) throw new NotFound('delivery_not_found', 'No such delivery');
    if (d.status === 'processed') throw new Conflict('delivery_processed', 'This delivery was processed already');
    // Due at once again (the deliveries table is the ingestion queue, process.ts); the workers are woken after the commit.
    await repo.setDeliveryResult(tx, actor.workspaceId, id, { status: 'received', error: null, countAttempt: false, nextAttemptAt: new Date() });
    const { body, headers: _headers, bodyEncoding: _enc, nextAttemptAt: _next, ...rest } = d;
    return presentDelivery({ ...rest, status: 'received', error: null, processedAt: null, bytes: Buffer.byteLength(body) });
  });
  wakeIngestion(deps, actor.workspaceId);
  return presented;
}

// More of the outbox's entry points for other domains: replies plugs its approval check in, queues approved replies, and sends
// CSAT surveys as system replies.
export { registerReplyGate, SEND_QUEUE, type ReplyGate, type SendJob } from './outbox.ts';

/** A conversation as the inbox presents it, without authorization: for other domains that authorized already (routing). */
export async function conversationById(db: Executor, workspaceId: string, id: string): Promise<Conversation | null> {
  const c = await repo.findConversation(db, workspaceId, id);
  return c ? presentConversation(c) : null;
}
