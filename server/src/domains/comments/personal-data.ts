import { sql } from 'drizzle-orm';
import { rows, type Executor } from '../../db/client.ts';
import { registerPersonalData } from '../../privacy/registry.ts';

// Comments on a person, and on their conversations, are about them ("Kundin wartet seit zwei Wochen"): exported with
// the person and erased with them (deleted with their hashtag uses). Runs before the inbox unlinks the conversations.

const onPerson = (ws: string, ids: string[]) => sql`workspace_id = ${ws}::uuid AND (
  (record_type = 'contact' AND record_id = ANY(${sql.param(ids)}::uuid[]))
  OR (record_type = 'conversation' AND record_id IN (SELECT id FROM conversations WHERE workspace_id = ${ws}::uuid
    AND (contact_id = ANY(${sql.param(ids)}::uuid[])
      OR identity_id IN (SELECT id FROM social_identities WHERE workspace_id = ${ws}::uuid AND contact_id = ANY(${sql.param(ids)}::uuid[]))))))`;

registerPersonalData({
  kind: 'comments',
  order: -2,
  async export(ex: Executor, ws: string, ids: string[]) {
    const list = await rows<{ record_type: string; body: string; created_at: string | Date }>(ex, sql`SELECT record_type, body, created_at FROM comments
      WHERE ${onPerson(ws, ids)} AND deleted_at IS NULL ORDER BY created_at, id`);
    return list.map((c) => ({ on: c.record_type, body: c.body, createdAt: new Date(c.created_at).toISOString() }));
  },
  async erase(ex: Executor, ws: string, ids: string[]) {
    const gone = await rows<{ id: string; attachments: { key: string }[] | null }>(ex, sql`DELETE FROM comments WHERE ${onPerson(ws, ids)} RETURNING id, attachments`);
    if (gone.length) {
      await ex.execute(sql`DELETE FROM hashtag_uses WHERE workspace_id = ${ws}::uuid AND source_kind = 'comment' AND source_id = ANY(${sql.param(gone.map((g) => g.id))}::uuid[])`);
    }
    // Their attached files go with them (from disk or the bucket, once the erasure is committed).
    return { count: gone.length, subjects: gone.map((g) => g.id), files: gone.flatMap((g) => (g.attachments ?? []).map((a) => a.key)) };
  },
});
