import { sql } from 'drizzle-orm';
import { rows, type Executor } from '../db/client.ts';

/** What an erased snapshot is replaced with: the row stays (who did what when), its values go. */
export const ERASED = { erased: true } as const;
const erasedJson = JSON.stringify(ERASED);

/**
 * Scrubs the trail of an erasure: events whose subject is one of `subjectIds` or that name one of `contactIds` (in
 * `related` or as `contactId`) keep their row but lose their payload; audit entries of those events or about those
 * records lose their before/after; copies of those events on timelines are deleted. Returns the scrubbed event ids.
 *
 * The outbox has no index on its payload: the related-records test reads the workspace's events once. An erasure is
 * rare and runs in the background of one request; should it grow slow, a GIN index on payload->'related' is the fix.
 */
export async function scrubTrail(ex: Executor, workspaceId: string, contactIds: string[], subjectIds: string[]): Promise<string[]> {
  const ids = [...new Set([...contactIds, ...subjectIds])];
  const related = contactIds.map((id) => JSON.stringify([{ type: 'contact', id }]));
  const scrubbed = await rows<{ id: string }>(ex, sql`
    UPDATE events SET payload = ${erasedJson}::jsonb
    WHERE workspace_id = ${workspaceId}::uuid AND payload <> ${erasedJson}::jsonb AND (
      subject_id = ANY(${sql.param(ids)}::uuid[])
      OR payload -> 'related' @> ANY(${sql.param(related)}::jsonb[])
      OR payload ->> 'contactId' = ANY(${sql.param(contactIds)}::text[]))
    RETURNING id`);
  const eventIds = scrubbed.map((r) => r.id);
  await scrubCopies(ex, workspaceId, eventIds, ids);
  return eventIds;
}

/**
 * Scrubs what event handlers copied from these events (audit before/after, timeline entries), and audit entries
 * about these records. Run by the erasure, and again by the sweep job for a handler that read an event just before
 * it was scrubbed and wrote its copy just after.
 */
export async function scrubCopies(ex: Executor, workspaceId: string, eventIds: string[], recordIds: string[] = []): Promise<void> {
  if (!eventIds.length && !recordIds.length) return;
  await ex.execute(sql`
    UPDATE audit_log SET
      before = CASE WHEN before IS NULL THEN NULL ELSE ${erasedJson}::jsonb END,
      after = CASE WHEN after IS NULL THEN NULL ELSE ${erasedJson}::jsonb END
    WHERE workspace_id = ${workspaceId}::uuid
      AND (event_id = ANY(${sql.param(eventIds)}::uuid[]) OR entity_id = ANY(${sql.param(recordIds)}::uuid[]))
      AND ((before IS NOT NULL AND before <> ${erasedJson}::jsonb) OR (after IS NOT NULL AND after <> ${erasedJson}::jsonb))`);
  if (eventIds.length) {
    await ex.execute(sql`DELETE FROM timeline_entries WHERE workspace_id = ${workspaceId}::uuid AND event_id = ANY(${sql.param(eventIds)}::uuid[])`);
  }
}
