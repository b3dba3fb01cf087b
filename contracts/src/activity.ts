import { z } from 'zod';
import { pageOf, UserRef } from './common.ts';

/** The kinds of record one can follow and whose stream one can read. */
export const FOLLOWABLE_TYPES = ['contact', 'company', 'conversation', 'room', 'document'] as const;
export const FollowableType = z.enum(FOLLOWABLE_TYPES);
export type FollowableType = z.infer<typeof FollowableType>;

export const FOLLOW_REASONS = ['manual', 'owner', 'mentioned', 'assigned', 'participant'] as const;
export const FollowReason = z.enum(FOLLOW_REASONS);

export const FollowInput = z.object({ recordType: FollowableType, recordId: z.uuid() });
export type FollowInput = z.infer<typeof FollowInput>;

export const Follow = z.object({
  recordType: FollowableType,
  recordId: z.uuid(),
  reason: FollowReason,
  createdAt: z.string(),
});
export type Follow = z.infer<typeof Follow>;
export const FollowList = z.object({ items: z.array(Follow) });
export type FollowList = z.infer<typeof FollowList>;

export const FollowState = z.object({ following: z.boolean(), reason: FollowReason.nullable(), followers: z.number().int() });
export type FollowState = z.infer<typeof FollowState>;

export const RecordParams = z.object({ type: FollowableType, id: z.uuid() });

/** Filters every stream takes; the cursor is the id of the last activity seen (keyset pagination). */
export const StreamQuery = z.object({
  /** A verb prefix: "contact" matches contact.created, contact.updated … */
  type: z.string().trim().regex(/^[a-z_]+(\.[a-z_]+)?$/).max(60).optional(),
  /** The actor (a user id). */
  person: z.uuid().optional(),
  hashtag: z.string().trim().min(1).max(100).optional(),
  cursor: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export type StreamQuery = z.infer<typeof StreamQuery>;

export const Activity = z.object({
  id: z.uuid(),
  occurredAt: z.string(),
  verb: z.string(),
  actor: UserRef.nullable(),
  recordType: z.string(),
  recordId: z.uuid(),
  teamId: z.uuid().nullable(),
  hashtags: z.array(z.string()),
  /** What the record was called then, and a short detail (a note's first line, the changed fields). */
  summary: z.object({ title: z.string().nullable().optional(), detail: z.string().nullable().optional(), fields: z.array(z.string()).optional() }),
});
export type Activity = z.infer<typeof Activity>;

export const ActivityPage = pageOf(Activity);
export type ActivityPage = z.infer<typeof ActivityPage>;
