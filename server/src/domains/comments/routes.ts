import { ErrorBody, IdParams } from '@parley/contracts/common';
import {
  AttachmentParams, COMMENT_LIMITS, Comment, CommentInput, CommentList, HashtagPage, HashtagPageQuery, HashtagParams, HashtagQuery, HashtagRename,
  HashtagRenameResult, HashtagSuggestions, RecordParams, CommentPreview,
} from '@parley/contracts/comments';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorOf, type App } from '../../http/types.ts';
import { Validation } from '../../lib/errors.ts';
import * as hashtags from './hashtags-service.ts';
import * as service from './service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 413: ErrorBody };

/** Comments on records (Markdown, attachments, @mentions, #hashtags) and the hashtag pages. */
export async function commentRoutes(app: App, deps: Deps): Promise<void> {
  const tags = ['comments'];
  app.get('/api/records/:type/:id/comments', { schema: { tags, summary: 'The comments of a record, oldest first', params: RecordParams, response: { 200: CommentList, ...errors } } },
    async (req) => service.listComments(deps, actorOf(req), req.params.type, req.params.id));
  app.post('/api/records/:type/:id/comments', { schema: { tags, summary: 'Comment on a record (Markdown with @mentions and #hashtags)', params: RecordParams, body: CommentInput, response: { 201: Comment, ...errors } } },
    async (req, reply) => reply.status(201).send(await service.createComment(deps, actorOf(req), req.params.type, req.params.id, req.body)));
  app.post('/api/comments/preview', { schema: { tags, summary: 'The HTML a comment body renders to (the editor\'s preview)', body: CommentInput, response: { 200: CommentPreview, ...errors } } },
    async (req) => ({ html: service.previewComment(actorOf(req), req.body) }));
  app.patch('/api/comments/:id', { schema: { tags, summary: 'Edit a comment (its author or an admin)', params: IdParams, body: CommentInput, response: { 200: Comment, ...errors } } },
    async (req) => service.updateComment(deps, actorOf(req), req.params.id, req.body));
  app.delete('/api/comments/:id', { schema: { tags, summary: 'Delete a comment (its author or an admin)', params: IdParams, response: { 204: z.null(), ...errors } } },
    async (req, reply) => { await service.deleteComment(deps, actorOf(req), req.params.id); return reply.status(204).send(null); });
  app.post('/api/comments/:id/attachments', { schema: { tags, summary: 'Attach a file to a comment (multipart field "file")', params: IdParams, consumes: ['multipart/form-data'], response: { 201: Comment, ...errors } } },
    async (req, reply) => withUpload(req, async (u) => reply.status(201).send(await service.addAttachment(deps, actorOf(req), req.params.id, u))));
  app.delete('/api/comments/:id/attachments/:key', { schema: { tags, summary: 'Remove an attachment from a comment (its author or an admin)', params: AttachmentParams, response: { 200: Comment, ...errors } } },
    async (req) => service.removeAttachment(deps, actorOf(req), req.params.id, req.params.key));
  app.get('/api/attachments/:key', { schema: { tags, summary: 'An attachment, for whoever may read its record', params: z.object({ key: z.uuid() }) } },
    async (req, reply) => {
      const file = await service.getAttachment(deps, actorOf(req), req.params.key);
      // Never rendered inline as HTML by the browser: stored types are an allow-list, and nosniff keeps them so.
      return reply.header('content-type', file.contentType).header('x-content-type-options', 'nosniff')
        .header('content-disposition', `${file.contentType.startsWith('image/') ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(file.name)}`)
        .header('content-length', file.size).header('cache-control', 'private, max-age=3600').send(file.stream);
    });

  app.get('/api/hashtags', { schema: { tags, summary: 'Hashtags starting with q, with their counts (autocomplete)', querystring: HashtagQuery, response: { 200: HashtagSuggestions, ...errors } } },
    async (req) => hashtags.suggestHashtags(deps, actorOf(req), req.query.q));
  app.get('/api/hashtags/:tag', { schema: { tags, summary: 'A hashtag over time: per week, by record type, by team, co-occurring tags and its uses', params: HashtagParams, querystring: HashtagPageQuery, response: { 200: HashtagPage, ...errors } } },
    async (req) => hashtags.hashtagPage(deps, actorOf(req), req.params.tag, req.query));
  app.post('/api/hashtags/:tag/rename', { schema: { tags, summary: 'Rename a hashtag everywhere (admins); an existing target merges the two', params: HashtagParams, body: HashtagRename, response: { 200: HashtagRenameResult, ...errors } } },
    async (req) => hashtags.renameHashtag(deps, actorOf(req), req.params.tag, req.body.to));
  app.post('/api/hashtags/:tag/merge', { schema: { tags, summary: 'Merge a hashtag into another one in use (admins)', params: HashtagParams, body: HashtagRename, response: { 200: HashtagRenameResult, ...errors } } },
    async (req) => hashtags.renameHashtag(deps, actorOf(req), req.params.tag, req.body.to, { merge: true }));
}

// Hands the uploaded file to `handle` as a stream (the service streams it into the file store). Whatever `handle` did
// not read (it refused the upload first) is drained, so the request ends and the answer reaches the client.
async function withUpload<T>(req: FastifyRequest, handle: (u: service.Upload) => Promise<T>): Promise<T> {
  if (!req.isMultipart()) throw new Validation('invalid_multipart', 'Upload the file as multipart/form-data in the field "file"');
  // One byte over the limit gets through the parser, so the store sees it and refuses the file (413).
  const part = await req.file({ limits: { fileSize: COMMENT_LIMITS.attachmentMaxBytes + 1 } });
  if (!part) throw new Validation('file_missing', 'No file was uploaded');
  try {
    return await handle({ filename: part.filename || 'file', contentType: part.mimetype, stream: part.file });
  } finally {
    part.file.resume();
  }
}
