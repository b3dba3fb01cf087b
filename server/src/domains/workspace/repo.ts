import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { apiTokens, sessions, users, workspaces } from '../../db/schema.ts';

export type UserRow = typeof users.$inferSelect;
export type WorkspaceRow = typeof workspaces.$inferSelect;

/** Active users with this e-mail, in every workspace, with their workspace. */
export async function findLoginCandidates(ex: Executor, email: string) {
  return ex.select({ user: users, workspace: workspaces }).from(users)
    .innerJoin(workspaces, eq(workspaces.id, users.workspaceId))
    .where(eq(users.email, email));
}

export async function findWorkspace(ex: Executor, id: string): Promise<WorkspaceRow | undefined> {
  return (await ex.select().from(workspaces).where(eq(workspaces.id, id)))[0];
}

export async function findWorkspaceBySlug(ex: Executor, slug: string): Promise<WorkspaceRow | undefined> {
  return (await ex.select().from(workspaces).where(eq(workspaces.slug, slug)))[0];
}

export async function findUser(ex: Executor, workspaceId: string, id: string): Promise<UserRow | undefined> {
  return (await ex.select().from(users).where(and(eq(users.workspaceId, workspaceId), eq(users.id, id))))[0];
}

export async function findUserByEmail(ex: Executor, workspaceId: string, email: string): Promise<UserRow | undefined> {
  return (await ex.select().from(users).where(and(eq(users.workspaceId, workspaceId), eq(users.email, email))))[0];
}

export async function insertSession(ex: Executor, row: typeof sessions.$inferInsert): Promise<void> {
  await ex.insert(sessions).values(row);
}

/** The session and its user, when the session is unexpired and the user active. */
export async function findSession(ex: Executor, workspaceId: string, tokenHash: string, now: Date) {
  return (await ex.select({ session: sessions, user: users }).from(sessions)
    .innerJoin(users, and(eq(users.workspaceId, sessions.workspaceId), eq(users.id, sessions.userId)))
    .where(and(eq(sessions.workspaceId, workspaceId), eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now), eq(users.status, 'active'))))[0];
}

export async function deleteSession(ex: Executor, workspaceId: string, tokenHash: string): Promise<void> {
  await ex.delete(sessions).where(and(eq(sessions.workspaceId, workspaceId), eq(sessions.tokenHash, tokenHash)));
}

export async function deleteUserSessions(ex: Executor, workspaceId: string, userId: string): Promise<void> {
  await ex.delete(sessions).where(and(eq(sessions.workspaceId, workspaceId), eq(sessions.userId, userId)));
}

/** The unrevoked token and its active user. */
export async function findApiToken(ex: Executor, workspaceId: string, tokenHash: string) {
  return (await ex.select({ token: apiTokens, user: users }).from(apiTokens)
    .innerJoin(users, and(eq(users.workspaceId, apiTokens.workspaceId), eq(users.id, apiTokens.userId)))
    .where(and(eq(apiTokens.workspaceId, workspaceId), eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt), eq(users.status, 'active'))))[0];
}

export async function touchApiToken(ex: Executor, workspaceId: string, id: string, at: Date): Promise<void> {
  await ex.update(apiTokens).set({ lastUsedAt: at }).where(and(eq(apiTokens.workspaceId, workspaceId), eq(apiTokens.id, id)));
}

export async function updateUser(ex: Executor, workspaceId: string, id: string, set: Partial<typeof users.$inferInsert>): Promise<UserRow | undefined> {
  return (await ex.update(users).set(set).where(and(eq(users.workspaceId, workspaceId), eq(users.id, id))).returning())[0];
}
