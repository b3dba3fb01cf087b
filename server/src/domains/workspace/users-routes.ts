import { ErrorBody, IdParams } from '@parley/contracts/common';
import { AcceptInviteBody, AcceptInviteResult, InviteBody, InviteResult, User, UserList, UserListQuery, UserPatch } from '@parley/contracts/settings';
import type { Deps } from '../../deps.ts';
import { actorOf, type App } from '../../http/types.ts';
import * as service from './users-service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const tags = ['users'];

/** Users of the workspace: list, invite, accept an invitation, change, deactivate and reactivate. */
export async function userRoutes(app: App, deps: Deps): Promise<void> {
  app.get('/api/users', { schema: { tags, summary: 'The users of the workspace (everyone may list them, e.g. for owner pickers)', querystring: UserListQuery, response: { 200: UserList, ...errors } } },
    async (req) => ({ items: await service.listUsers(deps, actorOf(req), req.query) }));
  app.post('/api/users/invite', { schema: { tags, summary: 'Invite a person; returns the invitation link (shown once)', body: InviteBody, response: { 201: InviteResult, ...errors } } },
    async (req, reply) => reply.status(201).send(await service.inviteUser(deps, actorOf(req), req.body)));
  app.post('/api/auth/accept-invite', {
    schema: { tags: ['auth'], summary: 'Accept an invitation: set a password and activate the account', body: AcceptInviteBody, response: { 200: AcceptInviteResult, ...errors } },
    config: { public: true, rateLimit: { max: deps.config.loginRateLimit, timeWindow: '1 minute' } },
  }, async (req) => service.acceptInvite(deps, req.body));
  app.patch('/api/users/:id', { schema: { tags, summary: 'Change a user\'s role, name or language', params: IdParams, body: UserPatch, response: { 200: User, ...errors } } },
    async (req) => service.updateUser(deps, actorOf(req), req.params.id, req.body));
  app.post('/api/users/:id/deactivate', { schema: { tags, summary: 'Deactivate a user: sessions end, API tokens stop working', params: IdParams, response: { 200: User, ...errors } } },
    async (req) => service.deactivateUser(deps, actorOf(req), req.params.id));
  app.post('/api/users/:id/reactivate', { schema: { tags, summary: 'Reactivate a deactivated user', params: IdParams, response: { 200: User, ...errors } } },
    async (req) => service.reactivateUser(deps, actorOf(req), req.params.id));
}
