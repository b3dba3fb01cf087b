import { ErrorBody, IdParams } from '@parley/contracts/common';
import {
  CompleteSignOnBody, CustomerMe, CustomerPurposes, CustomerSignInBody, CustomerSignUpBody, LanguageQuery, PendingSignOn,
  SIGN_ON_LIMITS, SignOnButtons, SignOnProvider, SignOnProviderInput, SignOnProviderList, SignOnProviderPatch, SignOnStartParams,
  SignOnStartQuery, StaffButtonsQuery, VerifyEmailBody, WorkspaceSlugParams,
} from '@parley/contracts/sign-on';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { SESSION_COOKIE } from '../../http/auth.ts';
import { actorOf, type App } from '../../http/types.ts';
import * as accounts from './customer-accounts.ts';
import { completeSignOn, finishCustomerSignOn, pendingSignOn } from './customer-sign-on.ts';
import * as service from './sign-on-service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const STATE_COOKIE = 'parley_sign_on_state';
const PENDING_COOKIE = 'parley_sign_on_pending';

/** Sign-on providers (settings), staff sign-on, and the community's customer sign-on, sign-up and session. */
export async function signOnRoutes(app: App, deps: Deps): Promise<void> {
  const tags = ['sign-on'];
  const limit = { rateLimit: { max: deps.config.loginRateLimit, timeWindow: '1 minute' } };
  const startLimit = { rateLimit: { max: deps.config.loginRateLimit * 3, timeWindow: '1 minute' } };

  // ---- settings (admins) ----
  app.get('/api/sign-on-providers', { schema: { tags, summary: 'Sign-on providers of the workspace (never their secrets)', response: { 200: SignOnProviderList, ...errors } } },
    async (req) => ({ items: await service.listProviders(deps, actorOf(req)) }));
  app.post('/api/sign-on-providers', { schema: { tags, summary: 'Add a provider; its discovery document is read first', body: SignOnProviderInput, response: { 201: SignOnProvider, ...errors } } },
    async (req, reply) => reply.status(201).send(await service.createProvider(deps, actorOf(req), req.body)));
  app.get('/api/sign-on-providers/:id', { schema: { tags, summary: 'A sign-on provider', params: IdParams, response: { 200: SignOnProvider, ...errors } } },
    async (req) => service.getProvider(deps, actorOf(req), req.params.id));
  app.patch('/api/sign-on-providers/:id', { schema: { tags, summary: 'Change a provider (clientSecret null removes it)', params: IdParams, body: SignOnProviderPatch, response: { 200: SignOnProvider, ...errors } } },
    async (req) => service.updateProvider(deps, actorOf(req), req.params.id, req.body));
  app.delete('/api/sign-on-providers/:id', { schema: { tags, summary: 'Remove a provider', params: IdParams, response: { 204: z.null(), ...errors } } },
    async (req, reply) => { await service.deleteProvider(deps, actorOf(req), req.params.id); return reply.status(204).send(null); });

  // ---- staff ----
  app.get('/api/auth/sign-on-providers', {
    schema: { tags, summary: 'Sign-on buttons of the staff sign-in page (of the named workspace, or the only one)', querystring: StaffButtonsQuery, response: { 200: SignOnButtons } },
    config: { public: true },
  }, async (req) => service.staffButtons(deps, req.query.workspace));
  app.get('/api/auth/sign-on/:slug/:providerId/start', {
    schema: { tags, summary: 'Start a staff sign-on: redirects to the provider', params: SignOnStartParams, querystring: SignOnStartQuery.pick({ returnTo: true }) },
    config: { public: true, ...startLimit },
  }, async (req, reply) => start(req, reply, 'staff', req.params, req.query));

  const staffCallback = async (req: FastifyRequest, reply: FastifyReply, params: URLSearchParams, slug: string) => {
    try {
      const { cookie, returnTo } = await service.finishStaffSignOn(deps, slug, params, req.cookies[STATE_COOKIE], req.headers['user-agent']);
      reply.setCookie(SESSION_COOKIE, cookie, { ...cookieBase(), maxAge: deps.config.sessionTtlMs / 1000 });
      return reply.clearCookie(STATE_COOKIE, { path: '/api/' }).redirect(returnTo, 302);
    } catch (err) {
      return reply.clearCookie(STATE_COOKIE, { path: '/api/' }).redirect(`/?signOnError=${service.failureCode(deps, err)}`, 302);
    }
  };

  // ---- community (customers) ----
  const community = '/api/community/:slug';
  app.get(`${community}/sign-on/providers`, {
    schema: { tags, summary: 'Sign-on buttons of the community sign-in page', params: WorkspaceSlugParams, response: { 200: SignOnButtons, 404: ErrorBody } },
    config: { public: true },
  }, async (req) => service.customerButtons(deps, req.params.slug));
  app.get(`${community}/purposes`, {
    schema: { tags, summary: 'The consent purposes a sign-up asks about, in a language', params: WorkspaceSlugParams, querystring: LanguageQuery, response: { 200: CustomerPurposes, 404: ErrorBody } },
    config: { public: true },
  }, async (req) => accounts.customerPurposes(deps, req.params.slug, req.query.lang));
  app.get(`${community}/sign-on/:providerId/start`, {
    schema: { tags, summary: 'Start a customer sign-on: redirects to the provider', params: SignOnStartParams, querystring: SignOnStartQuery },
    config: { public: true, ...startLimit },
  }, async (req, reply) => start(req, reply, 'customer', req.params, req.query));

  const customerCallback = async (req: FastifyRequest, reply: FastifyReply, params: URLSearchParams, slug: string) => {
    reply.clearCookie(STATE_COOKIE, { path: '/api/' });
    try {
      const result = await finishCustomerSignOn(deps, slug, params, req.cookies[STATE_COOKIE]);
      if (result.kind === 'signed_in') {
        reply.setCookie(accounts.CUSTOMER_COOKIE, result.cookie, { ...cookieBase(), maxAge: deps.config.sessionTtlMs / 1000 });
        return reply.redirect(result.returnTo, 302);
      }
      reply.setCookie(PENDING_COOKIE, result.pending, { ...cookieBase(), path: pendingPath(slug), maxAge: SIGN_ON_LIMITS.pendingMinutes * 60 });
      return reply.redirect(`/community/${encodeURIComponent(slug)}/welcome`, 302);
    } catch (err) {
      return reply.redirect(`/community/${encodeURIComponent(slug)}/sign-in?error=${service.failureCode(deps, err)}`, 302);
    }
  };

  app.get(`${community}/sign-on/pending`, {
    schema: { tags, summary: 'The first sign-on page: who came back from the provider and the purposes to ask', params: WorkspaceSlugParams, querystring: LanguageQuery, response: { 200: PendingSignOn, ...errors } },
    config: { public: true },
  }, async (req) => pendingSignOn(deps, req.params.slug, req.cookies[PENDING_COOKIE], req.query.lang));
  app.post(`${community}/sign-on/complete`, {
    schema: { tags, summary: 'Complete a first sign-on with the ticked purposes: links or creates the person, signs in', params: WorkspaceSlugParams, body: CompleteSignOnBody, response: { 200: CustomerMe, ...errors } },
    config: { public: true, ...limit },
  }, async (req, reply) => {
    const { cookie, me } = await completeSignOn(deps, req.params.slug, req.cookies[PENDING_COOKIE], req.body.purposes);
    reply.clearCookie(PENDING_COOKIE, { path: pendingPath(req.params.slug) });
    reply.setCookie(accounts.CUSTOMER_COOKIE, cookie, { ...cookieBase(), maxAge: deps.config.sessionTtlMs / 1000 });
    return me;
  });
  app.post(`${community}/sign-up`, {
    schema: { tags, summary: 'Sign up with e-mail and password (the e-mail is verified by a mailed link)', params: WorkspaceSlugParams, body: CustomerSignUpBody, response: { 201: CustomerMe, ...errors } },
    config: { public: true, ...limit },
  }, async (req, reply) => {
    const { cookie, me } = await accounts.signUp(deps, req.params.slug, req.body);
    reply.setCookie(accounts.CUSTOMER_COOKIE, cookie, { ...cookieBase(), maxAge: deps.config.sessionTtlMs / 1000 });
    return reply.status(201).send(me);
  });
  app.post(`${community}/sign-in`, {
    schema: { tags, summary: 'Sign in with e-mail and password', params: WorkspaceSlugParams, body: CustomerSignInBody, response: { 200: CustomerMe, ...errors } },
    config: { public: true, ...limit },
  }, async (req, reply) => {
    const { cookie, me } = await accounts.signIn(deps, req.params.slug, req.body);
    reply.setCookie(accounts.CUSTOMER_COOKIE, cookie, { ...cookieBase(), maxAge: deps.config.sessionTtlMs / 1000 });
    return me;
  });
  app.post(`${community}/sign-out`, {
    schema: { tags, summary: 'Sign out of the community', params: WorkspaceSlugParams, response: { 204: z.null(), 404: ErrorBody } },
    config: { public: true },
  }, async (req, reply) => {
    await accounts.signOut(deps, req.params.slug, req.cookies[accounts.CUSTOMER_COOKIE]);
    reply.clearCookie(accounts.CUSTOMER_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });
  app.get(`${community}/me`, {
    schema: { tags, summary: 'The signed-in customer', params: WorkspaceSlugParams, response: { 200: CustomerMe, ...errors } },
    config: { public: true },
  }, async (req) => accounts.customerMe(deps, req.params.slug, req.cookies[accounts.CUSTOMER_COOKIE]));
  app.post(`${community}/verify-email`, {
    schema: { tags, summary: 'Verify the e-mail address of an account with the mailed link’s token', params: WorkspaceSlugParams, body: VerifyEmailBody, response: { 200: CustomerMe, ...errors } },
    config: { public: true, ...limit },
  }, async (req) => accounts.verifyEmail(deps, req.params.slug, req.body.token));

  // The provider's answer: a GET, or for Apple (response_mode=form_post) a form POST, parsed only on these two routes.
  await app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => done(null, body));
    const answer = (req: FastifyRequest) => new URLSearchParams(req.method === 'POST' ? String(req.body ?? '') : req.url.split('?')[1] ?? '');
    for (const method of ['GET', 'POST'] as const) {
      scope.route({
        method, url: '/api/auth/sign-on/:slug/callback',
        schema: { tags, summary: `The provider's answer to a staff sign-on (${method}): signs in and redirects`, params: WorkspaceSlugParams },
        config: { public: true, ...startLimit },
        handler: async (req, reply) => staffCallback(req, reply, answer(req), (req.params as { slug: string }).slug),
      });
      scope.route({
        method, url: `${community}/sign-on/callback`,
        schema: { tags, summary: `The provider's answer to a customer sign-on (${method}): signs in or goes to the first sign-on page`, params: WorkspaceSlugParams },
        config: { public: true, ...startLimit },
        handler: async (req, reply) => customerCallback(req, reply, answer(req), (req.params as { slug: string }).slug),
      });
    }
  });

  async function start(req: FastifyRequest, reply: FastifyReply, audience: 'staff' | 'customer', params: { slug: string; providerId: string }, query: { returnTo?: string | undefined; purposes?: string[] }) {
    const errorPage = audience === 'staff' ? '/?signOnError=' : `/community/${encodeURIComponent(params.slug)}/sign-in?error=`;
    try {
      const locale = req.headers['accept-language']?.split(',')[0]?.trim().slice(0, 20);
      const { url, state } = await service.startSignOn(deps, audience, params.slug, params.providerId, { returnTo: query.returnTo, purposes: query.purposes ?? [], locale });
      // Binds the attempt to this browser: a callback link someone else started is refused (login CSRF).
      reply.setCookie(STATE_COOKIE, state, { ...cookieBase(), path: '/api/', maxAge: SIGN_ON_LIMITS.attemptMinutes * 60, ...stateCookieSite() });
      return reply.redirect(url, 302);
    } catch (err) {
      return reply.redirect(`${errorPage}${service.failureCode(deps, err)}`, 302);
    }
  }

  function cookieBase() {
    return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: deps.config.cookieSecure };
  }

  // Apple answers with a cross-site form POST, which carries only SameSite=None cookies; those need https.
  function stateCookieSite() {
    return deps.config.cookieSecure ? { sameSite: 'none' as const, secure: true } : {};
  }
}

function pendingPath(slug: string): string {
  return `/api/community/${encodeURIComponent(slug)}/sign-on/`;
}
