import { and, desc, eq, gte, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { auditLog, users } from '../../db/schema.ts';

export type AuditRow = typeof auditLog.$inferSelect;

export interface AuditFilter {
  entityType?: string;
  entityId?: string;
  actorId?: string;
  action?: string;
  from?: Date;
  /** Inclusive, or exclusive with `toExclusive` (a whole day ends where the next begins). */
  to?: Date;
  toExclusive?: boolean;
}

/** Where the previous page ended: the exact timestamp (as PostgreSQL prints it, microseconds kept) and the event id. */
export interface AuditKeyset { at: string; eventId: string }

/** A page of the audit log, newest first, with each actor's name; keyset-paged on (at, event id). */
export async function listAudit(ex: Executor, workspaceId: string, f: AuditFilter, after: AuditKeyset | null, limit: number) {
  const conds: SQL[] = [eq(auditLog.workspaceId, workspaceId)];
  if (f.entityType) conds.push(eq(auditLog.entityType, f.entityType));
  if (f.entityId) conds.push(eq(auditLog.entityId, f.entityId));
  if (f.actorId) conds.push(eq(auditLog.actorId, f.actorId));
  if (f.action) conds.push(eq(auditLog.action, f.action));
  if (f.from) conds.push(gte(auditLog.at, f.from));
  if (f.to) conds.push(f.toExclusive ? lt(auditLog.at, f.to) : lte(auditLog.at, f.to));
  if (after) conds.push(sql`(${auditLog.at}, ${auditLog.eventId}) < (${after.at}::timestamptz, ${after.eventId}::uuid)`);
  return ex.select({ entry: auditLog, actorName: users.name, atText: sql<string>`${auditLog.at}::text` }).from(auditLog)
    .leftJoin(users, and(eq(users.workspaceId, auditLog.workspaceId), eq(users.id, auditLog.actorId)))
    .where(and(...conds))
    .orderBy(desc(auditLog.at), desc(auditLog.eventId))
    .limit(limit);
}
