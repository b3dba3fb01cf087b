import { and, desc, eq, getTableColumns, ilike, inArray, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { run, statement, type Executor } from '../../db/client.ts';
import { identityLinks, socialIdentities, users } from '../../db/schema.ts';

export type IdentityRow = typeof socialIdentities.$inferSelect;
export type IdentityInsert = typeof socialIdentities.$inferInsert;
export type LinkRow = typeof identityLinks.$inferSelect;
/** A link with the names of who made and who undid it. */
export type LinkWithNames = LinkRow & { byName: string | null; undoneByName: string | null };

export async function findIdentity(ex: Executor, workspaceId: string, id: string): Promise<IdentityRow | undefined> {
  const [r] = await ex.select().from(socialIdentities).where(and(eq(socialIdentities.workspaceId, workspaceId), eq(socialIdentities.id, id)));
  return r;
}

/** Identities by id, one query. */
export async function findIdentitiesByIds(ex: Executor, workspaceId: string, ids: string[]): Promise<IdentityRow[]> {
  if (ids.length === 0) return [];
  return ex.select().from(socialIdentities).where(and(eq(socialIdentities.workspaceId, workspaceId), inArray(socialIdentities.id, ids)));
}

/** The identity of this network and external id, if Parley has seen it. */
export async function findIdentityByExternal(ex: Executor, workspaceId: string, network: string, externalId: string): Promise<IdentityRow | undefined> {
  const [r] = await ex.select().from(socialIdentities)
    .where(and(eq(socialIdentities.workspaceId, workspaceId), eq(socialIdentities.network, network), eq(socialIdentities.externalId, externalId)));
  return r;
}

/** The identities of one network among these external ids (a batch of ingested messages' authors), one query. */
export async function findIdentitiesByExternal(ex: Executor, workspaceId: string, network: string, externalIds: string[]): Promise<AuthorIdentity[]> {
  if (externalIds.length === 0) return [];
  return run<AuthorIdentity>(ex, FIND_BY_EXTERNAL, [workspaceId, network, externalIds]);
}

/** What ingestion reads and writes of an author's identity. */
export type AuthorIdentity = Pick<IdentityRow, 'id' | 'network' | 'externalId' | 'handle' | 'displayName' | 'profileUrl' | 'avatarUrl' | 'profile' | 'contactId' | 'lastSeenAt'>;
const AUTHOR_COLUMNS = `id, network, external_id AS "externalId", handle, display_name AS "displayName", profile_url AS "profileUrl", avatar_url AS "avatarUrl",
  profile, contact_id AS "contactId", last_seen_at AS "lastSeenAt"`;
const FIND_BY_EXTERNAL = statement(`SELECT ${AUTHOR_COLUMNS} FROM social_identities WHERE workspace_id = $1::uuid AND network = $2::text AND external_id = ANY($3::text[])`);

/** An author to write: new, or known with something new (a name, a profile field, a later last-seen). */
export interface AuthorUpsert { id: string; network: string; externalId: string; handle: string | null; displayName: string | null; profileUrl: string | null; avatarUrl: string | null; profile: Record<string, unknown>; seenAt: Date }

/**
 * upsertIdentity for many authors (each network and external id at most once) with ONE statement, in key order (two
 * batches at once lock the same rows in the same order); answers each row as written and whether this call created it.
 */
export async function upsertAuthors(ex: Executor, workspaceId: string, list: readonly AuthorUpsert[]): Promise<(AuthorIdentity & { inserted: boolean })[]> {
  if (list.length === 0) return [];
  const sorted = [...list].sort((a, b) => (a.network === b.network ? (a.externalId < b.externalId ? -1 : 1) : a.network < b.network ? -1 : 1));
  const col = <T>(f: (a: AuthorUpsert) => T) => sorted.map(f);
  return run(ex, UPSERT_AUTHORS, [workspaceId, col((a) => a.id), col((a) => a.network), col((a) => a.externalId), col((a) => a.handle), col((a) => a.displayName),
    col((a) => a.profileUrl), col((a) => a.avatarUrl), col((a) => JSON.stringify(a.profile)), col((a) => a.seenAt.toISOString())]);
}
const UPSERT_AUTHORS = statement(`INSERT INTO social_identities AS s (workspace_id, id, network, external_id, handle, display_name, profile_url, avatar_url, profile, first_seen_at, last_seen_at)
  SELECT $1::uuid, v.id, v.network, v.external_id, v.handle, v.display_name, v.profile_url, v.avatar_url, v.profile::jsonb, v.seen, v.seen
  FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::timestamptz[])
    AS v(id, network, external_id, handle, display_name, profile_url, avatar_url, profile, seen)
  ON CONFLICT (workspace_id, network, external_id) DO UPDATE SET handle = coalesce(excluded.handle, s.handle), display_name = coalesce(excluded.display_name, s.display_name),
    profile_url = coalesce(excluded.profile_url, s.profile_url), avatar_url = coalesce(excluded.avatar_url, s.avatar_url), profile = s.profile || excluded.profile,
    last_seen_at = greatest(s.last_seen_at, excluded.last_seen_at), updated_at = now()
  RETURNING ${AUTHOR_COLUMNS}, (xmax = 0) AS inserted`);

/** The identity with its row locked (a link changes it and its link rows together). */
export async function lockIdentity(ex: Executor, workspaceId: string, id: string): Promise<IdentityRow | undefined> {
  const [r] = await ex.select().from(socialIdentities)
    .where(and(eq(socialIdentities.workspaceId, workspaceId), eq(socialIdentities.id, id))).for('update');
  return r;
}

/**
 * Inserts the identity, or refreshes its display fields and last-seen time when (network, external id) is known.
 * One statement, so two deliveries from the same new author at once make one identity.
 */
export async function upsertIdentity(ex: Executor, values: IdentityInsert): Promise<{ row: IdentityRow; created: boolean }> {
  const seen = values.lastSeenAt ?? new Date();
  const [r] = await ex.insert(socialIdentities).values(values)
    .onConflictDoUpdate({
      target: [socialIdentities.workspaceId, socialIdentities.network, socialIdentities.externalId],
      set: {
        handle: sql`coalesce(excluded.handle, ${socialIdentities.handle})`,
        displayName: sql`coalesce(excluded.display_name, ${socialIdentities.displayName})`,
        profileUrl: sql`coalesce(excluded.profile_url, ${socialIdentities.profileUrl})`,
        avatarUrl: sql`coalesce(excluded.avatar_url, ${socialIdentities.avatarUrl})`,
        profile: sql`${socialIdentities.profile} || excluded.profile`,
        lastSeenAt: sql`greatest(${socialIdentities.lastSeenAt}, ${seen.toISOString()}::timestamptz)`,
        updatedAt: new Date(),
      },
    })
    // xmax = 0 only for a row this statement inserted: tells a new identity from a refreshed one.
    .returning({ ...getTableColumns(socialIdentities), inserted: sql<boolean>`(xmax = 0)` });
  const { inserted, ...row } = r!;
  return { row, created: inserted };
}

export async function setIdentityContact(ex: Executor, workspaceId: string, id: string, contactId: string | null): Promise<void> {
  await ex.update(socialIdentities).set({ contactId, updatedAt: new Date() })
    .where(and(eq(socialIdentities.workspaceId, workspaceId), eq(socialIdentities.id, id)));
}

export async function insertLink(ex: Executor, values: typeof identityLinks.$inferInsert): Promise<void> {
  await ex.insert(identityLinks).values(values);
}

/** Closes the identity's open link (if any) and returns it. */
export async function closeOpenLink(ex: Executor, workspaceId: string, identityId: string, by: string | null, reason: string | null): Promise<LinkRow | undefined> {
  const [r] = await ex.update(identityLinks).set({ undoneAt: new Date(), undoneBy: by, undoReason: reason })
    .where(and(eq(identityLinks.workspaceId, workspaceId), eq(identityLinks.identityId, identityId), isNull(identityLinks.undoneAt)))
    .returning();
  return r;
}

const byUser = alias(users, 'link_by');
const undoneByUser = alias(users, 'link_undone_by');

/** Every link of these identities, newest first, with user names. */
export async function linksOf(ex: Executor, workspaceId: string, identityIds: string[]): Promise<LinkWithNames[]> {
  if (!identityIds.length) return [];
  const rs = await ex.select({ link: identityLinks, byName: byUser.name, undoneByName: undoneByUser.name }).from(identityLinks)
    .leftJoin(byUser, and(eq(byUser.workspaceId, identityLinks.workspaceId), eq(byUser.id, identityLinks.actorId)))
    .leftJoin(undoneByUser, and(eq(undoneByUser.workspaceId, identityLinks.workspaceId), eq(undoneByUser.id, identityLinks.undoneBy)))
    .where(and(eq(identityLinks.workspaceId, workspaceId), inArray(identityLinks.identityId, identityIds)))
    .orderBy(desc(identityLinks.createdAt), desc(identityLinks.id));
  return rs.map((r) => ({ ...r.link, byName: r.byName, undoneByName: r.undoneByName }));
}

/** The identities a person has now, plus those once linked to them (so an undone link stays visible on their page). */
export async function identitiesOfContact(ex: Executor, workspaceId: string, contactId: string): Promise<IdentityRow[]> {
  const once = ex.select({ id: identityLinks.identityId }).from(identityLinks)
    .where(and(eq(identityLinks.workspaceId, workspaceId), eq(identityLinks.contactId, contactId)));
  return ex.select().from(socialIdentities)
    .where(and(eq(socialIdentities.workspaceId, workspaceId),
      or(eq(socialIdentities.contactId, contactId), inArray(socialIdentities.id, once))))
    .orderBy(desc(socialIdentities.lastSeenAt), desc(socialIdentities.id));
}

export interface IdentityFilter { network?: string | undefined; linked?: boolean | undefined; q?: string | undefined }

/** A page of identities by last seen, newest first; `after` = (lastSeenAt, id) of the previous page's last row. */
export async function listIdentities(ex: Executor, workspaceId: string, f: IdentityFilter, after: { at: Date; id: string } | null, limit: number): Promise<IdentityRow[]> {
  const conds = [eq(socialIdentities.workspaceId, workspaceId)];
  if (f.network) conds.push(eq(socialIdentities.network, f.network));
  if (f.linked === true) conds.push(isNotNull(socialIdentities.contactId));
  if (f.linked === false) conds.push(isNull(socialIdentities.contactId));
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conds.push(or(ilike(socialIdentities.handle, like), ilike(socialIdentities.displayName, like), eq(socialIdentities.externalId, f.q))!);
  }
  if (after) {
    conds.push(or(lt(socialIdentities.lastSeenAt, after.at), and(eq(socialIdentities.lastSeenAt, after.at), lt(socialIdentities.id, after.id)))!);
  }
  return ex.select().from(socialIdentities).where(and(...conds))
    .orderBy(desc(socialIdentities.lastSeenAt), desc(socialIdentities.id)).limit(limit);
}

