import { ErrorBody, IdParams } from '@parley/contracts/common';
import { IntakeOverview, PollResult } from '@parley/contracts/email';
import type { Deps } from '../deps.ts';
import { actorOf, type App } from '../http/types.ts';
import * as service from './service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

/** Mail and polling intake: the SMTP receiver's settings, the polled channels' state, a poll on demand. */
export async function intakeRoutes(app: App, deps: Deps): Promise<void> {
  const tags = ['channels'];
  app.get('/api/intake', { schema: { tags, summary: 'The SMTP receiver and the e-mail, LinkedIn and Bluesky channels with their polling state', response: { 200: IntakeOverview, ...errors } } },
    async (req) => service.intakeOverview(deps, actorOf(req)));
  app.post('/api/channels/:id/poll', { schema: { tags, summary: 'Poll a LinkedIn or Bluesky channel now (a rate limit the network set is still respected)', params: IdParams, response: { 200: PollResult, ...errors } } },
    async (req) => service.pollNow(deps, actorOf(req), req.params.id));
}
