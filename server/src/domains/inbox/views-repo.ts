import { and, asc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { rows, type Executor } from '../../db/client.ts';
import { conversationStatuses, conversations, inboxLabels, inboxViews } from '../../db/schema.ts';

// ORGANIZE's tables: custom statuses, managed labels, saved views; and the conversation columns it owns (custom status,
// labels, hashtags, snooze).

export type CustomStatusRow = typeof conversationStatuses.$inferSelect;
export type LabelRow = typeof inboxLabels.$inferSelect;
export type ViewRow = typeof inboxViews.$inferSelect;

// ---- custom statuses ----

/** The custom statuses in menu order. */
export async function listStatuses(ex: Executor, workspaceId: string): Promise<CustomStatusRow[]> {
  return ex.select().from(conversationStatuses).where(eq(conversationStatuses.workspaceId, workspaceId))
    .orderBy(asc(conversationStatuses.position), asc(conversationStatuses.createdAt));
}

/** One custom status. */
export async function findStatus(ex: Executor, workspaceId: string, id: string): Promise<CustomStatusRow | undefined> {
  const [row] = await ex.select().from(conversationStatuses).where(and(eq(conversationStatuses.workspaceId, workspaceId), eq(conversationStatuses.id, id)));
  return row;
}

/** Stores a custom status. */
export async function insertStatus(ex: Executor, values: typeof conversationStatuses.$inferInsert): Promise<CustomStatusRow> {
  const [row] = await ex.insert(conversationStatuses).values(values).returning();
  return row!;
}

/** Changes a custom status; the row after, or undefined when there is none. */
export async function updateStatus(ex: Executor, workspaceId: string, id: string, set: Partial<typeof conversationStatuses.$inferInsert>): Promise<CustomStatusRow | undefined> {
  const [row] = await ex.update(conversationStatuses).set({ ...set, updatedAt: new Date() })
    .where(and(eq(conversationStatuses.workspaceId, workspaceId), eq(conversationStatuses.id, id))).returning();
  return row;
}

/** Deletes a custom status; true when there was one. */
export async function deleteStatus(ex: Executor, workspaceId: string, id: string): Promise<boolean> {
  const r = await ex.delete(conversationStatuses).where(and(eq(conversationStatuses.workspaceId, workspaceId), eq(conversationStatuses.id, id))).returning({ id: conversationStatuses.id });
  return r.length === 1;
}

/** Takes a custom status off its conversations (deleted), or off those whose base status no longer matches it. */
export async function clearCustomStatus(ex: Executor, workspaceId: string, statusId: string, unlessBase?: string): Promise<number> {
  const c = conversations;
  const r = await ex.update(c).set({ customStatusId: null, updatedAt: new Date() })
    .where(and(eq(c.workspaceId, workspaceId), eq(c.customStatusId, statusId), unlessBase ? sql`${c.status} <> ${unlessBase}` : undefined))
    .returning({ id: c.id });
  return r.length;
}

/** Clears custom statuses that no longer belong to their conversation's base status (after the base status changed). */
export async function clearMismatchedCustomStatuses(ex: Executor, workspaceId: string, conversationIds: string[]): Promise<void> {
  if (!conversationIds.length) return;
  await ex.execute(sql`UPDATE conversations c SET custom_status_id = NULL, updated_at = now()
    FROM conversation_statuses s
    WHERE c.workspace_id = ${workspaceId} AND c.id IN (${sql.join(conversationIds.map((id) => sql`${id}::uuid`), sql`, `)})
      AND s.workspace_id = c.workspace_id AND s.id = c.custom_status_id AND s.base_status <> c.status`);
}

// ---- labels ----

/** The managed labels by name. */
export async function listLabels(ex: Executor, workspaceId: string): Promise<LabelRow[]> {
  return ex.select().from(inboxLabels).where(eq(inboxLabels.workspaceId, workspaceId)).orderBy(asc(sql`lower(${inboxLabels.name})`));
}

/** One managed label. */
export async function findLabel(ex: Executor, workspaceId: string, id: string): Promise<LabelRow | undefined> {
  const [row] = await ex.select().from(inboxLabels).where(and(eq(inboxLabels.workspaceId, workspaceId), eq(inboxLabels.id, id)));
  return row;
}

/** Stores a managed label (a name taken regardless of case is a unique violation). */
export async function insertLabel(ex: Executor, values: typeof inboxLabels.$inferInsert): Promise<LabelRow> {
  const [row] = await ex.insert(inboxLabels).values(values).returning();
  return row!;
}

/** Changes a managed label. */
export async function updateLabel(ex: Executor, workspaceId: string, id: string, set: Partial<typeof inboxLabels.$inferInsert>): Promise<LabelRow | undefined> {
  const [row] = await ex.update(inboxLabels).set(set).where(and(eq(inboxLabels.workspaceId, workspaceId), eq(inboxLabels.id, id))).returning();
  return row;
}

/** Deletes a managed label; true when there was one. */
export async function deleteLabel(ex: Executor, workspaceId: string, id: string): Promise<boolean> {
  const r = await ex.delete(inboxLabels).where(and(eq(inboxLabels.workspaceId, workspaceId), eq(inboxLabels.id, id))).returning({ id: inboxLabels.id });
  return r.length === 1;
}

/** Renames a label on every conversation carrying it (the GIN index finds them). */
export async function renameLabelOnConversations(ex: Executor, workspaceId: string, from: string, to: string): Promise<void> {
  await ex.execute(sql`UPDATE conversations SET labels = array(SELECT DISTINCT unnest(array_replace(labels, ${from}, ${to}))), updated_at = now()
    WHERE workspace_id = ${workspaceId} AND labels @> ARRAY[${from}]::text[]`);
}

// ---- saved views ----

/** The views the user sees: the shared ones and their own. */
export async function listViews(ex: Executor, workspaceId: string, userId: string | null): Promise<ViewRow[]> {
  const v = inboxViews;
  return ex.select().from(v).where(and(eq(v.workspaceId, workspaceId), userId ? or(isNull(v.ownerId), eq(v.ownerId, userId)) : isNull(v.ownerId)))
    .orderBy(sql`${v.ownerId} IS NOT NULL`, asc(v.position), asc(v.createdAt));
}

/** One stored view (anyone's: the service checks who may see it). */
export async function findView(ex: Executor, workspaceId: string, id: string): Promise<ViewRow | undefined> {
  const [row] = await ex.select().from(inboxViews).where(and(eq(inboxViews.workspaceId, workspaceId), eq(inboxViews.id, id)));
  return row;
}

/** How many views a user keeps. */
export async function countOwnViews(ex: Executor, workspaceId: string, ownerId: string): Promise<number> {
  const [r] = await rows<{ n: number }>(ex, sql`SELECT count(*)::int AS n FROM inbox_views WHERE workspace_id = ${workspaceId} AND owner_id = ${ownerId}`);
  return Number(r?.n ?? 0);
}

/** Stores a view. */
export async function insertView(ex: Executor, values: typeof inboxViews.$inferInsert): Promise<ViewRow> {
  const [row] = await ex.insert(inboxViews).values(values).returning();
  return row!;
}

/** Changes a view. */
export async function updateView(ex: Executor, workspaceId: string, id: string, set: Partial<typeof inboxViews.$inferInsert>): Promise<ViewRow | undefined> {
  const [row] = await ex.update(inboxViews).set({ ...set, updatedAt: new Date() }).where(and(eq(inboxViews.workspaceId, workspaceId), eq(inboxViews.id, id))).returning();
  return row;
}

/** Deletes a view. */
export async function deleteView(ex: Executor, workspaceId: string, id: string): Promise<void> {
  await ex.delete(inboxViews).where(and(eq(inboxViews.workspaceId, workspaceId), eq(inboxViews.id, id)));
}

// ---- hashtags and snooze on conversations ----

/** Adds hashtags to a conversation's (each once). */
export async function addHashtags(ex: Executor, workspaceId: string, conversationId: string, tags: string[]): Promise<void> {
  if (!tags.length) return;
  await ex.execute(sql`UPDATE conversations SET hashtags = array(SELECT DISTINCT unnest(hashtags || ${sql`ARRAY[${sql.join(tags.map((t) => sql`${t}`), sql`, `)}]::text[]`})), updated_at = now()
    WHERE workspace_id = ${workspaceId} AND id = ${conversationId} AND NOT (hashtags @> ${sql`ARRAY[${sql.join(tags.map((t) => sql`${t}`), sql`, `)}]::text[]`})`);
}

/** Sets or clears a conversation's snooze. */
export async function setSnooze(ex: Executor, workspaceId: string, id: string, until: Date | null): Promise<void> {
  await ex.update(conversations).set({ snoozedUntil: until, updatedAt: new Date() }).where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.id, id)));
}

