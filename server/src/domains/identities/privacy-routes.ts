import { ErrorBody, IdParams } from '@parley/contracts/common';
import { EraseBody, EraseResult, PersonalDataQuery, RetentionRuleList, RetentionRulesBody, RetentionRunResult } from '@parley/contracts/privacy';
import type { Deps } from '../../deps.ts';
import { actorOf, type App } from '../../http/types.ts';
import * as privacy from './privacy-service.ts';
import * as retention from './retention.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const tags = ['privacy'];

/** Data subject rights: a person's data as JSON or a readable page, their erasure, and the retention rules. */
export async function privacyRoutes(app: App, deps: Deps): Promise<void> {
  app.get('/api/contacts/:id/export', {
    schema: {
      tags, summary: 'Everything Parley holds about a person (GDPR Art. 15/20): JSON, or a readable HTML page in German or English',
      params: IdParams, querystring: PersonalDataQuery, produces: ['application/json', 'text/html'],
    },
  }, async (req, reply) => {
    const actor = actorOf(req);
    const { id } = req.params;
    const stamp = new Date().toISOString().slice(0, 10);
    reply.header('cache-control', 'no-store');
    if (req.query.format === 'html') {
      const html = await privacy.exportPersonalDataHtml(deps, actor, id, req.query.lang);
      // Nothing in the page runs or loads: every value is escaped, and the policy forbids scripts should one slip through.
      return reply.header('content-type', 'text/html; charset=utf-8')
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
        .header('content-disposition', `attachment; filename="personal-data-${id}-${stamp}.html"`)
        .send(html);
    }
    const { doc } = await privacy.exportPersonalData(deps, actor, id);
    return reply.header('content-type', 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="personal-data-${id}-${stamp}.json"`)
      .send(JSON.stringify(doc, null, 2));
  });

  app.post('/api/contacts/:id/erase', {
    schema: {
      tags, summary: "Erase a person (GDPR Art. 17): all their data, for good; confirm with the person's name. The audit log keeps that it happened, without the values",
      params: IdParams, body: EraseBody, response: { 200: EraseResult, ...errors },
    },
  }, async (req) => privacy.erasePerson(deps, actorOf(req), req.params.id, req.body));

  app.get('/api/settings/retention', { schema: { tags, summary: 'How long each kind of data is kept', response: { 200: RetentionRuleList, ...errors } } },
    async (req) => ({ items: await retention.listRetentionRules(deps, actorOf(req)) }));
  app.put('/api/settings/retention', { schema: { tags, summary: 'Change retention rules (the kinds sent; the others stay)', body: RetentionRulesBody, response: { 200: RetentionRuleList, ...errors } } },
    async (req) => ({ items: await retention.updateRetentionRules(deps, actorOf(req), req.body) }));
  app.post('/api/settings/retention/run', { schema: { tags, summary: 'Apply the retention rules now (the daily job does it at 03:15 UTC)', response: { 200: RetentionRunResult, ...errors } } },
    async (req) => retention.runRetentionNow(deps, actorOf(req)));
}
