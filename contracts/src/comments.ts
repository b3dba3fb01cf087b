import { z } from 'zod';

/** Records a comment can be on (later: lead, deal, topic). */
export const COMMENT_RECORD_TYPES = ['contact', 'company', 'conversation', 'room', 'document'] as const;
export const CommentRecordType = z.enum(COMMENT_RECORD_TYPES);
export type CommentRecordType = z.infer<typeof CommentRecordType>;

/** Limits both sides enforce. */
export const COMMENT_LIMITS = {
  bodyMax: 20_000,
  attachmentMaxBytes: 10 * 1024 * 1024,
  attachmentsPerComment: 10,
  attachmentTypes: [
    'image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf', 'text/plain', 'text/csv',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  ],
} as const;

export const RecordParams = z.object({ type: CommentRecordType, id: z.uuid() });

export const CommentInput = z.object({ body: z.string().trim().min(1).max(COMMENT_LIMITS.bodyMax) });
export type CommentInput = z.infer<typeof CommentInput>;

export const Attachment = z.object({ key: z.string(), name: z.string(), contentType: z.string(), size: z.number().int(), url: z.string() });
export type Attachment = z.infer<typeof Attachment>;

/** A comment's attachment by its key (removing one while editing). */
export const AttachmentParams = z.object({ id: z.uuid(), key: z.uuid() });

export const Comment = z.object({
  id: z.uuid(),
  recordType: CommentRecordType,
  recordId: z.uuid(),
  author: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  body: z.string(),
  /** Rendered and sanitized on the server; the only HTML the web app inserts as such. */
  bodyHtml: z.string(),
  mentions: z.object({ userIds: z.array(z.uuid()), teamIds: z.array(z.uuid()) }),
  hashtags: z.array(z.string()),
  attachments: z.array(Attachment),
  createdAt: z.string(),
  editedAt: z.string().nullable(),
  abilities: z.object({ edit: z.boolean(), delete: z.boolean() }),
});
export type Comment = z.infer<typeof Comment>;

export const CommentList = z.object({ items: z.array(Comment) });
export type CommentList = z.infer<typeof CommentList>;

export const HashtagQuery = z.object({ q: z.string().max(100).optional() });
export const HashtagSuggestion = z.object({ tag: z.string(), display: z.string(), count: z.number().int() });
export const HashtagSuggestions = z.object({ items: z.array(HashtagSuggestion) });
export type HashtagSuggestions = z.infer<typeof HashtagSuggestions>;

export const HashtagParams = z.object({ tag: z.string().min(1).max(101) });
export const HashtagPageQuery = z.object({ offset: z.coerce.number().int().min(0).default(0), limit: z.coerce.number().int().min(1).max(100).default(50) });

export const HashtagUse = z.object({
  sourceKind: z.string(),
  sourceId: z.uuid(),
  recordType: z.string(),
  recordId: z.uuid(),
  teamId: z.uuid().nullable(),
  displayTag: z.string(),
  createdAt: z.string(),
  /** The app path of the place it was used (the record; the comment as its anchor). */
  link: z.string(),
});

export const HashtagPage = z.object({
  tag: z.string(),
  total: z.number().int(),
  /** Counts per ISO week (Monday, YYYY-MM-DD) for the last 26 weeks, oldest first, zeros included. */
  weeks: z.array(z.object({ week: z.string(), count: z.number().int() })),
  byRecordType: z.array(z.object({ recordType: z.string(), count: z.number().int() })),
  byTeam: z.array(z.object({ teamId: z.uuid().nullable(), name: z.string().nullable(), count: z.number().int() })),
  related: z.array(z.object({ tag: z.string(), count: z.number().int() })),
  uses: z.array(HashtagUse),
});
export type HashtagPage = z.infer<typeof HashtagPage>;

export const HashtagRename = z.object({ to: z.string().trim().min(1).max(101) });
export const HashtagRenameResult = z.object({ tag: z.string(), uses: z.number().int(), comments: z.number().int() });
export type HashtagRenameResult = z.infer<typeof HashtagRenameResult>;

export const CommentPreview = z.object({ html: z.string() });
