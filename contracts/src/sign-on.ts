import { z } from 'zod';
import { Language } from './common.ts';
import { LIMITS } from './limits.ts';

// Sign-on with OpenID Connect providers (customers in the community, staff in the back office) and customer accounts
// with e-mail and password.

/** Limits of sign-on settings and flows, enforced by the server and the web app. */
export const SIGN_ON_LIMITS = {
  name: 100,
  clientId: 500,
  /** Apple's client secret is a signed JWT of some 400 characters; room to spare. */
  clientSecret: 4000,
  scopes: 500,
  providersPerWorkspace: 20,
  /** How long a sign-on may take at the provider (state, nonce and PKCE verifier are kept this long). */
  attemptMinutes: 10,
  /** How long the first sign-on page (consent) waits for the person after they come back from the provider. */
  pendingMinutes: 30,
  displayName: 200,
  returnTo: 500,
} as const;

export const SIGN_ON_AUDIENCES = ['customer', 'staff'] as const;
export const SignOnAudience = z.enum(SIGN_ON_AUDIENCES);
export type SignOnAudience = z.infer<typeof SignOnAudience>;

/** Known providers prefill their issuer; `oidc` is any other OpenID Connect issuer (Keycloak, Auth0, Zitadel, …). */
export const SIGN_ON_KINDS = ['google', 'microsoft', 'apple', 'linkedin', 'facebook', 'oidc'] as const;
export const SignOnKind = z.enum(SIGN_ON_KINDS);
export type SignOnKind = z.infer<typeof SignOnKind>;

/** The issuer of each known provider (Microsoft: every tenant and personal accounts). */
export const KNOWN_ISSUERS: Readonly<Record<Exclude<SignOnKind, 'oidc'>, string>> = {
  google: 'https://accounts.google.com',
  microsoft: 'https://login.microsoftonline.com/common/v2.0',
  apple: 'https://appleid.apple.com',
  linkedin: 'https://www.linkedin.com/oauth',
  facebook: 'https://www.facebook.com',
};

/** Scopes asked for by default; Apple knows no `profile` scope and calls it `name`. */
export function defaultScopes(kind: SignOnKind): string {
  return kind === 'apple' ? 'openid email name' : 'openid email profile';
}

/** Error codes a sign-on ends with (shown on the sign-in page after the redirect back). */
export const SIGN_ON_ERRORS = [
  'sign_on_state_invalid', 'sign_on_failed', 'sign_on_cancelled', 'sign_on_email_missing', 'sign_on_email_in_use',
  'sign_on_email_unverified', 'sign_on_no_user', 'provider_not_found', 'account_disabled',
] as const;
export type SignOnError = (typeof SIGN_ON_ERRORS)[number];

const issuer = z.url({ protocol: /^https?$/ }).max(LIMITS.url);
const scopes = z.string().trim().max(SIGN_ON_LIMITS.scopes).regex(/^[\x21-\x7e]+( [\x21-\x7e]+)*$/, 'space-separated scope names')
  .refine((s) => s.split(' ').includes('openid'), 'must include openid');

export const SignOnProviderInput = z.object({
  audience: SignOnAudience,
  kind: SignOnKind,
  name: z.string().trim().min(1).max(SIGN_ON_LIMITS.name),
  /** Required for `oidc`; the known kinds use their own issuer when left out. */
  issuer: issuer.optional(),
  clientId: z.string().trim().min(1).max(SIGN_ON_LIMITS.clientId),
  /** Write-only: stored encrypted, never sent back. Left out for public clients (PKCE only). */
  clientSecret: z.string().min(1).max(SIGN_ON_LIMITS.clientSecret).optional(),
  scopes: scopes.optional(),
  enabled: z.boolean().default(true),
});
export type SignOnProviderInput = z.input<typeof SignOnProviderInput>;

/** Changes to a provider; `clientSecret: null` removes the secret, leaving it out keeps it. */
export const SignOnProviderPatch = z.object({
  name: z.string().trim().min(1).max(SIGN_ON_LIMITS.name).optional(),
  issuer: issuer.optional(),
  clientId: z.string().trim().min(1).max(SIGN_ON_LIMITS.clientId).optional(),
  clientSecret: z.string().min(1).max(SIGN_ON_LIMITS.clientSecret).nullable().optional(),
  scopes: scopes.optional(),
  enabled: z.boolean().optional(),
});
export type SignOnProviderPatch = z.input<typeof SignOnProviderPatch>;

