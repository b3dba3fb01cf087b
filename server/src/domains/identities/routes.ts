import { ErrorBody, IdParams } from '@parley/contracts/common';
import { Contact } from '@parley/contracts/contacts';
import { AddIdentityInput, Identity, IdentityList, IdentityListQuery, IdentityPage, LinkInput, MatchListQuery, MatchPage, UnlinkInput } from '@parley/contracts/identities';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorOf, type App } from '../../http/types.ts';
import * as matches from './matches-service.ts';
import { startWorkspaceResolution } from './resolution-service.ts';
import * as service from './service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const tags = ['identities'];

/** Social identities and their links to people, with evidence. */
export async function identityRoutes(app: App, deps: Deps): Promise<void> {
  app.get('/api/contacts/:id/identities', { schema: { tags, summary: "A person's social identities with the evidence of each link, undone links included", params: IdParams, response: { 200: IdentityList, ...errors } } },
    async (req) => ({ items: await service.listContactIdentities(deps, actorOf(req), req.params.id) }));
  app.post('/api/contacts/:id/identities', { schema: { tags, summary: 'Record an identity as this person\'s (linked by agent decision)', params: IdParams, body: AddIdentityInput, response: { 201: Identity, ...errors } } },
    async (req, reply) => reply.status(201).send(await service.addIdentityToContact(deps, actorOf(req), req.params.id, req.body)));
  app.get('/api/identities', { schema: { tags, summary: 'Identities by last activity; filter by network, linked or not, handle or name', querystring: IdentityListQuery, response: { 200: IdentityPage, ...errors } } },
    async (req) => service.listIdentities(deps, actorOf(req), req.query));
  app.get('/api/identities/:id', { schema: { tags, summary: 'An identity with its link history', params: IdParams, response: { 200: Identity, ...errors } } },
    async (req) => service.getIdentity(deps, actorOf(req), req.params.id));
  app.post('/api/identities/:id/link', { schema: { tags, summary: 'Link the identity to a person (agent decision); a link to someone else is closed first', params: IdParams, body: LinkInput, response: { 200: Identity, ...errors } } },
    async (req) => service.linkByAgent(deps, actorOf(req), req.params.id, req.body.contactId, req.body.note));
  app.post('/api/identities/:id/unlink', { schema: { tags, summary: 'Undo the current link (kept in the history as undone)', params: IdParams, body: UnlinkInput, response: { 200: Identity, ...errors } } },
    async (req) => service.unlinkIdentity(deps, actorOf(req), req.params.id, req.body.reason));
  app.get('/api/match-candidates', { schema: { tags, summary: 'The review queue of probable matches, most probable first, with both sides and the per-field explanation', querystring: MatchListQuery, response: { 200: MatchPage, ...errors } } },
    async (req) => matches.listMatches(deps, actorOf(req), req.query));
  app.post('/api/match-candidates/:id/confirm', { schema: { tags, summary: 'It is a match: link the identity to the person (two people are merged on the merge screen instead)', params: IdParams, response: { 204: z.null(), ...errors } } },
    async (req, reply) => { await matches.confirmMatch(deps, actorOf(req), req.params.id); return reply.status(204).send(null); });
  app.post('/api/match-candidates/:id/reject', { schema: { tags, summary: 'Not a match: remembered, never proposed again', params: IdParams, response: { 204: z.null(), ...errors } } },
    async (req, reply) => { await matches.rejectMatch(deps, actorOf(req), req.params.id); return reply.status(204).send(null); });
  app.post('/api/identities/resolve', { schema: { tags, summary: 'Run identity resolution for the workspace in the background: train the model on its people, propose duplicates, resolve unlinked identities', response: { 202: z.object({ started: z.literal(true) }), ...errors } } },
    async (req, reply) => { await startWorkspaceResolution(deps, actorOf(req)); return reply.status(202).send({ started: true }); });
  app.post('/api/identities/:id/employer/confirm', { schema: { tags, summary: 'B2B: confirm that the person works at the employer their LinkedIn/Xing profile names (links the person to that company)', params: IdParams, response: { 200: Contact, ...errors } } },
    async (req) => service.confirmEmployer(deps, actorOf(req), req.params.id));
}
