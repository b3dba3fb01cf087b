import type { Conversation } from '@parley/contracts/inbox';
import {
  ROUTING_LIMITS, type AgentProfile, type AgentProfilePatch, type RoutingAction, type RoutingRule, type RoutingRuleInput, type RoutingRulePatch,
  type TeamRouting, type TeamRoutingPatch,
} from '@parley/contracts/routing';
import type { Deps } from '../../deps.ts';
import type { Executor } from '../../db/client.ts';
import { emit } from '../../events/emit.ts';
import { Conflict, NotFound, Validation } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Actor } from '../../policies/actor.ts';
import { authorize } from '../../policies/authorize.ts';
import { conversationById } from '../inbox/service.ts';
import { presenceOf } from '../presence/service.ts';
import { assignConversation } from './assignment.ts';
import { presentAgent, presentRule, presentTeamRouting } from './presenter.ts';
import * as repo from './repo.ts';
import { invalidateRules } from './stage.ts';

// Routing settings (issue 3): the manager's ordered rules, the agents' profiles and the teams' assignment policies;
// and the teams' queues of conversations nobody could take yet.

/** The workspace's routing rules in evaluation order. */

/** Assignment as other domains use it (SLA escalation, bulk actions): authorizes, assigns, emits conversation.assigned. */
export { assignConversation } from './assignment.ts';
/** An expert's take-over as the experts domain uses it: the same write and conversation.assigned (by take_over). */
export { takeOverConversation } from './assignment.ts';
export async function listRules(deps: Deps, actor: Actor): Promise<{ items: RoutingRule[] }> {
  authorize(actor, 'routing:read');
  return { items: (await repo.listRules(deps.db, actor.workspaceId)).map(presentRule) };
}

// A rule may only name this workspace's teams and assignable users.
async function checkActions(ex: Executor, workspaceId: string, actions: RoutingAction[]): Promise<void> {
  for (const [i, a] of actions.entries()) {
    if (a.type === 'set_team' && !(await repo.findTeam(ex, workspaceId, a.teamId))) throw new Validation('team_not_found', 'No such team', { field: `actions.${i}.teamId` });
    if (a.type === 'assign' && a.userId && !(await repo.findAssignable(ex, workspaceId, a.userId))) {
      throw new Validation('assignee_not_assignable', 'This user cannot be assigned conversations', { field: `actions.${i}.userId` });
    }
  }
}

/** Adds a rule at the end of the list. */
export async function createRule(deps: Deps, actor: Actor, input: RoutingRuleInput): Promise<RoutingRule> {
  authorize(actor, 'routing:manage');
  const rule = await deps.db.transaction(async (tx) => {
    await checkActions(tx, actor.workspaceId, input.actions);
    // Every rule is evaluated for every new conversation: the list stays short enough to read and to run.
    if ((await repo.listRules(tx, actor.workspaceId)).length >= ROUTING_LIMITS.rules) throw new Conflict('routing_rules_limit', `A workspace has at most ${ROUTING_LIMITS.rules} routing rules`);
    const row = await repo.insertRule(tx, {
      workspaceId: actor.workspaceId, id: newId(), name: input.name, enabled: input.enabled ?? true, match: input.match ?? 'all',
      conditions: input.conditions ?? [], actions: input.actions, stop: input.stop ?? false,
    });
    await emit(tx, deps.queue, actor, { type: 'routing_rule.created', subject: { type: 'routing_rule', id: row.id }, payload: { after: { name: row.name } } });
    return row;
  });
  invalidateRules(actor.workspaceId);
  return presentRule(rule);
}

/** Changes a rule (name, switch, conditions, actions, stop). */
export async function updateRule(deps: Deps, actor: Actor, id: string, patch: RoutingRulePatch): Promise<RoutingRule> {
  authorize(actor, 'routing:manage');
  const rule = await deps.db.transaction(async (tx) => {
    const before = await repo.findRule(tx, actor.workspaceId, id);
    if (!before) throw new NotFound('routing_rule_not_found', 'No such routing rule');
    if (patch.actions) await checkActions(tx, actor.workspaceId, patch.actions);
    const row = (await repo.updateRule(tx, actor.workspaceId, id, patch))!;
    await emit(tx, deps.queue, actor, {
      type: 'routing_rule.updated', subject: { type: 'routing_rule', id },
      payload: { before: { name: before.name, enabled: before.enabled }, after: { name: row.name, enabled: row.enabled } },
    });
    return row;
  });
  invalidateRules(actor.workspaceId);
  return presentRule(rule);
}

/** Deletes a rule. */
export async function deleteRule(deps: Deps, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'routing:manage');
  await deps.db.transaction(async (tx) => {
    const before = await repo.findRule(tx, actor.workspaceId, id);
    if (!before || !(await repo.deleteRule(tx, actor.workspaceId, id))) throw new NotFound('routing_rule_not_found', 'No such routing rule');
    await emit(tx, deps.queue, actor, { type: 'routing_rule.deleted', subject: { type: 'routing_rule', id }, payload: { before: { name: before.name } } });
  });
  invalidateRules(actor.workspaceId);
}

