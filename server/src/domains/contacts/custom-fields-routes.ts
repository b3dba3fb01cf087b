import { ErrorBody, IdParams } from '@parley/contracts/common';
import { CustomField, CustomFieldInput, CustomFieldPatch } from '@parley/contracts/contacts';
import { CustomFieldList, CustomFieldListQuery, ForceQuery } from '@parley/contracts/settings';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorOf, type App } from '../../http/types.ts';
import * as service from './custom-fields-service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const tags = ['custom fields'];

/** Custom field definitions of people and companies. */
export async function customFieldRoutes(app: App, deps: Deps): Promise<void> {
  app.get('/api/custom-fields', { schema: { tags, summary: 'The custom field definitions', querystring: CustomFieldListQuery, response: { 200: CustomFieldList, ...errors } } },
    async (req) => ({ items: await service.listCustomFields(deps, actorOf(req), req.query.entity) }));
  app.post('/api/custom-fields', { schema: { tags, summary: 'Define a custom field', body: CustomFieldInput, response: { 201: CustomField, ...errors } } },
    async (req, reply) => reply.status(201).send(await service.createCustomField(deps, actorOf(req), req.body)));
  app.patch('/api/custom-fields/:id', {
    schema: { tags, summary: 'Change a custom field\'s label, options or position (removing used options needs force=true)', params: IdParams, querystring: ForceQuery, body: CustomFieldPatch, response: { 200: CustomField, ...errors } },
  }, async (req) => service.updateCustomField(deps, actorOf(req), req.params.id, req.body, req.query.force === 'true'));
  app.delete('/api/custom-fields/:id', { schema: { tags, summary: 'Delete a custom field and its values on every record', params: IdParams, response: { 204: z.null(), ...errors } } },
    async (req, reply) => { await service.deleteCustomField(deps, actorOf(req), req.params.id); return reply.status(204).send(null); });
}
