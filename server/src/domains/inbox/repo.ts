import { and, arrayContains, asc, desc, eq, ilike, inArray, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { rows, run, statement, type Database, type Executor } from '../../db/client.ts';
import { businessCalendars, channels, conversationSlas, conversations, inboundDeliveries, messages, slaPolicies, socialIdentities, users } from '../../db/schema.ts';

export type DeliveryRow = typeof inboundDeliveries.$inferSelect;
export type DeliveryInsert = typeof inboundDeliveries.$inferInsert;
export type ConversationRow = typeof conversations.$inferSelect;
export type ConversationInsert = typeof conversations.$inferInsert;
export type MessageRow = typeof messages.$inferSelect;
export type MessageInsert = typeof messages.$inferInsert;
export type DeliveryListRow = Omit<DeliveryRow, 'body' | 'headers' | 'bodyEncoding' | 'nextAttemptAt'> & { bytes: number };

// ---- deliveries ----

/** Stores a delivery unless one with the same (workspace, channel, key) exists; true when this call stored it. */
export async function insertDelivery(ex: Executor, values: DeliveryInsert): Promise<boolean> {
  const r = await ex.insert(inboundDeliveries).values(values).onConflictDoNothing().returning({ id: inboundDeliveries.id });
  return r.length === 1;
}

/** A delivery as the webhook stores it, due for ingestion at once. */
export interface DueDelivery { workspaceId: string; id: string; channelId: string; deliveryKey: string; body: string; bodyEncoding: string; headers: Record<string, string>; receivedAt: Date }

/**
 * The webhooks' acknowledgement: one INSERT for many deliveries (webhook-service coalesces concurrent requests), due
 * for ingestion at once, nothing else (no transaction, no job row); answers for each whether it was stored (false: a
 * delivery with its key exists, or came earlier in the same list). Plain SQL: it runs for every delivery a network sends.
 */
export async function insertDueDeliveries(database: Database, list: readonly DueDelivery[]): Promise<boolean[]> {
  const col = <T>(f: (d: DueDelivery) => T) => list.map(f);
  const stored = new Set((await run<{ id: string }>(database, INSERT_DUE_DELIVERIES, [col((d) => d.workspaceId), col((d) => d.id), col((d) => d.channelId),
    col((d) => d.deliveryKey), col((d) => d.body), col((d) => d.bodyEncoding), col((d) => JSON.stringify(d.headers)), col((d) => d.receivedAt.toISOString())])).map((r) => r.id));
  return list.map((d) => stored.has(d.id));
}
const INSERT_DUE_DELIVERIES = statement(`INSERT INTO inbound_deliveries (workspace_id, id, channel_id, delivery_key, body, body_encoding, headers, status, received_at, next_attempt_at)
  SELECT v.workspace_id, v.id, v.channel_id, v.delivery_key, v.body, v.body_encoding, v.headers::jsonb, 'received', v.received_at, now()
  FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[])
    AS v(workspace_id, id, channel_id, delivery_key, body, body_encoding, headers, received_at)
  ON CONFLICT DO NOTHING RETURNING id`);

/**
 * Claims up to `limit` deliveries of a workspace due for ingestion, oldest due first, locked for the caller's
 * transaction; deliveries another worker holds are skipped (two workers never take the same one). Without a workspace:
 * deliveries of any workspace due for `staleSeconds` or longer (their wake-up was lost).
 */
export async function claimDueDeliveries(ex: Executor, workspaceId: string | null, limit: number, staleSeconds: number): Promise<{ workspaceId: string; id: string }[]> {
  return workspaceId ? run(ex, CLAIM_DUE, [workspaceId, limit]) : run(ex, CLAIM_LOST, [staleSeconds, limit]);
}
const CLAIM_DUE = statement(`SELECT workspace_id AS "workspaceId", id FROM inbound_deliveries
  WHERE next_attempt_at IS NOT NULL AND workspace_id = $1::uuid AND next_attempt_at <= now() ORDER BY next_attempt_at LIMIT $2::int FOR UPDATE SKIP LOCKED`);
const CLAIM_LOST = statement(`SELECT workspace_id AS "workspaceId", id FROM inbound_deliveries
  WHERE next_attempt_at IS NOT NULL AND next_attempt_at <= now() - make_interval(secs => $1::int) ORDER BY next_attempt_at LIMIT $2::int FOR UPDATE SKIP LOCKED`);

/** When the workspace's next delivery falls due (a failed one waiting for its retry), or null when none waits. */
export async function nextDueAt(ex: Executor, workspaceId: string): Promise<Date | null> {
  const [r] = await rows<{ at: Date | string | null }>(ex, sql`SELECT min(next_attempt_at) AS at FROM inbound_deliveries WHERE workspace_id = ${workspaceId}::uuid AND next_attempt_at IS NOT NULL`);
  return r?.at ? new Date(r.at) : null;
}

/** The delivery, locked for this transaction: two runs of its job (a retry racing a slow first run) go one after the other. */
export async function lockDelivery(ex: Executor, workspaceId: string, id: string): Promise<DeliveryRow | undefined> {
  const [row] = await ex.select().from(inboundDeliveries)
    .where(and(eq(inboundDeliveries.workspaceId, workspaceId), eq(inboundDeliveries.id, id))).for('update');
  return row;
}

/** What ingestion reads of a delivery. */
export type DeliveryToIngest = Pick<DeliveryRow, 'id' | 'channelId' | 'body' | 'bodyEncoding' | 'headers' | 'status' | 'receivedAt'>;

/** Deliveries of a batch, locked for this transaction, oldest first (the order they are ingested in). */
export async function lockDeliveries(ex: Executor, workspaceId: string, ids: string[]): Promise<DeliveryToIngest[]> {
  if (ids.length === 0) return [];
  return run<DeliveryToIngest>(ex, LOCK_DELIVERIES, [workspaceId, ids]);
}
const LOCK_DELIVERIES = statement(`SELECT id, channel_id AS "channelId", body, body_encoding AS "bodyEncoding", headers, status, received_at AS "receivedAt"
  FROM inbound_deliveries WHERE workspace_id = $1::uuid AND id = ANY($2::uuid[]) ORDER BY received_at, id FOR UPDATE`);

/** Marks a batch's deliveries processed, each with its number of events, counting the attempt: one statement. */
export async function markDeliveriesProcessed(ex: Executor, workspaceId: string, done: { id: string; events: number }[]): Promise<void> {
  if (done.length === 0) return;
  await run(ex, MARK_PROCESSED, [workspaceId, done.map((d) => d.id), done.map((d) => d.events)]);
}
const MARK_PROCESSED = statement(`UPDATE inbound_deliveries AS d SET status = 'processed', error = NULL, events = v.events, processed_at = now(),
  attempts = d.attempts + 1, next_attempt_at = NULL FROM unnest($2::uuid[], $3::int[]) AS v(id, events) WHERE d.workspace_id = $1::uuid AND d.id = v.id`);

export async function findDelivery(ex: Executor, workspaceId: string, id: string): Promise<DeliveryRow | undefined> {
  const [row] = await ex.select().from(inboundDeliveries).where(and(eq(inboundDeliveries.workspaceId, workspaceId), eq(inboundDeliveries.id, id)));
  return row;
}

/**
 * Sets a delivery's outcome. `nextAttemptAt`: when it is due again (a retry after a failed attempt, or now after an
 * admin's retry); null or absent = not again (processed, or failed for good).
 */
export async function setDeliveryResult(ex: Executor, workspaceId: string, id: string, set: { status: string; error: string | null; events?: number | null; countAttempt: boolean; nextAttemptAt?: Date | null }): Promise<void> {
  await ex.update(inboundDeliveries).set({
    status: set.status, error: set.error, events: set.events ?? null,
    processedAt: set.status === 'processed' ? new Date() : null, nextAttemptAt: set.nextAttemptAt ?? null,
    ...(set.countAttempt ? { attempts: sql`${inboundDeliveries.attempts} + 1` } : {}),
  }).where(and(eq(inboundDeliveries.workspaceId, workspaceId), eq(inboundDeliveries.id, id)));
}

/** Deliveries by status, newest first, keyset on (received_at, id); without their bodies. */
export async function listDeliveries(ex: Executor, workspaceId: string, f: { status: string; channelId?: string }, cursor: [Date, string] | undefined, limit: number): Promise<DeliveryListRow[]> {
  const d = inboundDeliveries;
  return ex.select({
    workspaceId: d.workspaceId, id: d.id, channelId: d.channelId, deliveryKey: d.deliveryKey, status: d.status, error: d.error, attempts: d.attempts,
    events: d.events, receivedAt: d.receivedAt, processedAt: d.processedAt, bytes: sql<number>`octet_length(${d.body})::int`,
  }).from(d)
    .where(and(eq(d.workspaceId, workspaceId), eq(d.status, f.status), f.channelId ? eq(d.channelId, f.channelId) : undefined,
      cursor ? or(lt(d.receivedAt, cursor[0]), and(eq(d.receivedAt, cursor[0]), lt(d.id, cursor[1]))) : undefined))
    .orderBy(desc(d.receivedAt), desc(d.id)).limit(limit + 1);
}

// ---- conversations ----

/** The conversation of a thread, created when new; `created` tells which. Safe against two jobs creating it at once. */
export async function upsertConversation(ex: Executor, values: ConversationInsert): Promise<{ row: ConversationRow; created: boolean }> {
  const [inserted] = await ex.insert(conversations).values(values).onConflictDoNothing().returning();
  if (inserted) return { row: inserted, created: true };
  const [row] = await ex.select().from(conversations).where(and(eq(conversations.workspaceId, values.workspaceId), eq(conversations.channelId, values.channelId),
    eq(conversations.kind, values.kind), eq(conversations.threadKey, values.threadKey)));
  return { row: row!, created: false };
}

/** A new thread's conversation as ingestion creates it (the other columns take their defaults). */
export type NewConversation = Pick<ConversationInsert, 'workspaceId' | 'id' | 'channelId' | 'kind' | 'threadKey' | 'identityId' | 'contactId' | 'subject'> & { lastMessageAt: Date };

/**
 * The conversations of many threads with one INSERT (sorted by key, so two batches at once lock in the same order) and
 * one SELECT for those that existed; `created` tells which this call made.
 */
export async function upsertConversations(ex: Executor, values: NewConversation[]): Promise<{ row: { id: string }; created: boolean }[]> {
  if (values.length === 0) return [];
  const keyOf = (v: { channelId: string; kind: string; threadKey: string }) => `${v.channelId}|${v.kind}|${v.threadKey}`;
  const sorted = [...values].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  const ws = values[0]!.workspaceId;
  const inserted = await run<{ id: string; channelId: string; kind: string; threadKey: string }>(ex, INSERT_CONVERSATIONS, [ws,
    sorted.map((v) => v.id), sorted.map((v) => v.channelId), sorted.map((v) => v.kind), sorted.map((v) => v.threadKey),
    sorted.map((v) => v.identityId ?? null), sorted.map((v) => v.contactId ?? null), sorted.map((v) => v.subject ?? null), sorted.map((v) => v.lastMessageAt.toISOString())]);
  const found = new Map(inserted.map((r) => [keyOf(r), { row: { id: r.id }, created: true }]));
  const missing = values.filter((v) => !found.has(keyOf(v)));
  if (missing.length) {
    const existing = await run<{ id: string; channelId: string; kind: string; threadKey: string }>(ex, FIND_THREADS, [ws,
      missing.map((v) => v.channelId), missing.map((v) => v.kind), missing.map((v) => v.threadKey)]);
    for (const r of existing) found.set(keyOf(r), { row: { id: r.id }, created: false });
  }
  return values.map((v) => found.get(keyOf(v))!);
}
const INSERT_CONVERSATIONS = statement(`INSERT INTO conversations (workspace_id, id, channel_id, kind, thread_key, identity_id, contact_id, subject, last_message_at, message_count)
  SELECT $1::uuid, v.id, v.channel_id, v.kind, v.thread_key, v.identity_id, v.contact_id, v.subject, v.at, 0
  FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::uuid[], $7::uuid[], $8::text[], $9::timestamptz[]) AS v(id, channel_id, kind, thread_key, identity_id, contact_id, subject, at)
  ON CONFLICT DO NOTHING RETURNING id, channel_id AS "channelId", kind, thread_key AS "threadKey"`);
const FIND_THREADS = statement(`SELECT c.id, c.channel_id AS "channelId", c.kind, c.thread_key AS "threadKey"
  FROM unnest($2::uuid[], $3::text[], $4::text[]) AS v(channel_id, kind, thread_key)
  JOIN conversations c ON c.workspace_id = $1::uuid AND c.channel_id = v.channel_id AND c.kind = v.kind AND c.thread_key = v.thread_key`);

/** A conversation with its channel's network and its author's display data. */
export type ConversationWithAuthor = ConversationRow & { network: string | null; author: ConversationAuthor | null; assigneeName: string | null } & ConversationSlaColumns;
/** SLA: the conversation's clocks and its policy's calendar (for the business-hours countdown). */
export interface ConversationSlaColumns { sla: typeof conversationSlas.$inferSelect | null; slaCalendar: { timezone: string; weekly: Array<{ day: number; start: string; end: string }>; holidays: string[] } | null }
export interface ConversationAuthor { displayName: string | null; handle: string | null; avatarUrl: string | null }

// The author's name, handle and avatar come with each conversation (a list shows them; one query instead of one per
// row). The identities domain owns the table; the inbox only reads these display columns, as lists read user names.
function selectConversations(ex: Executor) {
  return ex.select({
    c: conversations, network: channels.network,
    displayName: socialIdentities.displayName, handle: socialIdentities.handle, avatarUrl: socialIdentities.avatarUrl,
    assigneeName: users.name,
    sla: conversationSlas, slaCalendar: { timezone: businessCalendars.timezone, weekly: businessCalendars.weekly, holidays: businessCalendars.holidays },
  }).from(conversations)
    .leftJoin(channels, and(eq(channels.workspaceId, conversations.workspaceId), eq(channels.id, conversations.channelId)))
    .leftJoin(socialIdentities, and(eq(socialIdentities.workspaceId, conversations.workspaceId), eq(socialIdentities.id, conversations.identityId)))
    // The assignee's name (routing), as the author's: one query for the whole list.
    .leftJoin(users, and(eq(users.workspaceId, conversations.workspaceId), eq(users.id, conversations.assigneeId)))
    // SLA: the clocks and the calendar their countdown counts in (primary-key lookups).
    .leftJoin(conversationSlas, and(eq(conversationSlas.workspaceId, conversations.workspaceId), eq(conversationSlas.conversationId, conversations.id)))
    .leftJoin(slaPolicies, and(eq(slaPolicies.workspaceId, conversationSlas.workspaceId), eq(slaPolicies.id, conversationSlas.policyId)))
    .leftJoin(businessCalendars, and(eq(businessCalendars.workspaceId, slaPolicies.workspaceId), eq(businessCalendars.id, slaPolicies.calendarId)));
}

function withAuthor(r: { c: ConversationRow; network: string | null; displayName: string | null; handle: string | null; avatarUrl: string | null; assigneeName: string | null } & ConversationSlaColumns): ConversationWithAuthor {
  return { ...r.c, network: r.network, author: r.c.identityId ? { displayName: r.displayName, handle: r.handle, avatarUrl: r.avatarUrl } : null, assigneeName: r.assigneeName, sla: r.sla, slaCalendar: r.slaCalendar };
}

export async function findConversation(ex: Executor, workspaceId: string, id: string): Promise<ConversationWithAuthor | undefined> {
  const [r] = await selectConversations(ex).where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.id, id)));
  return r && withAuthor(r);
}

