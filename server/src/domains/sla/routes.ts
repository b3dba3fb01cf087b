import { ErrorBody, IdParams } from '@parley/contracts/common';
import {
  BusinessCalendar, BusinessCalendarInput, BusinessCalendarList, BusinessCalendarPatch, SlaPolicy, SlaPolicyInput, SlaPolicyList, SlaPolicyPatch,
} from '@parley/contracts/sla';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorOf, type App } from '../../http/types.ts';
import * as service from './service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** Business-hours calendars and SLA policies (read: the inbox team; change: admins and managers). */
export async function slaRoutes(app: App, deps: Deps): Promise<void> {
  const tags = ['sla'];
  app.get('/api/sla/calendars', { schema: { tags, summary: 'Business-hours calendars', response: { 200: BusinessCalendarList, ...errors } } },
    async (req) => service.listCalendars(deps, actorOf(req)));
  app.post('/api/sla/calendars', { schema: { tags, summary: 'Create a business-hours calendar (weekly hours, time zone, holidays)', body: BusinessCalendarInput, response: { 201: BusinessCalendar, ...errors } } },
    async (req, reply) => reply.status(201).send(await service.createCalendar(deps, actorOf(req), req.body)));
  app.patch('/api/sla/calendars/:id', { schema: { tags, summary: 'Change a business-hours calendar', params: IdParams, body: BusinessCalendarPatch, response: { 200: BusinessCalendar, ...errors } } },
    async (req) => service.updateCalendar(deps, actorOf(req), req.params.id, req.body));
  app.delete('/api/sla/calendars/:id', { schema: { tags, summary: 'Delete a business-hours calendar', params: IdParams, response: { 204: z.null(), ...errors } } },
    async (req, reply) => { await service.deleteCalendar(deps, actorOf(req), req.params.id); return reply.status(204).send(null); });
  app.get('/api/sla/policies', { schema: { tags, summary: 'SLA policies (the workspace default first, then per team)', response: { 200: SlaPolicyList, ...errors } } },
    async (req) => service.listPolicies(deps, actorOf(req)));
  app.post('/api/sla/policies', { schema: { tags, summary: 'Create the SLA policy of a team (teamId null: the workspace default)', body: SlaPolicyInput, response: { 201: SlaPolicy, ...errors } } },
    async (req, reply) => reply.status(201).send(await service.createPolicy(deps, actorOf(req), req.body)));
  app.patch('/api/sla/policies/:id', { schema: { tags, summary: 'Change an SLA policy', params: IdParams, body: SlaPolicyPatch, response: { 200: SlaPolicy, ...errors } } },
    async (req) => service.updatePolicy(deps, actorOf(req), req.params.id, req.body));
  app.delete('/api/sla/policies/:id', { schema: { tags, summary: 'Delete an SLA policy and its clocks', params: IdParams, response: { 204: z.null(), ...errors } } },
    async (req, reply) => { await service.deletePolicy(deps, actorOf(req), req.params.id); return reply.status(204).send(null); });
}
