import type { SignalType } from '@parley/contracts/realtime';
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client.ts';
import { REALTIME_CHANNEL, type Notice } from './hub.ts';

/**
 * Publishes an ephemeral signal (presence, viewing, typing: no domain event, nothing stored in the outbox) to the open
 * streams of the workspace in every process. Inside a transaction it goes out at COMMIT, and not at all on ROLLBACK.
 */
export async function publishSignal(ex: Executor, signal: { workspaceId: string; type: SignalType; userId: string | null; conversationId?: string | null }): Promise<void> {
  const notice: Notice = { kind: 'signal', workspaceId: signal.workspaceId, type: signal.type, userId: signal.userId, conversationId: signal.conversationId ?? null };
  await ex.execute(sql`SELECT pg_notify(${REALTIME_CHANNEL}, ${JSON.stringify(notice)})`);
}
