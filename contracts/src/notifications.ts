import { z } from 'zod';

/** What a notification is about. */
export const NOTIFICATION_KINDS = ['mention', 'assignment', 'reply', 'follow', 'sla', 'consult'] as const;
export const NotificationKind = z.enum(NOTIFICATION_KINDS);
export type NotificationKind = z.infer<typeof NotificationKind>;

/** How a kind reaches the user by e-mail. */
export const EMAIL_MODES = ['off', 'immediate', 'daily_digest'] as const;
export const EmailMode = z.enum(EMAIL_MODES);
export type EmailMode = z.infer<typeof EmailMode>;

export const NOTIFICATION_LIMITS = {
  pageSizeDefault: 30,
  pageSizeMax: 100,
  /** Notifications of one kind about one record within this window form one group in the centre. */
  groupWindowMinutes: 60,
  excerptMax: 200,
  markReadMax: 500,
} as const;

export const Notification = z.object({
  id: z.uuid(),
  kind: NotificationKind,
  actor: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  subject: z.object({ type: z.string(), id: z.uuid() }),
  /** The exact place in the app: path + anchor. */
  link: z.string(),
  excerpt: z.string(),
  /** What happened, as the event's type (`comment.created`, `document.version_added` …): the centre says it in words. */
  verb: z.string().nullable(),
  groupKey: z.string(),
  read: z.boolean(),
  createdAt: z.string(),
});
export type Notification = z.infer<typeof Notification>;

/** Consecutive notifications of one group (same kind and record within the window), newest first. */
export const NotificationGroup = z.object({
  groupKey: z.string(),
  kind: NotificationKind,
  count: z.number().int(),
  unread: z.number().int(),
  latest: Notification,
  items: z.array(Notification),
});
export type NotificationGroup = z.infer<typeof NotificationGroup>;

export const NotificationListQuery = z.object({
  unread: z.enum(['true', 'false']).optional().transform((v) => v === 'true'),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(NOTIFICATION_LIMITS.pageSizeMax).default(NOTIFICATION_LIMITS.pageSizeDefault),
});
export type NotificationListQuery = z.infer<typeof NotificationListQuery>;

export const NotificationList = z.object({ groups: z.array(NotificationGroup), nextCursor: z.string().nullable() });
export type NotificationList = z.infer<typeof NotificationList>;

export const UnreadCount = z.object({ count: z.number().int() });
export type UnreadCount = z.infer<typeof UnreadCount>;

/** Marks the named notifications read, or all of the user's. */
export const MarkReadInput = z.object({
  ids: z.array(z.uuid()).max(NOTIFICATION_LIMITS.markReadMax).optional(),
  all: z.boolean().optional(),
});
export type MarkReadInput = z.infer<typeof MarkReadInput>;

export const NotificationPreference = z.object({ kind: NotificationKind, inApp: z.boolean(), email: EmailMode });
export type NotificationPreference = z.infer<typeof NotificationPreference>;

export const NotificationPreferences = z.object({ items: z.array(NotificationPreference) });
export type NotificationPreferences = z.infer<typeof NotificationPreferences>;

/** The defaults: everything in the app; mentions, assignments and consults mailed at once, the rest off. */
export const DEFAULT_PREFERENCES: Record<NotificationKind, { inApp: boolean; email: EmailMode }> = {
  mention: { inApp: true, email: 'immediate' },
  assignment: { inApp: true, email: 'immediate' },
  reply: { inApp: true, email: 'daily_digest' },
  follow: { inApp: true, email: 'off' },
  sla: { inApp: true, email: 'off' },
  consult: { inApp: true, email: 'immediate' },
};
