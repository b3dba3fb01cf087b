import { ErrorBody, IdParams } from '@parley/contracts/common';
import {
  ConsentLinkQuery, ConsentPurpose, ConsentPurposeInput, ConsentPurposeList, ConsentPurposeListQuery, ConsentPurposePatch, GrantConsentBody,
  PersonConsents, WithdrawConsentBody,
} from '@parley/contracts/consent';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.ts';
import { actorOf, type App } from '../../http/types.ts';
import { AppError } from '../../lib/errors.ts';
import { CONFIRM_PATH, WITHDRAW_PATH } from './consent-links.ts';
import { pickLanguage, renderLinkPage, type LinkPage } from './consent-pages.ts';
import * as service from './consent-service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const tags = ['consent'];

/** Consent purposes with versioned wording, a person's consents and ledger, and the person's own confirmation and withdrawal links. */
export async function consentRoutes(app: App, deps: Deps): Promise<void> {
  app.get('/api/consent-purposes', { schema: { tags, summary: 'The purposes people can consent to, with the wording of their current version', querystring: ConsentPurposeListQuery, response: { 200: ConsentPurposeList, ...errors } } },
    async (req) => ({ items: await service.listPurposes(deps, actorOf(req), { includeArchived: req.query.includeArchived }) }));
  app.post('/api/consent-purposes', { schema: { tags, summary: 'Create a purpose (its wording becomes version 1)', body: ConsentPurposeInput, response: { 201: ConsentPurpose, ...errors } } },
    async (req, reply) => reply.status(201).send(await service.createPurpose(deps, actorOf(req), req.body)));
  app.get('/api/consent-purposes/:id', { schema: { tags, summary: 'A purpose with every version of its wording', params: IdParams, response: { 200: ConsentPurpose, ...errors } } },
    async (req) => service.getPurpose(deps, actorOf(req), req.params.id));
  app.patch('/api/consent-purposes/:id', { schema: { tags, summary: 'Change a purpose; new wording becomes a new version; archived: true archives (purposes are never deleted)', params: IdParams, body: ConsentPurposePatch, response: { 200: ConsentPurpose, ...errors } } },
    async (req) => service.updatePurpose(deps, actorOf(req), req.params.id, req.body));

  app.get('/api/contacts/:id/consents', { schema: { tags, summary: "A person's status per purpose and their consent ledger, newest first", params: IdParams, response: { 200: PersonConsents, ...errors } } },
    async (req) => service.getPersonConsents(deps, actorOf(req), req.params.id));
  app.post('/api/contacts/:id/consents/grant', { schema: { tags, summary: 'Record consent on the person\'s behalf; a double opt-in purpose becomes pending and a confirmation mail goes out', params: IdParams, body: GrantConsentBody, response: { 200: PersonConsents, ...errors } } },
    async (req) => service.grantConsent(deps, actorOf(req), req.params.id, req.body));
  app.post('/api/contacts/:id/consents/withdraw', { schema: { tags, summary: 'Record a withdrawal; effective at once', params: IdParams, body: WithdrawConsentBody, response: { 200: PersonConsents, ...errors } } },
    async (req) => service.withdrawConsent(deps, actorOf(req), req.params.id, req.body));

  // The person's own pages, reached from a mail: no session, the signed token is the authority. GET only shows
  // (mail scanners open links); the button POSTs. Own scope, for the form-encoded body of that button and of
  // one-click unsubscribe (RFC 8058), which the rest of the API does not accept.
  await app.register(async (scope) => {
    const s = scope.withTypeProvider<ZodTypeProvider>();
    s.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 8192 }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
    const config = { public: true, rateLimit: { max: 30, timeWindow: '1 minute' } };
    const querystring = ConsentLinkQuery;
    s.get(CONFIRM_PATH, { schema: { tags, summary: 'The double opt-in confirmation page (HTML, de/en)', querystring }, config },
      async (req, reply) => page(req, reply, 'confirm', () => service.describeConfirmLink(deps, tokenOf(req))));
    s.post(CONFIRM_PATH, { schema: { tags, summary: 'Confirm a double opt-in request (HTML answer); a second click is harmless', querystring }, config },
      async (req, reply) => page(req, reply, 'confirm', () => service.confirmByLink(deps, tokenOf(req), visitOf(req))));
    s.get(WITHDRAW_PATH, { schema: { tags, summary: 'The withdrawal page of a link in a mail (HTML, de/en)', querystring }, config },
      async (req, reply) => page(req, reply, 'withdraw', () => service.describeWithdrawLink(deps, tokenOf(req))));
    s.post(WITHDRAW_PATH, { schema: { tags, summary: 'Withdraw by a link in a mail, also one-click (RFC 8058); effective at once', querystring }, config },
      async (req, reply) => page(req, reply, 'withdraw', () => service.withdrawByLink(deps, tokenOf(req), visitOf(req))));
  });
}

// The token travels in the link's query; a form may also send it in its body.
function tokenOf(req: FastifyRequest): string | undefined {
  const q = (req.query as { token?: string } | undefined)?.token;
  const b = req.body && typeof req.body === 'object' ? (req.body as { token?: unknown }).token : undefined;
  return q || (typeof b === 'string' ? b : undefined);
}

function visitOf(req: FastifyRequest): service.LinkVisit {
  const ua = req.headers['user-agent'];
  return { ip: req.ip, ...(typeof ua === 'string' ? { userAgent: ua } : {}) };
}

// Answers with the page in the person's language; a refused link gets a readable page with the error's status
// (and its stable code in a header, for scripts).
async function page(req: FastifyRequest, reply: FastifyReply, kind: 'confirm' | 'withdraw', run: () => Promise<service.LinkView>) {
  let html: string;
  try {
    const v = await run();
    const token = tokenOf(req) ?? '';
    const p: LinkPage = v.outcome === 'ask'
      ? { kind, outcome: 'ask', language: v.language, workspaceName: v.workspaceName, purposeTitle: v.purposeTitle, wording: v.wording, actionUrl: `${kind === 'confirm' ? CONFIRM_PATH : WITHDRAW_PATH}?token=${encodeURIComponent(token)}` }
      : v.outcome === 'confirmed' || v.outcome === 'already_confirmed'
        ? { kind: 'confirm', outcome: v.outcome, language: v.language, workspaceName: v.workspaceName, purposeTitle: v.purposeTitle, withdrawUrl: v.withdrawUrl ?? '' }
        : { kind: 'withdraw', outcome: v.outcome, language: v.language, workspaceName: v.workspaceName, purposeTitle: v.purposeTitle };
    html = renderLinkPage(p);
    reply.status(200);
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    html = renderLinkPage({ kind: 'error', language: pickLanguage(req.headers['accept-language']), code: err.code });
    reply.status(err.status).header('x-parley-error', err.code);
  }
  return reply.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
}
