import { and, asc, eq, getTableColumns, inArray, lte, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { businessCalendars, conversationSlas, conversations, messages, slaPolicies, teamMembers, teams, users } from '../../db/schema.ts';
import type { BusinessCalendar } from './business-hours.ts';
import type { ClockRow, PolicyRow } from './clocks.ts';

export type CalendarRow = typeof businessCalendars.$inferSelect;
export type CalendarInsert = typeof businessCalendars.$inferInsert;
export type PolicyInsert = typeof slaPolicies.$inferInsert;

/** The calendar part the business-hours functions need. */
export function toCalendar(row: Pick<CalendarRow, 'timezone' | 'weekly' | 'holidays'>): BusinessCalendar {
  return { timezone: row.timezone, weekly: row.weekly, holidays: row.holidays };
}

// ---- calendars ----

/** The workspace's default business hours (routing's "within business hours"), or null when it has none. */
export async function defaultCalendar(db: Executor, workspaceId: string): Promise<BusinessCalendar | null> {
  const [row] = await db.select().from(businessCalendars)
    .where(and(eq(businessCalendars.workspaceId, workspaceId), eq(businessCalendars.isDefault, true)));
  return row ? toCalendar(row) : null;
}

/** The workspace's calendars by name. */
export async function listCalendars(ex: Executor, workspaceId: string): Promise<CalendarRow[]> {
  return ex.select().from(businessCalendars).where(eq(businessCalendars.workspaceId, workspaceId)).orderBy(asc(businessCalendars.name));
}

/** One calendar of the workspace. */
export async function findCalendar(ex: Executor, workspaceId: string, id: string): Promise<CalendarRow | undefined> {
  const [row] = await ex.select().from(businessCalendars).where(and(eq(businessCalendars.workspaceId, workspaceId), eq(businessCalendars.id, id)));
  return row;
}

/** Stores a new calendar. */
export async function insertCalendar(ex: Executor, values: CalendarInsert): Promise<CalendarRow> {
  const [row] = await ex.insert(businessCalendars).values(values).returning();
  return row!;
}

/** Changes a calendar. */
export async function updateCalendar(ex: Executor, workspaceId: string, id: string, set: Partial<CalendarInsert>): Promise<CalendarRow | undefined> {
  const [row] = await ex.update(businessCalendars).set({ ...set, updatedAt: new Date() })
    .where(and(eq(businessCalendars.workspaceId, workspaceId), eq(businessCalendars.id, id))).returning();
  return row;
}

/** Makes no calendar the default (before another becomes it). */
export async function clearDefaultCalendar(ex: Executor, workspaceId: string): Promise<void> {
  await ex.update(businessCalendars).set({ isDefault: false })
    .where(and(eq(businessCalendars.workspaceId, workspaceId), eq(businessCalendars.isDefault, true)));
}

/** Deletes a calendar; policies that counted in it count round the clock from then on. */
export async function deleteCalendar(ex: Executor, workspaceId: string, id: string): Promise<boolean> {
  await ex.update(slaPolicies).set({ calendarId: null }).where(and(eq(slaPolicies.workspaceId, workspaceId), eq(slaPolicies.calendarId, id)));
  const gone = await ex.delete(businessCalendars).where(and(eq(businessCalendars.workspaceId, workspaceId), eq(businessCalendars.id, id))).returning({ id: businessCalendars.id });
  return gone.length > 0;
}

/** Calendars of the workspace by id (deleted ones are absent). */
export async function calendarsByIds(ex: Executor, workspaceId: string, ids: readonly string[]): Promise<CalendarRow[]> {
  if (ids.length === 0) return [];
  return ex.select().from(businessCalendars).where(and(eq(businessCalendars.workspaceId, workspaceId), inArray(businessCalendars.id, [...new Set(ids)])));
}

/** The workspace's default calendar row, if it has one. */
export async function defaultCalendarRow(ex: Executor, workspaceId: string): Promise<CalendarRow | undefined> {
  const [row] = await ex.select().from(businessCalendars).where(and(eq(businessCalendars.workspaceId, workspaceId), eq(businessCalendars.isDefault, true)));
  return row;
}

/** The calendars the teams' own SLA policies count in, by team (teams without a policy or without a calendar are absent). */
export async function teamPolicyCalendars(ex: Executor, workspaceId: string, teamIds: readonly string[]): Promise<Map<string, CalendarRow>> {
  if (teamIds.length === 0) return new Map();
  const list = await ex.select({ teamId: slaPolicies.teamId, c: businessCalendars }).from(slaPolicies)
    .innerJoin(businessCalendars, and(eq(businessCalendars.workspaceId, slaPolicies.workspaceId), eq(businessCalendars.id, slaPolicies.calendarId)))
    .where(and(eq(slaPolicies.workspaceId, workspaceId), inArray(slaPolicies.teamId, [...new Set(teamIds)])));
  return new Map(list.map((r) => [r.teamId!, r.c]));
}

// ---- policies ----

/** The workspace's policies: the default first, then by name. */
export async function listPolicies(ex: Executor, workspaceId: string): Promise<PolicyRow[]> {
  return ex.select().from(slaPolicies).where(eq(slaPolicies.workspaceId, workspaceId))
    .orderBy(sql`${slaPolicies.teamId} IS NOT NULL`, asc(slaPolicies.name));
}

/** One policy of the workspace. */
export async function findPolicy(ex: Executor, workspaceId: string, id: string): Promise<PolicyRow | undefined> {
  const [row] = await ex.select().from(slaPolicies).where(and(eq(slaPolicies.workspaceId, workspaceId), eq(slaPolicies.id, id)));
  return row;
}

/** Stores a new policy. */
export async function insertPolicy(ex: Executor, values: PolicyInsert): Promise<PolicyRow> {
  const [row] = await ex.insert(slaPolicies).values(values).returning();
  return row!;
}

/** Changes a policy. */
export async function updatePolicy(ex: Executor, workspaceId: string, id: string, set: Partial<PolicyInsert>): Promise<PolicyRow | undefined> {
  const [row] = await ex.update(slaPolicies).set({ ...set, updatedAt: new Date() })
    .where(and(eq(slaPolicies.workspaceId, workspaceId), eq(slaPolicies.id, id))).returning();
  return row;
}

/** Deletes a policy and the clocks it ran. */
export async function deletePolicy(ex: Executor, workspaceId: string, id: string): Promise<boolean> {
  await ex.delete(conversationSlas).where(and(eq(conversationSlas.workspaceId, workspaceId), eq(conversationSlas.policyId, id)));
  const gone = await ex.delete(slaPolicies).where(and(eq(slaPolicies.workspaceId, workspaceId), eq(slaPolicies.id, id))).returning({ id: slaPolicies.id });
  return gone.length > 0;
}

/** Every policy and calendar of a workspace (a handful): what the clocks of a batch need, in two queries. */
export async function policySet(ex: Executor, workspaceId: string): Promise<{ policies: PolicyRow[]; calendars: Map<string, BusinessCalendar> }> {
  const policies = await ex.select().from(slaPolicies).where(eq(slaPolicies.workspaceId, workspaceId));
  const ids = [...new Set(policies.map((p) => p.calendarId).filter((id): id is string => id !== null))];
  const cals = ids.length === 0 ? [] : await ex.select().from(businessCalendars)
    .where(and(eq(businessCalendars.workspaceId, workspaceId), inArray(businessCalendars.id, ids)));
  return { policies, calendars: new Map(cals.map((c) => [c.id, toCalendar(c)])) };
}

/** Whether a team of the workspace exists. */
export async function teamExists(ex: Executor, workspaceId: string, teamId: string): Promise<boolean> {
  const list = await ex.select({ id: teams.id }).from(teams).where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, teamId)));
  return list.length > 0;
}

