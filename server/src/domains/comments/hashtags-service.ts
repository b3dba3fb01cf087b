import type { HashtagPage, HashtagSuggestions } from '@parley/contracts/comments';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Deps } from '../../deps.ts';
import { rows } from '../../db/client.ts';
import { comments, documents, hashtagUses, teams } from '../../db/schema.ts';
import { emit } from '../../events/emit.ts';
import { NotFound, Validation } from '../../lib/errors.ts';
import { extractHashtags, normalizeHashtag } from '../../lib/hashtags.ts';
import { newId } from '../../lib/ids.ts';
import { renderMarkdown } from '../../lib/markdown.ts';
import type { Actor } from '../../policies/actor.ts';
import { authorize } from '../../policies/authorize.ts';
import { readableRecords, readableRecordsSql, recordPath } from './access.ts';
import { commentLink } from './search.ts';

// The hashtag page: every use of a tag over time (weeks, record types, teams, co-occurring tags) and admins' renames
// and merges. Counts come from hashtag_uses, kept by comments (same transaction) and by the hashtag-uses handler (internal
// notes, customers' messages, room posts).

const WEEKS = 26;

/** Monday (UTC) of the ISO week of a date, as YYYY-MM-DD. */
export function isoWeekStart(d: Date): string {
  const day = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
  return day.toISOString().slice(0, 10);
}

function checkedTag(raw: string): string {
  const tag = normalizeHashtag(raw);
  if (extractHashtags(`#${tag}`)[0] !== tag) throw new Validation('invalid_hashtag', 'Not a hashtag');
  return tag;
}

/** Tags starting with q (or the most used), with their counts: the editors' autocomplete (uses the actor may read). */
export async function suggestHashtags(deps: Deps, actor: Actor, q: string | undefined): Promise<HashtagSuggestions> {
  authorize(actor, 'comments:write');
  const prefix = q ? normalizeHashtag(q) : '';
  const readable = readableRecordsSql(await readableRecords(deps, actor), actor.workspaceId, sql`${hashtagUses.recordType}`, sql`${hashtagUses.recordId}`);
  const found = await deps.db.select({ tag: hashtagUses.tag, display: sql<string>`min(${hashtagUses.displayTag})`, count: sql<number>`count(*)::int` })
    .from(hashtagUses)
    .where(and(eq(hashtagUses.workspaceId, actor.workspaceId), prefix ? sql`${hashtagUses.tag} LIKE ${prefix.replace(/[\\%_]/g, '\\$&') + '%'}` : undefined, readable))
    .groupBy(hashtagUses.tag).orderBy(desc(sql`count(*)`), hashtagUses.tag).limit(10);
  return { items: found };
}

/**
 * The hashtag page: counts per week (26), by record type, by team, co-occurring tags, and a page of uses, newest first.
 * Only uses on records the actor may read count (access.ts): a private room's posts for its members, a conversation's
 * notes for an expert only once consulted on it.
 */
export async function hashtagPage(deps: Deps, actor: Actor, raw: string, page: { offset: number; limit: number }, now = new Date()): Promise<HashtagPage> {
  authorize(actor, 'comments:write');
  const tag = checkedTag(raw);
  const ws = actor.workspaceId;
  const readable = await readableRecords(deps, actor);
  const mine = and(eq(hashtagUses.workspaceId, ws), eq(hashtagUses.tag, tag), readableRecordsSql(readable, ws, sql`${hashtagUses.recordType}`, sql`${hashtagUses.recordId}`));
  const firstWeek = new Date(`${isoWeekStart(new Date(now.getTime() - (WEEKS - 1) * 7 * 86400_000))}T00:00:00Z`);
  const [totalRow] = await deps.db.select({ n: sql<number>`count(*)::int` }).from(hashtagUses).where(mine);
  const weekRows = await deps.db.select({ at: hashtagUses.createdAt }).from(hashtagUses).where(and(mine, sql`${hashtagUses.createdAt} >= ${firstWeek.toISOString()}`));
  const weeks = new Map<string, number>();
  for (let i = 0; i < WEEKS; i++) weeks.set(isoWeekStart(new Date(firstWeek.getTime() + i * 7 * 86400_000)), 0);
  for (const r of weekRows) {
    const w = isoWeekStart(r.at);
    if (weeks.has(w)) weeks.set(w, weeks.get(w)! + 1);
  }
  const byRecordType = await deps.db.select({ recordType: hashtagUses.recordType, count: sql<number>`count(*)::int` })
    .from(hashtagUses).where(mine).groupBy(hashtagUses.recordType).orderBy(desc(sql`count(*)`));
  const byTeam = await deps.db.select({ teamId: hashtagUses.teamId, name: teams.name, count: sql<number>`count(*)::int` })
    .from(hashtagUses).leftJoin(teams, and(eq(teams.workspaceId, hashtagUses.workspaceId), eq(teams.id, hashtagUses.teamId)))
    .where(mine).groupBy(hashtagUses.teamId, teams.name).orderBy(desc(sql`count(*)`));
  // Co-occurrence: other tags of the same sources (a source is on one record: readable with the tag's use).
  const related = await rows<{ tag: string; count: number }>(deps.db, sql`
    SELECT o.tag, count(*)::int AS count FROM hashtag_uses AS o
    JOIN hashtag_uses AS u ON u.workspace_id = o.workspace_id AND u.source_kind = o.source_kind AND u.source_id = o.source_id
    WHERE u.workspace_id = ${ws} AND u.tag = ${tag} AND o.tag <> ${tag} AND ${readableRecordsSql(readable, ws, sql.raw('u.record_type'), sql.raw('u.record_id'))}
    GROUP BY o.tag ORDER BY count(*) DESC, o.tag LIMIT 10`);
  const uses = await deps.db.select({ u: hashtagUses, documentRoom: documents.roomId }).from(hashtagUses)
    .leftJoin(documents, and(eq(hashtagUses.recordType, 'document'), eq(documents.workspaceId, hashtagUses.workspaceId), eq(documents.id, hashtagUses.recordId)))
    .where(mine).orderBy(desc(hashtagUses.createdAt), desc(hashtagUses.id)).limit(page.limit).offset(page.offset);
  return {
    tag, total: totalRow?.n ?? 0,
    weeks: [...weeks].map(([week, count]) => ({ week, count })),
    byRecordType, byTeam,
    related: related.map((r) => ({ tag: r.tag, count: Number(r.count) })),
    uses: uses.map(({ u, documentRoom }) => ({
      sourceKind: u.sourceKind, sourceId: u.sourceId, recordType: u.recordType, recordId: u.recordId, teamId: u.teamId,
      displayTag: u.displayTag, createdAt: u.createdAt.toISOString(), link: useLink(u, documentRoom),
    })),
  };
}