/** Puts the rules in the given order; `ids` must name every rule of the workspace once. */
export async function reorderRules(deps: Deps, actor: Actor, ids: string[]): Promise<{ items: RoutingRule[] }> {
  authorize(actor, 'routing:manage');
  const rules = await deps.db.transaction(async (tx) => {
    const current = await repo.listRules(tx, actor.workspaceId);
    const known = new Set(current.map((r) => r.id));
    if (ids.length !== known.size || new Set(ids).size !== ids.length || !ids.every((i) => known.has(i))) {
      throw new Validation('routing_order_incomplete', 'Name every routing rule exactly once', { field: 'ids' });
    }
    await repo.setPositions(tx, actor.workspaceId, ids);
    await emit(tx, deps.queue, actor, { type: 'routing_rules.reordered', subject: { type: 'workspace', id: actor.workspaceId }, payload: { ids } });
    return repo.listRules(tx, actor.workspaceId);
  });
  invalidateRules(actor.workspaceId);
  return { items: rules.map(presentRule) };
}

/** The users who work the inbox, with capacity, skills, languages, load and presence. */
export async function listAgents(deps: Deps, actor: Actor): Promise<{ items: AgentProfile[] }> {
  authorize(actor, 'routing:read');
  const agents = await repo.listAgents(deps.db, actor.workspaceId);
  const ids = agents.map((a) => a.id);
  const presence = await presenceOf(deps.db, actor.workspaceId, ids);
  const load = await repo.loads(deps.db, actor.workspaceId, ids);
  return { items: agents.map((a) => presentAgent(a, load.get(a.id) ?? 0, presence.get(a.id) ?? 'offline')) };
}

/** Sets an agent's capacity, skills or languages. */
export async function updateAgent(deps: Deps, actor: Actor, userId: string, patch: AgentProfilePatch): Promise<AgentProfile> {
  authorize(actor, 'routing:manage');
  await deps.db.transaction(async (tx) => {
    if (!(await repo.findAssignable(tx, actor.workspaceId, userId))) throw new NotFound('agent_not_found', 'No such agent');
    const clean = {
      ...patch,
      ...(patch.skills ? { skills: [...new Set(patch.skills)] } : {}),
      ...(patch.languages ? { languages: [...new Set(patch.languages.map((l) => l.toLowerCase()))] } : {}),
    };
    await repo.upsertProfile(tx, actor.workspaceId, userId, clean);
    await emit(tx, deps.queue, actor, { type: 'agent_profile.updated', subject: { type: 'user', id: userId }, payload: { after: clean } });
  });
  const { items } = await listAgents(deps, actor);
  return items.find((a) => a.userId === userId)!;
}

/** The teams with their assignment policy and members. */
export async function listTeams(deps: Deps, actor: Actor): Promise<{ items: TeamRouting[] }> {
  authorize(actor, 'routing:read');
  const [teams, agents] = [await repo.listTeamRouting(deps.db, actor.workspaceId), await repo.listAgents(deps.db, actor.workspaceId)];
  return { items: teams.map((t) => presentTeamRouting(t, agents.filter((a) => a.teamIds.includes(t.id)))) };
}

/** Sets a team's assignment policy and whether it respects skills. */
export async function updateTeam(deps: Deps, actor: Actor, teamId: string, patch: TeamRoutingPatch): Promise<TeamRouting> {
  authorize(actor, 'routing:manage');
  await deps.db.transaction(async (tx) => {
    if (!(await repo.findTeam(tx, actor.workspaceId, teamId))) throw new NotFound('team_not_found', 'No such team');
    await repo.upsertTeamRouting(tx, actor.workspaceId, teamId, patch);
    await emit(tx, deps.queue, actor, { type: 'team_routing.updated', subject: { type: 'team', id: teamId }, payload: { after: patch } });
  });
  const { items } = await listTeams(deps, actor);
  return items.find((t) => t.teamId === teamId)!;
}

/** The conversations waiting unassigned in the teams' queues (or one team's), oldest first. */
export async function queue(deps: Deps, actor: Actor, q: { teamId?: string; limit: number }): Promise<{ items: Conversation[] }> {
  authorize(actor, 'routing:read');
  const ids = await repo.queueIds(deps.db, actor.workspaceId, q.teamId, q.limit);
  const items: Conversation[] = [];
  for (const id of ids) {
    const c = await conversationById(deps.db, actor.workspaceId, id);
    if (c) items.push(c);
  }
  return { items };
}

/** Assigns a conversation (PATCH …/assignment) and answers it as the inbox shows it. */
export async function assign(deps: Deps, actor: Actor, conversationId: string, to: { userId?: string | null; teamId?: string | null }): Promise<Conversation> {
  await assignConversation(deps, actor, conversationId, to);
  const c = await conversationById(deps.db, actor.workspaceId, conversationId);
  if (!c) throw new NotFound('conversation_not_found', 'No such conversation');
  return c;
}
