import { and, asc, eq, inArray, isNull, notInArray, sql } from 'drizzle-orm';
import { rows, type Executor } from '../../db/client.ts';
import { agentProfiles, contacts, conversationRouting, conversations, routingRules, teamMembers, teamRouting, teams, users } from '../../db/schema.ts';
import type { ContactFacts } from './engine.ts';

// Routing is part of the inbox capability (ARCHITECTURE: "inbox | … routing, assignment …"): it reads and sets the
// conversation's team, assignee, priority and labels directly. People's tags and fields are read, never written.

export type RuleRow = typeof routingRules.$inferSelect;
export type RuleInsert = typeof routingRules.$inferInsert;
export type ProfileRow = typeof agentProfiles.$inferSelect;
export type TeamRoutingRow = typeof teamRouting.$inferSelect;

/** The roles that work the inbox, and so can be assigned conversations. */
export const ASSIGNABLE_ROLES = ['admin', 'manager', 'agent'] as const;
/** The statuses that count as an agent's load. */
export const OPEN_STATUSES = ['open', 'pending', 'waiting_customer', 'waiting_expert'] as const;

// ---- rules ----

/** The workspace's rules in evaluation order. */
export async function listRules(ex: Executor, workspaceId: string): Promise<RuleRow[]> {
  return ex.select().from(routingRules).where(eq(routingRules.workspaceId, workspaceId)).orderBy(asc(routingRules.position), asc(routingRules.createdAt), asc(routingRules.id));
}

export async function findRule(ex: Executor, workspaceId: string, id: string): Promise<RuleRow | undefined> {
  const [row] = await ex.select().from(routingRules).where(and(eq(routingRules.workspaceId, workspaceId), eq(routingRules.id, id)));
  return row;
}

/** Inserts a rule at the end of the list. */
export async function insertRule(ex: Executor, values: Omit<RuleInsert, 'position'>): Promise<RuleRow> {
  const [row] = await ex.insert(routingRules).values({
    ...values, position: sql`(SELECT coalesce(max(position), -1) + 1 FROM routing_rules WHERE workspace_id = ${values.workspaceId}::uuid)`,
  }).returning();
  return row!;
}

export async function updateRule(ex: Executor, workspaceId: string, id: string, set: Partial<RuleInsert>): Promise<RuleRow | undefined> {
  const [row] = await ex.update(routingRules).set({ ...set, updatedAt: new Date() }).where(and(eq(routingRules.workspaceId, workspaceId), eq(routingRules.id, id))).returning();
  return row;
}

export async function deleteRule(ex: Executor, workspaceId: string, id: string): Promise<boolean> {
  const r = await ex.delete(routingRules).where(and(eq(routingRules.workspaceId, workspaceId), eq(routingRules.id, id))).returning({ id: routingRules.id });
  return r.length === 1;
}

/** Sets each rule's position to its index in `ids`. */
export async function setPositions(ex: Executor, workspaceId: string, ids: string[]): Promise<void> {
  for (const [i, id] of ids.entries()) {
    await ex.update(routingRules).set({ position: i }).where(and(eq(routingRules.workspaceId, workspaceId), eq(routingRules.id, id)));
  }
}

// ---- agents and teams ----

/** The users who work the inbox, with their profile (null: defaults) and teams. */
export async function listAgents(ex: Executor, workspaceId: string): Promise<{ id: string; name: string; role: string; profile: ProfileRow | null; teamIds: string[] }[]> {
  const list = await ex.select({ u: users, p: agentProfiles }).from(users)
    .leftJoin(agentProfiles, and(eq(agentProfiles.workspaceId, users.workspaceId), eq(agentProfiles.userId, users.id)))
    .where(and(eq(users.workspaceId, workspaceId), eq(users.status, 'active'), inArray(users.role, [...ASSIGNABLE_ROLES])))
    .orderBy(asc(users.name), asc(users.id));
  const memberships = await ex.select().from(teamMembers).where(eq(teamMembers.workspaceId, workspaceId));
  return list.map(({ u, p }) => ({
    id: u.id, name: u.name, role: u.role, profile: p, teamIds: memberships.filter((m) => m.userId === u.id).map((m) => m.teamId),
  }));
}