/**
 * Counts a new message into its conversation: preview and last activity follow the newest message, an inbound one
 * reopens a resolved or waiting conversation (not one waiting on an expert), and the customer's identity and person are
 * filled in where the conversation has none yet.
 */
export async function touchConversation(ex: Executor, workspaceId: string, id: string, m: {
  occurredAt: Date; inbound: boolean; preview: string | null; identityId: string | null; contactId: string | null;
  language: string | null; sentiment: string | null; intent: string | null;
}): Promise<void> {
  const { inbound, ...rest } = m;
  await touchConversations(ex, workspaceId, inbound, [{ id, count: 1, ...rest }]);
}

/**
 * A conversation's counters, last activity, preview and (for inbound messages) status, customer and classification after
 * new messages, for many conversations with ONE statement: each id at most once, all of one direction.
 */
export async function touchConversations(ex: Executor, workspaceId: string, inbound: boolean, list: {
  id: string; occurredAt: Date; preview: string | null; identityId: string | null; contactId: string | null;
  language: string | null; sentiment: string | null; intent: string | null; count: number;
}[]): Promise<void> {
  if (list.length === 0) return;
  // Ids in order: two batches touching the same conversations lock them in the same order.
  const sorted = [...list].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  await run(ex, inbound ? TOUCH_INBOUND : TOUCH_OUTBOUND, [workspaceId, sorted.map((m) => m.id), sorted.map((m) => m.count), sorted.map((m) => m.occurredAt.toISOString()),
    sorted.map((m) => m.preview), sorted.map((m) => m.identityId), sorted.map((m) => m.contactId), sorted.map((m) => m.language), sorted.map((m) => m.sentiment), sorted.map((m) => m.intent)]);
}
// Every SET expression sees the row as it was (PostgreSQL), as the one-conversation UPDATE's do.
const newest = (col: string) => `CASE WHEN v.${col} IS NULL THEN c.${col} WHEN v.at >= c.last_message_at OR c.${col} IS NULL THEN v.${col} ELSE c.${col} END`;
const touch = (inbound: boolean) => statement(`UPDATE conversations c SET message_count = c.message_count + v.count, last_message_at = greatest(c.last_message_at, v.at),
  preview = ${newest('preview')}, updated_at = now()
  ${inbound ? `, last_inbound_at = greatest(c.last_inbound_at, v.at), status = CASE WHEN c.status = 'waiting_expert' THEN c.status ELSE 'open' END,
    identity_id = coalesce(c.identity_id, v.identity_id), contact_id = coalesce(c.contact_id, v.contact_id),
    language = ${newest('language')}, sentiment = ${newest('sentiment')}, intent = ${newest('intent')}` : ''}
  FROM unnest($2::uuid[], $3::int[], $4::timestamptz[], $5::text[], $6::uuid[], $7::uuid[], $8::text[], $9::text[], $10::text[])
    AS v(id, count, at, preview, identity_id, contact_id, language, sentiment, intent)
  WHERE c.workspace_id = $1::uuid AND c.id = v.id`);
