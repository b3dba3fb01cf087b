import type { EventHandler } from '../../events/registry.ts';
import { auditLog } from '../../db/schema.ts';

/** Writes every domain event to the audit log: who, what, when, before and after. Idempotent by event id. */
export const auditHandler: EventHandler = {
  name: 'audit',
  events: '*',
  async handle(deps, e) {
    await deps.db.insert(auditLog).values({
      workspaceId: e.workspaceId, eventId: e.id, at: e.at, actorId: e.actorId, actorKind: e.actorKind,
      action: e.type, entityType: e.subjectType, entityId: e.subjectId,
      before: e.payload.before ?? null, after: e.payload.after ?? null,
    }).onConflictDoNothing();
  },
};
