import type { Message, ReplyInput } from '@parley/contracts/inbox';
import { INBOX_LIMITS } from '@parley/contracts/inbox';
import type { Job } from 'pg-boss';
import type { Executor } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import { retryDelaySeconds } from '../../connectors/shared/http.ts';
import type { SentReply } from '../../connectors/types.ts';
import { emit } from '../../events/emit.ts';
import type { QueueDef } from '../../jobs/queue.ts';
import { AppError, Conflict, NotFound, Validation } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { systemActor, type Actor } from '../../policies/actor.ts';
import { authorizeInbox, authorizeInboxMessage } from '../experts/service.ts';
import * as channelsRepo from './channels-repo.ts';
import { clientOf, connectorOfChannel } from './channel-client.ts';
import { presentMessage } from './presenter.ts';
import * as repo from './repo.ts';

// The outbox (issue 3, "Outbound"): a reply is stored as an outbound message, queued, in the same transaction as the
// `inbox.send` job that sends it, so a reply is never lost nor sent without being stored. The job takes the reply
// (queued -> sending, shown as queued), calls the network through the channel's connector client and marks it sent
// with the network's id, or failed with the reason. Retryable failures (`Upstream`: rate limits, 5xx, timeouts) are
// retried with backoff by enqueueing the next attempt with `startAfter` (the wait the network asked for where it said,
// else exponential from 5 s): the reply stays queued and shows "retrying…" meanwhile. pg-boss's own retries only cover
// what is not the network's answer (the database gone mid-job, a killed worker); after its last one the reply fails.

export const SEND_QUEUE = 'inbox.send';
/** Network attempts per reply before it is marked failed. */
export const SEND_ATTEMPTS = 6;
const SEND_RETRY_LIMIT = 3;
const SEND_TIMEOUT_MS = 15_000;
/** objectType of a private reply to a public comment: sent through sendPrivateReply, then moved into the DM thread. */
const PRIVATE_REPLY = 'private_reply';

export interface SendJob { workspaceId: string; messageId: string; attempt?: number }

/**
 * Decides, before a reply is stored, whether it must wait for a manager's approval (set by the replies domain, which
 * the inbox does not import). It answers null to send, or what to do once the held reply is stored (record the hold).
 */
export type ReplyGate = (tx: Executor, actor: Actor, reply: { conversation: repo.ConversationRow; text: string }) => Promise<((message: repo.MessageRow) => Promise<void>) | null>;
let replyGate: ReplyGate | null = null;

/** Installs the approval check every reply passes (the replies domain, at load). */
export function registerReplyGate(gate: ReplyGate): void {
  replyGate = gate;
}

/** The send job's queue: one reply per fetch (each is an HTTP call to a network). */
export function sendQueue(deps: Deps): QueueDef {
  return {
    name: SEND_QUEUE, concurrency: 2, batchSize: 1, retryLimit: SEND_RETRY_LIMIT, retryDelay: 5, expireInSeconds: 120, heartbeatSeconds: 30,
    handler: (async (data: SendJob, job: Job<SendJob>) => sendQueuedReply(deps, data, job.retryCount)) as QueueDef['handler'],
  };
}

async function authorName(ex: Executor, workspaceId: string, userId: string | null): Promise<string | null> {
  return (await repo.userNames(ex, workspaceId, [userId])).get(userId ?? '') ?? null;
}

/**
 * Queues a reply in a conversation (answering the chosen message, by default the thread's latest inbound one), or a
 * private reply to a public comment's author. Refused before anything is stored when the channel cannot send.
 */
