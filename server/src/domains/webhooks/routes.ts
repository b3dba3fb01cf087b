import { ErrorBody, IdParams } from '@parley/contracts/common';
import {
  Webhook, WebhookCreated, WebhookDelivery, WebhookDeliveryPage, WebhookDeliveryParams, WebhookDeliveryQuery, WebhookInput, WebhookList, WebhookPatch,
} from '@parley/contracts/settings';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorOf, type App } from '../../http/types.ts';
import * as service from './service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const tags = ['webhooks'];

/** Outbound webhooks: subscriptions, their delivery log, redelivery and test pings. */
export async function webhookRoutes(app: App, deps: Deps): Promise<void> {
  app.get('/api/webhooks', { schema: { tags, summary: 'Every webhook (never the secret)', response: { 200: WebhookList, ...errors } } },
    async (req) => ({ items: await service.listWebhooks(deps, actorOf(req)) }));
  app.post('/api/webhooks', { schema: { tags, summary: 'Subscribe a URL to events; the signing secret is returned only in this response', body: WebhookInput, response: { 201: WebhookCreated, ...errors } } },
    async (req, reply) => reply.status(201).send(await service.createWebhook(deps, actorOf(req), req.body)));
  app.get('/api/webhooks/:id', { schema: { tags, summary: 'A webhook', params: IdParams, response: { 200: Webhook, ...errors } } },
    async (req) => service.getWebhook(deps, actorOf(req), req.params.id));
  app.patch('/api/webhooks/:id', { schema: { tags, summary: 'Change a webhook\'s URL, event types or active flag', params: IdParams, body: WebhookPatch, response: { 200: Webhook, ...errors } } },
    async (req) => service.updateWebhook(deps, actorOf(req), req.params.id, req.body));
  app.delete('/api/webhooks/:id', { schema: { tags, summary: 'Delete a webhook and its delivery log', params: IdParams, response: { 204: z.null(), ...errors } } },
    async (req, reply) => { await service.deleteWebhook(deps, actorOf(req), req.params.id); return reply.status(204).send(null); });
  app.get('/api/webhooks/:id/deliveries', { schema: { tags, summary: 'The delivery log of a webhook, newest first', params: IdParams, querystring: WebhookDeliveryQuery, response: { 200: WebhookDeliveryPage, ...errors } } },
    async (req) => service.listDeliveries(deps, actorOf(req), req.params.id, req.query));
  app.post('/api/webhooks/:id/deliveries/:deliveryId/redeliver', { schema: { tags, summary: 'Send a delivery again', params: WebhookDeliveryParams, response: { 202: WebhookDelivery, ...errors } } },
    async (req, reply) => reply.status(202).send(await service.redeliver(deps, actorOf(req), req.params.id, req.params.deliveryId)));
  app.post('/api/webhooks/:id/test', { schema: { tags, summary: 'Send a ping to the webhook; the outcome shows in the delivery log', params: IdParams, response: { 202: WebhookDelivery, ...errors } } },
    async (req, reply) => reply.status(202).send(await service.testWebhook(deps, actorOf(req), req.params.id)));
}
