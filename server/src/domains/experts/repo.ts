import { and, asc, desc, eq, inArray, lte, or, sql, type SQL } from 'drizzle-orm';
import { rows, type Executor } from '../../db/client.ts';
import {
  channels, consultSettings, consults, contacts, conversationNotes, conversations, conversationTasks, socialIdentities, teamMembers, teams, users,
} from '../../db/schema.ts';

export type ConsultRow = typeof consults.$inferSelect;
export type ConsultInsert = typeof consults.$inferInsert;
export type NoteRow = typeof conversationNotes.$inferSelect;
export type NoteInsert = typeof conversationNotes.$inferInsert;

// ---- consults ----

export async function insertConsult(ex: Executor, values: ConsultInsert): Promise<void> {
  await ex.insert(consults).values(values);
}

export async function findConsult(ex: Executor, workspaceId: string, id: string, lock = false): Promise<ConsultRow | undefined> {
  const q = ex.select().from(consults).where(and(eq(consults.workspaceId, workspaceId), eq(consults.id, id)));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function updateConsult(ex: Executor, workspaceId: string, id: string, set: Partial<ConsultInsert>): Promise<void> {
  await ex.update(consults).set({ ...set, updatedAt: new Date() }).where(and(eq(consults.workspaceId, workspaceId), eq(consults.id, id)));
}

/** The teams a user is a member of. */
export async function teamIdsOf(ex: Executor, workspaceId: string, userId: string): Promise<string[]> {
  const list = await ex.select({ id: teamMembers.teamId }).from(teamMembers).where(and(eq(teamMembers.workspaceId, workspaceId), eq(teamMembers.userId, userId)));
  return list.map((r) => r.id);
}

/** The teams a user is a member of, by team name (the order an expert's business hours are looked up in). */
export async function teamIdsByName(ex: Executor, workspaceId: string, userId: string): Promise<string[]> {
  const list = await ex.select({ id: teamMembers.teamId }).from(teamMembers)
    .innerJoin(teams, and(eq(teams.workspaceId, teamMembers.workspaceId), eq(teams.id, teamMembers.teamId)))
    .where(and(eq(teamMembers.workspaceId, workspaceId), eq(teamMembers.userId, userId))).orderBy(asc(teams.name), asc(teams.id));
  return list.map((r) => r.id);
}

/** Consults addressed to the user or one of their teams (the filter behind an expert's visibility). */
export function addressedTo(userId: string, teamIds: string[]): SQL {
  return teamIds.length ? or(eq(consults.expertUserId, userId), inArray(consults.expertTeamId, teamIds))! : eq(consults.expertUserId, userId);
}

/** The conversations with a consult (not cancelled) to the user or one of their teams. */
export async function consultedConversations(ex: Executor, workspaceId: string, userId: string, teamIds: string[], conversationId?: string): Promise<string[]> {
  const list = await ex.selectDistinct({ id: consults.conversationId }).from(consults)
    .where(and(eq(consults.workspaceId, workspaceId), addressedTo(userId, teamIds), sql`${consults.status} <> 'cancelled'`,
      conversationId ? eq(consults.conversationId, conversationId) : undefined));
  return list.map((r) => r.id);
}

export interface ConsultFilter { workspaceId: string; where: SQL | undefined; status?: string; conversationId?: string }

/** Consults with what a list shows of their conversation, newest first (at most 200: a working list, not an archive). */
export async function listConsults(ex: Executor, f: ConsultFilter) {
  return ex.select({
    k: consults, preview: conversations.preview, conversationStatus: conversations.status, network: channels.network,
    authorName: sql<string | null>`coalesce(${socialIdentities.displayName}, ${socialIdentities.handle})`,
  }).from(consults)
    .leftJoin(conversations, and(eq(conversations.workspaceId, consults.workspaceId), eq(conversations.id, consults.conversationId)))
    .leftJoin(channels, and(eq(channels.workspaceId, conversations.workspaceId), eq(channels.id, conversations.channelId)))
    .leftJoin(socialIdentities, and(eq(socialIdentities.workspaceId, conversations.workspaceId), eq(socialIdentities.id, conversations.identityId)))
    .where(and(eq(consults.workspaceId, f.workspaceId), f.where, f.status ? eq(consults.status, f.status) : undefined,
      f.conversationId ? eq(consults.conversationId, f.conversationId) : undefined))
    .orderBy(desc(consults.createdAt), desc(consults.id)).limit(200);
}

/** Open consults past their OLA and not yet marked, oldest due first; marked overdue in the same statement. */
export async function markOverdue(ex: Executor, now: Date): Promise<ConsultRow[]> {
  const due = ex.select({ ws: consults.workspaceId, id: consults.id }).from(consults)
    .where(and(eq(consults.status, 'open'), eq(consults.overdue, false), lte(consults.olaDueAt, now))).orderBy(asc(consults.olaDueAt)).limit(500);
  // `overdue = false` again in the update: two runs at once both wait on the row, and only the first one marks (and reports) it.
  return ex.update(consults).set({ overdue: true, updatedAt: now })
    .where(and(sql`(${consults.workspaceId}, ${consults.id}) IN (${due})`, eq(consults.overdue, false))).returning();
}

export async function defaultOlaMinutes(ex: Executor, workspaceId: string): Promise<number | null> {
  const [row] = await ex.select().from(consultSettings).where(eq(consultSettings.workspaceId, workspaceId));
  return row?.defaultOlaMinutes ?? null;
}

export async function saveDefaultOlaMinutes(ex: Executor, workspaceId: string, minutes: number): Promise<void> {
  await ex.insert(consultSettings).values({ workspaceId, defaultOlaMinutes: minutes, updatedAt: new Date() })
    .onConflictDoUpdate({ target: consultSettings.workspaceId, set: { defaultOlaMinutes: minutes, updatedAt: new Date() } });
}

// ---- notes ----

export async function insertNote(ex: Executor, values: NoteInsert): Promise<NoteRow> {
  const [row] = await ex.insert(conversationNotes).values(values).returning();
  return row!;
}

export async function findNote(ex: Executor, workspaceId: string, id: string, lock = false): Promise<NoteRow | undefined> {
  const q = ex.select().from(conversationNotes).where(and(eq(conversationNotes.workspaceId, workspaceId), eq(conversationNotes.id, id)));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function updateNote(ex: Executor, workspaceId: string, id: string, set: Partial<NoteInsert>): Promise<NoteRow> {
  const [row] = await ex.update(conversationNotes).set({ ...set, updatedAt: new Date() })
    .where(and(eq(conversationNotes.workspaceId, workspaceId), eq(conversationNotes.id, id))).returning();
  return row!;
}

/** A conversation's notes and suggestions, oldest first. */
export async function listNotes(ex: Executor, workspaceId: string, conversationId: string): Promise<NoteRow[]> {
  return ex.select().from(conversationNotes).where(and(eq(conversationNotes.workspaceId, workspaceId), eq(conversationNotes.conversationId, conversationId)))
    .orderBy(asc(conversationNotes.createdAt), asc(conversationNotes.id)).limit(1000);
}

// ---- names, conversations, customers ----

/** Names of users and teams by id (for presenting consults and mentions). */
export async function names(ex: Executor, workspaceId: string, userIds: (string | null)[], teamIds: (string | null)[]): Promise<{ users: Map<string, string>; teams: Map<string, string> }> {
  const u = [...new Set(userIds.filter((x): x is string => !!x))];
  const t = [...new Set(teamIds.filter((x): x is string => !!x))];
  const ul = u.length ? await ex.select({ id: users.id, name: users.name }).from(users).where(and(eq(users.workspaceId, workspaceId), inArray(users.id, u))) : [];
  const tl = t.length ? await ex.select({ id: teams.id, name: teams.name }).from(teams).where(and(eq(teams.workspaceId, workspaceId), inArray(teams.id, t))) : [];
  return { users: new Map(ul.map((r) => [r.id, r.name])), teams: new Map(tl.map((r) => [r.id, r.name])) };
}

/** Every active user and every team of the workspace: what a mention may point at. */
export async function mentionTargets(ex: Executor, workspaceId: string) {
  const ul = await ex.select({ id: users.id, name: users.name, email: users.email }).from(users).where(and(eq(users.workspaceId, workspaceId), eq(users.status, 'active')));
  const tl = await ex.select({ id: teams.id, name: teams.name }).from(teams).where(eq(teams.workspaceId, workspaceId));
  return [...ul.map((u) => ({ type: 'user' as const, ...u })), ...tl.map((t) => ({ type: 'team' as const, ...t }))];
}

export async function findActiveUser(ex: Executor, workspaceId: string, id: string) {
  const [row] = await ex.select({ id: users.id, name: users.name, role: users.role }).from(users)
    .where(and(eq(users.workspaceId, workspaceId), eq(users.id, id), eq(users.status, 'active')));
  return row;
}

export async function findTeam(ex: Executor, workspaceId: string, id: string) {
  const [row] = await ex.select({ id: teams.id, name: teams.name }).from(teams).where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, id)));
  return row;
}