// ---- clocks ----

/** The conversation facts the clocks depend on. */
export interface ConversationFacts { id: string; teamId: string | null; priority: string; status: string; createdAt: Date; lastInboundAt: Date | null }

/** The facts of some conversations of a workspace. */
export async function conversationFacts(ex: Executor, workspaceId: string, ids: string[]): Promise<ConversationFacts[]> {
  if (ids.length === 0) return [];
  const c = conversations;
  return ex.select({ id: c.id, teamId: c.teamId, priority: c.priority, status: c.status, createdAt: c.createdAt, lastInboundAt: c.lastInboundAt })
    .from(c).where(and(eq(c.workspaceId, workspaceId), inArray(c.id, ids)));
}

/** The clocks of some conversations, locked for this transaction. */
export async function lockClocks(ex: Executor, workspaceId: string, conversationIds: string[]): Promise<ClockRow[]> {
  if (conversationIds.length === 0) return [];
  return ex.select().from(conversationSlas)
    .where(and(eq(conversationSlas.workspaceId, workspaceId), inArray(conversationSlas.conversationId, conversationIds)))
    .orderBy(asc(conversationSlas.conversationId)).for('update');
}

/** Writes a conversation's clocks (insert or replace). */
export async function saveClock(ex: Executor, row: ClockRow): Promise<void> {
  const { workspaceId: _w, conversationId: _c, ...rest } = row;
  await ex.insert(conversationSlas).values(row).onConflictDoUpdate({ target: [conversationSlas.workspaceId, conversationSlas.conversationId], set: rest });
}

