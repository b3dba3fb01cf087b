import { z } from 'zod';
import { Language, PageQuery, Role, UserRef, pageOf } from './common.ts';
import { CustomField } from './contacts.ts';
import { EVENT_TYPES } from './events.ts';
import { LIMITS } from './limits.ts';

// Workspace settings: users, teams, API tokens, the audit log, custom field definitions and outbound webhooks.

const name = z.string().trim().min(1).max(LIMITS.shortText);
const email = z.string().trim().toLowerCase().max(LIMITS.email).pipe(z.email());
const isoDateTime = z.iso.datetime({ offset: true });

// ---- users -----------------------------------------------------------------------------------------------------

/** invited: has an invitation link and no password yet; deactivated: cannot sign in, kept for history. */
export const USER_STATUSES = ['invited', 'active', 'deactivated'] as const;
export const UserStatus = z.enum(USER_STATUSES);
export type UserStatus = z.infer<typeof UserStatus>;

/** A user as the settings pages and the owner pickers see them (never a password hash or invitation token). */
export const User = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: Role,
  status: UserStatus,
  language: Language,
  createdAt: z.string(),
  lastLoginAt: z.string().nullable(),
});
export type User = z.infer<typeof User>;

export const UserListQuery = z.object({ status: UserStatus.optional() });
export const UserList = z.object({ items: z.array(User) });

export const InviteBody = z.object({
  email,
  name,
  role: Role,
  /** The invitee's UI language; the workspace's default when left out. */
  language: Language.optional(),
});
export type InviteBody = z.infer<typeof InviteBody>;

/** The invitation link is shown once to the admin, who passes it on (e-mail delivery comes later). */
export const InviteResult = z.object({ user: User, inviteUrl: z.string(), expiresAt: z.string() });
export type InviteResult = z.infer<typeof InviteResult>;

export const AcceptInviteBody = z.object({
  token: z.string().min(1).max(300),
  password: z.string().min(LIMITS.passwordMin).max(200),
  name: name.optional(),
});
export type AcceptInviteBody = z.infer<typeof AcceptInviteBody>;

/** What the sign-in page needs after an accepted invitation. */
export const AcceptInviteResult = z.object({ email: z.string(), workspace: z.object({ slug: z.string(), name: z.string() }) });

export const UserPatch = z.object({ role: Role.optional(), name: name.optional(), language: Language.optional() });
export type UserPatch = z.infer<typeof UserPatch>;

// ---- teams -----------------------------------------------------------------------------------------------------

export const Team = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  members: z.array(UserRef),
  createdAt: z.string(),
});
export type Team = z.infer<typeof Team>;
export const TeamList = z.object({ items: z.array(Team) });

const teamName = z.string().trim().min(1).max(100);
const teamDescription = z.string().trim().max(1000);
const userIds = z.array(z.uuid()).max(1000);

export const TeamInput = z.object({ name: teamName, description: teamDescription.optional(), memberIds: userIds.optional() });
export type TeamInput = z.infer<typeof TeamInput>;
/** Only the fields sent change; a null description clears it. */
export const TeamPatch = z.object({ name: teamName.optional(), description: teamDescription.nullable().optional() });
export type TeamPatch = z.infer<typeof TeamPatch>;
/** The complete set of members (replaces the current one). */
export const TeamMembersBody = z.object({ userIds });

// ---- API tokens ------------------------------------------------------------------------------------------------

