import type { EventHandler } from '../../events/registry.ts';
import { run, statement } from '../../db/client.ts';

/** Writes every domain event to the audit log: who, what, when, before and after. Idempotent by event id. */
export const auditHandler: EventHandler = {
  name: 'audit',
  events: '*',
  async handle(deps, e) {
    await run(deps.db, WRITE_AUDIT, [e.workspaceId, [e.id]]);
  },
  // A job's events (an ingestion batch: hundreds) copied by one INSERT … SELECT: nothing read into Node.
  async handleIds(deps, workspaceId, ids) {
    for (let i = 0; i < ids.length; i += 500) await run(deps.db, WRITE_AUDIT, [workspaceId, ids.slice(i, i + 500)]);
  },
};

const WRITE_AUDIT = statement(`INSERT INTO audit_log (workspace_id, event_id, at, actor_id, actor_kind, action, entity_type, entity_id, before, after)
  SELECT workspace_id, id, created_at, actor_id, actor_kind, type, subject_type, subject_id, nullif(payload->'before', 'null'::jsonb), nullif(payload->'after', 'null'::jsonb)
  FROM events WHERE workspace_id = $1::uuid AND id = ANY($2::uuid[]) ON CONFLICT DO NOTHING`);