export async function findConversation(ex: Executor, workspaceId: string, id: string, lock = false) {
  const q = ex.select({ workspaceId: conversations.workspaceId, id: conversations.id, status: conversations.status, assigneeId: conversations.assigneeId, teamId: conversations.teamId,
    contactId: conversations.contactId, identityId: conversations.identityId }).from(conversations)
    .where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.id, id)));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function setConversation(ex: Executor, workspaceId: string, id: string, set: { status?: string; assigneeId?: string | null }): Promise<void> {
  await ex.update(conversations).set({ ...set, updatedAt: new Date() }).where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.id, id)));
}

/** The conversation of a message (to check an expert's access to a message by id). */
export async function conversationOfMessage(ex: Executor, workspaceId: string, messageId: string): Promise<string | undefined> {
  const [row] = await rows<{ conversation_id: string }>(ex, sql`SELECT conversation_id FROM messages WHERE workspace_id = ${workspaceId}::uuid AND id = ${messageId}::uuid`);
  return row?.conversation_id;
}

export async function findIdentity(ex: Executor, workspaceId: string, id: string) {
  const [row] = await ex.select({ network: socialIdentities.network, displayName: socialIdentities.displayName, handle: socialIdentities.handle,
    avatarUrl: socialIdentities.avatarUrl, profileUrl: socialIdentities.profileUrl, contactId: socialIdentities.contactId })
    .from(socialIdentities).where(and(eq(socialIdentities.workspaceId, workspaceId), eq(socialIdentities.id, id)));
  return row;
}

export async function findContact(ex: Executor, workspaceId: string, id: string) {
  const [row] = await ex.select({ id: contacts.id, firstName: contacts.firstName, lastName: contacts.lastName, email: contacts.email, phone: contacts.phone,
    addresses: contacts.addresses, companyName: contacts.companyName, mergedInto: contacts.mergedInto })
    .from(contacts).where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, id)));
  return row;
}

export async function linkTask(ex: Executor, workspaceId: string, conversationId: string, taskId: string): Promise<void> {
  await ex.insert(conversationTasks).values({ workspaceId, conversationId, taskId }).onConflictDoNothing();
}

export async function conversationTaskIds(ex: Executor, workspaceId: string, conversationId: string): Promise<string[]> {
  const list = await ex.select({ id: conversationTasks.taskId }).from(conversationTasks)
    .where(and(eq(conversationTasks.workspaceId, workspaceId), eq(conversationTasks.conversationId, conversationId))).orderBy(asc(conversationTasks.createdAt));
  return list.map((r) => r.id);
}
