import type { Team, TeamInput, TeamPatch } from '@parley/contracts/settings';
import type { Deps } from '../../deps.ts';
import type { Executor } from '../../db/client.ts';
import { emit } from '../../events/emit.ts';
import { Conflict, NotFound, Validation } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Actor } from '../../policies/actor.ts';
import { authorize } from '../../policies/authorize.ts';
import { presentTeam } from './presenter.ts';
import * as teamsRepo from './teams-repo.ts';
import { findUsersByIds } from './users-repo.ts';

/** Every team of the workspace with its members. */
export async function listTeams(deps: Deps, actor: Actor): Promise<Team[]> {
  authorize(actor, 'teams:read');
  const list = await teamsRepo.listTeams(deps.db, actor.workspaceId);
  const members = await teamsRepo.membersOf(deps.db, actor.workspaceId, list.map((t) => t.id));
  return list.map((t) => presentTeam(t, members.get(t.id)!));
}

/** A team with its members. */
export async function getTeam(deps: Deps, actor: Actor, id: string): Promise<Team> {
  authorize(actor, 'teams:read');
  return view(deps.db, await findOr404(deps.db, actor, id));
}

/** Creates a team (names are unique in a workspace), optionally with its first members. */
export async function createTeam(deps: Deps, actor: Actor, input: TeamInput): Promise<Team> {
  authorize(actor, 'teams:manage');
  return deps.db.transaction(async (tx) => {
    await assertNameFree(tx, actor.workspaceId, input.name);
    const row = await teamsRepo.insertTeam(tx, { workspaceId: actor.workspaceId, id: newId(), name: input.name, description: input.description || null });
    if (input.memberIds?.length) await teamsRepo.setMembers(tx, actor.workspaceId, row.id, await checkedUserIds(tx, actor.workspaceId, input.memberIds));
    const after = await view(tx, row);
    await emit(tx, deps.queue, actor, { type: 'team.created', subject: { type: 'team', id: row.id }, payload: { after } });
    return after;
  });
}

/** Renames a team or changes its description. */
export async function updateTeam(deps: Deps, actor: Actor, id: string, patch: TeamPatch): Promise<Team> {
  authorize(actor, 'teams:manage');
  return deps.db.transaction(async (tx) => {
    const row = await findOr404(tx, actor, id);
    const before = await view(tx, row);
    if (patch.name !== undefined && patch.name !== row.name) await assertNameFree(tx, actor.workspaceId, patch.name);
    const set = {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.description !== undefined ? { description: patch.description || null } : {}),
    };
    const after = Object.keys(set).length ? await view(tx, await teamsRepo.updateTeam(tx, actor.workspaceId, id, set)) : before;
    await emit(tx, deps.queue, actor, { type: 'team.updated', subject: { type: 'team', id }, payload: { before, after } });
    return after;
  });
}

/** Replaces the members of a team. */
export async function setTeamMembers(deps: Deps, actor: Actor, id: string, userIds: string[]): Promise<Team> {
  authorize(actor, 'teams:manage');
  return deps.db.transaction(async (tx) => {
    const row = await findOr404(tx, actor, id);
    const before = await view(tx, row);
    await teamsRepo.setMembers(tx, actor.workspaceId, id, await checkedUserIds(tx, actor.workspaceId, userIds));
    const after = await view(tx, row);
    await emit(tx, deps.queue, actor, { type: 'team.updated', subject: { type: 'team', id }, payload: { before, after } });
    return after;
  });
}

/** Deletes a team (its members stay users). */
export async function deleteTeam(deps: Deps, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'teams:manage');
  await deps.db.transaction(async (tx) => {
    const before = await view(tx, await findOr404(tx, actor, id));
    await teamsRepo.deleteTeam(tx, actor.workspaceId, id);
    await emit(tx, deps.queue, actor, { type: 'team.deleted', subject: { type: 'team', id }, payload: { before } });
  });
}

async function view(ex: Executor, row: teamsRepo.TeamRow): Promise<Team> {
  const members = await teamsRepo.membersOf(ex, row.workspaceId, [row.id]);
  return presentTeam(row, members.get(row.id)!);
}

async function findOr404(ex: Executor, actor: Actor, id: string): Promise<teamsRepo.TeamRow> {
  const row = await teamsRepo.findTeam(ex, actor.workspaceId, id);
  if (!row) throw new NotFound('team_not_found', 'No such team');
  return row;
}

async function assertNameFree(ex: Executor, workspaceId: string, name: string): Promise<void> {
  if (await teamsRepo.findTeamByName(ex, workspaceId, name)) throw new Conflict('team_exists', `A team "${name}" exists already`, { field: 'name' });
}

/** The distinct ids, each a user of the workspace (another workspace's user is reported like an unknown one). */
async function checkedUserIds(ex: Executor, workspaceId: string, ids: string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  const found = new Set((await findUsersByIds(ex, workspaceId, unique)).map((u) => u.id));
  const missing = unique.filter((id) => !found.has(id));
  if (missing.length) throw new Validation('user_not_found', 'Some members are not users of this workspace', { field: 'userIds', missing });
  return unique;
}