/** A user of the workspace who may be assigned conversations (active, an inbox role). */
export async function findAssignable(ex: Executor, workspaceId: string, userId: string): Promise<{ id: string; name: string } | undefined> {
  const [row] = await ex.select({ id: users.id, name: users.name }).from(users)
    .where(and(eq(users.workspaceId, workspaceId), eq(users.id, userId), eq(users.status, 'active'), inArray(users.role, [...ASSIGNABLE_ROLES])));
  return row;
}

// An expert who takes a consulted conversation over becomes its assignee too (routing's takeOverConversation).
const TAKE_OVER_ROLES = [...ASSIGNABLE_ROLES, 'expert'] as const;

/** A user of the workspace who may take a conversation over (active, an inbox role or expert). */
export async function findTakeOverAssignee(ex: Executor, workspaceId: string, userId: string): Promise<{ id: string; name: string } | undefined> {
  const [row] = await ex.select({ id: users.id, name: users.name }).from(users)
    .where(and(eq(users.workspaceId, workspaceId), eq(users.id, userId), eq(users.status, 'active'), inArray(users.role, [...TAKE_OVER_ROLES])));
  return row;
}

export async function upsertProfile(ex: Executor, workspaceId: string, userId: string, set: { capacity?: number; skills?: string[]; languages?: string[] }): Promise<void> {
  await ex.insert(agentProfiles).values({ workspaceId, userId, ...set }).onConflictDoUpdate({
    target: [agentProfiles.workspaceId, agentProfiles.userId], set: { ...set, updatedAt: new Date() },
  });
}

/** The teams with their policy (defaults where none is stored). */
export async function listTeamRouting(ex: Executor, workspaceId: string): Promise<{ id: string; name: string; routing: TeamRoutingRow | null }[]> {
  const list = await ex.select({ t: teams, r: teamRouting }).from(teams)
    .leftJoin(teamRouting, and(eq(teamRouting.workspaceId, teams.workspaceId), eq(teamRouting.teamId, teams.id)))
    .where(eq(teams.workspaceId, workspaceId)).orderBy(asc(teams.name));
  return list.map(({ t, r }) => ({ id: t.id, name: t.name, routing: r }));
}

export async function findTeam(ex: Executor, workspaceId: string, teamId: string): Promise<{ id: string; name: string } | undefined> {
  const [row] = await ex.select({ id: teams.id, name: teams.name }).from(teams).where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, teamId)));
  return row;
}

export async function upsertTeamRouting(ex: Executor, workspaceId: string, teamId: string, set: { policy?: string; respectSkills?: boolean }): Promise<void> {
  await ex.insert(teamRouting).values({ workspaceId, teamId, ...set }).onConflictDoUpdate({
    target: [teamRouting.workspaceId, teamRouting.teamId], set: { ...set, updatedAt: new Date() },
  });
}

/**
 * The team's routing state, locked until the transaction ends: two ingestion jobs assigning in the same team at once
 * take turns, so round-robin's cursor never hands out the same turn twice. `skipLocked` (ingestion, which never waits
 * for a team): undefined at once when another transaction holds the row.
 */
export async function lockTeamRouting(ex: Executor, workspaceId: string, teamId: string, opts: { skipLocked?: boolean } = {}): Promise<TeamRoutingRow | undefined> {
  await ex.insert(teamRouting).values({ workspaceId, teamId }).onConflictDoNothing();
  const [row] = await ex.select().from(teamRouting).where(and(eq(teamRouting.workspaceId, workspaceId), eq(teamRouting.teamId, teamId)))
    .for('update', opts.skipLocked ? { skipLocked: true } : {});
  return row;
}

export async function setCursor(ex: Executor, workspaceId: string, teamId: string, userId: string): Promise<void> {
  await ex.update(teamRouting).set({ cursorUserId: userId }).where(and(eq(teamRouting.workspaceId, workspaceId), eq(teamRouting.teamId, teamId)));
}

/** The team's members who may be assigned, with their profiles. */
export async function teamCandidates(ex: Executor, workspaceId: string, teamId: string): Promise<{ userId: string; profile: ProfileRow | null }[]> {
  const list = await ex.select({ userId: users.id, p: agentProfiles }).from(teamMembers)
    .innerJoin(users, and(eq(users.workspaceId, teamMembers.workspaceId), eq(users.id, teamMembers.userId)))
    .leftJoin(agentProfiles, and(eq(agentProfiles.workspaceId, teamMembers.workspaceId), eq(agentProfiles.userId, teamMembers.userId)))
    .where(and(eq(teamMembers.workspaceId, workspaceId), eq(teamMembers.teamId, teamId), eq(users.status, 'active'), inArray(users.role, [...ASSIGNABLE_ROLES])));
  return list.map((r) => ({ userId: r.userId, profile: r.p }));
}

