import { ErrorBody, IdParams } from '@parley/contracts/common';
import { Import, ImportErrorPage, ImportList, ImportPreview, ImportPreviewBody, ImportStartBody, ImportUploadResult } from '@parley/contracts/imports';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorOf, type App } from '../../http/types.ts';
import { Validation } from '../../lib/errors.ts';
import { authorize } from '../../policies/authorize.ts';
import * as service from './import-service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 413: ErrorBody };
const tags = ['imports'];

/** The import wizard: upload, mapping preview, (dry) run with progress, error report. */
export async function importRoutes(app: App, deps: Deps): Promise<void> {
  app.post('/api/imports', {
    schema: { tags, summary: 'Upload a CSV or vCard file (multipart field "file"); returns the suggested mapping and a preview', consumes: ['multipart/form-data'], response: { 201: ImportUploadResult, ...errors } },
  }, async (req, reply) => {
    const actor = actorOf(req);
    authorize(actor, 'contacts:import');
    if (!req.isMultipart()) throw new Validation('invalid_multipart', 'Upload the file as multipart/form-data in the field "file"');
    const part = await req.file();
    if (!part) throw new Validation('file_missing', 'No file was uploaded');
    const result = await service.uploadImport(deps, actor, { filename: part.filename || 'upload', stream: part.file, truncated: () => part.file.truncated });
    return reply.status(201).send(result);
  });
  app.get('/api/imports', { schema: { tags, summary: 'Recent imports', response: { 200: ImportList, ...errors } } },
    async (req) => ({ items: await service.listImports(deps, actorOf(req)) }));
  app.get('/api/imports/:id', { schema: { tags, summary: 'An import and its progress', params: IdParams, response: { 200: Import, ...errors } } },
    async (req) => service.getImport(deps, actorOf(req), req.params.id));
  app.post('/api/imports/:id/preview', { schema: { tags, summary: 'Preview the first rows with a mapping', params: IdParams, body: ImportPreviewBody, response: { 200: ImportPreview, ...errors } } },
    async (req) => service.previewImport(deps, actorOf(req), req.params.id, req.body.mapping));
  app.post('/api/imports/:id/start', { schema: { tags, summary: 'Run the import (or a dry run) as a background job', params: IdParams, body: ImportStartBody, response: { 202: Import, ...errors } } },
    async (req, reply) => reply.status(202).send(await service.startImport(deps, actorOf(req), req.params.id, req.body)));
  app.get('/api/imports/:id/errors', {
    schema: { tags, summary: 'The rows that could not be imported, by line', params: IdParams, querystring: z.object({ cursor: z.string().max(20).optional(), limit: z.coerce.number().int().min(1).max(1000).default(100) }), response: { 200: ImportErrorPage, ...errors } },
  }, async (req) => service.importErrorsPage(deps, actorOf(req), req.params.id, req.query.cursor, req.query.limit));
}