/** A provider as the settings page sees it: never the secret, only whether there is one. */
export const SignOnProvider = z.object({
  id: z.uuid(),
  audience: SignOnAudience,
  kind: SignOnKind,
  name: z.string(),
  issuer: z.string(),
  clientId: z.string(),
  hasSecret: z.boolean(),
  scopes: z.string(),
  enabled: z.boolean(),
  /** The redirect URI to register at the provider. */
  redirectUri: z.string(),
  createdAt: z.string(),
});
export type SignOnProvider = z.infer<typeof SignOnProvider>;

export const SignOnProviderList = z.object({ items: z.array(SignOnProvider) });

/** A button on a sign-in page: an enabled provider of the workspace, with the address that starts signing in. */
export const SignOnButton = z.object({ id: z.uuid(), kind: SignOnKind, name: z.string(), startUrl: z.string() });
export type SignOnButton = z.infer<typeof SignOnButton>;

export const SignOnButtons = z.object({
  /** The workspace the buttons belong to; null when the staff sign-in page cannot tell (several workspaces, none named). */
  workspace: z.object({ slug: z.string(), name: z.string() }).nullable(),
  items: z.array(SignOnButton),
});
export type SignOnButtons = z.infer<typeof SignOnButtons>;

export const WorkspaceSlugParams = z.object({ slug: z.string().min(1).max(100) });
export const StaffButtonsQuery = z.object({ workspace: z.string().max(100).optional() });

/** Where to go after signing in: a path of this site only (never another host). */
export const ReturnTo = z.string().max(SIGN_ON_LIMITS.returnTo).regex(/^\/(?![/\\])[^\s]*$/, 'a path of this site');

export const SignOnStartParams = z.object({ slug: z.string().min(1).max(100), providerId: z.uuid() });
export const SignOnStartQuery = z.object({
  returnTo: ReturnTo.optional(),
  /** Purposes ticked on the sign-in page before going to the provider: pre-ticked on the first sign-on page. */
  purposes: z.union([z.string(), z.array(z.string())]).optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : v.split(',')).filter(Boolean).slice(0, 50).map((k) => k.slice(0, 63))),
});

// ---- customers -------------------------------------------------------------------------------------------------

const email = z.string().trim().toLowerCase().max(LIMITS.email).pipe(z.email());
const purposeKeys = z.array(z.string().max(63)).max(50).default([]);

/** A purpose the first sign-on page (and the sign-up form) asks about, in the person's language. */
export const SignOnPurpose = z.object({
  key: z.string(),
  title: z.string(),
  wording: z.string(),
  version: z.number().int(),
  /** Ticked before the person went to the provider. */
  checked: z.boolean(),
});
export type SignOnPurpose = z.infer<typeof SignOnPurpose>;

export const LanguageQuery = z.object({ lang: Language.optional() });

export const CustomerPurposes = z.object({
  workspace: z.object({ slug: z.string(), name: z.string() }),
  purposes: z.array(SignOnPurpose),
});
export type CustomerPurposes = z.infer<typeof CustomerPurposes>;

/** The first sign-on page: who came back from which provider, and the purposes to ask. */
export const PendingSignOn = CustomerPurposes.extend({
  provider: z.object({ kind: SignOnKind, name: z.string() }),
  email: z.string(),
  emailVerified: z.boolean(),
  displayName: z.string().nullable(),
});
export type PendingSignOn = z.infer<typeof PendingSignOn>;

export const CompleteSignOnBody = z.object({ purposes: purposeKeys });

export const CustomerSignUpBody = z.object({
  email,
  password: z.string().min(LIMITS.passwordMin).max(200),
  displayName: z.string().trim().min(1).max(SIGN_ON_LIMITS.displayName).optional(),
  language: Language.optional(),
  purposes: purposeKeys,
});
export type CustomerSignUpBody = z.input<typeof CustomerSignUpBody>;

export const CustomerSignInBody = z.object({ email, password: z.string().min(1).max(200) });
export type CustomerSignInBody = z.infer<typeof CustomerSignInBody>;

export const VerifyEmailBody = z.object({ token: z.string().min(1).max(2000) });

/** The signed-in customer (never a password hash or session token). */
export const CustomerMe = z.object({
  account: z.object({
    id: z.uuid(),
    email: z.string(),
    emailVerified: z.boolean(),
    displayName: z.string().nullable(),
    /** False for accounts made by sign-on only. */
    hasPassword: z.boolean(),
  }),
  workspace: z.object({ slug: z.string(), name: z.string() }),
  /** Where the web app goes next (after the first sign-on page). */
  returnTo: z.string().nullable(),
});
export type CustomerMe = z.infer<typeof CustomerMe>;
