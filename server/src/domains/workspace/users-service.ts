import type { Language } from '@parley/contracts/common';
import type { AcceptInviteBody, InviteBody, InviteResult, User, UserPatch, UserStatus } from '@parley/contracts/settings';
import type { Deps } from '../../deps.ts';
import type { Executor } from '../../db/client.ts';
import { emit } from '../../events/emit.ts';
import { Conflict, NotFound, Validation } from '../../lib/errors.ts';
import { hashToken, newId, newToken } from '../../lib/ids.ts';
import type { Actor } from '../../policies/actor.ts';
import { authorize } from '../../policies/authorize.ts';
import { hashPassword } from './passwords.ts';
import { presentUser } from './presenter.ts';
import * as repo from './repo.ts';
import * as usersRepo from './users-repo.ts';
import { forgetCredentials } from './credential-cache.ts';

/** How long an invitation link stays valid. */
export const INVITE_TTL_MS = 7 * 24 * 3600_000;

/** Every user of the workspace (for settings and owner pickers); never hashes or invitation tokens. */
export async function listUsers(deps: Deps, actor: Actor, query: { status?: UserStatus }): Promise<User[]> {
  authorize(actor, 'users:read');
  return (await usersRepo.listUsers(deps.db, actor.workspaceId, query.status)).map(presentUser);
}

/**
 * Invites a person: an `invited` user with a one-time invitation link (only its hash is stored). Inviting an e-mail
 * that is still invited (or never signed up) issues a fresh link and replaces the old one.
 */
export async function inviteUser(deps: Deps, actor: Actor, input: InviteBody): Promise<InviteResult> {
  authorize(actor, 'users:manage');
  return deps.db.transaction(async (tx) => {
    const workspace = await repo.findWorkspace(tx, actor.workspaceId);
    const expiresAt = new Date(Date.now() + INVITE_TTL_MS);
    const token = newInviteToken(actor.workspaceId, expiresAt);
    const language = input.language ?? (workspace?.defaultLanguage as Language | undefined) ?? 'de';
    const existing = await repo.findUserByEmail(tx, actor.workspaceId, input.email);
    let row: repo.UserRow;
    if (existing) {
      if (existing.status !== 'invited' && existing.passwordHash) {
        throw new Conflict('user_exists', `${input.email} is already a user of this workspace`, { field: 'email' });
      }
      row = (await repo.updateUser(tx, actor.workspaceId, existing.id, {
        name: input.name, role: input.role, language, status: 'invited', inviteTokenHash: hashToken(token),
      }))!;
    } else {
      row = await usersRepo.insertUser(tx, {
        workspaceId: actor.workspaceId, id: newId(), email: input.email, name: input.name, role: input.role, language,
        status: 'invited', inviteTokenHash: hashToken(token),
      });
    }
    const user = presentUser(row);
    await emit(tx, deps.queue, actor, {
      type: 'user.invited', subject: { type: 'user', id: row.id },
      payload: { before: existing ? presentUser(existing) : null, after: user, expiresAt: expiresAt.toISOString() },
    });
    return { user, inviteUrl: `${deps.config.publicUrl.replace(/\/$/, '')}/invite/${token}`, expiresAt: expiresAt.toISOString() };
  });
}

/** Accepts an invitation: sets the password (and optionally the name) and activates the user. Public. */
export async function acceptInvite(deps: Deps, input: AcceptInviteBody): Promise<{ email: string; workspace: { slug: string; name: string } }> {
  const parsed = parseInviteToken(input.token);
  if (!parsed) throw invalidInvite();
  const passwordHash = await hashPassword(input.password);
  return deps.db.transaction(async (tx) => {
    const before = await usersRepo.findInvitedUser(tx, parsed.workspaceId, hashToken(input.token));
    if (!before) throw invalidInvite();
    // The expiry is part of the hashed token, so it cannot be changed without the lookup failing.
    if (parsed.expiresAt.getTime() < Date.now()) throw new Validation('invite_expired', 'This invitation has expired; ask an admin for a new one');
    const workspace = (await repo.findWorkspace(tx, parsed.workspaceId))!;
    const after = (await repo.updateUser(tx, parsed.workspaceId, before.id, {
      passwordHash, status: 'active', inviteTokenHash: null, ...(input.name ? { name: input.name } : {}),
    }))!;
    const self: Actor = { workspaceId: after.workspaceId, userId: after.id, role: after.role as Actor['role'], kind: 'user', language: after.language as Language };
    await emit(tx, deps.queue, self, { type: 'user.activated', subject: { type: 'user', id: after.id }, payload: { before: presentUser(before), after: presentUser(after) } });
    return { email: after.email, workspace: { slug: workspace.slug, name: workspace.name } };
  });
}

