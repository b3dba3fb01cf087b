import { ErrorBody, IdParams } from '@parley/contracts/common';
import { Task, TaskCounts, TaskCountsQuery, TaskInput, TaskListQuery, TaskPage, TaskPatch } from '@parley/contracts/tasks';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorOf, type App } from '../../http/types.ts';
import * as service from './service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const tags = ['tasks'];

/** To-dos with a due date and an assignee, linked to a record. */
export async function taskRoutes(app: App, deps: Deps): Promise<void> {
  app.get('/api/tasks', { schema: { tags, summary: 'List tasks by due date: mine, overdue, due today or this week, of a record', querystring: TaskListQuery, response: { 200: TaskPage, ...errors } } },
    async (req) => service.listTasks(deps, actorOf(req), req.query));
  app.get('/api/tasks/counts', { schema: { tags, summary: 'My open, overdue and due-today tasks (for a badge)', querystring: TaskCountsQuery, response: { 200: TaskCounts, ...errors } } },
    async (req) => service.countMyTasks(deps, actorOf(req), req.query.tz));
  app.post('/api/tasks', { schema: { tags, summary: 'Create a task', body: TaskInput, response: { 201: Task, ...errors } } },
    async (req, reply) => reply.status(201).send(await service.createTask(deps, actorOf(req), req.body)));
  app.get('/api/tasks/:id', { schema: { tags, summary: 'A task', params: IdParams, response: { 200: Task, ...errors } } },
    async (req) => service.getTask(deps, actorOf(req), req.params.id));
  app.patch('/api/tasks/:id', { schema: { tags, summary: 'Change a task; status done sets completedAt, open clears it', params: IdParams, body: TaskPatch, response: { 200: Task, ...errors } } },
    async (req) => service.updateTask(deps, actorOf(req), req.params.id, req.body));
  app.delete('/api/tasks/:id', { schema: { tags, summary: 'Delete a task', params: IdParams, response: { 204: z.null(), ...errors } } },
    async (req, reply) => { await service.deleteTask(deps, actorOf(req), req.params.id); return reply.status(204).send(null); });
}