export async function createReply(deps: Deps, actor: Actor, conversationId: string, input: ReplyInput, outer?: Executor): Promise<Message> {
  // Experts reply only where they took the thread over (experts/visibility.ts).
  await authorizeInbox(deps.db, actor, 'inbox:reply', conversationId);
  // Routing's auto-reply is queued inside the ingestion transaction (`outer`; this runs in a savepoint of it).
  return (outer ?? deps.db).transaction(async (tx) => {
    const c = await repo.findConversation(tx, actor.workspaceId, conversationId);
    if (!c) throw new NotFound('conversation_not_found', 'No such conversation');
    const channel = await channelsRepo.findChannel(tx, actor.workspaceId, c.channelId);
    if (!channel) throw new Conflict('channel_gone', 'The channel of this conversation was disconnected');
    if (channel.status !== 'active') throw new Conflict('channel_paused', 'The channel of this conversation is paused');
    const connector = connectorOfChannel(channel);
    const client = clientOf(deps, channel);
    let parent: repo.MessageRow | undefined;
    if (input.parentMessageId) {
      parent = await repo.findMessage(tx, actor.workspaceId, input.parentMessageId);
      if (!parent || parent.conversationId !== c.id) throw new NotFound('message_not_found', 'No such message in this conversation');
      if (!parent.externalId) throw new Validation('reply_parent_not_sent', 'The message answered is not on the network (yet)', { field: 'parentMessageId' });
    } else {
      parent = await repo.latestInboundMessage(tx, actor.workspaceId, c.id);
    }
    if (input.private) {
      if (c.kind !== 'public' || !connector.capabilities.privateReply || !client.sendPrivateReply) {
        throw new Validation('private_reply_unsupported', 'A private reply answers a public comment, on networks that allow it', { field: 'private' });
      }
      if (!parent || parent.direction !== 'inbound') throw new Validation('private_reply_unsupported', 'A private reply answers a customer\'s comment', { field: 'parentMessageId' });
    }
    const now = new Date();
    const hold = replyGate ? await replyGate(tx, actor, { conversation: c, text: input.text }) : null;
    const message = (await repo.insertMessage(tx, {
      workspaceId: actor.workspaceId, id: newId(), conversationId: c.id, channelId: c.channelId, externalId: null,
      parentExternalId: parent?.externalId ?? null, direction: 'outbound',
      objectType: input.private ? PRIVATE_REPLY : c.kind === 'private' ? 'message' : 'comment',
      authorUserId: actor.userId, text: input.text, sendStatus: hold ? 'pending_approval' : 'queued', occurredAt: now,
    }))!;
    await repo.touchConversation(tx, actor.workspaceId, c.id, {
      occurredAt: now, inbound: false, preview: preview(input.text), identityId: null, contactId: null, language: null, sentiment: null, intent: null,
    });
    // A held reply is stored but not queued: the manager's approval queues it (replies domain).
    if (hold) await hold(message);
    else await deps.queue.send(SEND_QUEUE, { workspaceId: actor.workspaceId, messageId: message.id } satisfies SendJob, { tx });
    if (!hold) {
      await emit(tx, deps.queue, actor, {
        type: 'reply.queued', subject: { type: 'message', id: message.id },
        payload: { conversationId: c.id, after: { conversationId: c.id, channelId: c.channelId, private: input.private ?? false }, related: c.contactId ? [{ type: 'contact', id: c.contactId }] : [] },
      });
    }
    return presentMessage(message, await authorName(tx, actor.workspaceId, actor.userId));
  });
}

/** Queues a failed reply again (after the channel's token was renewed, the network is back…). */
export async function retryReply(deps: Deps, actor: Actor, messageId: string): Promise<Message> {
  await authorizeInboxMessage(deps.db, actor, 'inbox:reply', messageId);
  return deps.db.transaction(async (tx) => {
    const m = await repo.lockMessage(tx, actor.workspaceId, messageId);
    if (!m || m.direction !== 'outbound' || m.sendStatus === null) throw new NotFound('reply_not_found', 'No such reply');
    if (m.sendStatus !== 'failed') throw new Conflict('reply_not_failed', 'Only a failed reply can be sent again');
    const channel = await channelsRepo.findChannel(tx, actor.workspaceId, m.channelId);
    if (!channel) throw new Conflict('channel_gone', 'The channel of this conversation was disconnected');
    clientOf(deps, channel);
    await repo.updateMessage(tx, actor.workspaceId, m.id, { sendStatus: 'queued', sendError: null });
    await deps.queue.send(SEND_QUEUE, { workspaceId: actor.workspaceId, messageId: m.id } satisfies SendJob, { tx });
    await emit(tx, deps.queue, actor, {
      type: 'reply.queued', subject: { type: 'message', id: m.id },
      payload: { conversationId: m.conversationId, before: { sendStatus: 'failed', sendError: m.sendError }, after: { sendStatus: 'queued' }, retry: true },
    });
    return presentMessage({ ...m, sendStatus: 'queued', sendError: null }, await authorName(tx, actor.workspaceId, m.authorUserId));
  });
}

