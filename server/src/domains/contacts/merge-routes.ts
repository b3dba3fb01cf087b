import { ErrorBody, IdParams } from '@parley/contracts/common';
import { Contact, DismissBody, DuplicateList, MergeBody, MergePreview, MergeResult } from '@parley/contracts/contacts';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorOf, type App } from '../../http/types.ts';
import * as service from './merge-service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const tags = ['duplicates'];

/** Duplicate candidates, merge with preview, and undo. */
export async function mergeRoutes(app: App, deps: Deps): Promise<void> {
  app.get('/api/duplicates', {
    schema: { tags, summary: 'Likely duplicate people, best matches first', querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100), minScore: z.coerce.number().min(0).max(1).optional() }), response: { 200: DuplicateList, ...errors } },
  }, async (req) => service.findDuplicates(deps, actorOf(req), req.query));
  app.post('/api/duplicates/dismiss', { schema: { tags, summary: 'Mark a pair as not the same person', body: DismissBody, response: { 204: z.null(), ...errors } } },
    async (req, reply) => { await service.dismissDuplicate(deps, actorOf(req), req.body.aId, req.body.bId); return reply.status(204).send(null); });
  app.post('/api/contacts/merge/preview', { schema: { tags, summary: 'What a merge would produce', body: MergeBody, response: { 200: MergePreview, ...errors } } },
    async (req) => service.previewMerge(deps, actorOf(req), req.body));
  app.post('/api/contacts/merge', { schema: { tags, summary: 'Merge two people', body: MergeBody, response: { 200: MergeResult, ...errors } } },
    async (req) => service.mergeContacts(deps, actorOf(req), req.body));
  app.post('/api/merges/:id/undo', { schema: { tags, summary: 'Undo a merge', params: IdParams, response: { 200: Contact, ...errors } } },
    async (req) => service.undoMerge(deps, actorOf(req), req.params.id));
  app.get('/api/contacts/:id/merges', {
    schema: { tags, summary: 'Merges this person survived (undoable)', params: IdParams, response: { 200: z.object({ items: z.array(z.object({ id: z.uuid(), loserId: z.uuid(), createdAt: z.string(), actorId: z.uuid().nullable() })) }), ...errors } },
  }, async (req) => ({ items: await service.listMerges(deps, actorOf(req), req.params.id) }));
}
