import { sql } from 'drizzle-orm';
import { rows, type Executor } from '../../db/client.ts';
import { registerPersonalData } from '../../privacy/registry.ts';

// What the inbox holds about a person: the conversations they are the customer of, the messages they wrote (through
// any of their social identities), and the raw deliveries those messages came in (which repeat the text and the
// author's name). Erasure anonymises rather than deletes: the thread keeps its shape (the company's answers, counts,
// times) so the team's work stays explainable, but nothing the person wrote or was called remains. In a private
// conversation (a direct-message thread with the person) every message is theirs to erase, answers included, as those
// quote and address them. Runs before the identities are deleted (order -1), which it reads to find the messages.

const identitiesOf = (ws: string, ids: string[]) => sql`SELECT id FROM social_identities WHERE workspace_id = ${ws}::uuid AND contact_id = ANY(${sql.param(ids)}::uuid[])`;

const conversationsOf = (ws: string, ids: string[]) => sql`SELECT id FROM conversations WHERE workspace_id = ${ws}::uuid
  AND (contact_id = ANY(${sql.param(ids)}::uuid[]) OR identity_id IN (${identitiesOf(ws, ids)}))`;

registerPersonalData({
  kind: 'conversations',
  order: -1,
  async export(ex: Executor, ws: string, ids: string[]) {
    const convs = await rows<{ id: string; kind: string; status: string; subject: string | null; created_at: string | Date; network: string | null; labels: string[]; hashtags: string[] }>(ex, sql`
      SELECT c.id, c.kind, c.status, c.subject, c.created_at, ch.network, c.labels, c.hashtags FROM conversations c
      LEFT JOIN channels ch ON ch.workspace_id = c.workspace_id AND ch.id = c.channel_id
      WHERE c.workspace_id = ${ws}::uuid AND c.id IN (${conversationsOf(ws, ids)}) ORDER BY c.created_at`);
    const msgs = await rows<{ conversation_id: string; direction: string; text: string | null; attachments: unknown; occurred_at: string | Date; flags: string[] }>(ex, sql`
      SELECT conversation_id, direction, text, attachments, occurred_at, flags FROM messages
      WHERE workspace_id = ${ws}::uuid AND (identity_id IN (${identitiesOf(ws, ids)})
        OR conversation_id IN (SELECT id FROM conversations WHERE workspace_id = ${ws}::uuid AND kind = 'private' AND id IN (${conversationsOf(ws, ids)})))
      ORDER BY occurred_at, id`);
    return convs.map((c) => ({
      network: c.network, kind: c.kind, status: c.status, subject: c.subject, labels: c.labels, hashtags: c.hashtags, createdAt: new Date(c.created_at).toISOString(),
      messages: msgs.filter((m) => m.conversation_id === c.id).map((m) => ({
        direction: m.direction, text: m.text, attachments: m.attachments, occurredAt: new Date(m.occurred_at).toISOString(), flags: m.flags,
      })),
    }));
  },
  async erase(ex: Executor, ws: string, ids: string[]) {
    const msgs = await rows<{ id: string; delivery_id: string | null }>(ex, sql`
      UPDATE messages SET text = NULL, attachments = '[]'::jsonb, mentions = '[]'::jsonb, identity_id = NULL, updated_at = now(),
        flags = CASE WHEN 'erased' = ANY(flags) THEN flags ELSE array_append(flags, 'erased') END
      WHERE workspace_id = ${ws}::uuid AND (identity_id IN (${identitiesOf(ws, ids)})
        OR conversation_id IN (SELECT id FROM conversations WHERE workspace_id = ${ws}::uuid AND kind = 'private' AND id IN (${conversationsOf(ws, ids)})))
      RETURNING id, delivery_id`);
    const convs = await rows<{ id: string }>(ex, sql`
      UPDATE conversations SET preview = NULL, subject = NULL, contact_id = NULL, identity_id = NULL, hashtags = '{}', updated_at = now()
      WHERE workspace_id = ${ws}::uuid AND id IN (${conversationsOf(ws, ids)}) RETURNING id`);
    // The raw deliveries keep their row (and key: a replay of one is not stored again) but lose their bytes.
    const deliveryIds = [...new Set(msgs.map((m) => m.delivery_id).filter((d): d is string => d !== null))];
    if (deliveryIds.length) {
      await ex.execute(sql`UPDATE inbound_deliveries SET body = '', body_encoding = 'utf8', error = CASE WHEN error IS NULL THEN NULL ELSE 'erased' END
        WHERE workspace_id = ${ws}::uuid AND id = ANY(${sql.param(deliveryIds)}::uuid[])`);
    }
    // Mail the person sent that made no message (auto-replies, bounces: no customer message, so no delivery_id above)
    // still holds their address and words: erased by the sender's address, the person's e-mail identities and addresses.
    await ex.execute(sql`UPDATE inbound_deliveries d SET body = '', body_encoding = 'utf8', error = CASE WHEN d.error IS NULL THEN NULL ELSE 'erased' END
      FROM channels ch
      WHERE d.workspace_id = ${ws}::uuid AND ch.workspace_id = d.workspace_id AND ch.id = d.channel_id AND ch.network = 'email'
        AND d.body_encoding = 'utf8' AND d.body LIKE '{%'
        AND lower(d.body::jsonb #>> '{from,address}') IN (
          SELECT lower(external_id) FROM social_identities WHERE workspace_id = ${ws}::uuid AND network = 'email' AND contact_id = ANY(${sql.param(ids)}::uuid[])
          UNION SELECT lower(e->>'value') FROM contacts c, jsonb_array_elements(c.emails) e
            WHERE c.workspace_id = ${ws}::uuid AND c.id = ANY(${sql.param(ids)}::uuid[]))`);
    // Events about these messages (message.received carries a preview) are scrubbed by their subject ids.
    return { count: msgs.length, subjects: [...msgs.map((m) => m.id), ...convs.map((c) => c.id)] };
  },
});