/** The teams a user is a member of. */
export async function teamsOf(ex: Executor, workspaceId: string, userId: string): Promise<string[]> {
  const list = await ex.select({ teamId: teamMembers.teamId }).from(teamMembers).where(and(eq(teamMembers.workspaceId, workspaceId), eq(teamMembers.userId, userId)));
  return list.map((r) => r.teamId);
}

/** How many open, pending or waiting conversations each user has. */
export async function loads(ex: Executor, workspaceId: string, userIds: string[]): Promise<Map<string, number>> {
  if (userIds.length === 0) return new Map();
  const list = await ex.select({ userId: conversations.assigneeId, n: sql<number>`count(*)::int` }).from(conversations)
    .where(and(eq(conversations.workspaceId, workspaceId), inArray(conversations.assigneeId, userIds), inArray(conversations.status, [...OPEN_STATUSES])))
    .groupBy(conversations.assigneeId);
  return new Map(list.map((r) => [r.userId!, Number(r.n)]));
}

// ---- conversations ----

export interface ConversationRoutingView { id: string; teamId: string | null; assigneeId: string | null; language: string | null; labels: string[]; contactId: string | null; status: string; priority: string }

/** The conversation's routing fields, locked until the transaction ends (two assignments at once apply in turn). */
export async function lockConversation(ex: Executor, workspaceId: string, id: string): Promise<ConversationRoutingView | undefined> {
  const c = conversations;
  const [row] = await ex.select({ id: c.id, teamId: c.teamId, assigneeId: c.assigneeId, language: c.language, labels: c.labels, contactId: c.contactId, status: c.status, priority: c.priority })
    .from(c).where(and(eq(c.workspaceId, workspaceId), eq(c.id, id))).for('update');
  return row;
}

export async function setAssignment(ex: Executor, workspaceId: string, id: string, set: { assigneeId: string | null; teamId: string | null }): Promise<void> {
  await ex.update(conversations).set({ ...set, updatedAt: new Date() }).where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.id, id)));
}

/** Sets a routed conversation's priority and adds labels (each once). */
export async function applyRouting(ex: Executor, workspaceId: string, id: string, set: { priority: string | null; labels: string[] }): Promise<void> {
  const c = conversations;
  if (!set.priority && set.labels.length === 0) return;
  await ex.update(c).set({
    ...(set.priority ? { priority: set.priority } : {}),
    ...(set.labels.length ? { labels: sql`ARRAY(SELECT DISTINCT x FROM unnest(${c.labels} || ${toTextArray(set.labels)}) AS x ORDER BY x)` } : {}),
    updatedAt: new Date(),
  }).where(and(eq(c.workspaceId, workspaceId), eq(c.id, id)));
}

function toTextArray(values: string[]) {
  return sql`ARRAY[${sql.join(values.map((v) => sql`${v}`), sql`, `)}]::text[]`;
}

/** The people behind conversations, by id: what routing's conditions look at. */
export async function contactFacts(ex: Executor, workspaceId: string, ids: string[]): Promise<Map<string, ContactFacts>> {
  if (ids.length === 0) return new Map();
  const list = await ex.select({ id: contacts.id, tags: contacts.tags, custom: contacts.custom, lifecycleStage: contacts.lifecycleStage, ownerId: contacts.ownerId, language: contacts.language })
    .from(contacts).where(and(eq(contacts.workspaceId, workspaceId), inArray(contacts.id, ids)));
  return new Map(list.map(({ id, ...facts }) => [id, facts]));
}

/**
 * Of these conversations, those reopened since routing last looked at them: their latest status change (a
 * `conversation.updated` event) after they were routed set them resolved or closed, and a new message opened them again.
 */
