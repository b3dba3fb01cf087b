import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { rows, type Executor } from '../../db/client.ts';
import { approvalAgents, approvalRules, cannedReplies, csatSurveys, replyApprovals, replyDrafts, replySettings } from '../../db/schema.ts';

export type CannedRow = typeof cannedReplies.$inferSelect;
export type RuleRow = typeof approvalRules.$inferSelect;
export type ApprovalRow = typeof replyApprovals.$inferSelect;
export type SurveyRow = typeof csatSurveys.$inferSelect;
export type DraftRow = typeof replyDrafts.$inferSelect;

// ---- canned replies ----

/** Canned replies by name; `q` matches name or shortcut. */
export async function listCanned(ex: Executor, ws: string, q?: string): Promise<CannedRow[]> {
  const c = cannedReplies;
  const like = q ? `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%` : null;
  return ex.select().from(c)
    .where(and(eq(c.workspaceId, ws), like ? sql`(${c.name} ILIKE ${like} OR ${c.shortcut} ILIKE ${like})` : undefined))
    .orderBy(desc(c.usageCount), asc(c.name)).limit(500);
}

export async function findCanned(ex: Executor, ws: string, id: string): Promise<CannedRow | undefined> {
  const [r] = await ex.select().from(cannedReplies).where(and(eq(cannedReplies.workspaceId, ws), eq(cannedReplies.id, id)));
  return r;
}

export async function insertCanned(ex: Executor, values: typeof cannedReplies.$inferInsert): Promise<CannedRow> {
  const [r] = await ex.insert(cannedReplies).values(values).returning();
  return r!;
}

export async function updateCanned(ex: Executor, ws: string, id: string, set: Partial<typeof cannedReplies.$inferInsert>): Promise<CannedRow | undefined> {
  const [r] = await ex.update(cannedReplies).set({ ...set, updatedAt: new Date() }).where(and(eq(cannedReplies.workspaceId, ws), eq(cannedReplies.id, id))).returning();
  return r;
}

export async function deleteCanned(ex: Executor, ws: string, id: string): Promise<boolean> {
  return (await ex.delete(cannedReplies).where(and(eq(cannedReplies.workspaceId, ws), eq(cannedReplies.id, id))).returning({ id: cannedReplies.id })).length > 0;
}

export async function countCannedUse(ex: Executor, ws: string, id: string): Promise<void> {
  await ex.update(cannedReplies).set({ usageCount: sql`${cannedReplies.usageCount} + 1` }).where(and(eq(cannedReplies.workspaceId, ws), eq(cannedReplies.id, id)));
}

/** What a template can say about a conversation: its customer (contact, else the identity's name), language, workspace. */
export interface RenderContext {
  conversationId: string; kind: string; language: string | null; sentiment: string | null; contactId: string | null;
  firstName: string | null; lastName: string | null; salutation: string | null; displayName: string | null; tags: string[];
  workspaceName: string; workspaceLanguage: string;
}

export async function renderContext(ex: Executor, ws: string, conversationId: string): Promise<RenderContext | undefined> {
  const [r] = await rows<{
    id: string; kind: string; language: string | null; sentiment: string | null; contact_id: string | null; first_name: string | null; last_name: string | null;
    salutation: string | null; display_name: string | null; tags: string[] | null; ws_name: string; ws_language: string;
  }>(ex, sql`
    SELECT c.id, c.kind, c.language, c.sentiment, c.contact_id, p.first_name, p.last_name, p.custom ->> 'salutation' AS salutation,
      i.display_name, p.tags, w.name AS ws_name, w.default_language AS ws_language
    FROM conversations c JOIN workspaces w ON w.id = c.workspace_id
    LEFT JOIN contacts p ON p.workspace_id = c.workspace_id AND p.id = c.contact_id
    LEFT JOIN social_identities i ON i.workspace_id = c.workspace_id AND i.id = c.identity_id
    WHERE c.workspace_id = ${ws}::uuid AND c.id = ${conversationId}::uuid`);
  if (!r) return undefined;
  return {
    conversationId: r.id, kind: r.kind, language: r.language, sentiment: r.sentiment, contactId: r.contact_id, firstName: r.first_name, lastName: r.last_name,
    salutation: r.salutation, displayName: r.display_name, tags: r.tags ?? [], workspaceName: r.ws_name, workspaceLanguage: r.ws_language,
  };
}

