import type { Language, Role } from '@parley/contracts/common';
import type { SessionInfo } from '@parley/contracts/workspace';
import type { Deps } from '../../deps.ts';
import type { Executor } from '../../db/client.ts';
import { users, workspaces } from '../../db/schema.ts';
import { emit } from '../../events/emit.ts';
import { Conflict, Unauthorized, Validation } from '../../lib/errors.ts';
import { hashToken, newId, newToken } from '../../lib/ids.ts';
import type { Actor } from '../../policies/actor.ts';
import { abilities } from '../../policies/authorize.ts';
import { ensureDefaultPurposes } from '../identities/consent-service.ts';
import { cachedCredential, forgetCredentials, rememberCredential } from './credential-cache.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import * as repo from './repo.ts';
import { presentUser } from './presenter.ts';

export interface LoginResult { cookie: string; info: SessionInfo }

// Credentials carry their workspace id so every lookup uses a workspace-first key.
const SESSION_SEP = '.';
const TOKEN_PREFIX = 'prl_';

/** Signs in with e-mail and password; returns the session cookie value and what the web app needs. */
export async function login(deps: Deps, input: { email: string; password: string; workspace?: string }, userAgent?: string): Promise<LoginResult> {
  let candidates = (await repo.findLoginCandidates(deps.db, input.email)).filter((c) => c.user.status === 'active');
  if (input.workspace) candidates = candidates.filter((c) => c.workspace.slug === input.workspace);
  if (candidates.length > 1) {
    throw new Validation('workspace_required', 'This e-mail has accounts in several workspaces; choose one', { workspaces: candidates.map((c) => c.workspace.slug) });
  }
  const found = candidates[0];
  const ok = await verifyPassword(found?.user.passwordHash, input.password);
  if (!found || !ok) throw new Unauthorized('invalid_credentials', 'E-mail or password is wrong');
  return startSession(deps, found.user, found.workspace, userAgent);
}

/**
 * Signs in the active user of the workspace with this e-mail, for a sign-on whose provider vouched for the e-mail
 * (identities/sign-on-service.ts); null when the workspace has no such active user (staff are never created here).
 */
export async function loginVerifiedEmail(deps: Deps, workspaceId: string, email: string, userAgent?: string): Promise<LoginResult | null> {
  const user = await repo.findUserByEmail(deps.db, workspaceId, email.trim().toLowerCase());
  const workspace = await repo.findWorkspace(deps.db, workspaceId);
  if (!user || user.status !== 'active' || !workspace) return null;
  return startSession(deps, user, workspace, userAgent);
}

/** A workspace's id, slug, name and default language by its slug; with no slug, the only workspace when there is just one. */
export async function findWorkspaceBySlug(deps: Deps, slug?: string): Promise<Pick<repo.WorkspaceRow, 'id' | 'slug' | 'name' | 'defaultLanguage'> | undefined> {
  if (slug) return repo.findWorkspaceBySlug(deps.db, slug);
  const two = await deps.db.select().from(workspaces).limit(2);
  return two.length === 1 ? two[0] : undefined;
}

async function startSession(deps: Deps, user: repo.UserRow, workspace: repo.WorkspaceRow, userAgent?: string): Promise<LoginResult> {
  const secret = newToken();
  const csrfToken = newToken(24);
  const now = new Date();
  await repo.insertSession(deps.db, {
    workspaceId: workspace.id, tokenHash: hashToken(secret), userId: user.id, csrfToken,
    userAgent: userAgent?.slice(0, 300), expiresAt: new Date(now.getTime() + deps.config.sessionTtlMs),
  });
  await repo.updateUser(deps.db, workspace.id, user.id, { lastLoginAt: now });
  return { cookie: `${workspace.id}${SESSION_SEP}${secret}`, info: sessionInfo(user, workspace, csrfToken) };
}

/** Ends the session the cookie names. */
export async function logout(deps: Deps, cookie: string): Promise<void> {
  const parsed = parseSessionCookie(cookie);
  if (parsed) await repo.deleteSession(deps.db, parsed.workspaceId, hashToken(parsed.secret));
  forgetCredentials();
}

/** The actor behind a session cookie, with the session's CSRF token; null when unknown or expired. */
export async function resolveSession(deps: Deps, cookie: string): Promise<{ actor: Actor; csrfToken: string; info: SessionInfo } | null> {
  const parsed = parseSessionCookie(cookie);
  if (!parsed) return null;
  const hash = hashToken(parsed.secret);
  const cached = cachedCredential<ResolvedSession>(hash);
  if (cached) return cached;
  const found = await repo.findSession(deps.db, parsed.workspaceId, hash, new Date());
  if (!found) return null;
  const workspace = await repo.findWorkspace(deps.db, parsed.workspaceId);
  if (!workspace) return null;
  const resolved = { actor: actorOf(found.user, 'user'), csrfToken: found.session.csrfToken, info: sessionInfo(found.user, workspace, found.session.csrfToken) };
  rememberCredential(hash, resolved, found.session.expiresAt.getTime());
  return resolved;
}

