import { sql } from 'drizzle-orm';
import { rows, type Executor } from '../../db/client.ts';
import { registerPersonalData } from '../../privacy/registry.ts';

// Notifications quote a few words of a note or comment about a person (the excerpt). When the person is erased, the
// notifications about them go, and those about their conversations lose the quote. Runs before the inbox anonymises
// the conversations (order -2: it reads their contact_id). Erase-only: the notes themselves are in the export.
registerPersonalData({
  kind: 'notifications',
  order: -2,
  async erase(ex: Executor, ws: string, ids: string[]) {
    const gone = await rows<{ id: string }>(ex, sql`DELETE FROM notifications WHERE workspace_id = ${ws}::uuid
      AND subject_type = 'contact' AND subject_id = ANY(${sql.param(ids)}::uuid[]) RETURNING id`);
    const blanked = await rows<{ id: string }>(ex, sql`UPDATE notifications SET excerpt = '' WHERE workspace_id = ${ws}::uuid
      AND subject_type = 'conversation' AND excerpt <> ''
      AND subject_id IN (SELECT id FROM conversations WHERE workspace_id = ${ws}::uuid AND contact_id = ANY(${sql.param(ids)}::uuid[]))
      RETURNING id`);
    return { count: gone.length + blanked.length, subjects: [] };
  },
});
