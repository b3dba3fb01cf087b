import type { Conversation, ConversationDetail, InboundDelivery } from '@parley/contracts/inbox';
import type { Deps } from '../../deps.ts';
import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';
import { Conflict, NotFound, Validation } from '../../lib/errors.ts';
import type { Actor } from '../../policies/actor.ts';
import { authorize } from '../../policies/authorize.ts';
import { presentConversation, presentDelivery, presentMessage } from './presenter.ts';
import * as repo from './repo.ts';
import * as contactsService from '../contacts/service.ts';
import { INGEST_QUEUE } from './webhook-service.ts';
// Registers conversations and messages as the personal data of the people who wrote them (GDPR export and erasure).
import './personal-data.ts';

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

/** The inbox list: conversations by latest activity, newest first, optionally of one status or channel. */
export async function listConversations(deps: Deps, actor: Actor, q: { status?: string; channelId?: string; contactId?: string; cursor?: string; limit: number }): Promise<{ items: Conversation[]; nextCursor: string | null }> {
  authorize(actor, 'inbox:read');
  const list = await repo.listConversations(deps.db, actor.workspaceId, q, keyset(q.cursor), q.limit);
  const items = list.slice(0, q.limit);
  const last = items.at(-1);
  return { items: items.map(presentConversation), nextCursor: list.length > q.limit && last ? encodeCursor([last.lastMessageAt.toISOString(), last.id]) : null };
}

/** A conversation with its messages, oldest first. */
export async function getConversation(deps: Deps, actor: Actor, id: string): Promise<ConversationDetail> {
  authorize(actor, 'inbox:read');
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
  return deps.db.transaction(async (tx) => {
    const d = await repo.lockDelivery(tx, actor.workspaceId, id);
    if (!d) throw new NotFound('delivery_not_found', 'No such delivery');
    if (d.status === 'processed') throw new Conflict('delivery_processed', 'This delivery was processed already');
    await repo.setDeliveryResult(tx, actor.workspaceId, id, { status: 'received', error: null, countAttempt: false });
    await deps.queue.send(INGEST_QUEUE, { workspaceId: actor.workspaceId, deliveryId: id }, { tx });
    const { body, headers: _headers, bodyEncoding: _enc, ...rest } = d;
    return presentDelivery({ ...rest, status: 'received', error: null, processedAt: null, bytes: Buffer.byteLength(body) });
  });
}
