import type { Readable } from 'node:stream';
import { COMMENT_LIMITS, type Comment, type CommentInput, type CommentList, type CommentRecordType } from '@parley/contracts/comments';
import type { Deps } from '../../deps.ts';
import type { Executor } from '../../db/client.ts';
import { emit } from '../../events/emit.ts';
import { extractHashtags } from '../../lib/hashtags.ts';
import { Forbidden, NotFound, PayloadTooLarge, Validation } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { renderMarkdown } from '../../lib/markdown.ts';
import { FileNotFound, FileTooLarge, filesOf, type FileStore } from '../../lib/storage.ts';
import type { Actor } from '../../policies/actor.ts';
import { authorize } from '../../policies/authorize.ts';
import { mentionTargets, resolveMentions } from '../experts/service.ts';
import { requireReadableRecord } from './access.ts';

/** Throws unless the actor may read the record and it exists in their workspace (404 otherwise): for follows too. */
export { requireReadableRecord };
/** The comments part of the quick search (Ctrl+K), on the records the actor may read. */
export { searchComments, type CommentSearchHit } from './search.ts';
// Registers comments as personal data of the person they are on (GDPR export and erasure).
import './personal-data.ts';
import { mayChange, presentComment } from './presenter.ts';
import * as repo from './repo.ts';

// Comments on any record: Markdown rendered and sanitized once, at write time; @mentions and #hashtags resolved then
// too, so the events carry them (notifications and streams read only events) and the hashtag page counts them.

// Attachments live in the configured file store (disk or S3, lib/storage.ts) under <workspace>/<key>.
function storeOf(deps: Deps): FileStore {
  return filesOf(deps.config);
}

/** The tags of a text with the spelling of their first use ("#Wärmepumpe" for wärmepumpe). */
export function displayTags(text: string): { tag: string; display: string }[] {
  const nfc = text.normalize('NFC');
  return extractHashtags(nfc).map((tag) => {
    const i = nfc.toLowerCase().indexOf(`#${tag}`);
    return { tag, display: i >= 0 ? nfc.slice(i + 1, i + 1 + tag.length) : tag };
  });
}

async function analyse(deps: Deps, actor: Actor, body: string) {
  const mentions = resolveMentions(body, await mentionTargets(deps.db, actor.workspaceId));
  return {
    bodyHtml: renderMarkdown(body),
    mentionUserIds: mentions.filter((m) => m.type === 'user').map((m) => m.id),
    mentionTeamIds: mentions.filter((m) => m.type === 'team').map((m) => m.id),
    tags: displayTags(body),
  };
}

async function writeUses(tx: Executor, actor: Actor, row: repo.CommentRow, tags: { tag: string; display: string }[]): Promise<void> {
  const teamId = await repo.firstTeamOf(tx, actor.workspaceId, row.authorId);
  await repo.replaceHashtagUses(tx, actor.workspaceId, 'comment', row.id, tags.map((t) => ({
    workspaceId: actor.workspaceId, tag: t.tag, displayTag: t.display, sourceKind: 'comment', sourceId: row.id,
    recordType: row.recordType, recordId: row.recordId, teamId, createdAt: row.createdAt,
  })));
}

function payloadOf(row: repo.CommentRow, extra: Record<string, unknown> = {}) {
  return {
    recordType: row.recordType, recordId: row.recordId,
    mentions: { userIds: row.mentionUserIds, teamIds: row.mentionTeamIds },
    hashtags: row.hashtags,
    related: [{ type: row.recordType, id: row.recordId }],
    ...extra,
  };
}

// The `before` of a change that leaves text and mentions as they were (an attachment added or removed): the mentions
// are not new, so nobody is notified again (notifications notify whom an edit newly mentions).
function unchanged(row: repo.CommentRow) {
  return { mentions: { userIds: row.mentionUserIds, teamIds: row.mentionTeamIds }, hashtags: row.hashtags };
}

async function present(deps: Deps, actor: Actor, rows: repo.CommentRow[]): Promise<Comment[]> {
  const names = await repo.userNames(deps.db, actor.workspaceId, [...new Set(rows.flatMap((r) => (r.authorId ? [r.authorId] : [])))]);
  return rows.map((r) => presentComment(r, names, actor));
}

/** The sanitized HTML of a comment body, for the editor's preview. */
export function previewComment(actor: Actor, input: CommentInput): string {
  authorize(actor, 'comments:write');
  return renderMarkdown(input.body);
}