export async function reopenedSinceRouted(ex: Executor, workspaceId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const list = await rows<{ id: string }>(ex, sql`
    SELECT last.subject_id AS id FROM (
      SELECT DISTINCT ON (e.subject_id) e.subject_id, e.payload, e.created_at AS at FROM events e
      WHERE e.workspace_id = ${workspaceId}::uuid AND e.subject_type = 'conversation' AND e.subject_id = ANY(${toUuidArray(ids)})
        AND e.type = 'conversation.updated' AND e.payload -> 'after' ? 'status'
      ORDER BY e.subject_id, e.created_at DESC, e.id DESC
    ) last
    LEFT JOIN conversation_routing r ON r.workspace_id = ${workspaceId}::uuid AND r.conversation_id = last.subject_id
    WHERE last.payload -> 'after' ->> 'status' IN ('resolved', 'closed') AND (r.routed_at IS NULL OR last.at > r.routed_at)`);
  return new Set(list.map((r) => r.id));
}

function toUuidArray(ids: string[]) {
  return sql`ARRAY[${sql.join(ids.map((v) => sql`${v}`), sql`, `)}]::uuid[]`;
}

/** Records that routing looked at the conversations now. */
export async function markRouted(ex: Executor, workspaceId: string, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await ex.insert(conversationRouting).values(ids.map((conversationId) => ({ workspaceId, conversationId, routedAt: sql`clock_timestamp()` as unknown as Date })))
    .onConflictDoUpdate({ target: [conversationRouting.workspaceId, conversationRouting.conversationId], set: { routedAt: sql`clock_timestamp()` } });
}

/** Claims the conversation's one auto-reply; false when it had one already. */
export async function claimAutoReply(ex: Executor, workspaceId: string, conversationId: string, marker: string): Promise<boolean> {
  const r = await ex.update(conversationRouting).set({ autoReplyMessageId: marker })
    .where(and(eq(conversationRouting.workspaceId, workspaceId), eq(conversationRouting.conversationId, conversationId), isNull(conversationRouting.autoReplyMessageId)))
    .returning({ id: conversationRouting.conversationId });
  return r.length === 1;
}

/** The unassigned, unresolved conversations waiting in a team's queue (or any team's), oldest activity first. */
export async function queueIds(ex: Executor, workspaceId: string, teamId: string | undefined, limit: number): Promise<string[]> {
  const c = conversations;
  const list = await ex.select({ id: c.id }).from(c)
    .where(and(eq(c.workspaceId, workspaceId), isNull(c.assigneeId), teamId ? eq(c.teamId, teamId) : sql`${c.teamId} IS NOT NULL`, notInArray(c.status, ['resolved', 'closed'])))
    .orderBy(asc(c.lastMessageAt), asc(c.id)).limit(limit);
  return list.map((r) => r.id);
}

/** Records the auto-reply's message id on the claimed conversation. */
export async function claimAutoReplyAs(ex: Executor, workspaceId: string, conversationId: string, messageId: string): Promise<void> {
  await ex.update(conversationRouting).set({ autoReplyMessageId: messageId })
    .where(and(eq(conversationRouting.workspaceId, workspaceId), eq(conversationRouting.conversationId, conversationId)));
}

// ---- routing again when the person behind a conversation becomes known (rerun.ts) ----

/**
 * The open, unassigned conversations that routing has looked at, of an author identity or of a person. Walks the
 * unassigned part of the assignee index, where the conversations a re-run may touch are.
 */
export async function rerunCandidates(ex: Executor, workspaceId: string, of: { identityId: string } | { contactId: string }): Promise<string[]> {
  const c = conversations;
  const list = await ex.select({ id: c.id }).from(c)
    .innerJoin(conversationRouting, and(eq(conversationRouting.workspaceId, c.workspaceId), eq(conversationRouting.conversationId, c.id)))
    .where(and(eq(c.workspaceId, workspaceId), isNull(c.assigneeId), inArray(c.status, [...OPEN_STATUSES]),
      'identityId' in of ? eq(c.identityId, of.identityId) : eq(c.contactId, of.contactId)))
    .orderBy(asc(c.lastMessageAt), asc(c.id)).limit(RERUN_LIMIT);
  return list.map((r) => r.id);
}

/** The most conversations one link re-routes (a person's open, unassigned threads: a handful in practice). */
export const RERUN_LIMIT = 200;

/**
 * What a re-run needs to know of a conversation's last routing: which rules fired at the latest routing that fired
 * any, and whether a person (not the system) assigned it, moved it to a team or changed its
 * priority or labels since.
 */
