import { ErrorBody } from '@parley/contracts/common';
import { LoginBody, SessionInfo, UpdateMeBody } from '@parley/contracts/workspace';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { SESSION_COOKIE } from '../../http/auth.ts';
import { actorOf, type App } from '../../http/types.ts';
import { Unauthorized } from '../../lib/errors.ts';
import * as service from './service.ts';

/** Sign-in, sign-out and the signed-in user's own session. */
export async function authRoutes(app: App, deps: Deps): Promise<void> {
  app.post('/api/auth/login', {
    schema: { tags: ['auth'], summary: 'Sign in with e-mail and password', body: LoginBody, response: { 200: SessionInfo, 401: ErrorBody } },
    config: { public: true, rateLimit: { max: deps.config.loginRateLimit, timeWindow: '1 minute' } },
  }, async (req, reply) => {
    const { cookie, info } = await service.login(deps, req.body, req.headers['user-agent']);
    reply.setCookie(SESSION_COOKIE, cookie, {
      path: '/', httpOnly: true, sameSite: 'lax', secure: deps.config.cookieSecure, maxAge: deps.config.sessionTtlMs / 1000,
    });
    return info;
  });

  app.post('/api/auth/logout', {
    schema: { tags: ['auth'], summary: 'Sign out', response: { 204: z.null() } },
    config: { public: true },
  }, async (req, reply) => {
    const cookie = req.cookies[SESSION_COOKIE];
    if (cookie) await service.logout(deps, cookie);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });

  app.get('/api/auth/session', {
    schema: { tags: ['auth'], summary: 'The signed-in user, workspace, abilities and CSRF token', response: { 200: SessionInfo, 401: ErrorBody } },
  }, async (req) => {
    const actor = actorOf(req);
    if (actor.kind !== 'user' || !req.csrfToken) throw new Unauthorized('session_required', 'This endpoint needs a browser session');
    return service.me(deps, actor, req.csrfToken);
  });

  app.patch('/api/me', {
    schema: { tags: ['auth'], summary: 'Change your own name or UI language', body: UpdateMeBody, response: { 204: z.null() } },
  }, async (req, reply) => {
    await service.updateMe(deps, actorOf(req), req.body);
    return reply.status(204).send(null);
  });
}
