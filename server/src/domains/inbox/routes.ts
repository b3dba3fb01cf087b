import { CHANNEL_LIMITS } from '@parley/contracts/channels';
import { ErrorBody, IdParams, PageQuery } from '@parley/contracts/common';
import {
  Channel, ChannelInput, ChannelPage, ChannelPatch, ChannelWebhookParams, Conversation, ConversationDetail, ConversationListQuery, ConversationPage,
  ConversationPatch, DeliveryListQuery, InboundDelivery, InboundDeliveryPage, Message, MessageModerationInput, ReplyInput,
} from '@parley/contracts/inbox';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorOf, type App } from '../../http/types.ts';
import * as channels from './channels-service.ts';
import * as moderation from './moderation.ts';
import * as outbox from './outbox.ts';
import * as service from './service.ts';
import { receiveWebhook } from './webhook-service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
// Moderation calls the network while the agent waits: its refusals and outages answer 502 with the network's code.
const networkErrors = { ...errors, 502: ErrorBody };

/** Channels (connected accounts) and their webhooks; conversations and messages; stored deliveries for admins. */
export async function inboxRoutes(app: App, deps: Deps): Promise<void> {
  const tags = ['channels'];
  app.get('/api/channels', { schema: { tags, summary: 'Connected channels', querystring: PageQuery, response: { 200: ChannelPage, ...errors } } },
    async (req) => channels.listChannels(deps, actorOf(req), req.query));
  app.post('/api/channels', { schema: { tags, summary: 'Connect a channel (its secrets are stored encrypted and never shown again)', body: ChannelInput, response: { 201: Channel, ...errors } } },
    async (req, reply) => reply.status(201).send(await channels.createChannel(deps, actorOf(req), req.body)));
  app.get('/api/channels/:id', { schema: { tags, summary: 'A channel, with which secrets are set', params: IdParams, response: { 200: Channel, ...errors } } },
    async (req) => channels.getChannel(deps, actorOf(req), req.params.id));
  app.patch('/api/channels/:id', { schema: { tags, summary: 'Rename, pause or resume a channel; set or remove secrets (null removes)', params: IdParams, body: ChannelPatch, response: { 200: Channel, ...errors } } },
    async (req) => channels.updateChannel(deps, actorOf(req), req.params.id, req.body));
  app.delete('/api/channels/:id', { schema: { tags, summary: 'Disconnect a channel (its conversations stay)', params: IdParams, response: { 204: z.null(), ...errors } } },
    async (req, reply) => { await channels.deleteChannel(deps, actorOf(req), req.params.id); return reply.status(204).send(null); });

  // The networks' webhook: public, verified by the connector on the bytes exactly as received (never re-serialized
  // JSON), so this scope reads every body as a Buffer. A body over the connectors' limit is still stored (as malformed,
  // too_large) up to twice that; beyond, Fastify refuses it (413) before reading it into memory.
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 2 * CHANNEL_LIMITS.deliveryBytes }, (_req, body, done) => done(null, body));
    const webhook = async (req: { method: string; headers: Record<string, string | string[] | undefined>; query: unknown; body: unknown; params: { channelId: string } }) =>
      receiveWebhook(deps, req.params.channelId, {
        method: req.method, headers: req.headers, query: (req.query ?? {}) as Record<string, string>,
        rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0), receivedAt: new Date(),
      });
    const schema = { tags, summary: 'The webhook of a channel: handshakes answered, deliveries verified, stored and acknowledged', params: ChannelWebhookParams };
    for (const method of ['GET', 'POST'] as const) {
      scope.route({
        // Answered to the networks' servers, not to browsers: no security headers to compute for each delivery.
        method, url: '/api/channels/:channelId/webhook', config: { public: true }, schema, helmet: false,
        handler: async (req, reply) => {
          const answer = await webhook(req as never);
          return reply.status(answer.status).header('content-type', answer.contentType).send(answer.body);
        },
      });
    }
  });

  const inbox = ['inbox'];
  app.get('/api/conversations', { schema: { tags: inbox, summary: 'Conversations by latest activity, newest first', querystring: ConversationListQuery, response: { 200: ConversationPage, ...errors } } },
    async (req) => service.listConversations(deps, actorOf(req), req.query));
  app.get('/api/conversations/:id', { schema: { tags: inbox, summary: 'A conversation with its messages', params: IdParams, response: { 200: ConversationDetail, ...errors } } },
    async (req) => service.getConversation(deps, actorOf(req), req.params.id));
  app.patch('/api/conversations/:id', { schema: { tags: inbox, summary: 'Set a conversation\'s status or priority', params: IdParams, body: ConversationPatch, response: { 200: Conversation, ...errors } } },
    async (req) => moderation.updateConversation(deps, actorOf(req), req.params.id, req.body));
  app.post('/api/conversations/:id/replies', { schema: { tags: inbox, summary: 'Reply (queued in the outbox and sent by the channel\'s connector, with retries); private: to a public comment\'s author by direct message', params: IdParams, body: ReplyInput, response: { 201: Message, ...errors } } },
    async (req, reply) => reply.status(201).send(await outbox.createReply(deps, actorOf(req), req.params.id, req.body)));
  app.post('/api/messages/:id/retry', { schema: { tags: inbox, summary: 'Queue a failed reply again', params: IdParams, response: { 200: Message, ...errors } } },
    async (req) => outbox.retryReply(deps, actorOf(req), req.params.id));
  app.post('/api/messages/:id/moderate', { schema: { tags: inbox, summary: 'Hide, show, delete a customer\'s message on the network, block its author or mark it spam', params: IdParams, body: MessageModerationInput, response: { 200: Message, ...networkErrors } } },
    async (req) => moderation.moderateMessage(deps, actorOf(req), req.params.id, req.body));
  app.get('/api/inbound-deliveries', { schema: { tags, summary: 'Stored webhook deliveries by status (failed by default), with their errors', querystring: DeliveryListQuery, response: { 200: InboundDeliveryPage, ...errors } } },
    async (req) => service.listDeliveries(deps, actorOf(req), req.query));
  app.post('/api/inbound-deliveries/:id/retry', { schema: { tags, summary: 'Process a failed delivery again', params: IdParams, response: { 200: InboundDelivery, ...errors } } },
    async (req) => service.retryDelivery(deps, actorOf(req), req.params.id));
}
