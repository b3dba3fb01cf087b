import { z } from 'zod';
import { UserRef } from './common.ts';

// Team rooms (issue 5): a space per team or topic with members, a feed of posts and threads, shared documents with
// versions and collaborative Markdown notes with a history. Private rooms are invisible to non-members (404).

export const ROOM_LIMITS = {
  nameMax: 120,
  descriptionMax: 2000,
  postMax: 20_000,
  noteMax: 200_000,
  documentMaxBytes: 25 * 1024 * 1024,
  pageSize: 30,
} as const;

/** File types a room accepts as documents (no HTML or scripts: they would run on download from our origin). */
export const DOCUMENT_TYPES = [
  'application/pdf', 'text/plain', 'text/csv', 'text/markdown', 'image/png', 'image/jpeg', 'image/gif', 'image/webp',
  'application/zip', 'application/msword', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.ms-excel', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.ms-powerpoint', 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text', 'application/vnd.oasis.opendocument.spreadsheet',
] as const;

export const RoomVisibility = z.enum(['public', 'private']);
export const RoomMemberRole = z.enum(['owner', 'member']);

export const Room = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  teamId: z.uuid().nullable(),
  visibility: RoomVisibility,
  archived: z.boolean(),
  memberCount: z.number().int(),
  /** The caller's role in the room, null when not a member. */
  myRole: RoomMemberRole.nullable(),
  abilities: z.object({ write: z.boolean(), manage: z.boolean(), join: z.boolean() }),
  createdAt: z.iso.datetime(),
});
export type Room = z.infer<typeof Room>;
export const RoomList = z.object({ items: z.array(Room) });

export const RoomInput = z.object({
  name: z.string().trim().min(1).max(ROOM_LIMITS.nameMax),
  description: z.string().max(ROOM_LIMITS.descriptionMax).nullish(),
  teamId: z.uuid().nullish(),
  visibility: RoomVisibility.default('public'),
});
export type RoomInput = z.input<typeof RoomInput>;
export const RoomPatch = z.object({
  name: z.string().trim().min(1).max(ROOM_LIMITS.nameMax).optional(),
  description: z.string().max(ROOM_LIMITS.descriptionMax).nullish(),
  visibility: RoomVisibility.optional(),
  archived: z.boolean().optional(),
});
export type RoomPatch = z.infer<typeof RoomPatch>;

export const RoomMember = z.object({ user: UserRef, role: RoomMemberRole, joinedAt: z.iso.datetime() });
export type RoomMember = z.infer<typeof RoomMember>;
export const RoomMemberList = z.object({ items: z.array(RoomMember) });
export const RoomMemberInput = z.object({ userId: z.uuid(), role: RoomMemberRole.default('member') });
export const RoomMemberParams = z.object({ id: z.uuid(), userId: z.uuid() });

const RoomPostBase = z.object({
  id: z.uuid(),
  roomId: z.uuid(),
  parentId: z.uuid().nullable(),
  author: UserRef.nullable(),
  body: z.string(),
  bodyHtml: z.string(),
  hashtags: z.array(z.string()),
  createdAt: z.iso.datetime(),
  editedAt: z.iso.datetime().nullable(),
  replyCount: z.number().int(),
});
/** A post with its thread's replies (oldest first); a reply has no replies of its own. */
export const RoomPost = RoomPostBase.extend({ replies: z.array(RoomPostBase) });
export type RoomPost = z.infer<typeof RoomPost>;
export const RoomPostPage = z.object({ items: z.array(RoomPost), nextCursor: z.string().nullable() });
export const RoomPostInput = z.object({ body: z.string().trim().min(1).max(ROOM_LIMITS.postMax), parentId: z.uuid().nullish() });
export const RoomPostPatch = z.object({ body: z.string().trim().min(1).max(ROOM_LIMITS.postMax) });
export const RoomFeedQuery = z.object({ cursor: z.string().max(40).optional(), limit: z.coerce.number().int().min(1).max(100).default(ROOM_LIMITS.pageSize) });

export const DocumentVersion = z.object({
  version: z.number().int(),
  size: z.number().int(),
  contentType: z.string(),
  note: z.string().nullable(),
  uploadedBy: UserRef.nullable(),
  createdAt: z.iso.datetime(),
});
export type DocumentVersion = z.infer<typeof DocumentVersion>;
export const RoomDocument = z.object({
  id: z.uuid(),
  roomId: z.uuid(),
  name: z.string(),
  currentVersion: z.number().int(),
  size: z.number().int(),
  contentType: z.string(),
  updatedBy: UserRef.nullable(),
  updatedAt: z.iso.datetime(),
});
export type RoomDocument = z.infer<typeof RoomDocument>;
export const RoomDocumentList = z.object({ items: z.array(RoomDocument) });
export const DocumentVersionList = z.object({ items: z.array(DocumentVersion) });
export const DocumentVersionParams = z.object({ id: z.uuid(), version: z.coerce.number().int().min(1) });

export const RoomNoteSummary = z.object({ id: z.uuid(), roomId: z.uuid(), title: z.string(), version: z.number().int(), updatedBy: UserRef.nullable(), updatedAt: z.iso.datetime() });
export const RoomNoteRevision = z.object({ version: z.number().int(), title: z.string(), body: z.string(), author: UserRef.nullable(), createdAt: z.iso.datetime() });
export type RoomNoteRevision = z.infer<typeof RoomNoteRevision>;
export const RoomNote = RoomNoteSummary.extend({
  body: z.string(),
  bodyHtml: z.string(),
  history: z.array(RoomNoteRevision.omit({ body: true })),
});
export type RoomNote = z.infer<typeof RoomNote>;
export type RoomNoteSummary = z.infer<typeof RoomNoteSummary>;
export const RoomNoteList = z.object({ items: z.array(RoomNoteSummary) });
export const RoomNoteInput = z.object({ title: z.string().trim().min(1).max(ROOM_LIMITS.nameMax), body: z.string().max(ROOM_LIMITS.noteMax).default('') });
/** A save: the version the editor started from; another save in between answers 409 with the current text. */
export const RoomNotePatch = z.object({ baseVersion: z.number().int().min(1), title: z.string().trim().min(1).max(ROOM_LIMITS.nameMax).optional(), body: z.string().max(ROOM_LIMITS.noteMax) });
export const NoteRevisionParams = z.object({ id: z.uuid(), version: z.coerce.number().int().min(1) });

export const RoomSearchQuery = z.object({ q: z.string().trim().min(1).max(200) });
export const RoomSearchHit = z.object({
  type: z.enum(['post', 'document', 'comment']),
  id: z.uuid(),
  roomId: z.uuid(),
  roomName: z.string(),
  title: z.string(),
  createdAt: z.iso.datetime(),
});
export const RoomSearchResult = z.object({ items: z.array(RoomSearchHit) });

/** A Markdown preview, rendered and sanitized exactly as a saved post or note will be. */
export const MarkdownPreviewInput = z.object({ body: z.string().max(ROOM_LIMITS.noteMax) });
export const MarkdownPreview = z.object({ html: z.string() });