const TOUCH_INBOUND = touch(true);
const TOUCH_OUTBOUND = touch(false);

/** Records that a private thread began as a private reply to a public comment: each conversation names the other. */
export async function linkConversations(ex: Executor, workspaceId: string, a: string, b: string): Promise<void> {
  await ex.update(conversations).set({ linkedConversationId: b }).where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.id, a)));
  await ex.update(conversations).set({ linkedConversationId: a }).where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.id, b)));
}

/** Points the conversations of an identity at the person it is now linked to (or at nobody). */
export async function setConversationsContact(ex: Executor, workspaceId: string, identityId: string, contactId: string | null): Promise<void> {
  await ex.update(conversations).set({ contactId, updatedAt: new Date() })
    .where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.identityId, identityId)));
}

/** The inbox list's filters, resolved (`assigneeId` null: unassigned; `snoozed` default exclude). */
export interface ConversationFilters {
  status?: string[]; customStatusId?: string; channelId?: string; contactId?: string; network?: string[]; kind?: string;
  assigneeId?: string | null; teamId?: string; label?: string; hashtag?: string; intent?: string; sentiment?: string; language?: string;
  priority?: string[]; snoozed?: 'exclude' | 'include' | 'only'; q?: string;
  /** Only these conversations (an expert's consulted ones, experts/visibility.ts); none for an empty list. */
  ids?: string[];
}
export type ConversationSort = 'newest' | 'oldest' | 'priority';
/** Where the previous page ended: [rank,] last_message_at, id (rank only when sorted by priority). */
export type ListKeyset = { rank?: number; at: Date; id: string };

