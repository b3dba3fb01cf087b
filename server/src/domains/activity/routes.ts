import { ErrorBody, IdParams } from '@parley/contracts/common';
import { ActivityPage, FollowInput, FollowList, FollowState, RecordParams, StreamQuery } from '@parley/contracts/activity';
import type { Deps } from '../../deps.ts';
import { actorOf, type App } from '../../http/types.ts';
import * as service from './service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

/** Follows and activity streams (issue 5). */
export async function activityRoutes(app: App, deps: Deps): Promise<void> {
  const tags = ['activity'];
  app.post('/api/follows', { schema: { tags, summary: 'Follow a record', body: FollowInput, response: { 200: FollowState, ...errors } } },
    async (req) => service.follow(deps, actorOf(req), req.body));
  app.delete('/api/follows', { schema: { tags, summary: 'Stop following a record', body: FollowInput, response: { 200: FollowState, ...errors } } },
    async (req) => service.unfollow(deps, actorOf(req), req.body));
  // The same without a body, for clients whose DELETE carries none (the web app).
  app.delete('/api/follows/:type/:id', { schema: { tags, summary: 'Stop following a record', params: RecordParams, response: { 200: FollowState, ...errors } } },
    async (req) => service.unfollow(deps, actorOf(req), { recordType: req.params.type, recordId: req.params.id }));
  app.get('/api/follows', { schema: { tags, summary: 'The records I follow', response: { 200: FollowList, ...errors } } },
    async (req) => service.listFollows(deps, actorOf(req)));
  app.get('/api/records/:type/:id/follow-state', { schema: { tags, summary: 'Whether I follow a record, and how many do', params: RecordParams, response: { 200: FollowState, ...errors } } },
    async (req) => service.followState(deps, actorOf(req), { recordType: req.params.type, recordId: req.params.id }));
  app.get('/api/streams/me', { schema: { tags, summary: 'My stream: activities on the records I follow, newest first', querystring: StreamQuery, response: { 200: ActivityPage, ...errors } } },
    async (req) => service.personalStream(deps, actorOf(req), req.query));
  app.get('/api/streams/records/:type/:id', { schema: { tags, summary: 'The stream of one record', params: RecordParams, querystring: StreamQuery, response: { 200: ActivityPage, ...errors } } },
    async (req) => service.recordStream(deps, actorOf(req), { recordType: req.params.type, recordId: req.params.id }, req.query));
  app.get('/api/streams/teams/:id', { schema: { tags, summary: 'The stream of a team', params: IdParams, querystring: StreamQuery, response: { 200: ActivityPage, ...errors } } },
    async (req) => service.teamStream(deps, actorOf(req), req.params.id, req.query));
  app.get('/api/streams/workspace', { schema: { tags, summary: 'The stream of the whole workspace', querystring: StreamQuery, response: { 200: ActivityPage, ...errors } } },
    async (req) => service.workspaceStream(deps, actorOf(req), req.query));
}