const preview = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, INBOX_LIMITS.previewChars);

/** The send job: one attempt at sending a queued reply. Idempotent: a reply that is not queued is left alone. */
export async function sendQueuedReply(deps: Deps, data: SendJob, retryCount = 0): Promise<void> {
  const { workspaceId, messageId } = data;
  const attempt = data.attempt ?? 1;
  const m = await repo.claimReply(deps.db, workspaceId, messageId, retryCount > 0);
  if (!m) return;
  let sent: (SentReply & { privateThreadKey?: string }) | null = null;
  try {
    const channel = await channelsRepo.findChannel(deps.db, workspaceId, m.channelId);
    if (!channel) throw new Conflict('channel_gone', 'The channel was disconnected');
    const c = await repo.findConversation(deps.db, workspaceId, m.conversationId);
    if (!c) throw new NotFound('conversation_not_found', 'The conversation is gone');
    const client = clientOf(deps, channel, { timeoutMs: SEND_TIMEOUT_MS });
    if (m.objectType === PRIVATE_REPLY) {
      if (!client.sendPrivateReply || !m.parentExternalId) throw new Validation('private_reply_unsupported', 'This network takes no private replies');
      const parent = await repo.findMessageByExternalId(deps.db, workspaceId, m.channelId, m.parentExternalId);
      const commenter = await repo.identityExternalId(deps.db, workspaceId, parent?.identityId ?? null);
      const r = await client.sendPrivateReply({ commentExternalId: m.parentExternalId, text: m.text ?? '', idempotencyKey: m.id });
      // The private thread's key as ingestion keys it: the network's thread id, else the person's id.
      sent = { externalId: r.externalId, url: r.url, privateThreadKey: r.thread.rootExternalId ?? commenter ?? r.externalId };
    } else {
      const parent = m.parentExternalId ? await repo.findMessageByExternalId(deps.db, workspaceId, m.channelId, m.parentExternalId) : undefined;
      const recipient = await repo.identityExternalId(deps.db, workspaceId, parent?.identityId ?? c.identityId);
      sent = await client.sendReply({
        // A public thread whose root the network never named is keyed by its conversation id: no root to send then.
        thread: { kind: c.kind as 'public' | 'private', rootExternalId: c.threadKey === c.id ? null : c.threadKey, parentExternalId: m.parentExternalId },
        parentExternalId: m.parentExternalId, text: m.text ?? '', recipientExternalId: recipient, idempotencyKey: m.id, subject: c.subject,
      });
    }
    await markSent(deps, m, c, sent);
  } catch (err) {
    if (sent) {
      // The network has the reply; only recording it failed. Left `sending`: a retry of this job records it (and,
      // without an idempotency key on the network, may send it twice: at least once, never lost).
      throw err;
    }
    await settleFailure(deps, m, data, attempt, retryCount, err);
  }
}