const PRIORITY_RANK = sql<number>`(CASE ${conversations.priority} WHEN 'urgent' THEN 3 WHEN 'high' THEN 2 WHEN 'normal' THEN 1 ELSE 0 END)`;

/** The where clause of the filters (also used to count a view's conversations). */
export function conversationWhere(workspaceId: string, f: ConversationFilters): SQL {
  const c = conversations;
  const where: (SQL | undefined)[] = [eq(c.workspaceId, workspaceId)];
  if (f.status?.length) where.push(f.status.length === 1 ? eq(c.status, f.status[0]!) : inArray(c.status, f.status));
  if (f.customStatusId) where.push(eq(c.customStatusId, f.customStatusId));
  if (f.channelId) where.push(eq(c.channelId, f.channelId));
  if (f.contactId) where.push(eq(c.contactId, f.contactId));
  if (f.ids) where.push(f.ids.length ? inArray(c.id, f.ids) : sql`false`);
  // The network is the channel's: a conversation of a deleted channel has none and matches no network filter.
  if (f.network?.length) where.push(sql`${c.channelId} IN (SELECT ${channels.id} FROM ${channels} WHERE ${channels.workspaceId} = ${workspaceId} AND ${inArray(channels.network, f.network)})`);
  if (f.kind) where.push(eq(c.kind, f.kind));
  if (f.assigneeId !== undefined) where.push(f.assigneeId === null ? isNull(c.assigneeId) : eq(c.assigneeId, f.assigneeId));
  if (f.teamId) where.push(eq(c.teamId, f.teamId));
  if (f.label) where.push(arrayContains(c.labels, [f.label]));
  if (f.hashtag) where.push(arrayContains(c.hashtags, [f.hashtag.replace(/^#/, '').normalize('NFC').toLowerCase()]));
  if (f.intent) where.push(eq(c.intent, f.intent));
  if (f.sentiment) where.push(eq(c.sentiment, f.sentiment));
  if (f.language) where.push(eq(c.language, f.language));
  if (f.priority?.length) where.push(inArray(c.priority, f.priority));
  if (f.snoozed === 'exclude') where.push(isNull(c.snoozedUntil));
  if (f.snoozed === 'only') where.push(isNotNull(c.snoozedUntil));
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    where.push(or(ilike(c.preview, like), ilike(c.subject, like)));
  }
  return and(...where)!;
}

/** The inbox list by the filters, keyset-paged: newest (or oldest) activity first, or by priority then newest. */
export async function listConversations(ex: Executor, workspaceId: string, f: ConversationFilters, sort: ConversationSort, after: ListKeyset | undefined, limit: number): Promise<(ConversationWithAuthor & { rank: number })[]> {
  const c = conversations;
  const where: SQL[] = [conversationWhere(workspaceId, f)];
  const at = after?.at.toISOString();
  if (after && sort === 'newest') where.push(sql`(${c.lastMessageAt}, ${c.id}) < (${at}::timestamptz, ${after.id}::uuid)`);
  if (after && sort === 'oldest') where.push(sql`(${c.lastMessageAt}, ${c.id}) > (${at}::timestamptz, ${after.id}::uuid)`);
  if (after && sort === 'priority') where.push(sql`(${PRIORITY_RANK}, ${c.lastMessageAt}, ${c.id}) < (${after.rank ?? 0}::int, ${at}::timestamptz, ${after.id}::uuid)`);
  const order = sort === 'oldest' ? [asc(c.lastMessageAt), asc(c.id)] : sort === 'priority' ? [desc(PRIORITY_RANK), desc(c.lastMessageAt), desc(c.id)] : [desc(c.lastMessageAt), desc(c.id)];
  const list = await selectConversations(ex).where(and(...where)).orderBy(...order).limit(limit + 1);
  return list.map((r) => ({ ...withAuthor(r), rank: rankOf(r.c.priority) }));
}

/** The sort rank of a priority (urgent 3 … low 0), as the list's priority order has it. */
export function rankOf(priority: string): number {
  return priority === 'urgent' ? 3 : priority === 'high' ? 2 : priority === 'normal' ? 1 : 0;
}

/** How many conversations match the filters, counting at most `cap + 1` rows (so a big inbox is never counted through). */
export async function countConversations(ex: Executor, workspaceId: string, f: ConversationFilters, cap: number): Promise<number> {
  const [r] = await rows<{ n: number }>(ex, sql`SELECT count(*)::int AS n FROM (SELECT 1 FROM ${conversations} WHERE ${conversationWhere(workspaceId, f)} LIMIT ${cap + 1}) x`);
  return Number(r?.n ?? 0);
}

// ---- messages ----

/** Inserts a message unless the channel has one with this external id; the new row, or null for a repeat. */
export async function insertMessage(ex: Executor, values: MessageInsert): Promise<MessageRow | null> {
  const [row] = await ex.insert(messages).values(values).onConflictDoNothing().returning();
  return row ?? null;
}

/** A message as ingestion stores it (the other columns take their defaults). */
export type NewMessage = Pick<MessageInsert, 'workspaceId' | 'id' | 'conversationId' | 'channelId' | 'externalId' | 'parentExternalId' | 'direction' | 'objectType'
  | 'identityId' | 'text' | 'language' | 'sentiment' | 'intent' | 'deliveryId'> & { attachments: unknown[]; mentions: unknown[]; flags: string[]; occurredAt: Date };

/** What ingestion needs back of a message it stored or found. */
export type MessageKey = { id: string; conversationId: string; channelId: string; externalId: string };

/** Inserts many messages (of one workspace) with one statement, skipping those the channel has already; the rows inserted. */
export async function insertMessages(ex: Executor, values: NewMessage[]): Promise<MessageKey[]> {
  if (values.length === 0) return [];
  const col = <T>(f: (v: NewMessage) => T) => values.map(f);
  return run<MessageKey>(ex, INSERT_MESSAGES, [values[0]!.workspaceId, col((v) => v.id), col((v) => v.conversationId), col((v) => v.channelId),
    col((v) => v.externalId ?? null), col((v) => v.parentExternalId ?? null), col((v) => v.direction), col((v) => v.objectType ?? null), col((v) => v.identityId ?? null),
    col((v) => v.text ?? null), col((v) => JSON.stringify(v.attachments)), col((v) => JSON.stringify(v.mentions)), col((v) => v.language ?? null),
    col((v) => v.sentiment ?? null), col((v) => v.intent ?? null), col((v) => JSON.stringify(v.flags)), col((v) => v.deliveryId ?? null), col((v) => v.occurredAt.toISOString())]);
}
const INSERT_MESSAGES = statement(`INSERT INTO messages (workspace_id, id, conversation_id, channel_id, external_id, parent_external_id, direction, object_type, identity_id,
    text, attachments, mentions, language, sentiment, intent, flags, delivery_id, occurred_at)
  SELECT $1::uuid, v.id, v.conversation_id, v.channel_id, v.external_id, v.parent_external_id, v.direction, v.object_type, v.identity_id,
    v.text, v.attachments::jsonb, v.mentions::jsonb, v.language, v.sentiment, v.intent, ARRAY(SELECT jsonb_array_elements_text(v.flags::jsonb)), v.delivery_id, v.at
  FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::uuid[], $10::text[], $11::text[], $12::text[], $13::text[],
    $14::text[], $15::text[], $16::text[], $17::uuid[], $18::timestamptz[])
    AS v(id, conversation_id, channel_id, external_id, parent_external_id, direction, object_type, identity_id, text, attachments, mentions, language, sentiment, intent, flags, delivery_id, at)
  ON CONFLICT DO NOTHING RETURNING id, conversation_id AS "conversationId", channel_id AS "channelId", external_id AS "externalId"`);

/** The channel's messages among these external ids, one query. */
export async function findMessagesByExternalIds(ex: Executor, workspaceId: string, channelId: string, externalIds: string[]): Promise<MessageKey[]> {
  if (externalIds.length === 0) return [];
  return run<MessageKey>(ex, FIND_BY_EXTERNAL_IDS, [workspaceId, channelId, externalIds]);
}
const FIND_BY_EXTERNAL_IDS = statement(`SELECT id, conversation_id AS "conversationId", channel_id AS "channelId", external_id AS "externalId"
  FROM messages WHERE workspace_id = $1::uuid AND channel_id = $2::uuid AND external_id = ANY($3::text[])`);

export async function findMessageByExternalId(ex: Executor, workspaceId: string, channelId: string, externalId: string): Promise<MessageRow | undefined> {
  const [row] = await ex.select().from(messages)
    .where(and(eq(messages.workspaceId, workspaceId), eq(messages.channelId, channelId), eq(messages.externalId, externalId)));
  return row;
}

/** The message, locked until the transaction ends: an edit and a hide of it processed at once apply one after the other. */
export async function lockMessageByExternalId(ex: Executor, workspaceId: string, channelId: string, externalId: string): Promise<MessageRow | undefined> {
  const [row] = await ex.select().from(messages)
    .where(and(eq(messages.workspaceId, workspaceId), eq(messages.channelId, channelId), eq(messages.externalId, externalId))).for('update');
  return row;
}

export async function updateMessage(ex: Executor, workspaceId: string, id: string, set: Partial<MessageInsert>): Promise<void> {
  await ex.update(messages).set({ ...set, updatedAt: new Date() }).where(and(eq(messages.workspaceId, workspaceId), eq(messages.id, id)));
}

/** The messages of a conversation, oldest first (a first version: the whole thread, up to `limit`). */
export async function listMessages(ex: Executor, workspaceId: string, conversationId: string, limit: number): Promise<MessageRow[]> {
  return ex.select().from(messages).where(and(eq(messages.workspaceId, workspaceId), eq(messages.conversationId, conversationId)))
    .orderBy(asc(messages.occurredAt), asc(messages.id)).limit(limit);
}

/** How many deliveries of a channel are in each status (for tests and the channel page). */
export async function countDeliveries(ex: Executor, workspaceId: string, channelId: string): Promise<Record<string, number>> {
  const list = await rows<{ status: string; n: number }>(ex, sql`SELECT status, count(*)::int AS n FROM inbound_deliveries
    WHERE workspace_id = ${workspaceId}::uuid AND channel_id = ${channelId}::uuid GROUP BY status`);
  return Object.fromEntries(list.map((r) => [r.status, Number(r.n)]));
}


export async function countContactConversations(ex: Executor, workspaceId: string, contactId: string): Promise<number> {
  const [r] = await rows<{ n: number }>(ex, sql`SELECT count(*)::int AS n FROM conversations WHERE workspace_id = ${workspaceId} AND contact_id = ${contactId}`);
  return r?.n ?? 0;
}

/** Moves a merged-away person's conversations to the survivor; returns the ids moved. */
export async function moveContactConversations(ex: Executor, workspaceId: string, fromId: string, toId: string): Promise<string[]> {
  const moved = await ex.update(conversations).set({ contactId: toId, updatedAt: new Date() })
    .where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.contactId, fromId)))
    .returning({ id: conversations.id });
  return moved.map((r) => r.id);
}