/** The comments of a record the actor may read, oldest first. */
export async function listComments(deps: Deps, actor: Actor, type: CommentRecordType, id: string): Promise<CommentList> {
  await requireReadableRecord(deps.db, actor, type, id);
  return { items: await present(deps, actor, await repo.listComments(deps.db, actor.workspaceId, type, id)) };
}

/** Writes a comment on a record the actor may read; emits comment.created with its mentions and hashtags. */
export async function createComment(deps: Deps, actor: Actor, type: CommentRecordType, id: string, input: CommentInput): Promise<Comment> {
  authorize(actor, 'comments:write');
  await requireReadableRecord(deps.db, actor, type, id);
  const a = await analyse(deps, actor, input.body);
  const row = await deps.db.transaction(async (tx) => {
    const row = await repo.insertComment(tx, {
      workspaceId: actor.workspaceId, id: newId(), recordType: type, recordId: id, authorId: actor.userId, body: input.body,
      bodyHtml: a.bodyHtml, mentionUserIds: a.mentionUserIds, mentionTeamIds: a.mentionTeamIds, hashtags: a.tags.map((t) => t.tag),
    });
    await writeUses(tx, actor, row, a.tags);
    await emit(tx, deps.queue, actor, { type: 'comment.created', subject: { type: 'comment', id: row.id }, payload: payloadOf(row) });
    return row;
  });
  return (await present(deps, actor, [row]))[0]!;
}

async function changeable(deps: Deps, actor: Actor, commentId: string, tx: Executor = deps.db): Promise<repo.CommentRow> {
  authorize(actor, 'comments:write');
  const row = await repo.findComment(tx, actor.workspaceId, commentId, tx !== deps.db);
  if (!row) throw new NotFound('comment_not_found', 'No such comment');
  // Inside a transaction every read goes through it: PGlite has one connection, a read beside it would wait forever.
  await requireReadableRecord(tx, actor, row.recordType as CommentRecordType, row.recordId).catch(() => {
    throw new NotFound('comment_not_found', 'No such comment');
  });
  if (!mayChange(actor, row)) throw new Forbidden('comment_not_author', 'Only the author or an admin may change a comment');
  return row;
}

/** Edits a comment (its author or an admin); emits comment.updated with the mentions and hashtags now in it. */
export async function updateComment(deps: Deps, actor: Actor, commentId: string, input: CommentInput): Promise<Comment> {
  await changeable(deps, actor, commentId);
  const a = await analyse(deps, actor, input.body);
  const row = await deps.db.transaction(async (tx) => {
    const before = await changeable(deps, actor, commentId, tx);
    const row = await repo.updateComment(tx, actor.workspaceId, commentId, {
      body: input.body, bodyHtml: a.bodyHtml, mentionUserIds: a.mentionUserIds, mentionTeamIds: a.mentionTeamIds,
      hashtags: a.tags.map((t) => t.tag), editedAt: new Date(),
    });
    await writeUses(tx, actor, row, a.tags);
    // Only new mentions notify again: the payload names the ones already there before.
    await emit(tx, deps.queue, actor, {
      type: 'comment.updated', subject: { type: 'comment', id: row.id },
      payload: payloadOf(row, { before: { mentions: { userIds: before.mentionUserIds, teamIds: before.mentionTeamIds }, hashtags: before.hashtags } }),
    });
    return row;
  });
  return (await present(deps, actor, [row]))[0]!;
}

/** Deletes a comment (soft: its hashtag uses and attachments go); its author or an admin. */
export async function deleteComment(deps: Deps, actor: Actor, commentId: string): Promise<void> {
  const row = await deps.db.transaction(async (tx) => {
    const row = await changeable(deps, actor, commentId, tx);
    await repo.updateComment(tx, actor.workspaceId, commentId, { deletedAt: new Date(), body: '', bodyHtml: '', attachments: [] });
    await repo.replaceHashtagUses(tx, actor.workspaceId, 'comment', row.id, []);
    await emit(tx, deps.queue, actor, { type: 'comment.deleted', subject: { type: 'comment', id: row.id }, payload: payloadOf(row) });
    return row;
  });
  // Files go after the commit: a rolled-back delete must not lose them.
  for (const a of row.attachments) await storeOf(deps).delete(`${actor.workspaceId}/${a.key}`);
}

/** An upload as it arrives: its bytes are streamed into the file store, never held whole in memory. */
export interface Upload { filename: string; contentType: string; stream: Readable }

