import { and, asc, eq, gt } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { channels } from '../../db/schema.ts';

export type ChannelRow = typeof channels.$inferSelect;
export type ChannelInsert = typeof channels.$inferInsert;

export async function insertChannel(ex: Executor, values: ChannelInsert): Promise<ChannelRow> {
  const [row] = await ex.insert(channels).values(values).returning();
  return row!;
}

export async function findChannel(ex: Executor, workspaceId: string, id: string): Promise<ChannelRow | undefined> {
  const [row] = await ex.select().from(channels).where(and(eq(channels.workspaceId, workspaceId), eq(channels.id, id)));
  return row;
}

/**
 * The channel behind a webhook URL, in whatever workspace: the URL carries only the channel's id. The table holds one
 * row per connected account (hundreds at most per server), and the webhook route caches the answer for seconds.
 */
export async function findChannelForWebhook(ex: Executor, id: string): Promise<ChannelRow | undefined> {
  const [row] = await ex.select().from(channels).where(eq(channels.id, id));
  return row;
}

export async function listChannels(ex: Executor, workspaceId: string, after: string | undefined, limit: number): Promise<ChannelRow[]> {
  return ex.select().from(channels)
    .where(and(eq(channels.workspaceId, workspaceId), after ? gt(channels.id, after) : undefined))
    .orderBy(asc(channels.id)).limit(limit + 1);
}

export async function updateChannel(ex: Executor, workspaceId: string, id: string, set: Partial<ChannelInsert>): Promise<ChannelRow | undefined> {
  const [row] = await ex.update(channels).set({ ...set, updatedAt: new Date() })
    .where(and(eq(channels.workspaceId, workspaceId), eq(channels.id, id))).returning();
  return row;
}

export async function deleteChannel(ex: Executor, workspaceId: string, id: string): Promise<void> {
  await ex.delete(channels).where(and(eq(channels.workspaceId, workspaceId), eq(channels.id, id)));
}

/** The channel of this network and account, if the workspace has one. */
export async function findChannelByAccount(ex: Executor, workspaceId: string, network: string, externalId: string): Promise<ChannelRow | undefined> {
  const [r] = await ex.select().from(channels)
    .where(and(eq(channels.workspaceId, workspaceId), eq(channels.network, network), eq(channels.externalId, externalId)));
  return r;
}
