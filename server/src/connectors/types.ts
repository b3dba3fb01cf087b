import type { ChannelCapabilities, InboundEvent, ModerationAction, Thread } from '@parley/contracts/channels';
import type { Network } from '@parley/contracts/identities';

/** Header values as Node gives them (lower-case names; tests and other servers may not be). */
export type Headers = Readonly<Record<string, string | readonly string[] | undefined>>;

/** What the webhook route hands a connector: the bytes exactly as received, never re-serialized JSON. */
export interface WebhookRequest {
  method: string;
  headers: Headers;
  query: Readonly<Record<string, string | readonly string[] | undefined>>;
  rawBody: Buffer;
  /** When the request arrived; the API channel checks its signature timestamp against it. Defaults to now. */
  receivedAt?: Date;
}

/** The decrypted credentials of a channel, by name (`appSecret`, `verifyToken`, `consumerSecret`…). */
export type ChannelSecrets = Readonly<Record<string, string | undefined>>;

/** Stable codes of refused webhook requests (logged and counted; the network only sees the status). */
export const WEBHOOK_ERROR_CODES = [
  'signature_missing', 'signature_invalid', 'signature_expired', 'challenge_invalid', 'secret_not_configured',
  'method_not_allowed',
] as const;
export type WebhookErrorCode = (typeof WEBHOOK_ERROR_CODES)[number];

/**
 * The verdict on a webhook request:
 * - `delivery`: signed by the network; store the raw body and answer 200 at once.
 * - `challenge`: a handshake (Meta hub.challenge, X CRC, LinkedIn challengeCode); answer with `response`, store nothing.
 * - `rejected`: answer `status`; nothing is stored.
 */
export type WebhookVerdict =
  | { outcome: 'delivery' }
  | { outcome: 'challenge'; response: { status: 200; contentType: string; body: string } }
  | { outcome: 'rejected'; status: 401 | 403 | 405 | 503; code: WebhookErrorCode; message: string };

/** What the parse step knows besides the bytes: the channel the route belongs to and when the delivery arrived. */
export interface ParseContext {
  /** The channel's account on the network, for payloads that do not name it (Mastodon, Bluesky, API channel). */
  channelExternalId?: string;
  /** Stands in for a timestamp the payload lacks. */
  receivedAt?: Date;
}

export interface ParsedDelivery {
  /** Unique per channel for this delivery: the network's id where it gives one, else `sha256:` of the raw body. */
  deliveryKey: string;
  events: InboundEvent[];
}

/** A network's access for one channel (page token, OAuth tokens, instance URL), decrypted for the duration of a call. */
export type ChannelCredentials = Readonly<Record<string, string | undefined>>;

/** The channel a client acts for: its network, its own account there, and its decrypted credentials. */
export interface ClientChannel {
  network: Network;
  /** The channel's own account: page or Instagram account id, X user id, organization URN, qualified acct, DID. */
  externalId: string;
  credentials: ChannelCredentials;
}

/**
 * The HTTP function a client uses (the global fetch fits); tests pass one that replays recorded responses, never the
 * network. `signal` aborts a request that ran past the client's timeout.
 */
export type HttpFetch = (input: string, init?: { method?: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal }) => Promise<{
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}>;

export interface ClientOptions {
  /** Per request; a request that takes longer fails as a retryable `upstream_timeout`. Default 15 s. */
  timeoutMs?: number;
  /** The clock for signatures and createdAt fields; tests fix it. */
  now?: () => Date;
}

export interface ProfileSnapshot {
  externalId: string;
  handle: string | null;
  displayName: string | null;
  profileUrl: string | null;
  avatarUrl: string | null;
  followers: number | null;
  verified: boolean | null;
  /** The person's own description (X description, Mastodon note, Bluesky description, LinkedIn headline). */
  bio: string | null;
  location: string | null;
  /** A language tag where the network tells the person's language. */
  language: string | null;
  /** The employer where the network states one (LinkedIn, Xing); never guessed from the bio. */
  employer: string | null;
  /** Whatever else the network returned that the identity page may show (creation date, profile fields). */
  profile: Record<string, unknown>;
}