export async function workspaceInfo(ex: Executor, ws: string): Promise<{ name: string; language: string }> {
  const [r] = await rows<{ name: string; default_language: string }>(ex, sql`SELECT name, default_language FROM workspaces WHERE id = ${ws}::uuid`);
  return { name: r?.name ?? '', language: r?.default_language ?? 'de' };
}

export async function userInfo(ex: Executor, ws: string, userId: string | null): Promise<{ name: string; role: string; createdAt: Date } | undefined> {
  if (!userId) return undefined;
  const [r] = await rows<{ name: string; role: string; created_at: string | Date }>(ex, sql`SELECT name, role, created_at FROM users WHERE workspace_id = ${ws}::uuid AND id = ${userId}::uuid`);
  return r && { name: r.name, role: r.role, createdAt: new Date(r.created_at) };
}

export async function userNames(ex: Executor, ws: string, ids: (string | null)[]): Promise<Map<string, string>> {
  const want = [...new Set(ids.filter((i): i is string => !!i))];
  if (!want.length) return new Map();
  const list = await rows<{ id: string; name: string }>(ex, sql`SELECT id, name FROM users WHERE workspace_id = ${ws}::uuid AND id = ANY(${sql.param(want)}::uuid[])`);
  return new Map(list.map((u) => [u.id, u.name]));
}

// ---- drafts ----

export async function findDraft(ex: Executor, ws: string, conversationId: string, userId: string): Promise<DraftRow | undefined> {
  const d = replyDrafts;
  const [r] = await ex.select().from(d).where(and(eq(d.workspaceId, ws), eq(d.conversationId, conversationId), eq(d.userId, userId)));
  return r;
}

export async function saveDraft(ex: Executor, v: { workspaceId: string; conversationId: string; userId: string; text: string; private: boolean }): Promise<DraftRow> {
  const now = new Date();
  const [r] = await ex.insert(replyDrafts).values({ ...v, updatedAt: now })
    .onConflictDoUpdate({ target: [replyDrafts.workspaceId, replyDrafts.conversationId, replyDrafts.userId], set: { text: v.text, private: v.private, updatedAt: now } })
    .returning();
  return r!;
}

export async function deleteDraft(ex: Executor, ws: string, conversationId: string, userId: string): Promise<void> {
  const d = replyDrafts;
  await ex.delete(d).where(and(eq(d.workspaceId, ws), eq(d.conversationId, conversationId), eq(d.userId, userId)));
}

// ---- approval rules and agents ----

export async function listRules(ex: Executor, ws: string): Promise<RuleRow[]> {
  return ex.select().from(approvalRules).where(eq(approvalRules.workspaceId, ws)).orderBy(asc(approvalRules.createdAt), asc(approvalRules.id));
}

export async function insertRule(ex: Executor, v: typeof approvalRules.$inferInsert): Promise<RuleRow> {
  const [r] = await ex.insert(approvalRules).values(v).returning();
  return r!;
}

export async function updateRule(ex: Executor, ws: string, id: string, set: Partial<typeof approvalRules.$inferInsert>): Promise<RuleRow | undefined> {
  const [r] = await ex.update(approvalRules).set(set).where(and(eq(approvalRules.workspaceId, ws), eq(approvalRules.id, id))).returning();
  return r;
}

export async function deleteRule(ex: Executor, ws: string, id: string): Promise<boolean> {
  return (await ex.delete(approvalRules).where(and(eq(approvalRules.workspaceId, ws), eq(approvalRules.id, id))).returning({ id: approvalRules.id })).length > 0;
}

export async function listApprovalAgents(ex: Executor, ws: string): Promise<string[]> {
  return (await ex.select({ userId: approvalAgents.userId }).from(approvalAgents).where(eq(approvalAgents.workspaceId, ws))).map((r) => r.userId);
}