/** saveClock for many conversations (each once) with one statement, in id order (two batches lock the rows alike). */
export async function saveClocks(ex: Executor, list: ClockRow[]): Promise<void> {
  if (list.length === 0) return;
  const sorted = [...list].sort((a, b) => (a.conversationId < b.conversationId ? -1 : a.conversationId > b.conversationId ? 1 : 0));
  const set = Object.fromEntries(Object.entries(getTableColumns(conversationSlas))
    .filter(([key]) => key !== 'workspaceId' && key !== 'conversationId')
    .map(([key, col]) => [key, sql.raw(`excluded.${col.name}`)]));
  await ex.insert(conversationSlas).values(sorted).onConflictDoUpdate({ target: [conversationSlas.workspaceId, conversationSlas.conversationId], set });
}

/** Removes a conversation's clocks. */
export async function deleteClock(ex: Executor, workspaceId: string, conversationId: string): Promise<void> {
  await ex.delete(conversationSlas).where(and(eq(conversationSlas.workspaceId, workspaceId), eq(conversationSlas.conversationId, conversationId)));
}

/** Clocks whose warning or due time has come, across workspaces, locked and skipped by a concurrent watch. */
export async function clocksToCheck(ex: Executor, now: Date, limit: number, workspaceId?: string): Promise<ClockRow[]> {
  return ex.select().from(conversationSlas)
    .where(and(workspaceId ? eq(conversationSlas.workspaceId, workspaceId) : undefined, lte(conversationSlas.nextCheckAt, now)))
    .orderBy(asc(conversationSlas.nextCheckAt)).limit(limit).for('update', { skipLocked: true });
}

/** A reply's conversation, direction and when it was stored, i.e. queued (its occurred_at becomes the send time later). */
export async function replyFacts(ex: Executor, workspaceId: string, messageId: string): Promise<{ conversationId: string; direction: string; createdAt: Date; sendStatus: string | null } | undefined> {
  const [row] = await ex.select({ conversationId: messages.conversationId, direction: messages.direction, createdAt: messages.createdAt, sendStatus: messages.sendStatus })
    .from(messages).where(and(eq(messages.workspaceId, workspaceId), eq(messages.id, messageId)));
  return row;
}

/** Active managers of the teams (all active managers of the workspace when the teams have none), with their e-mail. */
export async function managersOf(ex: Executor, workspaceId: string, teamIds: string[]): Promise<Array<{ id: string; email: string; name: string; language: string }>> {
  const cols = { id: users.id, email: users.email, name: users.name, language: users.language };
  const active = and(eq(users.workspaceId, workspaceId), eq(users.role, 'manager'), eq(users.status, 'active'));
  if (teamIds.length > 0) {
    const inTeams = await ex.selectDistinct(cols).from(users)
      .innerJoin(teamMembers, and(eq(teamMembers.workspaceId, users.workspaceId), eq(teamMembers.userId, users.id)))
      .where(and(active, inArray(teamMembers.teamId, teamIds))).orderBy(asc(users.id));
    if (inTeams.length > 0) return inTeams;
  }
  return ex.select(cols).from(users).where(active).orderBy(asc(users.id));
}

/** The policy of a team, else the workspace's default (team_id null). */
export function policyForTeam(policies: PolicyRow[], teamId: string | null): PolicyRow | undefined {
  return (teamId ? policies.find((p) => p.teamId === teamId) : undefined) ?? policies.find((p) => p.teamId === null);
}
