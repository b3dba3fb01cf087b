import { z } from 'zod';
import { LIMITS } from './limits.ts';

/** The error body every failed request returns. */
export const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

export const IdParams = z.object({ id: z.uuid() });

export const ROLES = ['admin', 'manager', 'agent', 'expert', 'sales', 'marketing'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export const Language = z.enum(['de', 'en']);
export type Language = z.infer<typeof Language>;

export const PageQuery = z.object({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.pageSizeMax).default(LIMITS.pageSizeDefault),
});

/** A page of items with the cursor of the next page (null at the end). */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export const RecordType = z.enum(['contact', 'company', 'task']);
export type RecordType = z.infer<typeof RecordType>;

export const UserRef = z.object({ id: z.uuid(), name: z.string() });
