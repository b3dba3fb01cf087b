import { ErrorBody, IdParams } from '@parley/contracts/common';
import { Conversation } from '@parley/contracts/inbox';
import {
  BulkInput, BulkResult, CustomStatus, CustomStatusInput, CustomStatusList, CustomStatusPatch, InboxLabel, InboxLabelInput, InboxLabelList,
  InboxLabelPatch, SavedView, SavedViewInput, SavedViewList, SavedViewPatch, SnoozeInput, ViewCounts,
} from '@parley/contracts/inbox-views';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorOf, type App } from '../../http/types.ts';
import { bulkUpdate } from './bulk.ts';
import { snoozeConversation, unsnoozeConversation } from './snooze.ts';
import * as statuses from './statuses.ts';
import * as views from './views-service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** Organizing the inbox: custom statuses, managed labels, saved views with counts, snooze and bulk actions. */
export async function inboxViewRoutes(app: App, deps: Deps): Promise<void> {
  const tags = ['inbox'];
  app.get('/api/inbox/statuses', { schema: { tags, summary: 'The workspace\'s custom statuses, each under a base status', response: { 200: CustomStatusList, ...errors } } },
    async (req) => statuses.listCustomStatuses(deps, actorOf(req)));
  app.post('/api/inbox/statuses', { schema: { tags, summary: 'Add a custom status (managers)', body: CustomStatusInput, response: { 201: CustomStatus, ...errors } } },
    async (req, reply) => reply.status(201).send(await statuses.createCustomStatus(deps, actorOf(req), req.body)));
  app.patch('/api/inbox/statuses/:id', { schema: { tags, summary: 'Rename, recolour, move a custom status or put it under another base status', params: IdParams, body: CustomStatusPatch, response: { 200: CustomStatus, ...errors } } },
    async (req) => statuses.updateCustomStatus(deps, actorOf(req), req.params.id, req.body));
  app.delete('/api/inbox/statuses/:id', { schema: { tags, summary: 'Delete a custom status (its conversations keep their base status)', params: IdParams, response: { 204: z.null(), ...errors } } },
    async (req, reply) => { await statuses.deleteCustomStatus(deps, actorOf(req), req.params.id); return reply.status(204).send(null); });

  app.get('/api/inbox/labels', { schema: { tags, summary: 'The managed labels and their colours', response: { 200: InboxLabelList, ...errors } } },
    async (req) => statuses.listLabels(deps, actorOf(req)));
  app.post('/api/inbox/labels', { schema: { tags, summary: 'Add a managed label (managers)', body: InboxLabelInput, response: { 201: InboxLabel, ...errors } } },
    async (req, reply) => reply.status(201).send(await statuses.createLabel(deps, actorOf(req), req.body)));
  app.patch('/api/inbox/labels/:id', { schema: { tags, summary: 'Rename (on every conversation) or recolour a label', params: IdParams, body: InboxLabelPatch, response: { 200: InboxLabel, ...errors } } },
    async (req) => statuses.updateLabel(deps, actorOf(req), req.params.id, req.body));
  app.delete('/api/inbox/labels/:id', { schema: { tags, summary: 'Delete a managed label (conversations keep it as a free label)', params: IdParams, response: { 204: z.null(), ...errors } } },
    async (req, reply) => { await statuses.deleteLabel(deps, actorOf(req), req.params.id); return reply.status(204).send(null); });

  app.get('/api/inbox/views', { schema: { tags, summary: 'The inbox views: built-in, shared and one\'s own', response: { 200: SavedViewList, ...errors } } },
    async (req) => views.listViews(deps, actorOf(req)));
  app.get('/api/inbox/views/counts', { schema: { tags, summary: 'How many conversations each view shows (capped)', response: { 200: ViewCounts, ...errors } } },
    async (req) => views.countViews(deps, actorOf(req)));
  app.post('/api/inbox/views', { schema: { tags, summary: 'Save a view, personal or shared (managers)', body: SavedViewInput, response: { 201: SavedView, ...errors } } },
    async (req, reply) => reply.status(201).send(await views.createView(deps, actorOf(req), req.body)));
  app.patch('/api/inbox/views/:id', { schema: { tags, summary: 'Rename a view, change its filters or position', params: IdParams, body: SavedViewPatch, response: { 200: SavedView, ...errors } } },
    async (req) => views.updateView(deps, actorOf(req), req.params.id, req.body));
  app.delete('/api/inbox/views/:id', { schema: { tags, summary: 'Delete a view', params: IdParams, response: { 204: z.null(), ...errors } } },
    async (req, reply) => { await views.deleteView(deps, actorOf(req), req.params.id); return reply.status(204).send(null); });

  app.post('/api/conversations/:id/snooze', { schema: { tags, summary: 'Snooze a conversation until a time (it wakes then, or when the customer writes)', params: IdParams, body: SnoozeInput, response: { 200: Conversation, ...errors } } },
    async (req) => snoozeConversation(deps, actorOf(req), req.params.id, new Date(req.body.until)));
  app.delete('/api/conversations/:id/snooze', { schema: { tags, summary: 'Wake a snoozed conversation now', params: IdParams, response: { 200: Conversation, ...errors } } },
    async (req) => unsnoozeConversation(deps, actorOf(req), req.params.id));
  app.post('/api/conversations/bulk', { schema: { tags, summary: 'One action on up to 500 conversations; each is authorized and done on its own', body: BulkInput, response: { 200: BulkResult, ...errors } } },
    async (req) => bulkUpdate(deps, actorOf(req), req.body));
}