/** Attaches an uploaded file to a comment (its author or an admin): size limit (checked as it streams in) and content-type allow-list. */
export async function addAttachment(deps: Deps, actor: Actor, commentId: string, u: Upload): Promise<Comment> {
  const row = await changeable(deps, actor, commentId);
  const type = u.contentType.split(';')[0]!.trim().toLowerCase();
  if (!(COMMENT_LIMITS.attachmentTypes as readonly string[]).includes(type)) throw new Validation('attachment_type_not_allowed', `Files of type ${type} cannot be attached`, { allowed: COMMENT_LIMITS.attachmentTypes });
  if (row.attachments.length >= COMMENT_LIMITS.attachmentsPerComment) throw new Validation('too_many_attachments', `At most ${COMMENT_LIMITS.attachmentsPerComment} attachments per comment`);
  const key = newId();
  const file = `${actor.workspaceId}/${key}`;
  const { size } = await storeOf(deps).put(file, u.stream, { contentType: type, maxBytes: COMMENT_LIMITS.attachmentMaxBytes }).catch((err: unknown) => {
    throw err instanceof FileTooLarge ? new PayloadTooLarge('attachment_too_large', `Attachments may be at most ${COMMENT_LIMITS.attachmentMaxBytes / 1024 / 1024} MB`) : err;
  });
  if (size === 0) {
    await storeOf(deps).delete(file);
    throw new Validation('attachment_empty', 'The file is empty');
  }
  const name = u.filename.replace(/[\\/\r\n\0]/g, '_').slice(0, 200) || 'file';
  const updated = await deps.db.transaction(async (tx) => {
    const now = await changeable(deps, actor, commentId, tx);
    const out = await repo.updateComment(tx, actor.workspaceId, commentId, { attachments: [...now.attachments, { key, name, contentType: type, size }] });
    await emit(tx, deps.queue, actor, { type: 'comment.updated', subject: { type: 'comment', id: out.id }, payload: payloadOf(out, { before: unchanged(out), attachmentAdded: { key, name } }) });
    return out;
  }).catch(async (err: unknown) => {
    // Not attached after all (the comment went meanwhile, or the limit was reached): the stored file goes too.
    await storeOf(deps).delete(file).catch((e: unknown) => deps.log.warn({ err: e, key }, 'could not remove the file of a failed upload'));
    throw err;
  });
  return (await present(deps, actor, [updated]))[0]!;
}

/** Removes an attachment from a comment (its author or an admin, as when editing it); the file goes after the commit. */
export async function removeAttachment(deps: Deps, actor: Actor, commentId: string, key: string): Promise<Comment> {
  await changeable(deps, actor, commentId);
  const { updated, removed } = await deps.db.transaction(async (tx) => {
    const now = await changeable(deps, actor, commentId, tx);
    const removed = now.attachments.find((a) => a.key === key);
    if (!removed) throw new NotFound('attachment_not_found', 'No such attachment on this comment');
    const out = await repo.updateComment(tx, actor.workspaceId, commentId, { attachments: now.attachments.filter((a) => a.key !== key) });
    await emit(tx, deps.queue, actor, { type: 'comment.updated', subject: { type: 'comment', id: out.id }, payload: payloadOf(out, { before: unchanged(out), attachmentRemoved: { key, name: removed.name } }) });
    return { updated: out, removed };
  });
  await storeOf(deps).delete(`${actor.workspaceId}/${removed.key}`);
  return (await present(deps, actor, [updated]))[0]!;
}

/** An attachment's bytes as a stream with its size, for whoever may read the record its comment is on. */
export async function getAttachment(deps: Deps, actor: Actor, key: string): Promise<{ stream: Readable; size: number; contentType: string; name: string }> {
  const row = await repo.findCommentByAttachment(deps.db, actor.workspaceId, key);
  const meta = row?.attachments.find((a) => a.key === key);
  if (!row || !meta) throw new NotFound('attachment_not_found', 'No such attachment');
  await requireReadableRecord(deps.db, actor, row.recordType as CommentRecordType, row.recordId).catch(() => {
    throw new NotFound('attachment_not_found', 'No such attachment');
  });
  const file = await storeOf(deps).get(`${actor.workspaceId}/${key}`).catch((err: unknown) => {
    throw err instanceof FileNotFound ? new NotFound('attachment_not_found', 'No such attachment') : err;
  });
  return { stream: file.stream, size: file.size, contentType: meta.contentType, name: meta.name };
}
