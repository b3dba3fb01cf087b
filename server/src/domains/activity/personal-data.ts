import { sql } from 'drizzle-orm';
import { rows, type Executor } from '../../db/client.ts';
import { registerPersonalData } from '../../privacy/registry.ts';

// Activities repeat a person's name (the title at the time) and a short detail of notes and messages about them:
// erasure deletes the activities and follows of the person's record and of the conversations they are the customer
// of. Nothing to export: every activity restates an event whose data the export already holds. Runs before the
// conversations are anonymised (order -2), which it reads to find them.
registerPersonalData({
  kind: 'activities',
  order: -2,
  async erase(ex: Executor, ws: string, ids: string[]) {
    const records = sql`(record_type = 'contact' AND record_id = ANY(${sql.param(ids)}::uuid[]))
      OR (record_type = 'conversation' AND record_id IN (SELECT id FROM conversations WHERE workspace_id = ${ws}::uuid AND (contact_id = ANY(${sql.param(ids)}::uuid[])
        OR identity_id IN (SELECT id FROM social_identities WHERE workspace_id = ${ws}::uuid AND contact_id = ANY(${sql.param(ids)}::uuid[])))))`;
    const gone = await rows<{ id: string }>(ex, sql`DELETE FROM activities WHERE workspace_id = ${ws}::uuid AND (${records}) RETURNING id`);
    await ex.execute(sql`DELETE FROM follows WHERE workspace_id = ${ws}::uuid AND (${records})`);
    return { count: gone.length, subjects: [] };
  },
});
