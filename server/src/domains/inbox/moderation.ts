import type { ModerationAction } from '@parley/contracts/channels';
import type { Conversation, ConversationPatch, Message, MessageModerationInput } from '@parley/contracts/inbox';
import type { Deps } from '../../deps.ts';
import { Unsupported } from '../../connectors/shared/http.ts';
import { emit } from '../../events/emit.ts';
import { Conflict, NotFound, Validation } from '../../lib/errors.ts';
import type { Actor } from '../../policies/actor.ts';
import { authorizeInbox, authorizeInboxMessage } from '../experts/service.ts';
import * as channelsRepo from './channels-repo.ts';
import { clientOf, connectorOfChannel } from './channel-client.ts';
import { presentConversation, presentMessage } from './presenter.ts';
import { organizeChanges } from './statuses.ts';
import * as repo from './repo.ts';

// Moderation runs inline, not through the outbox: the agent acts on what is on screen and needs to know now whether
// the comment is hidden; nothing waits to be delivered later, the actions are idempotent on the networks, and a
// failure (the network down, a token expired) is answered with its code so the agent can simply repeat it. A short
// timeout keeps a slow network from holding the request.
const MODERATION_TIMEOUT_MS = 10_000;

type Action = MessageModerationInput['action'];

/** What each action asks of the network, given what the network can do; null: Parley's flag only. */
function networkAction(action: Action, supported: readonly ModerationAction[]): ModerationAction | null {
  switch (action) {
    case 'hide': return 'hide';
    case 'unhide': return 'unhide';
    case 'delete': return 'delete';
    case 'block_author': return 'block';
    // Spam is hidden where the network can hide, reported where it takes reports, and otherwise only flagged in Parley.
    case 'mark_spam': return supported.includes('hide') ? 'hide' : supported.includes('report') ? 'report' : null;
    default: {
      const never: never = action;
      throw new Error(`unknown moderation action ${String(never)}`);
    }
  }
}

function flagsAfter(action: Action, done: ModerationAction | null, flags: string[]): string[] {
  const add = (...f: string[]) => [...new Set([...flags, ...f])];
  switch (action) {
    case 'hide': return add('hidden');
    case 'unhide': return flags.filter((f) => f !== 'hidden');
    case 'delete': return add('deleted');
    case 'block_author': return add('author_blocked');
    case 'mark_spam': return done === 'hide' ? add('spam', 'hidden') : add('spam');
    default: {
      const never: never = action;
      throw new Error(`unknown moderation action ${String(never)}`);
    }
  }
}

/** Hides, shows, deletes a customer's message on the network, blocks its author or marks it spam; flags it in Parley. */
export async function moderateMessage(deps: Deps, actor: Actor, messageId: string, input: MessageModerationInput): Promise<Message> {
  await authorizeInboxMessage(deps.db, actor, 'inbox:moderate', messageId);
  const m = await repo.findMessage(deps.db, actor.workspaceId, messageId);
  if (!m) throw new NotFound('message_not_found', 'No such message');
  if (!m.externalId) throw new Conflict('message_not_on_network', 'This message is not on the network (a reply not sent yet)');
  if (input.action !== 'delete' && m.direction !== 'inbound') throw new Validation('moderation_target_invalid', 'Only a customer\'s message can be hidden, marked spam or have its author blocked', { field: 'action' });
  const channel = await channelsRepo.findChannel(deps.db, actor.workspaceId, m.channelId);
  if (!channel) throw new Conflict('channel_gone', 'The channel of this message was disconnected');
  const supported = connectorOfChannel(channel).capabilities.moderation;
  const action = networkAction(input.action, supported);
  if (action && !supported.includes(action)) {
    throw new Validation('moderation_unsupported', `${channel.network} offers no ${input.action.replace('_', ' ')} through its API`, { field: 'action', supported });
  }
  if (action) {
    const client = clientOf(deps, channel, { timeoutMs: MODERATION_TIMEOUT_MS });
    const c = await repo.findConversation(deps.db, actor.workspaceId, m.conversationId);
    try {
      await client.moderate(action, {
        itemExternalId: m.externalId, authorExternalId: await repo.identityExternalId(deps.db, actor.workspaceId, m.identityId),
        thread: c ? { kind: c.kind as 'public' | 'private', rootExternalId: c.threadKey === c.id ? null : c.threadKey, parentExternalId: m.parentExternalId } : null,
        reason: input.action === 'mark_spam' ? 'spam' : null,
      });
    } catch (err) {
      // What the network cannot do for this item (Instagram blocks, attachments…) is the agent's request refused.
      if (err instanceof Unsupported) throw new Validation(err.code, err.message, { field: 'action' });
      throw err;
    }
  }
  return deps.db.transaction(async (tx) => {
    const now = (await repo.lockMessage(tx, actor.workspaceId, m.id))!;
    const flags = flagsAfter(input.action, action, now.flags);
    await repo.updateMessage(tx, actor.workspaceId, m.id, { flags });
    await emit(tx, deps.queue, actor, {
      type: 'message.moderated', subject: { type: 'message', id: m.id },
      payload: { conversationId: m.conversationId, action: input.action, networkAction: action, before: { flags: now.flags }, after: { flags } },
    });
    return presentMessage({ ...now, flags });
  });
}

/** Sets a conversation's status or priority, custom status or labels. */
export async function updateConversation(deps: Deps, actor: Actor, id: string, patch: ConversationPatch): Promise<Conversation> {
  await authorizeInbox(deps.db, actor, 'inbox:update', id);
  return deps.db.transaction(async (tx) => {
    const before = await repo.findConversation(tx, actor.workspaceId, id);
    if (!before) throw new NotFound('conversation_not_found', 'No such conversation');
    const set: { status?: string; priority?: string; customStatusId?: string | null; labels?: string[] } = {
      ...(patch.status !== undefined ? { status: patch.status } : {}), ...(patch.priority !== undefined ? { priority: patch.priority } : {}),
      // ORGANIZE: custom status (with its base status) and labels.
      ...(await organizeChanges(tx, actor.workspaceId, before, patch)),
    };
    if (Object.keys(set).length > 0) {
      await repo.updateConversation(tx, actor.workspaceId, id, set);
      await emit(tx, deps.queue, actor, {
        type: 'conversation.updated', subject: { type: 'conversation', id },
        payload: { before: { status: before.status, priority: before.priority, customStatusId: before.customStatusId, labels: before.labels },
          after: { status: set.status ?? before.status, priority: set.priority ?? before.priority, customStatusId: set.customStatusId !== undefined ? set.customStatusId : before.customStatusId, labels: set.labels ?? before.labels },
          related: before.contactId ? [{ type: 'contact', id: before.contactId }] : [] },
      });
    }
    return presentConversation((await repo.findConversation(tx, actor.workspaceId, id))!);
  });
}
