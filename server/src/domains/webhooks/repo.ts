import { and, arrayOverlaps, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { webhookDeliveries, webhooks } from '../../db/schema.ts';

export type WebhookRow = typeof webhooks.$inferSelect;
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;

export async function listWebhooks(ex: Executor, workspaceId: string): Promise<WebhookRow[]> {
  return ex.select().from(webhooks).where(eq(webhooks.workspaceId, workspaceId)).orderBy(asc(webhooks.createdAt), asc(webhooks.id));
}

export async function findWebhook(ex: Executor, workspaceId: string, id: string): Promise<WebhookRow | undefined> {
  return (await ex.select().from(webhooks).where(and(eq(webhooks.workspaceId, workspaceId), eq(webhooks.id, id))))[0];
}

/** The active webhooks subscribed to an event type (by name or with `*`). */
export async function activeSubscribers(ex: Executor, workspaceId: string, eventType: string): Promise<WebhookRow[]> {
  return ex.select().from(webhooks)
    .where(and(eq(webhooks.workspaceId, workspaceId), eq(webhooks.active, true), arrayOverlaps(webhooks.eventTypes, [eventType, '*'])));
}

/** The workspace's active webhooks (a batch of events is matched against them in memory: subscribes()). */
export async function activeWebhooks(ex: Executor, workspaceId: string): Promise<WebhookRow[]> {
  return ex.select().from(webhooks).where(and(eq(webhooks.workspaceId, workspaceId), eq(webhooks.active, true)));
}

/** Whether a webhook's event types take an event type (as activeSubscribers selects them). */
export function subscribes(eventTypes: readonly string[], eventType: string): boolean {
  return eventTypes.includes(eventType) || eventTypes.includes('*');
}

export async function insertWebhook(ex: Executor, row: typeof webhooks.$inferInsert): Promise<WebhookRow> {
  return (await ex.insert(webhooks).values(row).returning())[0]!;
}

export async function updateWebhook(ex: Executor, workspaceId: string, id: string, set: Partial<typeof webhooks.$inferInsert>): Promise<WebhookRow> {
  return (await ex.update(webhooks).set(set).where(and(eq(webhooks.workspaceId, workspaceId), eq(webhooks.id, id))).returning())[0]!;
}

/** Deletes a webhook with its delivery log. */
export async function deleteWebhook(ex: Executor, workspaceId: string, id: string): Promise<void> {
  await ex.delete(webhookDeliveries).where(and(eq(webhookDeliveries.workspaceId, workspaceId), eq(webhookDeliveries.webhookId, id)));
  await ex.delete(webhooks).where(and(eq(webhooks.workspaceId, workspaceId), eq(webhooks.id, id)));
}

/** Inserts deliveries, skipping those that exist (one per webhook and event); returns the new ones only. */
export async function insertDeliveries(ex: Executor, values: (typeof webhookDeliveries.$inferInsert)[]): Promise<DeliveryRow[]> {
  if (!values.length) return [];
  return ex.insert(webhookDeliveries).values(values).onConflictDoNothing().returning();
}

export async function findDelivery(ex: Executor, workspaceId: string, id: string): Promise<DeliveryRow | undefined> {
  return (await ex.select().from(webhookDeliveries).where(and(eq(webhookDeliveries.workspaceId, workspaceId), eq(webhookDeliveries.id, id))))[0];
}

/** Where a page of the delivery log ended: the exact creation time as PostgreSQL prints it, and the id. */
export interface DeliveryKeyset { createdAt: string; id: string }

/** A page of a webhook's delivery log, newest first. */
export async function listDeliveries(ex: Executor, workspaceId: string, webhookId: string, status: string | undefined, after: DeliveryKeyset | null, limit: number) {
  const conds: SQL[] = [eq(webhookDeliveries.workspaceId, workspaceId), eq(webhookDeliveries.webhookId, webhookId)];
  if (status) conds.push(eq(webhookDeliveries.status, status));
  if (after) conds.push(sql`(${webhookDeliveries.createdAt}, ${webhookDeliveries.id}) < (${after.createdAt}::timestamptz, ${after.id}::uuid)`);
  return ex.select({ delivery: webhookDeliveries, createdAtText: sql<string>`${webhookDeliveries.createdAt}::text` }).from(webhookDeliveries)
    .where(and(...conds))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(limit);
}

/**
 * Records the outcome of attempt number `attempts` if no other attempt was recorded since the delivery was read
 * (optimistic: a duplicate job that lost the race changes nothing). Returns the updated row, or undefined.
 */
export async function recordAttempt(ex: Executor, workspaceId: string, id: string, readAttempts: number, set: Partial<typeof webhookDeliveries.$inferInsert>): Promise<DeliveryRow | undefined> {
  return (await ex.update(webhookDeliveries).set(set)
    .where(and(eq(webhookDeliveries.workspaceId, workspaceId), eq(webhookDeliveries.id, id), eq(webhookDeliveries.attempts, readAttempts),
      inArray(webhookDeliveries.status, ['pending', 'retrying'])))
    .returning())[0];
}

export async function updateDelivery(ex: Executor, workspaceId: string, id: string, set: Partial<typeof webhookDeliveries.$inferInsert>): Promise<DeliveryRow> {
  return (await ex.update(webhookDeliveries).set(set).where(and(eq(webhookDeliveries.workspaceId, workspaceId), eq(webhookDeliveries.id, id))).returning())[0]!;
}
