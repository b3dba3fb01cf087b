import { z } from 'zod';
import { UserRef } from './common.ts';
import { Contact } from './contacts.ts';

/**
 * Where an identity lives: social networks, e-mail, the company's community, and sign-on providers. A sign-on
 * identity is its own network (a Facebook Login user id is app-scoped and differs from the same person's page-scoped
 * Messenger id, so they cannot be one identity).
 */
export const NETWORKS = [
  'facebook', 'instagram', 'x', 'linkedin', 'xing', 'mastodon', 'bluesky', 'email', 'community',
  'google', 'apple', 'microsoft', 'oidc', 'api',
] as const;
export const Network = z.enum(NETWORKS);
export type Network = z.infer<typeof Network>;

/** How a link of an identity to a person came about, the evidence kind shown on the person's page. */
export const LINK_METHODS = ['sign_on', 'email_match', 'phone_match', 'agent', 'probabilistic'] as const;
export const LinkMethod = z.enum(LINK_METHODS);
export type LinkMethod = z.infer<typeof LinkMethod>;

export const IDENTITY_LIMITS = { externalId: 512, handle: 200, displayName: 300, url: 2000, reason: 500 } as const;

/** A link of an identity to a person, with its evidence; undone links stay in the history. */
export const IdentityLink = z.object({
  id: z.uuid(),
  contactId: z.uuid(),
  method: LinkMethod,
  /** Match probability for probabilistic links. */
  score: z.number().nullable(),
  /** What supported the link: the sign-on subject and issuer, the e-mail that matched, the fields that agreed… */
  evidence: z.record(z.string(), z.unknown()),
  by: UserRef.nullable(),
  at: z.string(),
  undoneAt: z.string().nullable(),
  undoneBy: UserRef.nullable(),
  undoReason: z.string().nullable(),
});
export type IdentityLink = z.infer<typeof IdentityLink>;

export const Identity = z.object({
  id: z.uuid(),
  network: Network,
  externalId: z.string(),
  handle: z.string().nullable(),
  displayName: z.string().nullable(),
  profileUrl: z.string().nullable(),
  avatarUrl: z.string().nullable(),
  /** What the network sent with the person's own messages (followers, bio, location, language). */
  profile: z.record(z.string(), z.unknown()),
  /** Data fetched from the network; present only while the linked person grants `social_enrichment`. */
  enrichment: z.record(z.string(), z.unknown()).nullable(),
  enrichedAt: z.string().nullable(),
  contactId: z.uuid().nullable(),
  /**
   * B2B: the employer a LinkedIn or Xing profile names, with the company of that name if Parley has one and whether
   * the person is linked to it already. Linking the person to it is a suggestion a user confirms.
   */
  employer: z.object({ name: z.string(), companyId: z.uuid().nullable(), current: z.boolean() }).nullable(),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  /** Every link, newest first: the current one (undoneAt null) and the undone ones. */
  links: z.array(IdentityLink),
});
export type Identity = z.infer<typeof Identity>;

export const IdentityList = z.object({ items: z.array(Identity) });

export const IdentityInput = z.object({
  network: Network,
  externalId: z.string().trim().min(1).max(IDENTITY_LIMITS.externalId),
  handle: z.string().trim().max(IDENTITY_LIMITS.handle).nullable().optional(),
  displayName: z.string().trim().max(IDENTITY_LIMITS.displayName).nullable().optional(),
  profileUrl: z.url().max(IDENTITY_LIMITS.url).nullable().optional(),
  avatarUrl: z.url().max(IDENTITY_LIMITS.url).nullable().optional(),
  profile: z.record(z.string(), z.unknown()).optional(),
});
export type IdentityInput = z.infer<typeof IdentityInput>;

/** An agent adds an identity they know belongs to this person (e.g. from a conversation): linked with method `agent`. */
export const AddIdentityInput = IdentityInput.extend({
  note: z.string().trim().max(IDENTITY_LIMITS.reason).optional(),
});

export const LinkInput = z.object({
  contactId: z.uuid(),
  note: z.string().trim().max(IDENTITY_LIMITS.reason).optional(),
});

export const UnlinkInput = z.object({
  reason: z.string().trim().max(IDENTITY_LIMITS.reason).optional(),
});

export const IdentityListQuery = z.object({
  network: Network.optional(),
  linked: z.enum(['true', 'false']).optional(),
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

export const IdentityPage = z.object({ items: z.array(Identity), nextCursor: z.string().nullable() });

export const MATCH_STATUSES = ['open', 'linked', 'rejected'] as const;
export const MatchStatus = z.enum(MATCH_STATUSES);

/** One field of a match explanation: how it compared and how much that weighed (log2 Bayes factor). */
export const MatchField = z.object({
  comparison: z.string(),
  level: z.string(),
  weight: z.number(),
  values: z.tuple([z.string(), z.string()]),
});

/**
 * A proposed match in the review queue: an identity (or, for dedupe, a person) that is probably the given person,
 * with the probability and what agreed how much.
 */
export const MatchCandidate = z.object({
  id: z.uuid(),
  subjectType: z.enum(['identity', 'contact']),
  /** The identity when subjectType is identity. */
  identity: Identity.omit({ links: true }).nullable(),
  /** The other person when subjectType is contact (a probable duplicate). */
  subjectContact: Contact.nullable(),
  /** The person it probably is. */
  contact: Contact.nullable(),
  probability: z.number(),
  fields: z.array(MatchField),
  /** For probable duplicate people: the cluster the pair belongs to (people connected by matches), so a group of three is reviewed together. */
  cluster: z.object({ key: z.string(), size: z.number().int() }).nullable(),
  status: MatchStatus,
  decidedBy: UserRef.nullable(),
  decidedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type MatchCandidate = z.infer<typeof MatchCandidate>;

export const MatchListQuery = z.object({
  status: MatchStatus.default('open'),
  subjectType: z.enum(['identity', 'contact']).optional(),
  contactId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(500).optional(),
});

export const MatchPage = z.object({ items: z.array(MatchCandidate), nextCursor: z.string().nullable(), openCount: z.number().int() });
