import { z } from 'zod';
import { IDENTITY_LIMITS, Network } from './identities.ts';

/**
 * What every connector produces from a network's delivery: normalized inbound events. The ingestion job stores them,
 * resolves the author as a social identity (network + author.externalId), and threads them into conversations by
 * (network, channelExternalId, thread). Connectors never write to the database; these objects are their whole output.
 */

export const CHANNEL_LIMITS = {
  /** A delivery larger than this is kept as malformed instead of being parsed. */
  deliveryBytes: 5 * 1024 * 1024,
  /** Deeper JSON is no real payload; the limit keeps parsing cheap and safe. */
  jsonDepth: 64,
  externalId: IDENTITY_LIMITS.externalId,
  eventKey: 600,
  text: 200_000,
  url: 4096,
  eventsPerDelivery: 1000,
  /** How far the API channel's signature timestamp may be off, either way. */
  apiSignatureToleranceSeconds: 300,
} as const;

export const INBOUND_KINDS = [
  'message', 'edit', 'delete', 'reaction', 'moderation', 'rating', 'lead', 'typing', 'read', 'delivery', 'other',
] as const;
export const InboundKind = z.enum(INBOUND_KINDS);
export type InboundKind = z.infer<typeof InboundKind>;

/** What the event is about on the network; null for events about no object (typing, a follow). */
export const OBJECT_TYPES = ['post', 'comment', 'message', 'review', 'lead', 'story'] as const;
export const ObjectType = z.enum(OBJECT_TYPES);
export type ObjectType = z.infer<typeof ObjectType>;

const id = z.string().min(1).max(CHANNEL_LIMITS.externalId);
const url = z.string().min(1).max(CHANNEL_LIMITS.url);
const isoDateTime = z.iso.datetime({ offset: true });

/**
 * Where the event belongs. Public threads are keyed by the post everything hangs off (root) and the item replied to
 * (parent); private threads (direct messages) by the conversation, which for networks without conversation ids is the
 * other party's id (Messenger, Instagram) or the pair of ids (X: "smaller-larger", as X API v2 spells dm_conversation_id).
 */
export const Thread = z.object({
  kind: z.enum(['public', 'private']),
  /** Null when the network does not say (a Mastodon or X v1.1 reply names only its parent): thread through the parent. */
  rootExternalId: id.nullable(),
  parentExternalId: id.nullable(),
});
export type Thread = z.infer<typeof Thread>;

/** The person or account behind the event, as far as the delivery tells; the identity's key is (network, externalId). */
export const Author = z.object({
  externalId: id,
  handle: z.string().max(IDENTITY_LIMITS.handle).nullable(),
  displayName: z.string().max(IDENTITY_LIMITS.displayName).nullable(),
  profileUrl: url.nullable(),
  avatarUrl: url.nullable(),
  followers: z.number().int().nonnegative().nullable(),
  verified: z.boolean().nullable(),
  /** Only where the channel itself carries it (API channel, e-mail). */
  email: z.string().max(254).nullable(),
});
export type Author = z.infer<typeof Author>;

export const ATTACHMENT_TYPES = ['image', 'video', 'audio', 'file', 'sticker', 'link', 'location', 'template', 'other'] as const;
export const Attachment = z.object({
  type: z.enum(ATTACHMENT_TYPES),
  /** Null when the network gives a reference instead of a URL (a Bluesky blob, a location). */
  url: url.nullable(),
  externalId: id.nullable(),
  mimeType: z.string().max(200).nullable(),
  title: z.string().max(2000).nullable(),
  altText: z.string().max(5000).nullable(),
});
export type Attachment = z.infer<typeof Attachment>;

/**
 * A mention in `text`. start/end are JavaScript string (UTF-16) indices, end exclusive, already converted from the
 * network's unit (UTF-8 bytes on Bluesky, code points on X); null when the network gives no position or the one it gives
 * lies outside the text.
 */
export const Mention = z.object({
  externalId: id.nullable(),
  handle: z.string().max(IDENTITY_LIMITS.handle).nullable(),
  start: z.number().int().nonnegative().nullable(),
  end: z.number().int().nonnegative().nullable(),
});
export type Mention = z.infer<typeof Mention>;