export type OutboundAttachmentType = 'image' | 'video' | 'file';

/** What an outbox item sends: a public reply under `parentExternalId`, or a message into a private thread. */
export interface ReplyTarget {
  /** The conversation's thread as the inbound events named it. */
  thread: Thread;
  /** The item answered (comment, post, message); null to write into the private thread or onto the root. */
  parentExternalId: string | null;
  text: string;
  attachments?: readonly { type: OutboundAttachmentType; url: string }[];
  /**
   * The person the reply is for, where the network addresses people in the text (a Mastodon direct message reaches
   * only the accounts it mentions) rather than by thread.
   */
  recipientExternalId?: string | null;
  /** Stable across retries of one outbox item; networks that honour one (Mastodon, the API channel) send it once. */
  idempotencyKey?: string;
  /** The conversation's subject, for networks whose answers carry one (e-mail: "Re: …"). */
  subject?: string | null;
}

/** What the network made of a sent reply. */
export interface SentReply {
  externalId: string;
  url: string | null;
}

/** What a moderation action acts on; which part is needed depends on the action. */
export interface ModerationTarget {
  /** The comment, post or message (hide, unhide, delete; the evidence of a report). */
  itemExternalId?: string | null;
  /** Its author (block, unblock, mute, unmute, report). */
  authorExternalId?: string | null;
  /** Where the item sits, for networks that address a comment through its post (LinkedIn). */
  thread?: Thread | null;
  /** Why, for a report. */
  reason?: string | null;
}

/**
 * Outbound calls to the network, one attempt each. Failures are typed (shared/http.ts): `Upstream` is worth retrying
 * (after `retryAfterSeconds` when the network said so), `NetworkRejected` is not, `Unsupported` is what the network
 * cannot do at all. The outbox retries with backoff and shows the state; the client never sleeps or loops.
 */
export interface ConnectorClient {
  /** Reply in a thread: a comment under `parentExternalId`, or a direct message in a private thread. */
  sendReply(target: ReplyTarget): Promise<SentReply>;
  /**
   * Answer a public comment privately (Meta private replies). Returns the private thread the answer opened, so the
   * public comment and the direct messages that follow become one conversation.
   */
  sendPrivateReply?(input: { commentExternalId: string; text: string; idempotencyKey?: string }): Promise<SentReply & { thread: Thread }>;
  moderate(action: ModerationAction, target: ModerationTarget): Promise<void>;
  fetchProfile(externalId: string): Promise<ProfileSnapshot>;
}

/** One network's connector: the same shape for every network (webhook verification, parsing, the outbound client). */
export interface Connector {
  /** The networks it serves (the Meta connector serves facebook and instagram). */
  networks: readonly Network[];
  capabilities: ChannelCapabilities;
  /** The secret names verifyWebhook reads, for the channel settings form. */
  secretNames: readonly string[];
  /** The credential names createClient reads (tokens, app passwords, the instance or reply URL). */
  clientCredentialNames: readonly string[];
  /** Null for networks without webhooks (Bluesky): their deliveries come from the worker's polling or stream. */
  verifyWebhook: ((req: WebhookRequest, secrets: ChannelSecrets) => WebhookVerdict) | null;
  /** Normalizes a stored delivery; throws MalformedDelivery for anything it cannot read, never anything else. */
  parseDelivery(rawBody: Buffer, headers: Headers, context?: ParseContext): ParsedDelivery;
  /**
   * For networks whose delivery key is the body's digest (no delivery id): the key without reading the body, so the
   * webhook stores the delivery at once and reading it waits for the worker (a malformed one fails there). The same key
   * parseDelivery gives.
   */
  deliveryKeyOf?: (rawBody: Buffer) => string;
  /** The outbound client of one channel; every call goes through `fetch`. */
  createClient: (channel: ClientChannel, fetch: HttpFetch, options?: ClientOptions) => ConnectorClient;
}
