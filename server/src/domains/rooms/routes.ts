import { ErrorBody, IdParams } from '@parley/contracts/common';
import {
  DocumentVersionList, DocumentVersionParams, NoteRevisionParams, Room, RoomDocument, RoomDocumentList, RoomFeedQuery, RoomInput, RoomList, RoomMemberInput,
  RoomMemberList, RoomMemberParams, RoomNote, RoomNoteInput, RoomNoteList, RoomNotePatch, RoomNoteRevision, RoomPatch, RoomPost, RoomPostInput, RoomPostPage,
  RoomPostPatch, RoomSearchQuery, RoomSearchResult, ROOM_LIMITS, MarkdownPreview, MarkdownPreviewInput,
} from '@parley/contracts/rooms';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorOf, type App } from '../../http/types.ts';
import { Validation } from '../../lib/errors.ts';
import { renderMarkdown } from '../../lib/markdown.ts';
import { authorize } from '../../policies/authorize.ts';
import * as documents from './documents.ts';
import * as notes from './notes.ts';
import * as posts from './posts.ts';
import { searchRooms } from './search.ts';
import * as service from './service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 413: ErrorBody };
const tags = ['rooms'];
const none = { 204: z.null(), ...errors };

/** Team rooms: rooms and members, the feed, documents with versions, notes with history, search. */
export async function roomRoutes(app: App, deps: Deps): Promise<void> {
  app.get('/api/rooms', { schema: { tags, summary: 'Rooms I may read: public ones and private ones I belong to', response: { 200: RoomList, ...errors } } },
    async (req) => service.listRooms(deps, actorOf(req)));
  app.post('/api/rooms', { schema: { tags, summary: 'Create a room (I become its owner)', body: RoomInput, response: { 201: Room, ...errors } } },
    async (req, reply) => reply.status(201).send(await service.createRoom(deps, actorOf(req), req.body)));
  app.get('/api/rooms/search', { schema: { tags, summary: 'Search posts and document names in the rooms I may read', querystring: RoomSearchQuery, response: { 200: RoomSearchResult, ...errors } } },
    async (req) => searchRooms(deps, actorOf(req), req.query.q));
  app.post('/api/rooms/preview', { schema: { tags, summary: 'Render Markdown as a post or note would show', body: MarkdownPreviewInput, response: { 200: MarkdownPreview, ...errors } } },
    async (req) => { authorize(actorOf(req), 'rooms:use'); return { html: renderMarkdown(req.body.body) }; });
  app.get('/api/rooms/:id', { schema: { tags, summary: 'A room', params: IdParams, response: { 200: Room, ...errors } } },
    async (req) => service.getRoom(deps, actorOf(req), req.params.id));
  app.patch('/api/rooms/:id', { schema: { tags, summary: 'Change a room (owners, admins)', params: IdParams, body: RoomPatch, response: { 200: Room, ...errors } } },
    async (req) => service.updateRoom(deps, actorOf(req), req.params.id, req.body));
  app.post('/api/rooms/:id/join', { schema: { tags, summary: 'Join a public room', params: IdParams, response: { 200: Room, ...errors } } },
    async (req) => service.joinRoom(deps, actorOf(req), req.params.id));
  app.get('/api/rooms/:id/members', { schema: { tags, summary: 'A room\'s members', params: IdParams, response: { 200: RoomMemberList, ...errors } } },
    async (req) => service.listMembers(deps, actorOf(req), req.params.id));
  app.post('/api/rooms/:id/members', { schema: { tags, summary: 'Add a member or change their role (owners, admins)', params: IdParams, body: RoomMemberInput, response: { 200: RoomMemberList, ...errors } } },
    async (req) => service.addMember(deps, actorOf(req), req.params.id, req.body));
  app.delete('/api/rooms/:id/members/:userId', { schema: { tags, summary: 'Remove a member (owners, admins) or leave', params: RoomMemberParams, response: none } },
    async (req, reply) => { await service.removeMember(deps, actorOf(req), req.params.id, req.params.userId); return reply.status(204).send(null); });

  app.get('/api/rooms/:id/posts', { schema: { tags, summary: 'The feed: posts with their threads, newest first', params: IdParams, querystring: RoomFeedQuery, response: { 200: RoomPostPage, ...errors } } },
    async (req) => posts.listPosts(deps, actorOf(req), req.params.id, req.query));
  app.post('/api/rooms/:id/posts', { schema: { tags, summary: 'Post (Markdown), or reply with parentId', params: IdParams, body: RoomPostInput, response: { 201: RoomPost, ...errors } } },
    async (req, reply) => reply.status(201).send(await posts.createPost(deps, actorOf(req), req.params.id, req.body)));
  app.patch('/api/room-posts/:id', { schema: { tags, summary: 'Edit a post', params: IdParams, body: RoomPostPatch, response: { 200: RoomPost, ...errors } } },
    async (req) => posts.updatePost(deps, actorOf(req), req.params.id, req.body));
  app.delete('/api/room-posts/:id', { schema: { tags, summary: 'Delete a post', params: IdParams, response: none } },
    async (req, reply) => { await posts.deletePost(deps, actorOf(req), req.params.id); return reply.status(204).send(null); });

  app.get('/api/rooms/:id/documents', { schema: { tags, summary: 'A room\'s documents', params: IdParams, response: { 200: RoomDocumentList, ...errors } } },
    async (req) => documents.listDocuments(deps, actorOf(req), req.params.id));
  app.post('/api/rooms/:id/documents', { schema: { tags, summary: 'Upload a document (multipart field "file", optional field "note")', params: IdParams, consumes: ['multipart/form-data'], response: { 201: RoomDocument, ...errors } } },
    async (req, reply) => withUpload(req, async (u) => reply.status(201).send(await documents.uploadDocument(deps, actorOf(req), req.params.id, u))));
  app.get('/api/documents/:id', { schema: { tags, summary: 'A document', params: IdParams, response: { 200: RoomDocument, ...errors } } },
    async (req) => documents.getDocument(deps, actorOf(req), req.params.id));
  app.post('/api/documents/:id/versions', { schema: { tags, summary: 'Upload a new version (multipart field "file")', params: IdParams, consumes: ['multipart/form-data'], response: { 201: RoomDocument, ...errors } } },
    async (req, reply) => withUpload(req, async (u) => reply.status(201).send(await documents.addVersion(deps, actorOf(req), req.params.id, u))));
  app.get('/api/documents/:id/versions', { schema: { tags, summary: 'A document\'s versions: who uploaded what, when', params: IdParams, response: { 200: DocumentVersionList, ...errors } } },
    async (req) => documents.listVersions(deps, actorOf(req), req.params.id));
  app.get('/api/documents/:id/versions/:version/download', { schema: { tags, summary: 'Download a version', params: DocumentVersionParams } },
    async (req, reply) => {
      const file = await documents.downloadVersion(deps, actorOf(req), req.params.id, req.params.version);
      // Always an attachment with sniffing off: a shared file never renders as a page of our origin. Streamed from the
      // file store (disk or S3) after the membership check above; the store is never reachable from outside.
      return reply.header('content-type', file.contentType).header('content-length', file.size).header('x-content-type-options', 'nosniff')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`).send(file.stream);
    });

  app.get('/api/rooms/:id/notes', { schema: { tags, summary: 'A room\'s notes', params: IdParams, response: { 200: RoomNoteList, ...errors } } },
    async (req) => notes.listNotes(deps, actorOf(req), req.params.id));
  app.post('/api/rooms/:id/notes', { schema: { tags, summary: 'Create a note (Markdown)', params: IdParams, body: RoomNoteInput, response: { 201: RoomNote, ...errors } } },
    async (req, reply) => reply.status(201).send(await notes.createNote(deps, actorOf(req), req.params.id, req.body)));
  app.get('/api/room-notes/:id', { schema: { tags, summary: 'A note with its history', params: IdParams, response: { 200: RoomNote, ...errors } } },
    async (req) => notes.getNote(deps, actorOf(req), req.params.id));
  app.patch('/api/room-notes/:id', { schema: { tags, summary: 'Save a note; 409 room_note_conflict with the current text when baseVersion is stale', params: IdParams, body: RoomNotePatch, response: { 200: RoomNote, ...errors } } },
    async (req) => notes.saveNote(deps, actorOf(req), req.params.id, req.body));
  app.get('/api/room-notes/:id/revisions/:version', { schema: { tags, summary: 'One revision of a note', params: NoteRevisionParams, response: { 200: RoomNoteRevision, ...errors } } },
    async (req) => notes.getRevision(deps, actorOf(req), req.params.id, req.params.version));
}

// Hands the uploaded file to `handle` as a stream (the service streams it into the file store). Whatever `handle` did
// not read (it refused the upload first) is drained, so the request ends and the answer reaches the client.
async function withUpload<T>(req: FastifyRequest, handle: (u: documents.Upload) => Promise<T>): Promise<T> {
  if (!req.isMultipart()) throw new Validation('invalid_multipart', 'Upload the file as multipart/form-data in the field "file"');
  // One byte over the limit gets through the parser, so the store sees it and refuses the file (413) instead of
  // keeping a cut-off copy.
  const part = await req.file({ limits: { fileSize: ROOM_LIMITS.documentMaxBytes + 1 } });
  if (!part) throw new Validation('file_missing', 'No file was uploaded');
  const note = (part.fields.note as { value?: unknown } | undefined)?.value;
  try {
    return await handle({ filename: part.filename || 'document', contentType: part.mimetype, stream: part.file, note: typeof note === 'string' ? note.slice(0, 500) : null });
  } finally {
    part.file.resume();
  }
}