export const ApiToken = z.object({
  id: z.uuid(),
  name: z.string(),
  owner: UserRef,
  /** False when revoked or when the owner is not an active user. */
  active: z.boolean(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiToken = z.infer<typeof ApiToken>;
export const ApiTokenList = z.object({ items: z.array(ApiToken) });

export const ApiTokenInput = z.object({
  name: z.string().trim().min(1).max(100),
  /** The user the token acts as (an active user of the workspace); the creator when left out. */
  userId: z.uuid().optional(),
});
/** The secret is returned only here, once; the server keeps only its hash. Send it as `Authorization: Bearer <secret>`. */
export const ApiTokenCreated = ApiToken.extend({ secret: z.string() });

// ---- audit log -------------------------------------------------------------------------------------------------

export const AuditQuery = PageQuery.extend({
  entityType: z.string().trim().max(64).optional(),
  entityId: z.uuid().optional(),
  actorId: z.uuid().optional(),
  /** An event type, e.g. `contact.updated`. */
  action: z.string().trim().max(64).optional(),
  /** Inclusive bounds; a date alone means that whole day (UTC). */
  from: isoDateTime.or(z.iso.date()).optional(),
  to: isoDateTime.or(z.iso.date()).optional(),
});
export type AuditQuery = z.input<typeof AuditQuery>;

export const AuditEntry = z.object({
  eventId: z.uuid(),
  at: z.string(),
  /** The user who acted; null for the system and for users deleted since. */
  actor: UserRef.nullable(),
  actorId: z.uuid().nullable(),
  actorKind: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.uuid(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;
export const AuditPage = pageOf(AuditEntry);

// ---- custom field definitions (the field shapes are in contacts.ts) ----------------------------------------------

export const CustomFieldListQuery = z.object({ entity: z.enum(['contact', 'company']).optional() });
export const CustomFieldList = z.object({ items: z.array(CustomField) });
/** `force=true` removes select options even when records use them (their values are cleared). */
export const ForceQuery = z.object({ force: z.enum(['true', 'false']).optional() });

// ---- outbound webhooks -----------------------------------------------------------------------------------------

/** An event type a webhook subscribes to, or `*` for every event. */
export const WebhookEventType = z.union([z.enum(EVENT_TYPES), z.literal('*')]);
const webhookUrl = z.string().trim().max(LIMITS.url).pipe(z.url({ protocol: /^https?$/ }));
const webhookEventTypes = z.array(WebhookEventType).min(1).max(EVENT_TYPES.length)
  .refine((a) => !a.includes('*') || a.length === 1, '`*` subscribes to every event and stands alone')
  .transform((a) => [...new Set(a)]);

export const WebhookInput = z.object({ url: webhookUrl, eventTypes: webhookEventTypes, active: z.boolean().optional() });
export type WebhookInput = z.infer<typeof WebhookInput>;
export const WebhookPatch = z.object({ url: webhookUrl.optional(), eventTypes: webhookEventTypes.optional(), active: z.boolean().optional() });
export type WebhookPatch = z.infer<typeof WebhookPatch>;

export const Webhook = z.object({
  id: z.uuid(),
  url: z.string(),
  eventTypes: z.array(z.string()),
  active: z.boolean(),
  createdAt: z.string(),
});
export type Webhook = z.infer<typeof Webhook>;
export const WebhookList = z.object({ items: z.array(Webhook) });
/** The signing secret is returned only here, once. */
export const WebhookCreated = Webhook.extend({ secret: z.string() });

/**
 * pending: queued; delivered: the receiver answered 2xx; retrying: the last attempt failed and another is scheduled
 * at nextRetryAt; failed: every attempt failed.
 */
export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'retrying', 'failed'] as const;
export const WebhookDeliveryStatus = z.enum(WEBHOOK_DELIVERY_STATUSES);
export type WebhookDeliveryStatus = z.infer<typeof WebhookDeliveryStatus>;

export const WebhookDelivery = z.object({
  id: z.uuid(),
  eventId: z.uuid(),
  /** An event type, or `ping` for a test delivery. */
  eventType: z.string(),
  status: WebhookDeliveryStatus,
  attempts: z.number().int(),
  responseCode: z.number().int().nullable(),
  error: z.string().nullable(),
  nextRetryAt: z.string().nullable(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;
export const WebhookDeliveryPage = pageOf(WebhookDelivery);
export const WebhookDeliveryQuery = PageQuery.extend({ status: WebhookDeliveryStatus.optional() });
export const WebhookDeliveryParams = z.object({ id: z.uuid(), deliveryId: z.uuid() });

/**
 * The JSON body of every webhook request. Headers: `X-Parley-Event` (the type), `X-Parley-Delivery` (the delivery
 * id: the same on every retry, use it to drop duplicates), `X-Parley-Timestamp` (unix seconds) and
 * `X-Parley-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>" keyed with the webhook's secret>`.
 */
export const WebhookPayload = z.object({
  id: z.uuid(),
  type: z.string(),
  occurredAt: z.string(),
  workspaceId: z.uuid(),
  subject: z.object({ type: z.string(), id: z.uuid() }),
  data: z.record(z.string(), z.unknown()),
});
export type WebhookPayload = z.infer<typeof WebhookPayload>;
