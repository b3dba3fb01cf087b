import { sql } from 'drizzle-orm';
import { rows, type Executor } from '../../db/client.ts';
import { registerPersonalData } from '../../privacy/registry.ts';

// Consult questions and internal notes about a conversation are about its customer ("Frau Kaya's boiler is out of
// warranty"): exported with the person and erased with them — notes deleted, questions blanked (the consult keeps its
// times and status so the OLA figures stay). Runs before the inbox anonymises the conversations (order -1), which
// unlinks them from the person.

const conversationsOf = (ws: string, ids: string[]) => sql`SELECT id FROM conversations WHERE workspace_id = ${ws}::uuid
  AND (contact_id = ANY(${sql.param(ids)}::uuid[])
    OR identity_id IN (SELECT id FROM social_identities WHERE workspace_id = ${ws}::uuid AND contact_id = ANY(${sql.param(ids)}::uuid[])))`;

registerPersonalData({
  kind: 'conversation_notes',
  order: -2,
  async export(ex: Executor, ws: string, ids: string[]) {
    const notes = await rows<{ kind: string; text: string; created_at: string | Date }>(ex, sql`SELECT kind, text, created_at FROM conversation_notes
      WHERE workspace_id = ${ws}::uuid AND conversation_id IN (${conversationsOf(ws, ids)}) ORDER BY created_at, id`);
    const asked = await rows<{ question: string; status: string; created_at: string | Date }>(ex, sql`SELECT question, status, created_at FROM consults
      WHERE workspace_id = ${ws}::uuid AND conversation_id IN (${conversationsOf(ws, ids)}) ORDER BY created_at, id`);
    return {
      notes: notes.map((n) => ({ kind: n.kind, text: n.text, createdAt: new Date(n.created_at).toISOString() })),
      consults: asked.map((k) => ({ question: k.question, status: k.status, createdAt: new Date(k.created_at).toISOString() })),
    };
  },
  async erase(ex: Executor, ws: string, ids: string[]) {
    const gone = await rows<{ id: string }>(ex, sql`DELETE FROM conversation_notes
      WHERE workspace_id = ${ws}::uuid AND conversation_id IN (${conversationsOf(ws, ids)}) RETURNING id`);
    const blanked = await rows<{ id: string }>(ex, sql`UPDATE consults SET question = '', updated_at = now()
      WHERE workspace_id = ${ws}::uuid AND conversation_id IN (${conversationsOf(ws, ids)}) RETURNING id`);
    return { count: gone.length + blanked.length, subjects: [...gone.map((n) => n.id), ...blanked.map((k) => k.id)] };
  },
});
