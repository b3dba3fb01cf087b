import { ErrorBody, IdParams } from '@parley/contracts/common';
import {
  Consult, ConsultInput, ConsultList, ConsultListQuery, ConsultPatch, ConsultSettings, ConversationCustomer, ConversationNote, ConversationTaskDraft,
  ConversationTaskInput, NoteInput, NoteList, NoteUseInput, NoteUseResult,
} from '@parley/contracts/experts';
import { Task } from '@parley/contracts/tasks';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorOf, type App } from '../../http/types.ts';
import * as notes from './notes-service.ts';
import * as service from './service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** Consults of experts, internal notes and suggested replies, the customer of a consulted conversation, tasks from threads. */
export async function expertRoutes(app: App, deps: Deps): Promise<void> {
  const tags = ['experts'];
  app.post('/api/conversations/:id/consults', { schema: { tags, summary: 'Ask an expert or a team of experts into a conversation (the conversation waits on the expert)', params: IdParams, body: ConsultInput, response: { 201: Consult, ...errors } } },
    async (req, reply) => reply.status(201).send(await service.requestConsult(deps, actorOf(req), req.params.id, req.body)));
  app.get('/api/consults', { schema: { tags, summary: 'Consults: to me or my teams as expert, asked by me, or of one conversation', querystring: ConsultListQuery, response: { 200: ConsultList, ...errors } } },
    async (req) => service.listConsults(deps, actorOf(req), req.query));
  app.patch('/api/consults/:id', { schema: { tags, summary: 'Cancel an open consult or close an answered one', params: IdParams, body: ConsultPatch, response: { 200: Consult, ...errors } } },
    async (req) => service.updateConsult(deps, actorOf(req), req.params.id, req.body));
  app.post('/api/consults/:id/take-over', { schema: { tags, summary: 'The expert takes the thread over: becomes its assignee and may reply', params: IdParams, response: { 200: Consult, ...errors } } },
    async (req) => service.takeOver(deps, actorOf(req), req.params.id));
  app.get('/api/consult-settings', { schema: { tags, summary: 'The default OLA of new consults', response: { 200: ConsultSettings, ...errors } } },
    async (req) => service.getSettings(deps, actorOf(req)));
  app.put('/api/consult-settings', { schema: { tags, summary: 'Set the default OLA of new consults', body: ConsultSettings, response: { 200: ConsultSettings, ...errors } } },
    async (req) => service.saveSettings(deps, actorOf(req), req.body));

  app.post('/api/conversations/:id/notes', { schema: { tags, summary: 'An internal note (with @mentions) or a suggested reply; on a consult it answers it', params: IdParams, body: NoteInput, response: { 201: ConversationNote, ...errors } } },
    async (req, reply) => reply.status(201).send(await notes.createNote(deps, actorOf(req), req.params.id, req.body)));
  app.get('/api/conversations/:id/notes', { schema: { tags, summary: 'A conversation\'s internal notes and suggested replies, oldest first', params: IdParams, response: { 200: NoteList, ...errors } } },
    async (req) => notes.listNotes(deps, actorOf(req), req.params.id));
  app.post('/api/notes/:id/use', { schema: { tags, summary: 'Use a suggested reply: its text for the composer, or (send) queued as the reply', params: IdParams, body: NoteUseInput.optional(), response: { 200: NoteUseResult, ...errors } } },
    async (req) => notes.useSuggestion(deps, actorOf(req), req.params.id, req.body ?? {}));
  app.post('/api/notes/:id/dismiss', { schema: { tags, summary: 'Dismiss a suggested reply', params: IdParams, response: { 200: ConversationNote, ...errors } } },
    async (req) => notes.dismissSuggestion(deps, actorOf(req), req.params.id));

  app.get('/api/conversations/:id/customer', { schema: { tags, summary: 'The customer of a conversation (identity and contact data), also for experts consulted on it', params: IdParams, response: { 200: ConversationCustomer, ...errors } } },
    async (req) => notes.customerOf(deps, actorOf(req), req.params.id));
  app.get('/api/conversations/:id/task-draft', { schema: { tags, summary: 'A task from this thread, prefilled with the customer\'s address', params: IdParams, response: { 200: ConversationTaskDraft, ...errors } } },
    async (req) => notes.taskDraft(deps, actorOf(req), req.params.id));
  app.get('/api/conversations/:id/tasks', { schema: { tags, summary: 'Tasks created from this conversation', params: IdParams, response: { 200: z.object({ items: z.array(Task) }), ...errors } } },
    async (req) => notes.listConversationTasks(deps, actorOf(req), req.params.id));
  app.post('/api/conversations/:id/tasks', { schema: { tags, summary: 'Create a task from this thread, linked to the customer\'s contact', params: IdParams, body: ConversationTaskInput, response: { 201: Task, ...errors } } },
    async (req, reply) => reply.status(201).send(await notes.createConversationTask(deps, actorOf(req), req.params.id, req.body)));
}