async function settleFailure(deps: Deps, m: repo.MessageRow, data: SendJob, attempt: number, retryCount: number, err: unknown): Promise<void> {
  const ws = m.workspaceId;
  const reason = err instanceof AppError ? `${err.code}: ${err.message}` : `error: ${(err as Error).message}`;
  const delay = retryDelaySeconds(err, attempt);
  if (delay !== null && attempt < SEND_ATTEMPTS) {
    await deps.db.transaction(async (tx) => {
      await repo.updateMessage(tx, ws, m.id, { sendStatus: 'queued', sendError: `retrying in ${delay} s (attempt ${attempt} of ${SEND_ATTEMPTS} failed): ${reason}`.slice(0, 2000) });
      await deps.queue.send(SEND_QUEUE, { ...data, attempt: attempt + 1 } satisfies SendJob, { tx, startAfter: delay });
    });
    return;
  }
  if (!(err instanceof AppError) && retryCount < SEND_RETRY_LIMIT) {
    // Not the network's answer (the database, a bug): pg-boss retries the job with backoff.
    await repo.updateMessage(deps.db, ws, m.id, { sendStatus: 'queued', sendError: `retrying: ${reason}`.slice(0, 2000) })
      .catch((e: unknown) => deps.log.error({ err: e, messageId: m.id }, 'could not record the failed send attempt'));
    throw err;
  }
  await deps.db.transaction(async (tx) => {
    await repo.updateMessage(tx, ws, m.id, { sendStatus: 'failed', sendError: reason.slice(0, 2000) });
    await emit(tx, deps.queue, systemActor(ws), {
      type: 'reply.failed', subject: { type: 'message', id: m.id },
      payload: { conversationId: m.conversationId, error: reason, attempts: attempt, code: err instanceof AppError ? err.code : 'error' },
    });
  });
}

// Records the sent reply. A private reply moves into the private thread it opened (created here when the customer never
// wrote there), and the comment's public conversation and that thread name each other.
async function markSent(deps: Deps, m: repo.MessageRow, c: repo.ConversationRow, sent: SentReply & { privateThreadKey?: string }): Promise<void> {
  const ws = m.workspaceId;
  const actor = systemActor(ws);
  await deps.db.transaction(async (tx) => {
    // The network's webhook echo of this very reply may have been stored first, as a message of its own: it is this one.
    const echo = await repo.findMessageByExternalId(tx, ws, m.channelId, sent.externalId);
    if (echo && echo.id !== m.id) await repo.deleteMessage(tx, ws, echo);
    let conversationId = m.conversationId;
    if (sent.privateThreadKey !== undefined) {
      const parent = m.parentExternalId ? await repo.findMessageByExternalId(tx, ws, m.channelId, m.parentExternalId) : undefined;
      const identityId = parent?.identityId ?? null;
      const { row, created } = await repo.upsertConversation(tx, {
        workspaceId: ws, id: newId(), channelId: m.channelId, kind: 'private', threadKey: sent.privateThreadKey,
        identityId, contactId: identityId && identityId === c.identityId ? c.contactId : null, lastMessageAt: new Date(), messageCount: 0,
      });
      if (created) {
        await emit(tx, deps.queue, actor, {
          type: 'conversation.created', subject: { type: 'conversation', id: row.id },
          payload: { after: { channelId: m.channelId, kind: 'private' }, related: row.contactId ? [{ type: 'contact', id: row.contactId }] : [] },
        });
      }
      await repo.moveMessage(tx, ws, m, row.id);
      await repo.touchConversation(tx, ws, row.id, {
        occurredAt: new Date(), inbound: false, preview: preview(m.text ?? ''), identityId: null, contactId: null, language: null, sentiment: null, intent: null,
      });
      await repo.linkConversations(tx, ws, m.conversationId, row.id);
      conversationId = row.id;
    }
    await repo.updateMessage(tx, ws, m.id, { externalId: sent.externalId, sendStatus: 'sent', sendError: null, occurredAt: new Date() });
    await emit(tx, deps.queue, actor, {
      type: 'reply.sent', subject: { type: 'message', id: m.id },
      payload: { conversationId, after: { externalId: sent.externalId, url: sent.url, conversationId }, ...(conversationId !== m.conversationId ? { movedFrom: m.conversationId } : {}) },
    });
  });
}
