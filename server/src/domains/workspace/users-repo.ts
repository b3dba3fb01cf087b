import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { users } from '../../db/schema.ts';
import type { UserRow } from './repo.ts';

/** The users of a workspace by name, optionally of one status. */
export async function listUsers(ex: Executor, workspaceId: string, status?: string): Promise<UserRow[]> {
  const where = status ? and(eq(users.workspaceId, workspaceId), eq(users.status, status)) : eq(users.workspaceId, workspaceId);
  return ex.select().from(users).where(where).orderBy(asc(users.name), asc(users.id));
}

/** The users of a workspace among these ids. */
export async function findUsersByIds(ex: Executor, workspaceId: string, ids: string[]): Promise<UserRow[]> {
  if (!ids.length) return [];
  return ex.select().from(users).where(and(eq(users.workspaceId, workspaceId), inArray(users.id, ids)));
}

/** The invited user holding this invitation (by the token's hash). */
export async function findInvitedUser(ex: Executor, workspaceId: string, inviteTokenHash: string): Promise<UserRow | undefined> {
  return (await ex.select().from(users).where(and(
    eq(users.workspaceId, workspaceId), eq(users.inviteTokenHash, inviteTokenHash), eq(users.status, 'invited'),
  )))[0];
}

export async function insertUser(ex: Executor, row: typeof users.$inferInsert): Promise<UserRow> {
  const [r] = await ex.insert(users).values(row).returning();
  return r!;
}

/**
 * The ids of the active admins, locked until the transaction ends: two admins demoting each other at once
 * wait for one another instead of both passing the "another admin remains" check.
 */
export async function lockActiveAdmins(ex: Executor, workspaceId: string): Promise<string[]> {
  const list = await ex.select({ id: users.id }).from(users)
    .where(and(eq(users.workspaceId, workspaceId), eq(users.role, 'admin'), eq(users.status, 'active')))
    .for('update');
  return list.map((r) => r.id);
}
