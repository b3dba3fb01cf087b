import { and, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.ts';
import { channels, conversations, messages, socialIdentities } from '../db/schema.ts';

/** An e-mail channel the receiver delivers to. */
export interface MailChannel { workspaceId: string; id: string; externalId: string }

/**
 * The active e-mail channels of an address, in any workspace (a recipient address names its channel; several
 * workspaces may connect the same address). At most a few hundred channels per server: no index needed.
 */
export async function emailChannelsOf(ex: Executor, address: string): Promise<MailChannel[]> {
  return ex.select({ workspaceId: channels.workspaceId, id: channels.id, externalId: channels.externalId }).from(channels)
    .where(and(eq(channels.network, 'email'), eq(channels.status, 'active'), sql`lower(${channels.externalId}) = ${address.toLowerCase()}`));
}

/** The private conversation whose messages include one of these Message-IDs, by the first id found in `ids`' order. */
export async function threadKeyOfMessages(ex: Executor, workspaceId: string, channelId: string, ids: string[]): Promise<string | null> {
  if (ids.length === 0) return null;
  const rows = await ex.select({ externalId: messages.externalId, threadKey: conversations.threadKey }).from(messages)
    .innerJoin(conversations, and(eq(conversations.workspaceId, messages.workspaceId), eq(conversations.id, messages.conversationId)))
    .where(and(eq(messages.workspaceId, workspaceId), eq(messages.channelId, channelId), inArray(messages.externalId, ids)));
  const byId = new Map(rows.map((r) => [r.externalId, r.threadKey]));
  for (const id of ids) if (byId.has(id)) return byId.get(id)!;
  return null;
}

/** The sender's recent conversations on the channel, newest first, with their subjects (the subject fallback). */
export async function recentConversationsOf(ex: Executor, workspaceId: string, channelId: string, sender: string, since: Date): Promise<{ threadKey: string; subject: string | null }[]> {
  return ex.select({ threadKey: conversations.threadKey, subject: conversations.subject }).from(conversations)
    .innerJoin(socialIdentities, and(eq(socialIdentities.workspaceId, conversations.workspaceId), eq(socialIdentities.id, conversations.identityId)))
    .where(and(
      eq(conversations.workspaceId, workspaceId), eq(conversations.channelId, channelId), eq(conversations.kind, 'private'),
      eq(socialIdentities.network, 'email'), eq(socialIdentities.externalId, sender), gt(conversations.lastMessageAt, since),
    ))
    .orderBy(desc(conversations.lastMessageAt)).limit(50);
}