type ResolvedSession = { actor: Actor; csrfToken: string; info: SessionInfo };

/** The actor behind an API token (acting as the token's user); null when unknown or revoked. */
export async function resolveApiToken(deps: Deps, bearer: string): Promise<Actor | null> {
  const m = /^prl_([0-9a-f]{32})_([A-Za-z0-9_-]{20,})$/.exec(bearer);
  if (!m) return null;
  const workspaceId = uuidFromHex(m[1]!);
  const hash = hashToken(bearer);
  const cached = cachedCredential<Actor>(hash);
  if (cached) return cached;
  const found = await repo.findApiToken(deps.db, workspaceId, hash);
  if (!found) return null;
  // Only a coarse last-used time: one write per minute per token at most.
  const now = new Date();
  if (!found.token.lastUsedAt || now.getTime() - found.token.lastUsedAt.getTime() > 60_000) {
    await repo.touchApiToken(deps.db, workspaceId, found.token.id, now);
  }
  const actor = actorOf(found.user, 'token');
  rememberCredential(hash, actor);
  return actor;
}

/** A new API token secret for a workspace (shown once; only its hash is stored). */
export function newApiTokenSecret(workspaceId: string): { secret: string; hash: string } {
  const secret = `${TOKEN_PREFIX}${workspaceId.replaceAll('-', '')}_${newToken()}`;
  return { secret, hash: hashToken(secret) };
}

/** The signed-in user's own session information. */
export async function me(deps: Deps, actor: Actor, csrfToken: string): Promise<SessionInfo> {
  const user = await repo.findUser(deps.db, actor.workspaceId, actor.userId!);
  const workspace = await repo.findWorkspace(deps.db, actor.workspaceId);
  if (!user || !workspace) throw new Unauthorized();
  return sessionInfo(user, workspace, csrfToken);
}

/** Changes the signed-in user's own name or UI language. */
export async function updateMe(deps: Deps, actor: Actor, input: { name?: string; language?: Language }): Promise<void> {
  if (!actor.userId) throw new Unauthorized();
  await deps.db.transaction(async (tx) => {
    const before = await repo.findUser(tx, actor.workspaceId, actor.userId!);
    const after = await repo.updateUser(tx, actor.workspaceId, actor.userId!, input);
    await emit(tx, deps.queue, actor, { type: 'user.updated', subject: { type: 'user', id: actor.userId! }, payload: { before: before && presentUser(before), after: after && presentUser(after) } });
  });
  forgetCredentials();
}

/** Creates a workspace (CLI, seed, tests). */
export async function createWorkspace(ex: Executor, input: { name: string; slug?: string; defaultLanguage?: Language }): Promise<repo.WorkspaceRow> {
  const slug = input.slug ?? slugify(input.name);
  if (await repo.findWorkspaceBySlug(ex, slug)) throw new Conflict('workspace_exists', `A workspace "${slug}" exists already`);
  const [row] = await ex.insert(workspaces).values({ id: newId(), slug, name: input.name, defaultLanguage: input.defaultLanguage ?? 'de' }).returning();
  await ensureDefaultPurposes(ex, row!.id);
  return row!;
}

/** Creates an active user with a password (CLI, seed, tests); invitations go through the users service. */
export async function createUser(ex: Executor, input: { workspaceId: string; email: string; name: string; role: Role; password: string; language?: Language }): Promise<repo.UserRow> {
  const email = input.email.trim().toLowerCase();
  if (await repo.findUserByEmail(ex, input.workspaceId, email)) throw new Conflict('user_exists', `A user ${email} exists already`);
  const [row] = await ex.insert(users).values({
    workspaceId: input.workspaceId, id: newId(), email, name: input.name, role: input.role,
    language: input.language ?? 'de', passwordHash: await hashPassword(input.password),
  }).returning();
  return row!;
}

// argon2id hashing for other domains' passwords (community customer accounts), through this service.
export { hashPassword, verifyPassword } from './passwords.ts';

/** Turns a name into a workspace slug. */
export function slugify(name: string): string {
  return name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'workspace';
}

function actorOf(user: repo.UserRow, kind: 'user' | 'token'): Actor {
  return { workspaceId: user.workspaceId, userId: user.id, role: user.role as Role, kind, language: user.language as Language };
}

function sessionInfo(user: repo.UserRow, workspace: repo.WorkspaceRow, csrfToken: string): SessionInfo {
  const actor = actorOf(user, 'user');
  return {
    user: { id: user.id, email: user.email, name: user.name, role: user.role as Role, language: user.language as Language },
    workspace: { id: workspace.id, slug: workspace.slug, name: workspace.name },
    abilities: abilities(actor),
    csrfToken,
  };
}

function parseSessionCookie(cookie: string): { workspaceId: string; secret: string } | null {
  const i = cookie.indexOf(SESSION_SEP);
  if (i !== 36) return null;
  const workspaceId = cookie.slice(0, i);
  if (!/^[0-9a-f-]{36}$/.test(workspaceId)) return null;
  return { workspaceId, secret: cookie.slice(i + 1) };
}

function uuidFromHex(h: string): string {
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