/** Gives conversations moved away by a merge back to the person (the merge was undone). */
export async function moveConversationsBack(ex: Executor, workspaceId: string, ids: string[], toId: string): Promise<void> {
  if (!ids.length) return;
  await ex.update(conversations).set({ contactId: toId, updatedAt: new Date() })
    .where(and(eq(conversations.workspaceId, workspaceId), inArray(conversations.id, ids)));
}

// ---- the outbox and moderation ----

export async function findMessage(ex: Executor, workspaceId: string, id: string): Promise<MessageRow | undefined> {
  const [row] = await ex.select().from(messages).where(and(eq(messages.workspaceId, workspaceId), eq(messages.id, id)));
  return row;
}

/** The message, locked until the transaction ends (a retry racing the send job, two moderations at once). */
export async function lockMessage(ex: Executor, workspaceId: string, id: string): Promise<MessageRow | undefined> {
  const [row] = await ex.select().from(messages).where(and(eq(messages.workspaceId, workspaceId), eq(messages.id, id))).for('update');
  return row;
}

/** The thread's latest inbound message that the network knows (what a reply answers by default). */
export async function latestInboundMessage(ex: Executor, workspaceId: string, conversationId: string): Promise<MessageRow | undefined> {
  const [row] = await ex.select().from(messages)
    .where(and(eq(messages.workspaceId, workspaceId), eq(messages.conversationId, conversationId), eq(messages.direction, 'inbound'), sql`${messages.externalId} IS NOT NULL`))
    .orderBy(desc(messages.occurredAt), desc(messages.id)).limit(1);
  return row;
}