// Where a use links to: the comment or the room post as an anchor of its record's page (a document's comments live in
// its room's documents tab), a note or a message to its conversation.
function useLink(u: { sourceKind: string; sourceId: string; recordType: string; recordId: string }, documentRoom: string | null): string {
  if (u.sourceKind === 'comment') return commentLink(u.recordType, u.recordId, u.sourceId, documentRoom);
  if (u.sourceKind === 'post') return `${recordPath(u.recordType, u.recordId)}#post-${u.sourceId}`;
  return recordPath(u.recordType, u.recordId);
}

/**
 * Renames a tag (admins); when the new name is already a tag this merges the two (`merge`: the target must be in use
 * already). Rewrites the uses and the stored hashtags and text of comments (the text of notes, messages and room posts
 * stays as written; their uses move); audited through the hashtag.renamed event. A tag used nowhere is not found.
 */
export async function renameHashtag(deps: Deps, actor: Actor, rawFrom: string, rawTo: string, opts: { merge?: boolean } = {}): Promise<{ tag: string; uses: number; comments: number }> {
  authorize(actor, 'hashtags:manage');
  const from = checkedTag(rawFrom);
  const toDisplay = rawTo.trim().replace(/^#/, '').normalize('NFC');
  const to = checkedTag(toDisplay);
  if (from === to) throw new Validation('hashtag_same', 'The new name is the old one');
  const ws = actor.workspaceId;
  const inUse = async (tag: string) => (await deps.db.select({ id: hashtagUses.id }).from(hashtagUses).where(and(eq(hashtagUses.workspaceId, ws), eq(hashtagUses.tag, tag))).limit(1)).length > 0;
  if (!(await inUse(from))) throw new NotFound('hashtag_not_found', `#${from} is not used anywhere`);
  if (opts.merge && !(await inUse(to))) throw new NotFound('hashtag_target_not_found', `#${to} is not used anywhere: rename instead`);
  return deps.db.transaction(async (tx) => {
    // A source carrying both tags keeps one use (the merge target's).
    await tx.execute(sql`DELETE FROM hashtag_uses u WHERE u.workspace_id = ${ws} AND u.tag = ${from}
      AND EXISTS (SELECT 1 FROM hashtag_uses t WHERE t.workspace_id = u.workspace_id AND t.source_kind = u.source_kind AND t.source_id = u.source_id AND t.tag = ${to})`);
    const moved = await tx.update(hashtagUses).set({ tag: to, displayTag: toDisplay })
      .where(and(eq(hashtagUses.workspaceId, ws), eq(hashtagUses.tag, from))).returning({ id: hashtagUses.id });
    const tagged = await tx.select().from(comments).where(and(eq(comments.workspaceId, ws), sql`${comments.hashtags} @> ARRAY[${from}]::text[]`));
    const pattern = new RegExp(`(?<![\\p{L}\\p{M}\\p{N}_&#/\\\\])#${from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{M}\\p{N}_#])`, 'giu');
    for (const c of tagged) {
      const body = c.body.normalize('NFC').replace(pattern, `#${toDisplay}`);
      const hashtags = [...new Set(c.hashtags.map((h) => (h === from ? to : h)))];
      await tx.update(comments).set({ body, bodyHtml: renderMarkdown(body), hashtags }).where(and(eq(comments.workspaceId, ws), eq(comments.id, c.id)));
    }
    await emit(tx, deps.queue, actor, {
      type: 'hashtag.renamed', subject: { type: 'hashtag', id: newId() },
      payload: { before: { tag: from }, after: { tag: to }, uses: moved.length, comments: tagged.length },
    });
    return { tag: to, uses: moved.length, comments: tagged.length };
  });
}
