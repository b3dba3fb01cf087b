import type { AuditEntry } from '@parley/contracts/settings';
import type { Deps } from '../../deps.ts';
import { Validation } from '../../lib/errors.ts';
import type { Actor } from '../../policies/actor.ts';
import { authorize } from '../../policies/authorize.ts';
import * as auditRepo from './audit-repo.ts';
import { presentAuditEntry } from './presenter.ts';

export interface AuditListInput {
  entityType?: string;
  entityId?: string;
  actorId?: string;
  action?: string;
  from?: string;
  to?: string;
  cursor?: string;
  limit: number;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A page of the audit log (filled by the audit event handler), newest first. Admins only. */
export async function listAudit(deps: Deps, actor: Actor, q: AuditListInput): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
  authorize(actor, 'audit:read');
  const filter: auditRepo.AuditFilter = { entityType: q.entityType, entityId: q.entityId, actorId: q.actorId, action: q.action };
  if (q.from) filter.from = new Date(DATE_ONLY.test(q.from) ? `${q.from}T00:00:00Z` : q.from);
  if (q.to) {
    // A date alone means the whole day: up to (not including) the next midnight UTC.
    filter.to = DATE_ONLY.test(q.to) ? new Date(Date.parse(`${q.to}T00:00:00Z`) + 86_400_000) : new Date(q.to);
    filter.toExclusive = DATE_ONLY.test(q.to);
  }
  const list = await auditRepo.listAudit(deps.db, actor.workspaceId, filter, q.cursor ? decodeCursor(q.cursor) : null, q.limit + 1);
  const page = list.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => presentAuditEntry(r.entry, r.actorName)),
    nextCursor: list.length > q.limit && last ? encodeCursor({ at: last.atText, eventId: last.entry.eventId }) : null,
  };
}

function encodeCursor(k: auditRepo.AuditKeyset): string {
  return Buffer.from(JSON.stringify([k.at, k.eventId])).toString('base64url');
}

function decodeCursor(c: string): auditRepo.AuditKeyset {
  try {
    const v = JSON.parse(Buffer.from(c, 'base64url').toString()) as unknown;
    if (Array.isArray(v) && typeof v[0] === 'string' && typeof v[1] === 'string'
      && /^\d{4}-\d{2}-\d{2}[ T][\d:.]+([+-]\d{2}(:?\d{2})?|Z)$/.test(v[0]) && /^[0-9a-f-]{36}$/.test(v[1])) {
      return { at: v[0], eventId: v[1] };
    }
  } catch { /* fall through */ }
  throw new Validation('invalid_cursor', 'The cursor is not valid; start from the first page');
}
