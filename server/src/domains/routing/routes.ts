import { ErrorBody, IdParams } from '@parley/contracts/common';
import { Conversation } from '@parley/contracts/inbox';
import {
  AgentProfile, AgentProfileList, AgentProfilePatch, AssignmentInput, RoutingQueue, RoutingQueueQuery, RoutingRule, RoutingRuleInput,
  RoutingRuleList, RoutingRuleOrder, RoutingRulePatch, TeamIdParams, TeamRouting, TeamRoutingList, TeamRoutingPatch, UserIdParams,
} from '@parley/contracts/routing';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorOf, type App } from '../../http/types.ts';
import * as service from './service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** Routing rules, agent profiles, team policies, the teams' queues, and assigning a conversation. */
export async function routingRoutes(app: App, deps: Deps): Promise<void> {
  const tags = ['routing'];
  app.get('/api/routing/rules', { schema: { tags, summary: 'Routing rules in evaluation order', response: { 200: RoutingRuleList, ...errors } } },
    async (req) => service.listRules(deps, actorOf(req)));
  app.post('/api/routing/rules', { schema: { tags, summary: 'Add a routing rule (at the end)', body: RoutingRuleInput, response: { 201: RoutingRule, ...errors } } },
    async (req, reply) => reply.status(201).send(await service.createRule(deps, actorOf(req), req.body)));
  app.patch('/api/routing/rules/:id', { schema: { tags, summary: 'Change a routing rule', params: IdParams, body: RoutingRulePatch, response: { 200: RoutingRule, ...errors } } },
    async (req) => service.updateRule(deps, actorOf(req), req.params.id, req.body));
  app.delete('/api/routing/rules/:id', { schema: { tags, summary: 'Delete a routing rule', params: IdParams, response: { 204: z.null(), ...errors } } },
    async (req, reply) => { await service.deleteRule(deps, actorOf(req), req.params.id); return reply.status(204).send(null); });
  app.put('/api/routing/rules/order', { schema: { tags, summary: 'Reorder the routing rules (every id, first to last)', body: RoutingRuleOrder, response: { 200: RoutingRuleList, ...errors } } },
    async (req) => service.reorderRules(deps, actorOf(req), req.body.ids));
  app.get('/api/routing/agents', { schema: { tags, summary: 'Agents with capacity, skills, languages, load and presence', response: { 200: AgentProfileList, ...errors } } },
    async (req) => service.listAgents(deps, actorOf(req)));
  app.patch('/api/routing/agents/:userId', { schema: { tags, summary: 'Set an agent\'s capacity, skills or languages', params: UserIdParams, body: AgentProfilePatch, response: { 200: AgentProfile, ...errors } } },
    async (req) => service.updateAgent(deps, actorOf(req), req.params.userId, req.body));
  app.get('/api/routing/teams', { schema: { tags, summary: 'Teams with their assignment policy', response: { 200: TeamRoutingList, ...errors } } },
    async (req) => service.listTeams(deps, actorOf(req)));
  app.patch('/api/routing/teams/:teamId', { schema: { tags, summary: 'Set a team\'s assignment policy', params: TeamIdParams, body: TeamRoutingPatch, response: { 200: TeamRouting, ...errors } } },
    async (req) => service.updateTeam(deps, actorOf(req), req.params.teamId, req.body));
  app.get('/api/routing/queue', { schema: { tags, summary: 'Unassigned conversations waiting in the teams\' queues, oldest first', querystring: RoutingQueueQuery, response: { 200: RoutingQueue, ...errors } } },
    async (req) => service.queue(deps, actorOf(req), req.query));
  app.patch('/api/conversations/:id/assignment', { schema: { tags: ['inbox'], summary: 'Assign a conversation to a user and/or a team (a team alone: by its policy)', params: IdParams, body: AssignmentInput, response: { 200: Conversation, ...errors } } },
    async (req) => service.assign(deps, actorOf(req), req.params.id, req.body));
}
