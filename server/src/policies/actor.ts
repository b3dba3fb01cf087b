import type { Language, Role } from '@parley/contracts/common';

/** Who is acting: a signed-in user, an API token (acting as its user), or the system (jobs, seed). */
export interface Actor {
  workspaceId: string;
  userId: string | null;
  role: Role | 'system';
  kind: 'user' | 'token' | 'system';
  language: Language;
}

/** The system acting inside a workspace (jobs, seeding, CLI). */
export function systemActor(workspaceId: string): Actor {
  return { workspaceId, userId: null, role: 'system', kind: 'system', language: 'en' };
}