/**
 * Takes a queued reply for sending (internally `sending`, shown as queued): one job sends it, a second finds nothing.
 * `resume` also takes one left `sending` by an attempt that died mid-call (a killed worker): sent again, at least once.
 */
export async function claimReply(ex: Executor, workspaceId: string, id: string, resume: boolean): Promise<MessageRow | undefined> {
  const [row] = await ex.update(messages).set({ sendStatus: 'sending', updatedAt: new Date() })
    .where(and(eq(messages.workspaceId, workspaceId), eq(messages.id, id), eq(messages.direction, 'outbound'),
      resume ? inArray(messages.sendStatus, ['queued', 'sending']) : eq(messages.sendStatus, 'queued')))
    .returning();
  return row;
}

/** Moves a message to another conversation of its channel and counts it there instead. */
export async function moveMessage(ex: Executor, workspaceId: string, m: MessageRow, toConversationId: string): Promise<void> {
  await ex.update(messages).set({ conversationId: toConversationId, updatedAt: new Date() }).where(and(eq(messages.workspaceId, workspaceId), eq(messages.id, m.id)));
  await ex.update(conversations).set({ messageCount: sql`greatest(${conversations.messageCount} - 1, 0)`, updatedAt: new Date() })
    .where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.id, m.conversationId)));
}

