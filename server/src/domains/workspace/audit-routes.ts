import { ErrorBody } from '@parley/contracts/common';
import { AuditPage, AuditQuery } from '@parley/contracts/settings';
import type { Deps } from '../../deps.ts';
import { actorOf, type App } from '../../http/types.ts';
import * as service from './audit-service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody };

/** The audit log: every domain event with who, when, before and after. */
export async function auditRoutes(app: App, deps: Deps): Promise<void> {
  app.get('/api/audit', { schema: { tags: ['audit'], summary: 'The audit log, newest first (admins)', querystring: AuditQuery, response: { 200: AuditPage, ...errors } } },
    async (req) => service.listAudit(deps, actorOf(req), req.query));
}
