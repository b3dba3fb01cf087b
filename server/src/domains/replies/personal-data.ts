import { sql } from 'drizzle-orm';
import { rows, type Executor } from '../../db/client.ts';
import { registerPersonalData } from '../../privacy/registry.ts';

// What the replies domain holds about a person: the agents' drafts in their conversations (they quote and address the
// customer) and the CSAT answers they gave. Erasure deletes drafts and clears the answers' comments (the score stays,
// anonymous, for the team's statistics: it no longer names the person). Runs before the inbox's own erasure (order -2)
// because it finds the conversations through the person's identities, which that erasure unlinks.

const conversationsOf = (ws: string, ids: string[]) => sql`SELECT id FROM conversations WHERE workspace_id = ${ws}::uuid
  AND (contact_id = ANY(${sql.param(ids)}::uuid[]) OR identity_id IN (
    SELECT id FROM social_identities WHERE workspace_id = ${ws}::uuid AND contact_id = ANY(${sql.param(ids)}::uuid[])))`;

registerPersonalData({
  kind: 'reply_drafts_and_csat',
  order: -2,
  async export(ex: Executor, ws: string, ids: string[]) {
    const drafts = await rows<{ conversation_id: string; text: string; updated_at: string | Date }>(ex, sql`
      SELECT conversation_id, text, updated_at FROM reply_drafts WHERE workspace_id = ${ws}::uuid AND conversation_id IN (${conversationsOf(ws, ids)})`);
    const answers = await rows<{ conversation_id: string; score: number | null; comment: string | null; sent_at: string | Date; answered_at: string | Date | null }>(ex, sql`
      SELECT conversation_id, score, comment, sent_at, answered_at FROM csat_surveys
      WHERE workspace_id = ${ws}::uuid AND (contact_id = ANY(${sql.param(ids)}::uuid[]) OR conversation_id IN (${conversationsOf(ws, ids)})) ORDER BY sent_at`);
    return [
      ...drafts.map((d) => ({ type: 'reply_draft', conversationId: d.conversation_id, text: d.text, updatedAt: new Date(d.updated_at).toISOString() })),
      ...answers.map((a) => ({
        type: 'csat_answer', conversationId: a.conversation_id, score: a.score, comment: a.comment,
        sentAt: new Date(a.sent_at).toISOString(), answeredAt: a.answered_at ? new Date(a.answered_at).toISOString() : null,
      })),
    ];
  },
  async erase(ex: Executor, ws: string, ids: string[]) {
    const drafts = await rows<{ conversation_id: string }>(ex, sql`
      DELETE FROM reply_drafts WHERE workspace_id = ${ws}::uuid AND conversation_id IN (${conversationsOf(ws, ids)}) RETURNING conversation_id`);
    const surveys = await rows<{ id: string }>(ex, sql`
      UPDATE csat_surveys SET comment = NULL, contact_id = NULL
      WHERE workspace_id = ${ws}::uuid AND (contact_id = ANY(${sql.param(ids)}::uuid[]) OR conversation_id IN (${conversationsOf(ws, ids)})) RETURNING id`);
    // csat.answered events carry no comment, only the score: scrubbed by subject like the inbox's.
    return { count: drafts.length + surveys.length, subjects: surveys.map((s) => s.id) };
  },
});
