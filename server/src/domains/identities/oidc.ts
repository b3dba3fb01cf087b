import { createHash } from 'node:crypto';
import * as oidc from 'openid-client';
import { AppError, Validation } from '../../lib/errors.ts';

// The OpenID Connect client side, all through openid-client (a certified relying party): discovery, the
// authorization URL with state, nonce and PKCE (S256), and the code exchange, which checks state, the ID token's
// signature, issuer, audience, expiry and nonce, and sends the PKCE verifier.

/** What a sign-on needs of a provider's settings. */
export interface ProviderSettings {
  id: string;
  issuer: string;
  clientId: string;
  clientSecret: string | null;
}

/** The claims a sign-on goes on, normalised (e-mail lower-case, email_verified a boolean). */
export interface SignOnClaims {
  issuer: string;
  sub: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
  givenName: string | null;
  familyName: string | null;
  picture: string | null;
  locale: string | null;
}

/** A sign-on that ended without a person: a stable code for the sign-in page, the cause for the log. */
export class SignOnFailed extends AppError {
  constructor(code: string, message: string, readonly reason?: string) { super(400, code, message); }
}

const CACHE_MS = 10 * 60_000;
const cache = new Map<string, { config: Promise<oidc.Configuration>; at: number }>();
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The provider's configuration from its discovery document, cached for a few minutes per provider and settings.
 * Plain http is allowed only on the loopback interface (a Keycloak in development, the tests' provider).
 */
export function configurationOf(p: ProviderSettings, opts: { fresh?: boolean } = {}): Promise<oidc.Configuration> {
  const key = [p.id, p.issuer, p.clientId, createHash('sha256').update(p.clientSecret ?? '').digest('base64url')].join('\n');
  const hit = cache.get(key);
  if (hit && !opts.fresh && Date.now() - hit.at < CACHE_MS) return hit.config;
  const config = discover(p);
  cache.set(key, { config, at: Date.now() });
  config.catch(() => cache.delete(key));
  return config;
}

async function discover(p: ProviderSettings): Promise<oidc.Configuration> {
  const url = new URL(p.issuer);
  const insecure = url.protocol === 'http:';
  if (insecure && !LOOPBACK.has(url.hostname)) throw new Validation('issuer_insecure', 'The issuer must use https (plain http only on localhost)', { field: 'issuer' });
  const execute = insecure ? [oidc.allowInsecureRequests] : [];
  let config: oidc.Configuration;
  try {
    config = await oidc.discovery(url, p.clientId, p.clientSecret ?? undefined, p.clientSecret ? oidc.ClientSecretPost(p.clientSecret) : oidc.None(), { execute, timeout: 10 });
  } catch (err) {
    throw new Validation('issuer_discovery_failed', `The OpenID configuration of ${p.issuer} could not be read: ${describe(err)}`, { field: 'issuer' });
  }
  const methods = config.serverMetadata().token_endpoint_auth_methods_supported;
  // client_secret_post is what most providers take (Apple and LinkedIn only that); the spec's default is basic.
  if (p.clientSecret && methods && !methods.includes('client_secret_post') && methods.includes('client_secret_basic')) {
    config = new oidc.Configuration(config.serverMetadata(), p.clientId, p.clientSecret, oidc.ClientSecretBasic(p.clientSecret));
    if (insecure) oidc.allowInsecureRequests(config);
  }
  config.timeout = 10;
  return config;
}

/** Forgets a provider's cached configuration (after its settings changed). */
export function forgetConfiguration(providerId: string): void {
  for (const key of cache.keys()) if (key.startsWith(`${providerId}\n`)) cache.delete(key);
}

/** Fresh state, nonce and PKCE verifier with its S256 challenge. */
export async function newChecks(): Promise<{ state: string; nonce: string; codeVerifier: string; codeChallenge: string }> {
  const codeVerifier = oidc.randomPKCECodeVerifier();
  return { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier, codeChallenge: await oidc.calculatePKCECodeChallenge(codeVerifier) };
}

/** The provider's authorization URL for this attempt. */
export function authorizationUrl(config: oidc.Configuration, a: { redirectUri: string; scopes: string; state: string; nonce: string; codeChallenge: string; formPost: boolean; locale?: string }): string {
  const params: Record<string, string> = {
    redirect_uri: a.redirectUri, scope: a.scopes, state: a.state, nonce: a.nonce,
    code_challenge: a.codeChallenge, code_challenge_method: 'S256', response_type: 'code',
  };
  // Apple sends the name and e-mail only as a form POST back.
  if (a.formPost) params.response_mode = 'form_post';
  if (a.locale) params.ui_locales = a.locale;
  return oidc.buildAuthorizationUrl(config, params).href;
}

/**
 * Exchanges the code of the provider's answer (the callback URL with its parameters) for tokens, with every check of
 * openid-client; the claims come from the ID token, the e-mail from the userinfo endpoint when the token lacks it.
 */
export async function exchangeCode(config: oidc.Configuration, callback: URL, checks: { state: string; nonce: string; codeVerifier: string }): Promise<SignOnClaims> {
  let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
  try {
    tokens = await oidc.authorizationCodeGrant(config, callback, {
      expectedState: checks.state, expectedNonce: checks.nonce, pkceCodeVerifier: checks.codeVerifier, idTokenExpected: true,
    });
  } catch (err) {
    if (err instanceof oidc.AuthorizationResponseError && err.error === 'access_denied') {
      throw new SignOnFailed('sign_on_cancelled', 'Signing in was cancelled at the provider', describe(err));
    }
    throw new SignOnFailed('sign_on_failed', 'The provider’s answer could not be verified', describe(err));
  }
  const id = tokens.claims();
  if (!id) throw new SignOnFailed('sign_on_failed', 'The provider sent no ID token');
  let claims: Record<string, unknown> = { ...id };
  if (typeof id.email !== 'string' && tokens.access_token && config.serverMetadata().userinfo_endpoint) {
    try {
      claims = { ...(await oidc.fetchUserInfo(config, tokens.access_token, id.sub)), ...id };
    } catch (err) {
      throw new SignOnFailed('sign_on_failed', 'The provider’s user information could not be read', describe(err));
    }
  }
  const str = (k: string) => (typeof claims[k] === 'string' && (claims[k] as string).trim() ? (claims[k] as string).trim() : null);
  const email = str('email')?.toLowerCase() ?? null;
  return {
    issuer: String(id.iss), sub: id.sub, email,
    // Apple sends "true" as a string. Microsoft Entra sends no email_verified; its optional claim xms_edov says the
    // address's domain is verified by the tenant that owns it (without it, any tenant could claim any address).
    emailVerified: email !== null && [claims.email_verified, claims.xms_edov].some((v) => v === true || v === 'true' || v === 1 || v === '1'),
    name: str('name'), givenName: str('given_name'), familyName: str('family_name'), picture: str('picture'), locale: str('locale'),
  };
}

function describe(err: unknown): string {
  if (err instanceof oidc.ResponseBodyError || err instanceof oidc.AuthorizationResponseError) return `${err.error}${err.error_description ? `: ${err.error_description}` : ''}`;
  const e = err as { message?: string; code?: string; cause?: { message?: string; code?: string } };
  return [e.code, e.message, e.cause?.code ?? e.cause?.message].filter(Boolean).join(' – ').slice(0, 300) || 'unknown error';
}
