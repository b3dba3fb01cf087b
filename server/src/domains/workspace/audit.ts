import type { EventHandler, Projection } from '../../events/registry.ts';
import { run, statement } from '../../db/client.ts';

/**
 * Every domain event in the audit log (who, what, when, before and after), written in the transaction that emits it:
 * one INSERT … SELECT over the events just inserted, so the log can never miss an event and costs no job.
 */
export const auditProjection: Projection = {
  name: 'audit',
  async write(tx, workspaceId, ids) {
    for (let i = 0; i < ids.length; i += 500) await run(tx, WRITE_AUDIT, [workspaceId, ids.slice(i, i + 500)]);
  },
};

/**
 * The audit log's former job queue: no new jobs (accepts nothing); jobs queued before the log was written in the
 * emitting transaction are still worked off. Idempotent by event id.
 */
export const auditHandler: EventHandler = {
  name: 'audit',
  events: '*',
  accepts: () => false,
  async handle(deps, e) {
    await run(deps.db, WRITE_AUDIT, [e.workspaceId, [e.id]]);
  },
  async handleIds(deps, workspaceId, ids) {
    for (let i = 0; i < ids.length; i += 500) await run(deps.db, WRITE_AUDIT, [workspaceId, ids.slice(i, i + 500)]);
  },
};

const WRITE_AUDIT = statement(`INSERT INTO audit_log (workspace_id, event_id, at, actor_id, actor_kind, action, entity_type, entity_id, before, after)
  SELECT workspace_id, id, created_at, actor_id, actor_kind, type, subject_type, subject_id, nullif(payload->'before', 'null'::jsonb), nullif(payload->'after', 'null'::jsonb)
  FROM events WHERE workspace_id = $1::uuid AND id = ANY($2::uuid[]) ON CONFLICT DO NOTHING`);
