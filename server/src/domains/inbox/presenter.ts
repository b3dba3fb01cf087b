import type { Channel, Conversation, InboundDelivery, Message } from '@parley/contracts/inbox';
import type { Network } from '@parley/contracts/identities';
import { connectorFor } from '../../connectors/registry.ts';
import type { ChannelRow } from './channels-repo.ts';
import type { ConversationRow, ConversationSlaColumns, DeliveryListRow, MessageRow } from './repo.ts';
import { presentConversationSla } from '../sla/service.ts';

const NO_CAPABILITIES = {
  publicComments: false, directMessages: false, mentions: false, ratings: false, leads: false, moderation: [], privateReply: false,
  publishing: false, webhooks: false,
} satisfies Channel['capabilities'];

/** Every field of a channel that may leave the server: which secrets are set, never their values. */
export function presentChannel(c: ChannelRow, secretNamesSet: readonly string[]): Channel {
  const connector = connectorFor(c.network as Network);
  const names = [...new Set([...(connector?.secretNames ?? []), ...secretNamesSet])];
  return {
    id: c.id,
    network: c.network as Network,
    externalId: c.externalId,
    name: c.name,
    status: c.status as Channel['status'],
    capabilities: connector?.capabilities ?? NO_CAPABILITIES,
    secrets: names.map((name) => ({ name, set: secretNamesSet.includes(name) })),
    webhookPath: `/api/channels/${c.id}/webhook`,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

/** A stored delivery for the admin list: status and error, not the body. */
export function presentDelivery(d: DeliveryListRow): InboundDelivery {
  return {
    id: d.id, channelId: d.channelId, deliveryKey: d.deliveryKey, status: d.status as InboundDelivery['status'], error: d.error,
    attempts: d.attempts, events: d.events, bytes: d.bytes, receivedAt: d.receivedAt.toISOString(), processedAt: d.processedAt?.toISOString() ?? null,
  };
}

/** A conversation in the inbox list. */
export function presentConversation(c: ConversationRow & { network: string | null; author?: Conversation['author']; assigneeName?: string | null } & Partial<ConversationSlaColumns>): Conversation {
  return {
    id: c.id, channelId: c.channelId, network: c.network as Network | null, kind: c.kind as Conversation['kind'], threadKey: c.threadKey,
    identityId: c.identityId, contactId: c.contactId, status: c.status, priority: c.priority, subject: c.subject, preview: c.preview,
    language: c.language, sentiment: c.sentiment, intent: c.intent, linkedConversationId: c.linkedConversationId,
    messageCount: c.messageCount, lastMessageAt: c.lastMessageAt.toISOString(), lastInboundAt: c.lastInboundAt?.toISOString() ?? null,
    author: c.author ?? null,
    assignee: c.assigneeId ? { id: c.assigneeId, name: c.assigneeName ?? '—' } : null, teamId: c.teamId,
    customStatusId: c.customStatusId, labels: c.labels, hashtags: c.hashtags, snoozedUntil: c.snoozedUntil?.toISOString() ?? null,
    sla: presentConversationSla(c.sla, c.slaCalendar),
    createdAt: c.createdAt.toISOString(),
  };
}

/** A message of a conversation. */
export function presentMessage(m: MessageRow, authorName?: string | null): Message {
  return {
    id: m.id, conversationId: m.conversationId, externalId: m.externalId, parentExternalId: m.parentExternalId,
    direction: m.direction as Message['direction'], objectType: m.objectType, identityId: m.identityId, text: m.text,
    attachments: m.attachments, mentions: m.mentions, language: m.language, sentiment: m.sentiment, intent: m.intent,
    flags: m.flags,
    // `sending` is the job's hold on a queued reply while it calls the network: still queued to whoever looks.
    sendStatus: m.sendStatus === 'sending' ? 'queued' : (m.sendStatus as Message['sendStatus']) ?? null, sendError: m.sendError,
    author: m.authorUserId ? { id: m.authorUserId, name: authorName ?? '—' } : null,
    occurredAt: m.occurredAt.toISOString(),
  };
}
