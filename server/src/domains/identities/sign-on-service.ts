import {
  defaultScopes, KNOWN_ISSUERS, SIGN_ON_LIMITS,
  type SignOnAudience, type SignOnButtons, type SignOnProvider, type SignOnProviderInput, type SignOnProviderPatch,
} from '@parley/contracts/sign-on';
import type { Deps } from '../../deps.ts';
import { emit } from '../../events/emit.ts';
import { AppError, Conflict, NotFound, Validation } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Actor } from '../../policies/actor.ts';
import { authorize } from '../../policies/authorize.ts';
import * as workspaceService from '../workspace/service.ts';
import { authorizationUrl, configurationOf, exchangeCode, forgetConfiguration, newChecks, SignOnFailed, type SignOnClaims } from './oidc.ts';
import { presentButton, presentProvider, providerAudit, redirectUriOf } from './sign-on-presenter.ts';
import * as repo from './sign-on-repo.ts';

// Sign-on providers (settings) and the parts of a sign-on both audiences share: starting it at the provider, and
// verifying the provider's answer. What follows for customers is in customer-sign-on.ts; staff are handled here.

type Workspace = NonNullable<Awaited<ReturnType<typeof workspaceService.findWorkspaceBySlug>>>;

// ---- provider settings (admins) ------------------------------------------------------------------------------------

/** Every sign-on provider of the workspace, both audiences. */
export async function listProviders(deps: Deps, actor: Actor): Promise<SignOnProvider[]> {
  authorize(actor, 'sign_on:manage');
  const slug = await slugOf(deps, actor);
  return (await repo.listProviders(deps.db, actor.workspaceId)).map((p) => presentProvider(p, deps.config.publicUrl, slug));
}

/** A provider by id. */
export async function getProvider(deps: Deps, actor: Actor, id: string): Promise<SignOnProvider> {
  authorize(actor, 'sign_on:manage');
  return presentProvider(await findOwn(deps, actor, id), deps.config.publicUrl, await slugOf(deps, actor));
}

/** Adds a provider after reading its discovery document (a wrong issuer is refused with the reason). */
export async function createProvider(deps: Deps, actor: Actor, input: SignOnProviderInput): Promise<SignOnProvider> {
  authorize(actor, 'sign_on:manage');
  if (await repo.countProviders(deps.db, actor.workspaceId) >= SIGN_ON_LIMITS.providersPerWorkspace) {
    throw new Conflict('provider_limit', `A workspace has at most ${SIGN_ON_LIMITS.providersPerWorkspace} sign-on providers`);
  }
  const kind = input.kind;
  const issuer = input.issuer ?? (kind === 'oidc' ? undefined : KNOWN_ISSUERS[kind]);
  if (!issuer) throw new Validation('issuer_required', 'A generic OpenID Connect provider needs its issuer URL', { field: 'issuer' });
  const id = newId();
  await configurationOf({ id, issuer, clientId: input.clientId, clientSecret: input.clientSecret ?? null }, { fresh: true });
  const slug = await slugOf(deps, actor);
  return deps.db.transaction(async (tx) => {
    const row = await repo.insertProvider(tx, {
      workspaceId: actor.workspaceId, id, audience: input.audience, kind, name: input.name, issuer, clientId: input.clientId,
      clientSecretEnc: input.clientSecret ? deps.secrets.encrypt(input.clientSecret) : null,
      scopes: input.scopes ?? defaultScopes(kind), enabled: input.enabled ?? true,
    });
    await emit(tx, deps.queue, actor, { type: 'sign_on_provider.created', subject: { type: 'sign_on_provider', id }, payload: { after: providerAudit(row) } });
    return presentProvider(row, deps.config.publicUrl, slug);
  });
}

