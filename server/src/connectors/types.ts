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

/** The HTTP function a client uses; tests pass one that replays recorded responses, never the network. */
export type HttpFetch = (input: string, init?: { method?: string; headers?: Record<string, string>; body?: string }) => Promise<{
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}>;

export interface ProfileSnapshot {
  externalId: string;
  handle: string | null;
  displayName: string | null;
  profileUrl: string | null;
  avatarUrl: string | null;
  followers: number | null;
  verified: boolean | null;
  /** Whatever else the network returned that the identity page may show (bio, location, employer). */
  profile: Record<string, unknown>;
}

/** Outbound calls to the network. Interfaces only for now; implemented with recorded responses in a later step. */
export interface ConnectorClient {
  /** Reply in a thread: a comment under `parentExternalId`, or a direct message in a private thread. */
  sendReply(input: { thread: Thread; parentExternalId: string | null; text: string; attachmentUrls?: string[] }): Promise<{ externalId: string }>;
  /** Answer a public comment privately (Meta private replies); the reply opens or joins the private thread it returns. */
  sendPrivateReply?(input: { commentExternalId: string; text: string }): Promise<{ externalId: string; thread: Thread }>;
  moderate(input: { action: ModerationAction; externalId: string }): Promise<void>;
  fetchProfile(externalId: string): Promise<ProfileSnapshot>;
}

/** One network's connector: the same shape for every network (webhook verification, parsing, and later the client). */
export interface Connector {
  /** The networks it serves (the Meta connector serves facebook and instagram). */
  networks: readonly Network[];
  capabilities: ChannelCapabilities;
  /** The secret names verifyWebhook reads, for the channel settings form. */
  secretNames: readonly string[];
  /** Null for networks without webhooks (Bluesky): their deliveries come from the worker's polling or stream. */
  verifyWebhook: ((req: WebhookRequest, secrets: ChannelSecrets) => WebhookVerdict) | null;
  /** Normalizes a stored delivery; throws MalformedDelivery for anything it cannot read, never anything else. */
  parseDelivery(rawBody: Buffer, headers: Headers, context?: ParseContext): ParsedDelivery;
  createClient?: (credentials: ChannelCredentials, fetch: HttpFetch) => ConnectorClient;
}