/**
 * Wakes snoozed conversations: the given ones (the customer wrote) or, without ids, those whose time has come. Returns
 * the ids woken with the time they were snoozed until; a conversation is woken once (the update takes it).
 */
export async function wakeConversations(ex: Executor, workspaceId: string, opts: { ids?: string[]; dueBy?: Date; limit?: number }): Promise<{ id: string; snoozedUntil: Date; contactId: string | null }[]> {
  const c = conversations;
  const due = await ex.select({ id: c.id, snoozedUntil: c.snoozedUntil, contactId: c.contactId }).from(c)
    .where(and(eq(c.workspaceId, workspaceId), opts.ids ? inArray(c.id, opts.ids) : undefined,
      opts.dueBy ? lte(c.snoozedUntil, opts.dueBy) : sql`${c.snoozedUntil} IS NOT NULL`))
    .limit(opts.limit ?? 1000).for('update', { skipLocked: true });
  const woken = due.filter((r) => r.snoozedUntil !== null);
  if (!woken.length) return [];
  await ex.update(c).set({ snoozedUntil: null, updatedAt: new Date() }).where(and(eq(c.workspaceId, workspaceId), inArray(c.id, woken.map((r) => r.id))));
  return woken.map((r) => ({ id: r.id, snoozedUntil: r.snoozedUntil!, contactId: r.contactId }));
}

/** The workspaces with a snooze due by then (the scheduled sweep's work list). */
export async function workspacesWithDueSnoozes(ex: Executor, dueBy: Date): Promise<string[]> {
  const list = await rows<{ workspace_id: string }>(ex, sql`SELECT DISTINCT workspace_id FROM conversations WHERE snoozed_until IS NOT NULL AND snoozed_until <= ${dueBy.toISOString()}::timestamptz LIMIT 1000`);
  return list.map((r) => r.workspace_id);
}
