import { z } from 'zod';
import { Language, Role } from './common.ts';

export const LoginBody = z.object({
  email: z.string().trim().toLowerCase().max(254).pipe(z.email()),
  password: z.string().min(1).max(200),
  /** Workspace slug; needed only when the e-mail has accounts in several workspaces. */
  workspace: z.string().max(100).optional(),
});

export const SessionUser = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: Role,
  language: Language,
});

export const SessionInfo = z.object({
  user: SessionUser,
  workspace: z.object({ id: z.uuid(), slug: z.string(), name: z.string() }),
  abilities: z.array(z.string()),
  /** Send back as `x-csrf-token` on every write made with the session cookie. */
  csrfToken: z.string(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

export const UpdateMeBody = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  language: Language.optional(),
});
