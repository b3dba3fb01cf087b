import type { UserRow } from './repo.ts';

/** The fields of a user that may leave the server (never the password hash or invite token). */
export function presentUser(u: UserRow) {
  return {
    id: u.id, email: u.email, name: u.name, role: u.role, language: u.language, status: u.status,
    createdAt: u.createdAt.toISOString(), lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
  };
}