export async function routingState(ex: Executor, workspaceId: string, id: string): Promise<{ lastRuleIds: string[]; humanTouched: boolean } | undefined> {
  const [state] = await rows<{ rule_ids: string[] | null; touched: boolean }>(ex, sql`
    SELECT
      (SELECT ARRAY(SELECT jsonb_array_elements_text(e.payload -> 'ruleIds')) FROM events e
        WHERE e.workspace_id = r.workspace_id AND e.subject_type = 'conversation' AND e.subject_id = r.conversation_id AND e.type = 'conversation.routed'
        ORDER BY e.created_at DESC, e.id DESC LIMIT 1) AS rule_ids,
      EXISTS (SELECT 1 FROM events e
        WHERE e.workspace_id = r.workspace_id AND e.subject_type = 'conversation' AND e.subject_id = r.conversation_id
          AND e.created_at > r.routed_at AND e.actor_kind <> 'system'
          AND (e.type = 'conversation.assigned'
            OR (e.type = 'conversation.updated' AND ((e.payload -> 'before' -> 'priority') IS DISTINCT FROM (e.payload -> 'after' -> 'priority')
              OR (e.payload -> 'before' -> 'labels') IS DISTINCT FROM (e.payload -> 'after' -> 'labels'))))) AS touched
    FROM conversation_routing r WHERE r.workspace_id = ${workspaceId}::uuid AND r.conversation_id = ${id}::uuid`);
  if (!state) return undefined;
  return { lastRuleIds: state.rule_ids ?? [], humanTouched: state.touched };
}

/** A conversation as routing saw it when it was routed: its channel, kind, author and the customer's messages until then. */
export async function routedConversationFacts(ex: Executor, workspaceId: string, id: string): Promise<{
  channelId: string; network: string; kind: 'public' | 'private'; identityId: string | null; followers: number | null; answered: boolean;
  messages: { text: string | null; language: string | null; intent: string | null; sentiment: string | null; occurredAt: Date }[];
} | undefined> {
  const [head] = await rows<{ channel_id: string; network: string; kind: 'public' | 'private'; identity_id: string | null; followers: unknown; answered: boolean }>(ex, sql`
    SELECT c.channel_id, ch.network, c.kind, c.identity_id, i.profile -> 'followers' AS followers,
      EXISTS (SELECT 1 FROM messages m WHERE m.workspace_id = c.workspace_id AND m.conversation_id = c.id AND m.direction = 'outbound') AS answered
    FROM conversations c
    JOIN channels ch ON ch.workspace_id = c.workspace_id AND ch.id = c.channel_id
    LEFT JOIN social_identities i ON i.workspace_id = c.workspace_id AND i.id = c.identity_id
    WHERE c.workspace_id = ${workspaceId}::uuid AND c.id = ${id}::uuid`);
  if (!head) return undefined;
  // The latest customer messages stored until routing (those of the routed batch, and of a short thread all of them).
  const list = await rows<{ text: string | null; language: string | null; intent: string | null; sentiment: string | null; occurred_at: Date | string }>(ex, sql`
    SELECT text, language, intent, sentiment, occurred_at FROM (
      SELECT m.text, m.language, m.intent, m.sentiment, m.occurred_at, m.id FROM messages m
      WHERE m.workspace_id = ${workspaceId}::uuid AND m.conversation_id = ${id}::uuid AND m.direction = 'inbound'
        AND m.created_at <= (SELECT r.routed_at FROM conversation_routing r WHERE r.workspace_id = ${workspaceId}::uuid AND r.conversation_id = ${id}::uuid)
      ORDER BY m.occurred_at DESC, m.id DESC LIMIT 20) last
    ORDER BY occurred_at, id`);
  const followers = typeof head.followers === 'number' ? head.followers : null;
  return {
    channelId: head.channel_id, network: head.network, kind: head.kind, identityId: head.identity_id, followers, answered: head.answered,
    messages: list.map((m) => ({ text: m.text, language: m.language, intent: m.intent, sentiment: m.sentiment, occurredAt: new Date(m.occurred_at) })),
  };
}

/** Records that routing looked at the conversation again now (a re-run is a routing: "since routing" starts anew). */
export async function markRoutedAgain(ex: Executor, workspaceId: string, id: string): Promise<void> {
  await ex.update(conversationRouting).set({ routedAt: sql`clock_timestamp()` as unknown as Date })
    .where(and(eq(conversationRouting.workspaceId, workspaceId), eq(conversationRouting.conversationId, id)));
}