export const Link = z.object({
  url,
  start: z.number().int().nonnegative().nullable(),
  end: z.number().int().nonnegative().nullable(),
});
export type Link = z.infer<typeof Link>;

const EventBase = z.object({
  network: Network,
  /** The channel's own account on the network: Facebook page id, Instagram account id, X user id, LinkedIn organization URN… */
  channelExternalId: id,
  /** Stable across deliveries of the same fact (a webhook and a polling backfill yield the same key): the event dedupe key. */
  eventKey: z.string().min(1).max(CHANNEL_LIMITS.eventKey),
  /** The message, comment, post, review or lead the event is about; for reactions and reads the item reacted to or read. */
  externalId: id.nullable(),
  objectType: ObjectType.nullable(),
  /** Outbound: made by the channel's own account (a Messenger echo, the page commenting on its own post). */
  direction: z.enum(['inbound', 'outbound']),
  thread: Thread.nullable(),
  author: Author.nullable(),
  text: z.string().max(CHANNEL_LIMITS.text).nullable(),
  /** The network's language tag, a hint for classification. */
  language: z.string().max(35).nullable(),
  attachments: z.array(Attachment),
  mentions: z.array(Mention),
  links: z.array(Link),
  /** The event names the channel's account (a page mention, an @mention, a Bluesky mention facet). */
  mentionsChannel: z.boolean(),
  /** Permalink on the network when the delivery gives or implies one. */
  url: url.nullable(),
  occurredAt: isoDateTime,
  /** JSON Pointer (RFC 6901) to the part of the stored delivery this event came from. */
  rawPointer: z.string().max(200),
  /** Network-specific facts worth keeping that have no column (postback payload, quick reply, referral…). No personal data. */
  extra: z.record(z.string(), z.unknown()),
});

export const MODERATION_ACTIONS = ['hide', 'unhide', 'delete', 'block', 'unblock', 'mute', 'unmute', 'report', 'restrict'] as const;
export const ModerationAction = z.enum(MODERATION_ACTIONS);
export type ModerationAction = z.infer<typeof ModerationAction>;

/** The normalized inbound event: one per fact, several per delivery (Meta entries/changes, LinkedIn batches, X arrays). */
export const InboundEvent = z.discriminatedUnion('kind', [
  EventBase.extend({ kind: z.literal('message') }),
  EventBase.extend({ kind: z.literal('edit') }),
  EventBase.extend({ kind: z.literal('delete') }),
  EventBase.extend({
    kind: z.literal('reaction'),
    reaction: z.object({ type: z.string().min(1).max(100), emoji: z.string().max(50).nullable(), removed: z.boolean() }),
  }),
  EventBase.extend({
    kind: z.literal('moderation'),
    moderation: z.object({
      action: ModerationAction,
      /** Who acted: the network (policy enforcement, a flagged video), the channel's own account, or a user (a report). */
      actor: z.enum(['network', 'channel', 'user']),
      subject: z.enum(['item', 'user', 'channel']),
      reason: z.string().max(2000).nullable(),
    }),
  }),
  EventBase.extend({
    kind: z.literal('rating'),
    rating: z.object({ value: z.number().min(0).max(10).nullable(), recommends: z.boolean().nullable() }),
  }),
  EventBase.extend({
    kind: z.literal('lead'),
    lead: z.object({ formExternalId: id.nullable(), adExternalId: id.nullable() }),
  }),
  EventBase.extend({ kind: z.literal('typing') }),
  EventBase.extend({
    kind: z.literal('read'),
    read: z.object({ upToExternalId: id.nullable(), watermark: isoDateTime.nullable() }),
  }),
  EventBase.extend({
    kind: z.literal('delivery'),
    delivery: z.object({ externalIds: z.array(id), watermark: isoDateTime.nullable() }),
  }),
  EventBase.extend({
    kind: z.literal('other'),
    /** What happened, in the network's words (`optin`, `follow`, `authorization_revoked`, `field:story_insights`…). */
    other: z.object({ type: z.string().min(1).max(200) }),
  }),
]);
export type InboundEvent = z.infer<typeof InboundEvent>;