export async function isApprovalAgent(ex: Executor, ws: string, userId: string): Promise<boolean> {
  return (await ex.select({ userId: approvalAgents.userId }).from(approvalAgents).where(and(eq(approvalAgents.workspaceId, ws), eq(approvalAgents.userId, userId)))).length > 0;
}

export async function setApprovalAgent(ex: Executor, ws: string, userId: string, on: boolean): Promise<void> {
  if (on) await ex.insert(approvalAgents).values({ workspaceId: ws, userId }).onConflictDoNothing();
  else await ex.delete(approvalAgents).where(and(eq(approvalAgents.workspaceId, ws), eq(approvalAgents.userId, userId)));
}

// ---- held replies ----

export async function insertApproval(ex: Executor, v: typeof replyApprovals.$inferInsert): Promise<void> {
  await ex.insert(replyApprovals).values(v).onConflictDoNothing();
}

export async function lockApproval(ex: Executor, ws: string, messageId: string): Promise<ApprovalRow | undefined> {
  const [r] = await ex.select().from(replyApprovals).where(and(eq(replyApprovals.workspaceId, ws), eq(replyApprovals.messageId, messageId))).for('update');
  return r;
}

export async function decideApproval(ex: Executor, ws: string, messageId: string, set: Partial<typeof replyApprovals.$inferInsert>): Promise<void> {
  await ex.update(replyApprovals).set(set).where(and(eq(replyApprovals.workspaceId, ws), eq(replyApprovals.messageId, messageId)));
}

export interface ApprovalListRow extends ApprovalRow {
  text: string | null; network: string | null; kind: string; preview: string | null; sentiment: string | null; customer: string | null; lastInbound: string | null;
}

/** Held replies of one status with their conversation's context, oldest first (pending) or newest first (decided). */
export async function listApprovals(ex: Executor, ws: string, status: string, opts: { conversationId?: string; messageId?: string; limit?: number } = {}): Promise<ApprovalListRow[]> {
  const list = await rows<Record<string, unknown>>(ex, sql`
    SELECT a.*, m.text, ch.network, c.kind, c.preview, c.sentiment,
      coalesce(nullif(trim(concat_ws(' ', p.first_name, p.last_name)), ''), i.display_name) AS customer,
      (SELECT text FROM messages x WHERE x.workspace_id = a.workspace_id AND x.conversation_id = a.conversation_id AND x.direction = 'inbound'
        ORDER BY x.occurred_at DESC, x.id DESC LIMIT 1) AS last_inbound
    FROM reply_approvals a
    JOIN messages m ON m.workspace_id = a.workspace_id AND m.id = a.message_id
    JOIN conversations c ON c.workspace_id = a.workspace_id AND c.id = m.conversation_id
    LEFT JOIN channels ch ON ch.workspace_id = c.workspace_id AND ch.id = c.channel_id
    LEFT JOIN contacts p ON p.workspace_id = c.workspace_id AND p.id = c.contact_id
    LEFT JOIN social_identities i ON i.workspace_id = c.workspace_id AND i.id = c.identity_id
    WHERE a.workspace_id = ${ws}::uuid AND a.status = ${status}
      ${opts.conversationId ? sql`AND m.conversation_id = ${opts.conversationId}::uuid` : sql``}
      ${opts.messageId ? sql`AND a.message_id = ${opts.messageId}::uuid` : sql``}
    ORDER BY a.created_at ${status === 'pending' ? sql`ASC` : sql`DESC`} LIMIT ${opts.limit ?? 200}`);
  const d = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));
  return list.map((r) => ({
    workspaceId: r.workspace_id as string, messageId: r.message_id as string, conversationId: r.conversation_id as string,
    authorUserId: r.author_user_id as string | null, status: r.status as string, reasons: (r.reasons as string[]) ?? [],
    originalText: r.original_text as string, editedText: r.edited_text as string | null, decidedBy: r.decided_by as string | null,
    decidedAt: d(r.decided_at), rejectReason: r.reject_reason as string | null, createdAt: d(r.created_at)!,
    text: r.text as string | null, network: r.network as string | null, kind: r.kind as string, preview: r.preview as string | null,
    sentiment: r.sentiment as string | null, customer: r.customer as string | null, lastInbound: r.last_inbound as string | null,
  }));
}