/** Changes a provider; a changed issuer, client id or secret is checked against the discovery document first. */
export async function updateProvider(deps: Deps, actor: Actor, id: string, patch: SignOnProviderPatch): Promise<SignOnProvider> {
  authorize(actor, 'sign_on:manage');
  const before = await findOwn(deps, actor, id);
  const set: Partial<repo.ProviderRow> = {};
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.issuer !== undefined) set.issuer = patch.issuer;
  if (patch.clientId !== undefined) set.clientId = patch.clientId;
  if (patch.scopes !== undefined) set.scopes = patch.scopes;
  if (patch.enabled !== undefined) set.enabled = patch.enabled;
  if (patch.clientSecret !== undefined) set.clientSecretEnc = patch.clientSecret === null ? null : deps.secrets.encrypt(patch.clientSecret);
  if (patch.issuer !== undefined || patch.clientId !== undefined || patch.clientSecret !== undefined) {
    const secret = patch.clientSecret !== undefined ? patch.clientSecret : secretOf(deps, before);
    await configurationOf({ id, issuer: set.issuer ?? before.issuer, clientId: set.clientId ?? before.clientId, clientSecret: secret }, { fresh: true });
  }
  const slug = await slugOf(deps, actor);
  const after = await deps.db.transaction(async (tx) => {
    const row = (await repo.updateProvider(tx, actor.workspaceId, id, set))!;
    await emit(tx, deps.queue, actor, { type: 'sign_on_provider.updated', subject: { type: 'sign_on_provider', id }, payload: { before: providerAudit(before), after: providerAudit(row) } });
    return row;
  });
  forgetConfiguration(id);
  return presentProvider(after, deps.config.publicUrl, slug);
}

/** Removes a provider; people who signed in with it keep their accounts and identities. */
export async function deleteProvider(deps: Deps, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'sign_on:manage');
  const before = await findOwn(deps, actor, id);
  await deps.db.transaction(async (tx) => {
    await repo.deleteProvider(tx, actor.workspaceId, id);
    await emit(tx, deps.queue, actor, { type: 'sign_on_provider.deleted', subject: { type: 'sign_on_provider', id }, payload: { before: providerAudit(before) } });
  });
  forgetConfiguration(id);
}

// ---- sign-in buttons (public) --------------------------------------------------------------------------------------

/** The staff sign-in page's buttons: the named workspace's, or the only workspace's when there is one. */
export async function staffButtons(deps: Deps, slug?: string): Promise<SignOnButtons> {
  const ws = await workspaceService.findWorkspaceBySlug(deps, slug);
  if (!ws) return { workspace: null, items: [] };
  const items = await repo.listProviders(deps.db, ws.id, { audience: 'staff', enabled: true });
  return { workspace: { slug: ws.slug, name: ws.name }, items: items.map((p) => presentButton(p, ws.slug)) };
}

/** The community sign-in page's buttons. */
export async function customerButtons(deps: Deps, slug: string): Promise<SignOnButtons> {
  const ws = await workspaceOf(deps, slug);
  const items = await repo.listProviders(deps.db, ws.id, { audience: 'customer', enabled: true });
  return { workspace: { slug: ws.slug, name: ws.name }, items: items.map((p) => presentButton(p, ws.slug)) };
}

// ---- the flow ------------------------------------------------------------------------------------------------------

/**
 * Starts signing in at a provider: state, nonce and PKCE verifier are kept on the server (one-time, a few minutes);
 * returns the provider's address and the state, which the caller also binds to the browser in a cookie.
 */
export async function startSignOn(deps: Deps, audience: SignOnAudience, slug: string, providerId: string, opts: { returnTo?: string | undefined; purposes?: string[]; locale?: string | undefined } = {}): Promise<{ url: string; state: string }> {
  const ws = await workspaceOf(deps, slug);
  const provider = await usableProvider(deps, ws.id, providerId, audience);
  const config = await configurationOf(settingsOf(deps, provider)).catch((err: unknown) => {
    deps.log.warn({ err, providerId }, 'sign-on: discovery failed');
    throw new SignOnFailed('sign_on_failed', 'The sign-on provider cannot be reached');
  });
  const checks = await newChecks();
  const now = new Date();
  await repo.insertAttempt(deps.db, {
    workspaceId: ws.id, state: checks.state, providerId, nonce: checks.nonce, codeVerifier: checks.codeVerifier,
    returnTo: opts.returnTo ?? null, purposes: opts.purposes ?? [],
    expiresAt: new Date(now.getTime() + SIGN_ON_LIMITS.attemptMinutes * 60_000), createdAt: now,
  }, now);
  const url = authorizationUrl(config, {
    redirectUri: redirectUriOf(deps.config.publicUrl, audience, ws.slug), scopes: provider.scopes, state: checks.state,
    nonce: checks.nonce, codeChallenge: checks.codeChallenge, formPost: provider.kind === 'apple', locale: opts.locale,
  });
  return { url, state: checks.state };
}

/** A verified answer of a provider: the workspace, provider, the consumed attempt and the ID token's claims. */
export interface VerifiedSignOn {
  workspace: Workspace;
  provider: repo.ProviderRow;
  attempt: repo.AttemptRow;
  claims: SignOnClaims;
}

