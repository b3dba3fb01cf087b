import type { Comment, CommentRecordType } from '@parley/contracts/comments';
import type { Actor } from '../../policies/actor.ts';
import type { CommentRow } from './repo.ts';

/** Whether the actor may edit or delete a comment: its author, or an admin. */
export function mayChange(actor: Actor, row: { authorId: string | null }): boolean {
  return (actor.userId !== null && actor.userId === row.authorId) || actor.role === 'admin';
}

/** A comment as it leaves the server. */
export function presentComment(row: CommentRow, names: Map<string, string>, actor: Actor): Comment {
  const may = mayChange(actor, row);
  return {
    id: row.id, recordType: row.recordType as CommentRecordType, recordId: row.recordId,
    author: row.authorId ? { id: row.authorId, name: names.get(row.authorId) ?? '—' } : null,
    body: row.body, bodyHtml: row.bodyHtml,
    mentions: { userIds: row.mentionUserIds, teamIds: row.mentionTeamIds },
    hashtags: row.hashtags,
    attachments: row.attachments.map((a) => ({ ...a, url: `/api/attachments/${a.key}` })),
    createdAt: row.createdAt.toISOString(), editedAt: row.editedAt?.toISOString() ?? null,
    abilities: { edit: may, delete: may },
  };
}
