import type { EventHandler, StoredEvent } from '../../events/registry.ts';
import type { Deps } from '../../deps.ts';
import { auditLog } from '../../db/schema.ts';

/** Writes every domain event to the audit log: who, what, when, before and after. Idempotent by event id. */
export const auditHandler: EventHandler = {
  name: 'audit',
  events: '*',
  async handle(deps, e) {
    await writeAudit(deps, [e]);
  },
  // A job's events (an ingestion batch: hundreds) with one multi-row INSERT instead of one a event.
  async handleMany(deps, list) {
    for (let i = 0; i < list.length; i += 500) await writeAudit(deps, list.slice(i, i + 500));
  },
};

async function writeAudit(deps: Deps, list: readonly StoredEvent[]): Promise<void> {
  if (list.length === 0) return;
  await deps.db.insert(auditLog).values(list.map((e) => ({
    workspaceId: e.workspaceId, eventId: e.id, at: e.at, actorId: e.actorId, actorKind: e.actorKind,
    action: e.type, entityType: e.subjectType, entityId: e.subjectId,
    before: e.payload.before ?? null, after: e.payload.after ?? null,
  }))).onConflictDoNothing();
}