/** What a connector can do on a channel; the web app shows only the actions a channel offers. */
export const ChannelCapabilities = z.object({
  publicComments: z.boolean(),
  directMessages: z.boolean(),
  mentions: z.boolean(),
  ratings: z.boolean(),
  leads: z.boolean(),
  moderation: z.array(ModerationAction),
  privateReply: z.boolean(),
  publishing: z.boolean(),
  /** Deliveries arrive by webhook; otherwise the worker polls or streams. */
  webhooks: z.boolean(),
});
export type ChannelCapabilities = z.infer<typeof ChannelCapabilities>;

/**
 * The generic API channel (docs/api-channel.md): what a web chat widget, a shop or any other system POSTs, signed with
 * HMAC-SHA256. Offsets of mentions are Unicode code points, so senders in any language count the same way.
 */
export const ApiChannelEvent = z.object({
  type: z.enum(['message', 'edit', 'delete', 'reaction', 'typing', 'read']),
  /** The sender's id of the message (for reaction and read: of the message reacted to or read up to). */
  id: z.string().min(1).max(CHANNEL_LIMITS.externalId).optional(),
  conversation: z.object({
    id: z.string().min(1).max(CHANNEL_LIMITS.externalId),
    visibility: z.enum(['public', 'private']).default('private'),
    /** The message this one answers, when the sender threads replies. */
    parentId: z.string().min(1).max(CHANNEL_LIMITS.externalId).optional(),
  }),
  author: z.object({
    id: z.string().min(1).max(CHANNEL_LIMITS.externalId),
    name: z.string().max(IDENTITY_LIMITS.displayName).optional(),
    handle: z.string().max(IDENTITY_LIMITS.handle).optional(),
    email: z.email().max(254).optional(),
    profileUrl: z.url().max(CHANNEL_LIMITS.url).optional(),
    avatarUrl: z.url().max(CHANNEL_LIMITS.url).optional(),
  }),
  /** Set when the channel's own side wrote the message (an answer given in the shop's back office). */
  fromChannel: z.boolean().default(false),
  text: z.string().max(CHANNEL_LIMITS.text).optional(),
  language: z.string().max(35).optional(),
  attachments: z.array(z.object({
    type: z.enum(ATTACHMENT_TYPES),
    url: z.url().max(CHANNEL_LIMITS.url),
    name: z.string().max(2000).optional(),
    mimeType: z.string().max(200).optional(),
  })).max(50).default([]),
  mentions: z.array(z.object({
    id: z.string().min(1).max(CHANNEL_LIMITS.externalId).optional(),
    handle: z.string().max(IDENTITY_LIMITS.handle).optional(),
    start: z.number().int().nonnegative(),
    end: z.number().int().nonnegative(),
  })).max(100).default([]),
  reaction: z.object({ type: z.string().min(1).max(100), removed: z.boolean().default(false) }).optional(),
  occurredAt: isoDateTime,
  /** Anything else the sender wants kept with the event (order number, page URL); at most 32 string or number values. */
  metadata: z.record(z.string().max(100), z.union([z.string().max(2000), z.number(), z.boolean()]))
    .refine((m) => Object.keys(m).length <= 32, 'at most 32 metadata keys').optional(),
}).refine((e) => e.type !== 'reaction' || e.reaction !== undefined, { message: 'a reaction needs `reaction`', path: ['reaction'] })
  .refine((e) => ['typing', 'read'].includes(e.type) || e.id !== undefined, { message: 'this type needs `id`', path: ['id'] });
export type ApiChannelEvent = z.infer<typeof ApiChannelEvent>;

export const ApiChannelDelivery = z.object({
  /** Unique per delivery: a retry sends the same id and is stored once. */
  id: z.string().min(1).max(200),
  events: z.array(ApiChannelEvent).min(1).max(100),
});
export type ApiChannelDelivery = z.infer<typeof ApiChannelDelivery>;
