import { ErrorBody, IdParams } from '@parley/contracts/common';
import { ApiTokenCreated, ApiTokenInput, ApiTokenList } from '@parley/contracts/settings';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorOf, type App } from '../../http/types.ts';
import * as service from './tokens-service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const tags = ['api tokens'];

/** API tokens: list, create (the secret is shown once), revoke. */
export async function tokenRoutes(app: App, deps: Deps): Promise<void> {
  app.get('/api/tokens', { schema: { tags, summary: 'Every API token of the workspace (never the secret)', response: { 200: ApiTokenList, ...errors } } },
    async (req) => ({ items: await service.listTokens(deps, actorOf(req)) }));
  app.post('/api/tokens', { schema: { tags, summary: 'Create an API token; the secret is returned only in this response', body: ApiTokenInput, response: { 201: ApiTokenCreated, ...errors } } },
    async (req, reply) => reply.status(201).send(await service.createToken(deps, actorOf(req), req.body)));
  app.delete('/api/tokens/:id', { schema: { tags, summary: 'Revoke an API token', params: IdParams, response: { 204: z.null(), ...errors } } },
    async (req, reply) => { await service.revokeToken(deps, actorOf(req), req.params.id); return reply.status(204).send(null); });
}
