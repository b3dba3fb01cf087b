import type { Team } from '@parley/contracts/settings';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { teamMembers, teams, users } from '../../db/schema.ts';

export type TeamRow = typeof teams.$inferSelect;

export async function listTeams(ex: Executor, workspaceId: string): Promise<TeamRow[]> {
  return ex.select().from(teams).where(eq(teams.workspaceId, workspaceId)).orderBy(asc(teams.name), asc(teams.id));
}

export async function findTeam(ex: Executor, workspaceId: string, id: string): Promise<TeamRow | undefined> {
  return (await ex.select().from(teams).where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, id))))[0];
}

export async function findTeamByName(ex: Executor, workspaceId: string, name: string): Promise<TeamRow | undefined> {
  return (await ex.select().from(teams).where(and(eq(teams.workspaceId, workspaceId), eq(teams.name, name))))[0];
}

export async function insertTeam(ex: Executor, row: typeof teams.$inferInsert): Promise<TeamRow> {
  return (await ex.insert(teams).values(row).returning())[0]!;
}

export async function updateTeam(ex: Executor, workspaceId: string, id: string, set: Partial<typeof teams.$inferInsert>): Promise<TeamRow> {
  return (await ex.update(teams).set(set).where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, id))).returning())[0]!;
}

/** Deletes a team and its memberships. */
export async function deleteTeam(ex: Executor, workspaceId: string, id: string): Promise<void> {
  await ex.delete(teamMembers).where(and(eq(teamMembers.workspaceId, workspaceId), eq(teamMembers.teamId, id)));
  await ex.delete(teams).where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, id)));
}

/** The members (id and name, by name) of each of these teams. */
export async function membersOf(ex: Executor, workspaceId: string, teamIds: string[]): Promise<Map<string, Team['members']>> {
  const out = new Map<string, Team['members']>(teamIds.map((id) => [id, []]));
  if (!teamIds.length) return out;
  const list = await ex.select({ teamId: teamMembers.teamId, id: users.id, name: users.name }).from(teamMembers)
    .innerJoin(users, and(eq(users.workspaceId, teamMembers.workspaceId), eq(users.id, teamMembers.userId)))
    .where(and(eq(teamMembers.workspaceId, workspaceId), inArray(teamMembers.teamId, teamIds)))
    .orderBy(asc(users.name), asc(users.id));
  for (const m of list) out.get(m.teamId)!.push({ id: m.id, name: m.name });
  return out;
}

/** Replaces the members of a team with exactly these users. */
export async function setMembers(ex: Executor, workspaceId: string, teamId: string, userIds: string[]): Promise<void> {
  await ex.delete(teamMembers).where(and(eq(teamMembers.workspaceId, workspaceId), eq(teamMembers.teamId, teamId)));
  if (userIds.length) await ex.insert(teamMembers).values(userIds.map((userId) => ({ workspaceId, teamId, userId })));
}
