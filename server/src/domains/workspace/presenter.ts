import type { Language, Role } from '@parley/contracts/common';
import type { ApiToken, AuditEntry, Team, User, UserStatus } from '@parley/contracts/settings';
import type { apiTokens, auditLog, teams } from '../../db/schema.ts';
import type { UserRow } from './repo.ts';

/** The fields of a user that may leave the server (never the password hash or invite token). */
export function presentUser(u: UserRow): User {
  return {
    id: u.id, email: u.email, name: u.name, role: u.role as Role, language: u.language as Language, status: u.status as UserStatus,
    createdAt: u.createdAt.toISOString(), lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
  };
}

/** A team with its members (id and name). */
export function presentTeam(t: typeof teams.$inferSelect, members: Team['members']): Team {
  return { id: t.id, name: t.name, description: t.description, members, createdAt: t.createdAt.toISOString() };
}

/** An API token without its hash; the secret is added only by the create response. */
export function presentApiToken(t: typeof apiTokens.$inferSelect, owner: { id: string; name: string; status: string }): ApiToken {
  return {
    id: t.id, name: t.name, owner: { id: owner.id, name: owner.name },
    active: !t.revokedAt && owner.status === 'active',
    createdAt: t.createdAt.toISOString(), lastUsedAt: t.lastUsedAt?.toISOString() ?? null, revokedAt: t.revokedAt?.toISOString() ?? null,
  };
}

/** An audit log entry with the acting user's name. */
export function presentAuditEntry(a: typeof auditLog.$inferSelect, actorName: string | null): AuditEntry {
  return {
    eventId: a.eventId, at: a.at.toISOString(),
    actor: a.actorId && actorName !== null ? { id: a.actorId, name: actorName } : null,
    actorId: a.actorId, actorKind: a.actorKind, action: a.action, entityType: a.entityType, entityId: a.entityId,
    before: (a.before as Record<string, unknown> | null) ?? null, after: (a.after as Record<string, unknown> | null) ?? null,
  };
}
