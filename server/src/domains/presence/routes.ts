import { ErrorBody, IdParams } from '@parley/contracts/common';
import { PresenceEntry, PresenceInput, PresenceList, TypingInput, ViewerList, ViewingInput } from '@parley/contracts/realtime';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorOf, type App } from '../../http/types.ts';
import * as service from './service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

/** Presence of the workspace's users, and who is viewing or typing in a conversation (collision detection). */
export async function presenceRoutes(app: App, deps: Deps): Promise<void> {
  const tags = ['realtime'];
  app.get('/api/presence', { schema: { tags, summary: 'Every user of the workspace with their presence (online, away, offline)', response: { 200: PresenceList, ...errors } } },
    async (req) => service.listPresence(deps, actorOf(req)));
  app.put('/api/presence', { schema: { tags, summary: 'Set my presence', body: PresenceInput, response: { 200: PresenceEntry, ...errors } } },
    async (req) => service.setMyPresence(deps, actorOf(req), req.body));
  app.post('/api/presence/heartbeat', { schema: { tags, summary: 'I am still here (not needed while the event stream is open)', response: { 204: z.null(), ...errors } } },
    async (req, reply) => { await service.heartbeat(deps, actorOf(req)); return reply.status(204).send(null); });
  app.get('/api/conversations/:id/viewers', { schema: { tags, summary: 'Who has the conversation open, and who is typing', params: IdParams, response: { 200: ViewerList, ...errors } } },
    async (req) => service.listViewers(deps, actorOf(req), req.params.id));
  app.post('/api/conversations/:id/viewing', { schema: { tags, summary: 'I opened (active) or left the conversation; repeat every 15 s while open', params: IdParams, body: ViewingInput, response: { 204: z.null(), ...errors } } },
    async (req, reply) => { await service.setViewing(deps, actorOf(req), req.params.id, req.body.active); return reply.status(204).send(null); });
  app.post('/api/conversations/:id/typing', { schema: { tags, summary: 'I am typing (active) or stopped typing in the conversation', params: IdParams, body: TypingInput, response: { 204: z.null(), ...errors } } },
    async (req, reply) => { await service.setTyping(deps, actorOf(req), req.params.id, req.body.active); return reply.status(204).send(null); });
}
