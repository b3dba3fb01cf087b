import { ErrorBody, IdParams } from '@parley/contracts/common';
import { Team, TeamInput, TeamList, TeamMembersBody, TeamPatch } from '@parley/contracts/settings';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorOf, type App } from '../../http/types.ts';
import * as service from './teams-service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const tags = ['teams'];

/** Teams and their members. */
export async function teamRoutes(app: App, deps: Deps): Promise<void> {
  app.get('/api/teams', { schema: { tags, summary: 'Every team with its members', response: { 200: TeamList, ...errors } } },
    async (req) => ({ items: await service.listTeams(deps, actorOf(req)) }));
  app.get('/api/teams/:id', { schema: { tags, summary: 'A team with its members', params: IdParams, response: { 200: Team, ...errors } } },
    async (req) => service.getTeam(deps, actorOf(req), req.params.id));
  app.post('/api/teams', { schema: { tags, summary: 'Create a team', body: TeamInput, response: { 201: Team, ...errors } } },
    async (req, reply) => reply.status(201).send(await service.createTeam(deps, actorOf(req), req.body)));
  app.patch('/api/teams/:id', { schema: { tags, summary: 'Rename a team or change its description', params: IdParams, body: TeamPatch, response: { 200: Team, ...errors } } },
    async (req) => service.updateTeam(deps, actorOf(req), req.params.id, req.body));
  app.put('/api/teams/:id/members', { schema: { tags, summary: 'Set the members of a team (replaces them)', params: IdParams, body: TeamMembersBody, response: { 200: Team, ...errors } } },
    async (req) => service.setTeamMembers(deps, actorOf(req), req.params.id, req.body.userIds));
  app.delete('/api/teams/:id', { schema: { tags, summary: 'Delete a team', params: IdParams, response: { 204: z.null(), ...errors } } },
    async (req, reply) => { await service.deleteTeam(deps, actorOf(req), req.params.id); return reply.status(204).send(null); });
}
