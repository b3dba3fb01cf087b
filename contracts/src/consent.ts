import { z } from 'zod';
import { UserRef } from './common.ts';

/** Limits of consent purposes and the ledger, enforced by the server and the web app. */
export const CONSENT_LIMITS = {
  purposeKey: 63,
  title: 200,
  wording: 5000,
  note: 500,
  /** Purposes per workspace, archived ones included. */
  purposesPerWorkspace: 100,
  /** Ledger entries of one person returned with their consents (newest first); the rest is flagged as truncated. */
  history: 500,
  /** How long a double opt-in confirmation link works. */
  confirmLinkDays: 7,
  /** How long a withdrawal link in a mail works (people keep mails for years). */
  withdrawLinkDays: 3 * 365,
} as const;

/** Legal bases of processing (GDPR Art. 6 (1) a, b, f). */
export const LEGAL_BASES = ['consent', 'contract', 'legitimate_interest'] as const;
export const LegalBasis = z.enum(LEGAL_BASES);
export type LegalBasis = z.infer<typeof LegalBasis>;

/**
 * Where a ledger entry came from: a web form, customer sign-on, an import, an agent on the person's behalf, or a
 * link in a mail Parley sent (double opt-in confirmation, withdrawal).
 */
export const CONSENT_SOURCES = ['form', 'sign_on', 'import', 'agent', 'email_link'] as const;
export const ConsentSource = z.enum(CONSENT_SOURCES);
export type ConsentSource = z.infer<typeof ConsentSource>;

/** The sources staff may choose when recording on a person's behalf (email_link is the person's own click). */
export const ON_BEHALF_SOURCES = ['agent', 'form', 'sign_on', 'import'] as const;

/** Ledger actions: a double opt-in request (pending until confirmed), a grant, a withdrawal. */
export const CONSENT_ACTIONS = ['request', 'grant', 'withdraw'] as const;
export const ConsentAction = z.enum(CONSENT_ACTIONS);
export type ConsentAction = z.infer<typeof ConsentAction>;

/** Where a person stands on a purpose; only `granted` counts as consent (pending = waiting for the confirmation). */
export const CONSENT_STATUSES = ['granted', 'pending', 'withdrawn', 'none'] as const;
export const ConsentStatus = z.enum(CONSENT_STATUSES);
export type ConsentStatus = z.infer<typeof ConsentStatus>;

/** The purposes every new workspace starts with. */
export const DEFAULT_PURPOSE_KEYS = ['newsletter', 'social_enrichment', 'tracking', 'profiling'] as const;

const localized = (max: number) => z.object({ de: z.string().trim().min(1).max(max), en: z.string().trim().min(1).max(max) });
export const LocalizedTitle = localized(CONSENT_LIMITS.title);
export const LocalizedWording = localized(CONSENT_LIMITS.wording);
export type Localized = z.infer<typeof LocalizedTitle>;

export const PurposeKey = z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'lower-case letters, digits and _ ; starting with a letter');

export const ConsentPurposeInput = z.object({
  key: PurposeKey,
  legalBasis: LegalBasis.default('consent'),
  /** Grants become `pending` until the person confirms by e-mail. */
  doubleOptIn: z.boolean().default(false),
  title: LocalizedTitle,
  wording: LocalizedWording,
});
export type ConsentPurposeInput = z.input<typeof ConsentPurposeInput>;

/** Changes to a purpose; a changed title or wording writes a new version (people consented to the old one keep it). */
export const ConsentPurposePatch = z.object({
  legalBasis: LegalBasis.optional(),
  doubleOptIn: z.boolean().optional(),
  title: LocalizedTitle.optional(),
  wording: LocalizedWording.optional(),
  /** Archived purposes take no new grants; withdrawals and the ledger stay. */
  archived: z.boolean().optional(),
});
export type ConsentPurposePatch = z.input<typeof ConsentPurposePatch>;

export const ConsentPurposeVersion = z.object({
  version: z.number().int(),
  title: z.object({ de: z.string(), en: z.string() }),
  wording: z.object({ de: z.string(), en: z.string() }),
  createdBy: UserRef.nullable(),
  createdAt: z.string(),
});
export type ConsentPurposeVersion = z.infer<typeof ConsentPurposeVersion>;

