import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { channels } from '../../db/schema.ts';

/** The active channels of networks that are polled, in every workspace (a system job's view; hundreds at most). */
export async function polledChannels(ex: Executor, networks: readonly string[]): Promise<{ workspaceId: string; id: string; network: string; settings: Record<string, unknown> }[]> {
  return ex.select({ workspaceId: channels.workspaceId, id: channels.id, network: channels.network, settings: channels.settings }).from(channels)
    .where(and(inArray(channels.network, [...networks]), eq(channels.status, 'active')));
}

/** Replaces the channel's `settings.backfill` only: the rest of its settings may change meanwhile (an admin, the sandbox). */
export async function setBackfillState(ex: Executor, workspaceId: string, channelId: string, state: Record<string, unknown>): Promise<void> {
  await ex.update(channels)
    .set({ settings: sql`${channels.settings} || jsonb_build_object('backfill', ${JSON.stringify(state)}::jsonb)`, updatedAt: new Date() })
    .where(and(eq(channels.workspaceId, workspaceId), eq(channels.id, channelId)));
}

/** Sets one key of a channel's settings (the sandbox's local endpoints), leaving the others as they are. */
export async function setChannelSetting(ex: Executor, workspaceId: string, channelId: string, key: string, value: unknown): Promise<void> {
  await ex.update(channels)
    .set({ settings: sql`${channels.settings} || jsonb_build_object(${key}::text, ${JSON.stringify(value)}::jsonb)`, updatedAt: new Date() })
    .where(and(eq(channels.workspaceId, workspaceId), eq(channels.id, channelId)));
}