export async function setEnrichment(ex: Executor, workspaceId: string, id: string, enrichment: Record<string, unknown>): Promise<void> {
  await ex.update(socialIdentities).set({ enrichment, enrichedAt: new Date(), updatedAt: new Date() })
    .where(and(eq(socialIdentities.workspaceId, workspaceId), eq(socialIdentities.id, id)));
}

/** Removes what was fetched from networks about a person; returns the identities it was removed from. */
export async function clearEnrichment(ex: Executor, workspaceId: string, contactId: string): Promise<string[]> {
  const rs = await ex.update(socialIdentities).set({ enrichment: null, enrichedAt: null, updatedAt: new Date() })
    .where(and(eq(socialIdentities.workspaceId, workspaceId), eq(socialIdentities.contactId, contactId), isNotNull(socialIdentities.enrichedAt)))
    .returning({ id: socialIdentities.id });
  return rs.map((r) => r.id);
}

/** Moves a merged-away person's identities (and their open links) to the survivor; returns the ids moved. */
export async function moveContactIdentities(ex: Executor, workspaceId: string, fromId: string, toId: string): Promise<string[]> {
  const moved = await ex.update(socialIdentities).set({ contactId: toId, updatedAt: new Date() })
    .where(and(eq(socialIdentities.workspaceId, workspaceId), eq(socialIdentities.contactId, fromId)))
    .returning({ id: socialIdentities.id });
  const ids = moved.map((r) => r.id);
  await relinkOpenLinks(ex, workspaceId, ids, toId);
  return ids;
}

/** Links these identities (moved away by a merge) to the person again, with their open links. */
export async function moveIdentitiesBack(ex: Executor, workspaceId: string, ids: string[], toId: string): Promise<void> {
  if (!ids.length) return;
  await ex.update(socialIdentities).set({ contactId: toId, updatedAt: new Date() })
    .where(and(eq(socialIdentities.workspaceId, workspaceId), inArray(socialIdentities.id, ids)));
  await relinkOpenLinks(ex, workspaceId, ids, toId);
}

async function relinkOpenLinks(ex: Executor, workspaceId: string, identityIds: string[], toId: string): Promise<void> {
  if (!identityIds.length) return;
  await ex.update(identityLinks).set({ contactId: toId })
    .where(and(eq(identityLinks.workspaceId, workspaceId), inArray(identityLinks.identityId, identityIds), isNull(identityLinks.undoneAt)));
}

export async function countContactIdentities(ex: Executor, workspaceId: string, contactId: string): Promise<number> {
  const [r] = await ex.select({ n: sql<number>`count(*)::int` }).from(socialIdentities)
    .where(and(eq(socialIdentities.workspaceId, workspaceId), eq(socialIdentities.contactId, contactId)));
  return r?.n ?? 0;
}