export async function countPending(ex: Executor, ws: string): Promise<number> {
  const [r] = await rows<{ n: number }>(ex, sql`SELECT count(*)::int AS n FROM reply_approvals WHERE workspace_id = ${ws}::uuid AND status = 'pending'`);
  return r?.n ?? 0;
}

// ---- settings ----

export async function getSettings(ex: Executor, ws: string): Promise<{ csatEnabled: boolean; csatLinkDays: number }> {
  const [r] = await ex.select().from(replySettings).where(eq(replySettings.workspaceId, ws));
  return { csatEnabled: r?.csatEnabled ?? false, csatLinkDays: r?.csatLinkDays ?? 14 };
}

export async function saveSettings(ex: Executor, ws: string, v: { csatEnabled: boolean; csatLinkDays: number }): Promise<void> {
  const now = new Date();
  await ex.insert(replySettings).values({ workspaceId: ws, ...v, updatedAt: now })
    .onConflictDoUpdate({ target: [replySettings.workspaceId], set: { ...v, updatedAt: now } });
}

// ---- CSAT ----

/** Stores a survey for a resolution once; answers the existing one when the resolution has one already. */
export async function claimSurvey(ex: Executor, v: typeof csatSurveys.$inferInsert): Promise<{ row: SurveyRow; created: boolean }> {
  const [row] = await ex.insert(csatSurveys).values(v).onConflictDoNothing().returning();
  if (row) return { row, created: true };
  const [existing] = await ex.select().from(csatSurveys).where(and(eq(csatSurveys.workspaceId, v.workspaceId), eq(csatSurveys.resolutionEventId, v.resolutionEventId)));
  return { row: existing!, created: false };
}

export async function setSurveyMessage(ex: Executor, ws: string, id: string, messageId: string): Promise<void> {
  await ex.update(csatSurveys).set({ messageId }).where(and(eq(csatSurveys.workspaceId, ws), eq(csatSurveys.id, id)));
}

export async function lockSurvey(ex: Executor, ws: string, id: string): Promise<SurveyRow | undefined> {
  const [r] = await ex.select().from(csatSurveys).where(and(eq(csatSurveys.workspaceId, ws), eq(csatSurveys.id, id))).for('update');
  return r;
}

export async function answerSurvey(ex: Executor, ws: string, id: string, v: { score: number; comment: string | null; answeredAt: Date }): Promise<void> {
  await ex.update(csatSurveys).set(v).where(and(eq(csatSurveys.workspaceId, ws), eq(csatSurveys.id, id)));
}

export async function conversationSurveys(ex: Executor, ws: string, conversationId: string): Promise<SurveyRow[]> {
  return ex.select().from(csatSurveys).where(and(eq(csatSurveys.workspaceId, ws), eq(csatSurveys.conversationId, conversationId))).orderBy(desc(csatSurveys.sentAt));
}

/** Answers per ISO week (Monday) and score since `since`, and the surveys sent. */
export async function csatStats(ex: Executor, ws: string, since: Date): Promise<{ sent: number; weeks: { week: string; score: number; n: number }[] }> {
  const [s] = await rows<{ n: number }>(ex, sql`SELECT count(*)::int AS n FROM csat_surveys WHERE workspace_id = ${ws}::uuid AND sent_at >= ${since.toISOString()}::timestamptz`);
  const weeks = await rows<{ week: string; score: number; n: number }>(ex, sql`
    SELECT to_char(date_trunc('week', answered_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS week, score, count(*)::int AS n
    FROM csat_surveys WHERE workspace_id = ${ws}::uuid AND answered_at >= ${since.toISOString()}::timestamptz AND score IS NOT NULL
    GROUP BY 1, 2 ORDER BY 1, 2`);
  return { sent: s?.n ?? 0, weeks };
}

export async function deleteSurvey(ex: Executor, ws: string, id: string): Promise<void> {
  await ex.delete(csatSurveys).where(and(eq(csatSurveys.workspaceId, ws), eq(csatSurveys.id, id)));
}
