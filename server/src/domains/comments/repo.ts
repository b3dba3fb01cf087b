import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { comments, hashtagUses, teamMembers, users } from '../../db/schema.ts';
import { newId } from '../../lib/ids.ts';

export type CommentRow = typeof comments.$inferSelect;
export type HashtagUseInput = Omit<typeof hashtagUses.$inferInsert, 'id'>;

/** The live comments of a record, oldest first. */
export async function listComments(ex: Executor, workspaceId: string, recordType: string, recordId: string): Promise<CommentRow[]> {
  return ex.select().from(comments)
    .where(and(eq(comments.workspaceId, workspaceId), eq(comments.recordType, recordType), eq(comments.recordId, recordId), isNull(comments.deletedAt)))
    .orderBy(asc(comments.createdAt), asc(comments.id));
}

/** One live comment (optionally locked for update). */
export async function findComment(ex: Executor, workspaceId: string, id: string, lock = false): Promise<CommentRow | undefined> {
  const q = ex.select().from(comments).where(and(eq(comments.workspaceId, workspaceId), eq(comments.id, id), isNull(comments.deletedAt)));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

/** The live comment carrying an attachment key. */
export async function findCommentByAttachment(ex: Executor, workspaceId: string, key: string): Promise<CommentRow | undefined> {
  const [row] = await ex.select().from(comments)
    .where(and(eq(comments.workspaceId, workspaceId), isNull(comments.deletedAt), sql`${comments.attachments} @> ${JSON.stringify([{ key }])}::jsonb`));
  return row;
}

/** Inserts a comment. */
export async function insertComment(ex: Executor, row: typeof comments.$inferInsert): Promise<CommentRow> {
  const [out] = await ex.insert(comments).values(row).returning();
  return out!;
}

/** Updates a comment. */
export async function updateComment(ex: Executor, workspaceId: string, id: string, patch: Partial<typeof comments.$inferInsert>): Promise<CommentRow> {
  const [out] = await ex.update(comments).set(patch).where(and(eq(comments.workspaceId, workspaceId), eq(comments.id, id))).returning();
  return out!;
}

/** The names of users, by id. */
export async function userNames(ex: Executor, workspaceId: string, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await ex.select({ id: users.id, name: users.name }).from(users).where(and(eq(users.workspaceId, workspaceId), inArray(users.id, ids)));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** A user's first team (by id), for the hashtag page's "by team". */
export async function firstTeamOf(ex: Executor, workspaceId: string, userId: string | null): Promise<string | null> {
  if (!userId) return null;
  const [row] = await ex.select({ teamId: teamMembers.teamId }).from(teamMembers)
    .where(and(eq(teamMembers.workspaceId, workspaceId), eq(teamMembers.userId, userId))).orderBy(asc(teamMembers.teamId)).limit(1);
  return row?.teamId ?? null;
}

/** Replaces the hashtag uses of one source (a comment, note, message or post) with the given tags. */
export async function replaceHashtagUses(ex: Executor, workspaceId: string, sourceKind: string, sourceId: string, uses: HashtagUseInput[]): Promise<void> {
  await ex.delete(hashtagUses).where(and(eq(hashtagUses.workspaceId, workspaceId), eq(hashtagUses.sourceKind, sourceKind), eq(hashtagUses.sourceId, sourceId)));
  if (uses.length) await ex.insert(hashtagUses).values(uses.map((u) => ({ ...u, id: newId() }))).onConflictDoNothing();
}