/** A purpose with the title and wording of its current version; `versions` (newest first) only on the single read. */
export const ConsentPurpose = z.object({
  id: z.uuid(),
  key: z.string(),
  legalBasis: LegalBasis,
  doubleOptIn: z.boolean(),
  currentVersion: z.number().int(),
  title: z.object({ de: z.string(), en: z.string() }),
  wording: z.object({ de: z.string(), en: z.string() }),
  archivedAt: z.string().nullable(),
  createdAt: z.string(),
  versions: z.array(ConsentPurposeVersion).optional(),
});
export type ConsentPurpose = z.infer<typeof ConsentPurpose>;

export const ConsentPurposeList = z.object({ items: z.array(ConsentPurpose) });
export const ConsentPurposeListQuery = z.object({ includeArchived: z.enum(['true', 'false']).transform((v) => v === 'true').optional() });

/**
 * Evidence kept with a ledger entry. For a double opt-in confirmation: when, the requester's IP as a salted SHA-256
 * hash (never the address), the browser's user agent and the request it confirms; other sources name what they have.
 */
export const ConsentProof = z.object({
  /** How the person acted: double_opt_in (confirmation link), password_sign_up, sign_on, … */
  method: z.string().max(50).optional(),
  /** The ledger entry (a `request`) a confirmation answers. */
  requestId: z.uuid().optional(),
  /** Where the confirmation mail went. */
  sentTo: z.string().max(254).optional(),
  confirmedAt: z.string().optional(),
  ipHash: z.string().max(128).optional(),
  userAgent: z.string().max(500).optional(),
  /** The form, import or sign-on provider the entry came through. */
  formId: z.string().max(100).optional(),
  importId: z.string().max(100).optional(),
  providerId: z.string().max(100).optional(),
  /** The customer account the person acted through (sign-up, sign-on). */
  accountId: z.string().max(100).optional(),
  /** The e-mail address was verified by other means (a sign-on provider), so no confirmation mail was needed. */
  emailVerified: z.boolean().optional(),
  note: z.string().max(CONSENT_LIMITS.note).optional(),
});
export type ConsentProof = z.infer<typeof ConsentProof>;

/** One entry of the ledger; entries are never changed or removed (except by erasure of the person). */
export const ConsentRecord = z.object({
  id: z.uuid(),
  purpose: z.object({ id: z.uuid(), key: z.string() }),
  action: ConsentAction,
  legalBasis: LegalBasis,
  source: ConsentSource,
  wordingVersion: z.number().int(),
  proof: ConsentProof,
  actor: UserRef.nullable(),
  at: z.string(),
});
export type ConsentRecord = z.infer<typeof ConsentRecord>;

/** A person's standing on one purpose. */
export const PurposeConsent = z.object({
  purpose: ConsentPurpose.omit({ versions: true }),
  status: ConsentStatus,
  /** When the status began; null for `none`. */
  since: z.string().nullable(),
  /** The wording version the status refers to (null for `none`). */
  wordingVersion: z.number().int().nullable(),
  source: ConsentSource.nullable(),
});
export type PurposeConsent = z.infer<typeof PurposeConsent>;

/** Every purpose of the workspace with the person's status, and the person's ledger, newest first. */
export const PersonConsents = z.object({
  contactId: z.uuid(),
  /** The address a double opt-in mail would go to (null: such purposes cannot be granted). */
  email: z.string().nullable(),
  items: z.array(PurposeConsent),
  history: z.array(ConsentRecord),
  /** More than CONSENT_LIMITS.history entries exist; the oldest are left out. */
  historyTruncated: z.boolean(),
});
export type PersonConsents = z.infer<typeof PersonConsents>;

/** Staff record a grant on the person's behalf; a double opt-in purpose becomes pending and a confirmation mail goes out. */
export const GrantConsentBody = z.object({
  purposeKey: PurposeKey,
  source: z.enum(ON_BEHALF_SOURCES).default('agent'),
  note: z.string().trim().max(CONSENT_LIMITS.note).optional(),
});
export type GrantConsentBody = z.input<typeof GrantConsentBody>;

/** Staff record a withdrawal (e.g. the person asked on the phone); effective at once. */
export const WithdrawConsentBody = z.object({
  purposeKey: PurposeKey,
  source: z.enum(ON_BEHALF_SOURCES).default('agent'),
  note: z.string().trim().max(CONSENT_LIMITS.note).optional(),
});
export type WithdrawConsentBody = z.input<typeof WithdrawConsentBody>;

/** The signed token of a confirmation or withdrawal link (also accepted in a form body). */
export const ConsentLinkQuery = z.object({ token: z.string().max(2000).optional() });