/** Removes a message (the network's echo of a reply Parley stored itself) and uncounts it. */
export async function deleteMessage(ex: Executor, workspaceId: string, m: MessageRow): Promise<void> {
  await ex.delete(messages).where(and(eq(messages.workspaceId, workspaceId), eq(messages.id, m.id)));
  await ex.update(conversations).set({ messageCount: sql`greatest(${conversations.messageCount} - 1, 0)` })
    .where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.id, m.conversationId)));
}

export async function updateConversation(ex: Executor, workspaceId: string, id: string, set: Partial<ConversationInsert>): Promise<void> {
  await ex.update(conversations).set({ ...set, updatedAt: new Date() }).where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.id, id)));
}

/** A social identity's id on its network (the person a reply or a block is for). */
export async function identityExternalId(ex: Executor, workspaceId: string, identityId: string | null): Promise<string | null> {
  if (!identityId) return null;
  const [row] = await ex.select({ externalId: socialIdentities.externalId }).from(socialIdentities)
    .where(and(eq(socialIdentities.workspaceId, workspaceId), eq(socialIdentities.id, identityId)));
  return row?.externalId ?? null;
}

/** The names of the users who wrote replies, by id. */
export async function userNames(ex: Executor, workspaceId: string, ids: readonly (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const list = await ex.select({ id: users.id, name: users.name }).from(users).where(and(eq(users.workspaceId, workspaceId), inArray(users.id, wanted)));
  return new Map(list.map((u) => [u.id, u.name]));
}
