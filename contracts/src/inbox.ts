import { z } from 'zod';
import { CHANNEL_LIMITS, ChannelCapabilities } from './channels.ts';
import { PageQuery, UserRef, pageOf } from './common.ts';
import { Network } from './identities.ts';
import { ConversationSla } from './sla.ts';

/** Channels, raw inbound deliveries, conversations and messages (issue 3): the inbox's HTTP contracts. */

export const INBOX_LIMITS = { channelName: 200, secret: 4096, previewChars: 280 } as const;

export const CHANNEL_STATUSES = ['active', 'paused'] as const;
export const ChannelStatus = z.enum(CHANNEL_STATUSES);

/** A connected account. Secrets never leave the server: `secrets` only says which are set. */
export const Channel = z.object({
  id: z.uuid(),
  network: Network,
  externalId: z.string(),
  name: z.string(),
  status: ChannelStatus,
  capabilities: ChannelCapabilities,
  /** The secret names this network's webhook verification reads, each with whether it is set. */
  secrets: z.array(z.object({ name: z.string(), set: z.boolean() })),
  /** Path of the channel's webhook (prefix it with the server's public origin). */
  webhookPath: z.string(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Channel = z.infer<typeof Channel>;
export const ChannelPage = pageOf(Channel);

const secretsInput = z.record(z.string().max(100), z.string().max(INBOX_LIMITS.secret).nullable());

export const ChannelInput = z.object({
  network: Network,
  externalId: z.string().trim().min(1).max(CHANNEL_LIMITS.externalId),
  name: z.string().trim().min(1).max(INBOX_LIMITS.channelName),
  /** By the connector's secret names (`appSecret`, `verifyToken`, `consumerSecret`…); null removes one. */
  secrets: secretsInput.optional(),
});
export type ChannelInput = z.infer<typeof ChannelInput>;

export const ChannelPatch = z.object({
  name: z.string().trim().min(1).max(INBOX_LIMITS.channelName).optional(),
  status: ChannelStatus.optional(),
  secrets: secretsInput.optional(),
});
export type ChannelPatch = z.infer<typeof ChannelPatch>;

export const ChannelWebhookParams = z.object({ channelId: z.uuid() });

export const DELIVERY_STATUSES = ['received', 'processed', 'failed'] as const;
export const DeliveryStatus = z.enum(DELIVERY_STATUSES);

/** A stored inbound delivery as admins see it (without its body, which is the network's raw personal data). */
export const InboundDelivery = z.object({
  id: z.uuid(),
  channelId: z.uuid(),
  deliveryKey: z.string(),
  status: DeliveryStatus,
  error: z.string().nullable(),
  attempts: z.number().int(),
  events: z.number().int().nullable(),
  bytes: z.number().int(),
  receivedAt: z.iso.datetime(),
  processedAt: z.iso.datetime().nullable(),
});
export type InboundDelivery = z.infer<typeof InboundDelivery>;
export const InboundDeliveryPage = pageOf(InboundDelivery);
export const DeliveryListQuery = PageQuery.extend({ status: DeliveryStatus.default('failed'), channelId: z.uuid().optional() });

export const CONVERSATION_STATUSES = ['open', 'pending', 'waiting_customer', 'waiting_expert', 'resolved', 'closed'] as const;
export const ConversationStatus = z.enum(CONVERSATION_STATUSES);

export const Conversation = z.object({
  id: z.uuid(),
  channelId: z.uuid(),
  /** Null once the channel was deleted (its conversations stay). */
  network: Network.nullable(),
  kind: z.enum(['public', 'private']),
  threadKey: z.string(),
  identityId: z.uuid().nullable(),
  contactId: z.uuid().nullable(),
  status: z.string(),
  priority: z.string(),
  subject: z.string().nullable(),
  preview: z.string().nullable(),
  language: z.string().nullable(),
  sentiment: z.string().nullable(),
  intent: z.string().nullable(),
  linkedConversationId: z.uuid().nullable(),
  messageCount: z.number().int(),
  lastMessageAt: z.iso.datetime(),
  lastInboundAt: z.iso.datetime().nullable(),
  /** The customer's display data (from their identity), so a list shows names without a request per row. */
  author: z.object({ displayName: z.string().nullable(), handle: z.string().nullable(), avatarUrl: z.string().nullable() }).nullable(),
  /** Who works the conversation, and the team whose queue it is in (routing). */
  assignee: UserRef.nullable(),
  teamId: z.uuid().nullable(),
  /** ORGANIZE: the workspace's own status under `status` (null: none), label names, #hashtags (lower case, without #), snoozed until. */
  customStatusId: z.uuid().nullable(),
  labels: z.array(z.string()),
  hashtags: z.array(z.string()),
  snoozedUntil: z.iso.datetime().nullable(),
  /** SLA: the conversation's running clock and breaches (null: no SLA policy applies). */
  sla: ConversationSla.nullable(),
  createdAt: z.iso.datetime(),
});
export type Conversation = z.infer<typeof Conversation>;
export const ConversationPage = pageOf(Conversation);
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const Priority = z.enum(PRIORITIES);
export const LABEL_LIMITS = { name: 50, perConversation: 30 } as const;
/** A label name: no commas (lists of labels travel comma-separated in query strings). */
export const LabelName = z.string().trim().min(1).max(LABEL_LIMITS.name).regex(/^[^,]+$/, 'no commas');
export const CONVERSATION_SORTS = ['newest', 'oldest', 'priority'] as const;
export const SNOOZED_FILTERS = ['exclude', 'include', 'only'] as const;
const csv = z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean));
/**
 * The inbox list's filters (ORGANIZE). Lists are comma-separated or repeated. `assignee`: me, unassigned or a user id.
 * `snoozed`: snoozed conversations are left out unless asked for (default exclude; include when listing a person's).
 */
export const ConversationListQuery = PageQuery.extend({
  status: csv.pipe(z.array(ConversationStatus).max(6)).optional(),
  customStatusId: z.uuid().optional(),
  channelId: z.uuid().optional(),
  contactId: z.uuid().optional(),
  network: csv.pipe(z.array(Network).max(20)).optional(),
  kind: z.enum(['public', 'private']).optional(),
  assignee: z.union([z.enum(['me', 'unassigned']), z.uuid()]).optional(),
  teamId: z.uuid().optional(),
  label: z.string().trim().min(1).max(LABEL_LIMITS.name).optional(),
  hashtag: z.string().trim().min(1).max(100).optional(),
  intent: z.string().max(40).optional(),
  sentiment: z.string().max(40).optional(),
  language: z.string().max(10).optional(),
  priority: csv.pipe(z.array(Priority).max(4)).optional(),
  snoozed: z.enum(SNOOZED_FILTERS).optional(),
  q: z.string().trim().max(200).optional(),
  sort: z.enum(CONVERSATION_SORTS).optional(),
});
export type ConversationListQuery = z.input<typeof ConversationListQuery>;

export const Message = z.object({
  id: z.uuid(),
  conversationId: z.uuid(),
  externalId: z.string().nullable(),
  parentExternalId: z.string().nullable(),
  direction: z.enum(['inbound', 'outbound']),
  objectType: z.string().nullable(),
  identityId: z.uuid().nullable(),
  text: z.string().nullable(),
  attachments: z.array(z.record(z.string(), z.unknown())),
  mentions: z.array(z.record(z.string(), z.unknown())),
  language: z.string().nullable(),
  sentiment: z.string().nullable(),
  intent: z.string().nullable(),
  flags: z.array(z.string()),
  /** Outbound replies: queued, sent or failed (with the reason); held for a manager's approval, or rejected by them (the reason in sendError); null for inbound messages. */
  sendStatus: z.enum(['queued', 'sent', 'failed', 'pending_approval', 'rejected']).nullable(),
  sendError: z.string().nullable(),
  /** The agent who wrote an outbound reply. */
  author: UserRef.nullable(),
  occurredAt: z.iso.datetime(),
});
export type Message = z.infer<typeof Message>;

export const REPLY_LIMITS = { text: 8000 } as const;

/** An agent's reply in a conversation: in the thread, or privately to the author of a public comment. */
export const ReplyInput = z.object({
  text: z.string().trim().min(1).max(REPLY_LIMITS.text),
  /** The message answered (default: the thread's latest inbound message). */
  parentMessageId: z.uuid().optional(),
  /** A private reply (direct message) to the author of a public comment, where the network allows it. */
  private: z.boolean().optional(),
});
export type ReplyInput = z.infer<typeof ReplyInput>;

export const ConversationPatch = z.object({
  status: ConversationStatus.optional(), priority: z.enum(['low', 'normal', 'high', 'urgent']).optional(),
  /** ORGANIZE: a custom status (its base status is set with it; null clears it); labels replaced, or added and removed. */
  customStatusId: z.uuid().nullable().optional(),
  labels: z.array(LabelName).max(LABEL_LIMITS.perConversation).optional(),
  addLabels: z.array(LabelName).max(LABEL_LIMITS.perConversation).optional(),
  removeLabels: z.array(LabelName).max(LABEL_LIMITS.perConversation).optional(),
});
export type ConversationPatch = z.infer<typeof ConversationPatch>;

/**
 * What an agent can do to a customer's message on the network: hide or show it again, delete it, block its author, or
 * mark it as spam (hidden on networks that can hide, reported where they take reports, and flagged `spam` in Parley).
 */
export const MESSAGE_MODERATION_ACTIONS = ['hide', 'unhide', 'delete', 'block_author', 'mark_spam'] as const;
export const MessageModerationInput = z.object({ action: z.enum(MESSAGE_MODERATION_ACTIONS) });
export type MessageModerationInput = z.infer<typeof MessageModerationInput>;

export const ConversationDetail = Conversation.extend({ messages: z.array(Message) });
export type ConversationDetail = z.infer<typeof ConversationDetail>;