/**
 * Verifies the provider's answer: the state must be the one this browser started with (cookie) and still be stored
 * (it is consumed here, so it works once); then openid-client exchanges the code, checking PKCE, nonce and the ID token.
 */
export async function verifyCallback(deps: Deps, audience: SignOnAudience, slug: string, params: URLSearchParams, boundState: string | undefined): Promise<VerifiedSignOn> {
  const ws = await workspaceOf(deps, slug);
  const state = params.get('state');
  if (!state || state !== boundState) throw new SignOnFailed('sign_on_state_invalid', 'This sign-on was not started in this browser, or has expired', 'state does not match the browser');
  const attempt = await repo.consumeAttempt(deps.db, ws.id, state, new Date());
  if (!attempt) throw new SignOnFailed('sign_on_state_invalid', 'This sign-on was not started in this browser, or has expired', 'state unknown, used or expired');
  const provider = await usableProvider(deps, ws.id, attempt.providerId, audience);
  const config = await configurationOf(settingsOf(deps, provider)).catch((err: unknown) => {
    throw new SignOnFailed('sign_on_failed', 'The sign-on provider cannot be reached', String((err as Error).message));
  });
  const callback = new URL(redirectUriOf(deps.config.publicUrl, audience, ws.slug));
  for (const [k, v] of params) callback.searchParams.append(k, v);
  const claims = await exchangeCode(config, callback, { state: attempt.state, nonce: attempt.nonce, codeVerifier: attempt.codeVerifier });
  return { workspace: ws, provider, attempt, claims };
}

/** Finishes a staff sign-on: the active user of the workspace with the provider-verified e-mail gets a session. */
export async function finishStaffSignOn(deps: Deps, slug: string, params: URLSearchParams, boundState: string | undefined, userAgent?: string): Promise<{ cookie: string; returnTo: string }> {
  const { workspace, claims, attempt } = await verifyCallback(deps, 'staff', slug, params, boundState);
  if (!claims.email) throw new SignOnFailed('sign_on_email_missing', 'The provider did not share an e-mail address');
  // Staff accounts are matched on the e-mail only when the provider vouches for it: an unverified claim could be anyone's.
  if (!claims.emailVerified) throw new SignOnFailed('sign_on_email_unverified', 'The provider has not verified this e-mail address');
  const login = await workspaceService.loginVerifiedEmail(deps, workspace.id, claims.email, userAgent);
  if (!login) throw new SignOnFailed('sign_on_no_user', 'No active user of this workspace has this e-mail address');
  return { cookie: login.cookie, returnTo: attempt.returnTo ?? '/' };
}

/** The workspace of a public address by its slug. */
export async function workspaceOf(deps: Deps, slug: string): Promise<Workspace> {
  const ws = await workspaceService.findWorkspaceBySlug(deps, slug);
  if (!ws) throw new NotFound('workspace_not_found', 'No such community');
  return ws;
}

/** The stable code of a failed sign-on for the sign-in page, with the cause logged. */
export function failureCode(deps: Deps, err: unknown): string {
  if (err instanceof SignOnFailed) {
    deps.log.info({ code: err.code, reason: err.reason }, 'sign-on refused');
    return err.code;
  }
  if (err instanceof AppError && err.status < 500) return err.code;
  deps.log.error({ err }, 'sign-on failed');
  return 'sign_on_failed';
}

async function usableProvider(deps: Deps, workspaceId: string, id: string, audience: SignOnAudience): Promise<repo.ProviderRow> {
  const p = await repo.findProvider(deps.db, workspaceId, id);
  if (!p || !p.enabled || p.audience !== audience) throw new SignOnFailed('provider_not_found', 'No such sign-on provider');
  return p;
}

function settingsOf(deps: Deps, p: repo.ProviderRow) {
  return { id: p.id, issuer: p.issuer, clientId: p.clientId, clientSecret: secretOf(deps, p) };
}

function secretOf(deps: Deps, p: repo.ProviderRow): string | null {
  return p.clientSecretEnc ? deps.secrets.decrypt(p.clientSecretEnc) : null;
}

async function findOwn(deps: Deps, actor: Actor, id: string): Promise<repo.ProviderRow> {
  const p = await repo.findProvider(deps.db, actor.workspaceId, id);
  if (!p) throw new NotFound('provider_not_found', 'No such sign-on provider');
  return p;
}

async function slugOf(deps: Deps, actor: Actor): Promise<string> {
  return (await repo.workspaceSlug(deps.db, actor.workspaceId)) ?? '';
}
