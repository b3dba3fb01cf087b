import { and, desc, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { apiTokens, users } from '../../db/schema.ts';

export type ApiTokenRow = typeof apiTokens.$inferSelect;
export interface TokenWithOwner { token: ApiTokenRow; owner: { id: string; name: string; status: string } }

const owner = { id: users.id, name: users.name, status: users.status };
const ownerJoin = and(eq(users.workspaceId, apiTokens.workspaceId), eq(users.id, apiTokens.userId));

/** Every API token of the workspace with its owner, newest first (revoked ones too). */
export async function listTokens(ex: Executor, workspaceId: string): Promise<TokenWithOwner[]> {
  return ex.select({ token: apiTokens, owner }).from(apiTokens).innerJoin(users, ownerJoin)
    .where(eq(apiTokens.workspaceId, workspaceId)).orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
}

export async function findToken(ex: Executor, workspaceId: string, id: string): Promise<TokenWithOwner | undefined> {
  return (await ex.select({ token: apiTokens, owner }).from(apiTokens).innerJoin(users, ownerJoin)
    .where(and(eq(apiTokens.workspaceId, workspaceId), eq(apiTokens.id, id))))[0];
}

export async function insertToken(ex: Executor, row: typeof apiTokens.$inferInsert): Promise<ApiTokenRow> {
  return (await ex.insert(apiTokens).values(row).returning())[0]!;
}

export async function revokeToken(ex: Executor, workspaceId: string, id: string, at: Date): Promise<ApiTokenRow> {
  return (await ex.update(apiTokens).set({ revokedAt: at }).where(and(eq(apiTokens.workspaceId, workspaceId), eq(apiTokens.id, id))).returning())[0]!;
}