/** Changes a user's role, name or language; the last active admin cannot be demoted. */
export async function updateUser(deps: Deps, actor: Actor, id: string, patch: UserPatch): Promise<User> {
  authorize(actor, 'users:manage');
  const result = await deps.db.transaction(async (tx) => {
    const before = await findOr404(tx, actor, id);
    const set = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as UserPatch;
    if (!Object.keys(set).length) return presentUser(before);
    if (patch.role && patch.role !== 'admin' && before.role === 'admin' && before.status === 'active') await assertAnotherAdmin(tx, actor.workspaceId, id);
    const after = (await repo.updateUser(tx, actor.workspaceId, id, set))!;
    await emit(tx, deps.queue, actor, { type: 'user.updated', subject: { type: 'user', id }, payload: { before: presentUser(before), after: presentUser(after) } });
    return presentUser(after);
  });
  forgetCredentials();
  return result;
}

/**
 * Deactivates a user: their sessions end at once and their API tokens stop working (the user row stays, for
 * history and ownership). The last active admin cannot be deactivated, nor can admins deactivate themselves.
 */
export async function deactivateUser(deps: Deps, actor: Actor, id: string): Promise<User> {
  authorize(actor, 'users:manage');
  const result = await deps.db.transaction(async (tx) => {
    const before = await findOr404(tx, actor, id);
    if (before.status === 'deactivated') return presentUser(before);
    if (id === actor.userId) throw new Conflict('cannot_deactivate_self', 'You cannot deactivate yourself; ask another admin');
    if (before.role === 'admin' && before.status === 'active') await assertAnotherAdmin(tx, actor.workspaceId, id);
    const after = (await repo.updateUser(tx, actor.workspaceId, id, { status: 'deactivated', inviteTokenHash: null }))!;
    await repo.deleteUserSessions(tx, actor.workspaceId, id);
    await emit(tx, deps.queue, actor, { type: 'user.deactivated', subject: { type: 'user', id }, payload: { before: presentUser(before), after: presentUser(after) } });
    return presentUser(after);
  });
  forgetCredentials();
  return result;
}

/** Reactivates a deactivated user (who signs in with their old password; their unrevoked tokens work again). */
export async function reactivateUser(deps: Deps, actor: Actor, id: string): Promise<User> {
  authorize(actor, 'users:manage');
  const result = await deps.db.transaction(async (tx) => {
    const before = await findOr404(tx, actor, id);
    if (before.status !== 'deactivated') return presentUser(before);
    if (!before.passwordHash) throw new Conflict('user_never_activated', 'This person never accepted the invitation; invite them again');
    const after = (await repo.updateUser(tx, actor.workspaceId, id, { status: 'active' }))!;
    await emit(tx, deps.queue, actor, { type: 'user.reactivated', subject: { type: 'user', id }, payload: { before: presentUser(before), after: presentUser(after) } });
    return presentUser(after);
  });
  forgetCredentials();
  return result;
}

// Invitation tokens name their workspace (workspace-first lookups) and their expiry; the whole token is hashed.
const INVITE_TOKEN = /^([0-9a-f]{32})\.([0-9a-z]{1,12})\.([A-Za-z0-9_-]{40,})$/;

/** A new invitation token for a workspace, valid until `expiresAt`. */
export function newInviteToken(workspaceId: string, expiresAt: Date): string {
  return `${workspaceId.replaceAll('-', '')}.${Math.floor(expiresAt.getTime() / 1000).toString(36)}.${newToken()}`;
}

/** The workspace and expiry an invitation token names; null when it is malformed. */
export function parseInviteToken(token: string): { workspaceId: string; expiresAt: Date } | null {
  const m = INVITE_TOKEN.exec(token);
  if (!m) return null;
  const h = m[1]!;
  return {
    workspaceId: `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`,
    expiresAt: new Date(parseInt(m[2]!, 36) * 1000),
  };
}

function invalidInvite(): NotFound {
  return new NotFound('invite_not_found', 'This invitation link is not valid or was already used');
}

async function findOr404(ex: Executor, actor: Actor, id: string): Promise<repo.UserRow> {
  const row = await repo.findUser(ex, actor.workspaceId, id);
  if (!row) throw new NotFound('user_not_found', 'No such user');
  return row;
}

async function assertAnotherAdmin(ex: Executor, workspaceId: string, userId: string): Promise<void> {
  const admins = await usersRepo.lockActiveAdmins(ex, workspaceId);
  if (!admins.some((id) => id !== userId)) {
    throw new Conflict('last_admin', 'The workspace needs at least one active admin; make someone else admin first');
  }
}
