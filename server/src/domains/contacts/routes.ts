import { ErrorBody, IdParams, PageQuery } from '@parley/contracts/common';
import {
  Company, CompanyInput, CompanyListQuery, CompanyPage, CompanyPatch, Contact, ContactCount, ContactCountQuery, ContactInput, ContactListQuery, ContactPage, ContactPatch,
  Note, NoteInput, TimelinePage,
} from '@parley/contracts/contacts';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorOf, type App } from '../../http/types.ts';
import * as companiesService from './companies-service.ts';
import * as notesService from './notes-service.ts';
import * as service from './service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const people = ['people'];
const orgs = ['companies'];

/** People, companies, their notes and timelines. */
export async function contactRoutes(app: App, deps: Deps): Promise<void> {
  // The hottest read: its page goes out with plain JSON.stringify instead of being validated against the schema
  // first (a third of the Node time of a request, bench/RESULTS.md); the schema still documents it and
  // contacts.api.test.ts checks pages against it.
  app.get('/api/contacts', {
    schema: { tags: people, summary: 'List, search and filter people (the total is GET /api/contacts/count)', querystring: ContactListQuery, response: { 200: ContactPage, ...errors } },
    serializerCompiler: () => (data) => JSON.stringify(data),
  }, async (req) => service.listContacts(deps, actorOf(req), req.query));
  app.get('/api/contacts/count', { schema: { tags: people, summary: 'How many people match a filter or search (capped)', querystring: ContactCountQuery, response: { 200: ContactCount, ...errors } } },
    async (req) => service.countContacts(deps, actorOf(req), req.query));
  app.post('/api/contacts', { schema: { tags: people, summary: 'Create a person', body: ContactInput, response: { 201: Contact, ...errors } } },
    async (req, reply) => reply.status(201).send(await service.createContact(deps, actorOf(req), req.body)));
  app.get('/api/contacts/:id', { schema: { tags: people, summary: 'A person', params: IdParams, response: { 200: Contact, ...errors } } },
    async (req) => service.getContact(deps, actorOf(req), req.params.id));
  app.patch('/api/contacts/:id', { schema: { tags: people, summary: 'Change a person', params: IdParams, body: ContactPatch, response: { 200: Contact, ...errors } } },
    async (req) => service.updateContact(deps, actorOf(req), req.params.id, req.body));
  app.delete('/api/contacts/:id', { schema: { tags: people, summary: 'Delete a person', params: IdParams, response: { 204: z.null(), ...errors } } },
    async (req, reply) => { await service.deleteContact(deps, actorOf(req), req.params.id); return reply.status(204).send(null); });

  app.get('/api/companies', { schema: { tags: orgs, summary: 'List and search companies', querystring: CompanyListQuery, response: { 200: CompanyPage, ...errors } } },
    async (req) => companiesService.listCompanies(deps, actorOf(req), req.query));
  app.post('/api/companies', { schema: { tags: orgs, summary: 'Create a company', body: CompanyInput, response: { 201: Company, ...errors } } },
    async (req, reply) => reply.status(201).send(await companiesService.createCompany(deps, actorOf(req), req.body)));
  app.get('/api/companies/:id', { schema: { tags: orgs, summary: 'A company', params: IdParams, response: { 200: Company, ...errors } } },
    async (req) => companiesService.getCompany(deps, actorOf(req), req.params.id));
  app.patch('/api/companies/:id', { schema: { tags: orgs, summary: 'Change a company', params: IdParams, body: CompanyPatch, response: { 200: Company, ...errors } } },
    async (req) => companiesService.updateCompany(deps, actorOf(req), req.params.id, req.body));
  app.delete('/api/companies/:id', { schema: { tags: orgs, summary: 'Delete a company (its people stay)', params: IdParams, response: { 204: z.null(), ...errors } } },
    async (req, reply) => { await companiesService.deleteCompany(deps, actorOf(req), req.params.id); return reply.status(204).send(null); });

  for (const [path, type, tags] of [['contacts', 'contact', people], ['companies', 'company', orgs]] as const) {
    app.get(`/api/${path}/:id/notes`, { schema: { tags, summary: `Notes of a ${type}`, params: IdParams, response: { 200: z.object({ items: z.array(Note) }), ...errors } } },
      async (req) => ({ items: await notesService.listNotes(deps, actorOf(req), type, req.params.id) }));
    app.post(`/api/${path}/:id/notes`, { schema: { tags, summary: `Add a note to a ${type}`, params: IdParams, body: NoteInput, response: { 201: Note, ...errors } } },
      async (req, reply) => reply.status(201).send(await notesService.addNote(deps, actorOf(req), type, req.params.id, req.body.body)));
    app.get(`/api/${path}/:id/timeline`, { schema: { tags, summary: `Timeline of a ${type}: every change and note`, params: IdParams, querystring: PageQuery, response: { 200: TimelinePage, ...errors } } },
      async (req) => notesService.timeline(deps, actorOf(req), type, req.params.id, req.query.cursor, req.query.limit));
  }
  app.patch('/api/notes/:id', { schema: { tags: people, summary: 'Edit a note', params: IdParams, body: NoteInput, response: { 200: Note, ...errors } } },
    async (req) => notesService.editNote(deps, actorOf(req), req.params.id, req.body.body));
  app.delete('/api/notes/:id', { schema: { tags: people, summary: 'Delete a note', params: IdParams, response: { 204: z.null(), ...errors } } },
    async (req, reply) => { await notesService.removeNote(deps, actorOf(req), req.params.id); return reply.status(204).send(null); });
}
