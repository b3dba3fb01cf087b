import type { Executor } from '../../db/client.ts';
import { Forbidden, NotFound } from '../../lib/errors.ts';
import type { Actor } from '../../policies/actor.ts';
import { authorize } from '../../policies/authorize.ts';
import * as repo from './repo.ts';

// Expert visibility (issue 3): an expert sees only the conversations they were asked into — by a consult to them or to
// a team they are in, in any status but cancelled (an answered or closed consult stays readable: the expert may be
// asked about it again). Every inbox path that reads or changes one conversation asks `authorizeInbox` with its id;
// a conversation the expert was not asked into answers 404 exactly as one that does not exist, so ids cannot be probed.
// Consulted, an expert may read; reply only once they took the thread over (they are its assignee); never moderate or
// change its status (the agent keeps the thread).

type InboxAction = 'inbox:read' | 'inbox:reply' | 'inbox:update' | 'inbox:moderate';

/** The conversations a user was consulted on (to them or a team they are in; any consult status except cancelled). */
export async function consultedConversationIds(db: Executor, workspaceId: string, userId: string): Promise<string[]> {
  return repo.consultedConversations(db, workspaceId, userId, await repo.teamIdsOf(db, workspaceId, userId));
}

/** True when the user was consulted on this conversation. */
export async function isConsulted(db: Executor, workspaceId: string, userId: string, conversationId: string): Promise<boolean> {
  const found = await repo.consultedConversations(db, workspaceId, userId, await repo.teamIdsOf(db, workspaceId, userId), conversationId);
  return found.length > 0;
}

/** For an expert, the only conversations a list may show; null for every other role (the list is not narrowed). */
export async function inboxScope(db: Executor, actor: Actor): Promise<string[] | null> {
  if (actor.role !== 'expert') return null;
  authorizeList(actor);
  return actor.userId ? consultedConversationIds(db, actor.workspaceId, actor.userId) : [];
}

function authorizeList(actor: Actor): void {
  if (actor.role !== 'expert') authorize(actor, 'inbox:read');
}

/**
 * Authorizes an inbox action, on one conversation when its id is given. Other roles: the role table. Experts: 404 on a
 * conversation they were not asked into; read on one they were; reply once they are its assignee; nothing else.
 */
export async function authorizeInbox(db: Executor, actor: Actor, action: InboxAction, conversationId?: string | null): Promise<void> {
  // The system (jobs, the ingestion pipeline's auto-reply) acts on its own workspace's records, often inside the
  // transaction that created them: no lookup on another connection (which would not see them, or wait for them on PGlite).
  if (actor.role === 'system') return;
  if (actor.role !== 'expert') {
    authorize(actor, action);
    // The conversation must be one of the actor's workspace: a path naming another tenant's conversation is not found.
    if (conversationId && !(await repo.findConversation(db, actor.workspaceId, conversationId))) throw new NotFound('conversation_not_found', 'No such conversation');
    return;
  }
  if (!conversationId) {
    if (action === 'inbox:read') return;
    throw new Forbidden('forbidden', `Your role may not do ${action}`);
  }
  if (!actor.userId || !(await isConsulted(db, actor.workspaceId, actor.userId, conversationId))) throw new NotFound('conversation_not_found', 'No such conversation');
  if (action === 'inbox:read') return;
  if (action === 'inbox:reply') {
    const c = await repo.findConversation(db, actor.workspaceId, conversationId);
    if (c?.assigneeId === actor.userId) return;
    throw new Forbidden('expert_not_assignee', 'Experts reply only in a conversation they took over');
  }
  throw new Forbidden('forbidden', `Your role may not do ${action}`);
}

/** authorizeInbox for an action on a message by id: for experts, the message's conversation decides (404 when not theirs). */
export async function authorizeInboxMessage(db: Executor, actor: Actor, action: InboxAction, messageId: string): Promise<void> {
  if (actor.role !== 'expert') return authorize(actor, action);
  const conversationId = await repo.conversationOfMessage(db, actor.workspaceId, messageId);
  if (!conversationId) throw new NotFound('message_not_found', 'No such message');
  try {
    await authorizeInbox(db, actor, action, conversationId);
  } catch (err) {
    if (err instanceof NotFound) throw new NotFound('message_not_found', 'No such message');
    throw err;
  }
}
