import { and, asc, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { rows, type Executor } from '../../db/client.ts';
import { consentPurposeVersions, consentPurposes, consentRecords, consentStates, users, workspaces } from '../../db/schema.ts';

export type PurposeRow = typeof consentPurposes.$inferSelect;
export type PurposeInsert = typeof consentPurposes.$inferInsert;
export type VersionInsert = typeof consentPurposeVersions.$inferInsert;
export type RecordRow = typeof consentRecords.$inferSelect;
export type RecordInsert = typeof consentRecords.$inferInsert;
export type StateRow = typeof consentStates.$inferSelect;

/** A purpose with the title and wording of its current version. */
export type PurposeWithWording = PurposeRow & { title: { de: string; en: string }; wording: { de: string; en: string } };

/** A version with the name of the user who wrote it. */
export type VersionWithAuthor = typeof consentPurposeVersions.$inferSelect & { creatorName: string | null };

/** A ledger entry with its purpose's key and the acting user's name. */
export type RecordWithNames = RecordRow & { purposeKey: string; actorName: string | null };

function selectPurposes(ex: Executor) {
  return ex.select({ purpose: consentPurposes, title: consentPurposeVersions.title, wording: consentPurposeVersions.wording }).from(consentPurposes)
    .innerJoin(consentPurposeVersions, and(
      eq(consentPurposeVersions.workspaceId, consentPurposes.workspaceId),
      eq(consentPurposeVersions.purposeId, consentPurposes.id),
      eq(consentPurposeVersions.version, consentPurposes.currentVersion)));
}

const withWording = (r: { purpose: PurposeRow; title: PurposeWithWording['title']; wording: PurposeWithWording['wording'] }): PurposeWithWording =>
  ({ ...r.purpose, title: r.title, wording: r.wording });

/** The workspace's purposes by key, archived ones only when asked. */
export async function listPurposes(ex: Executor, workspaceId: string, includeArchived: boolean): Promise<PurposeWithWording[]> {
  const list = await selectPurposes(ex)
    .where(and(eq(consentPurposes.workspaceId, workspaceId), includeArchived ? undefined : isNull(consentPurposes.archivedAt)))
    .orderBy(asc(consentPurposes.key));
  return list.map(withWording);
}

export async function findPurpose(ex: Executor, workspaceId: string, id: string): Promise<PurposeWithWording | undefined> {
  const [r] = await selectPurposes(ex).where(and(eq(consentPurposes.workspaceId, workspaceId), eq(consentPurposes.id, id)));
  return r && withWording(r);
}

export async function findPurposeByKey(ex: Executor, workspaceId: string, key: string): Promise<PurposeWithWording | undefined> {
  const [r] = await selectPurposes(ex).where(and(eq(consentPurposes.workspaceId, workspaceId), eq(consentPurposes.key, key)));
  return r && withWording(r);
}

/** How many purposes the workspace has, archived ones included. */
export async function countPurposes(ex: Executor, workspaceId: string): Promise<number> {
  const [r] = await ex.select({ n: count() }).from(consentPurposes).where(eq(consentPurposes.workspaceId, workspaceId));
  return Number(r?.n ?? 0);
}

/** Every version of a purpose, newest first. */
export async function listVersions(ex: Executor, workspaceId: string, purposeId: string): Promise<VersionWithAuthor[]> {
  const list = await ex.select({ v: consentPurposeVersions, creatorName: users.name }).from(consentPurposeVersions)
    .leftJoin(users, and(eq(users.workspaceId, consentPurposeVersions.workspaceId), eq(users.id, consentPurposeVersions.createdBy)))
    .where(and(eq(consentPurposeVersions.workspaceId, workspaceId), eq(consentPurposeVersions.purposeId, purposeId)))
    .orderBy(desc(consentPurposeVersions.version));
  return list.map((r) => ({ ...r.v, creatorName: r.creatorName }));
}

/** Inserts a purpose and its first version; false when the key exists already (nothing written). */
export async function insertPurpose(ex: Executor, purpose: PurposeInsert, version: Omit<VersionInsert, 'purposeId' | 'workspaceId' | 'version'>): Promise<boolean> {
  const created = await ex.insert(consentPurposes).values({ ...purpose, currentVersion: 1 })
    .onConflictDoNothing({ target: [consentPurposes.workspaceId, consentPurposes.key] }).returning({ id: consentPurposes.id });
  if (!created.length) return false;
  await ex.insert(consentPurposeVersions).values({ ...version, workspaceId: purpose.workspaceId, purposeId: purpose.id!, version: 1 });
  return true;
}

/** Locks the purpose row until the end of the transaction (two edits must not write the same version number). */
export async function lockPurpose(ex: Executor, workspaceId: string, id: string): Promise<void> {
  await ex.select({ id: consentPurposes.id }).from(consentPurposes)
    .where(and(eq(consentPurposes.workspaceId, workspaceId), eq(consentPurposes.id, id))).for('update');
}

export async function insertVersion(ex: Executor, v: VersionInsert): Promise<void> {
  await ex.insert(consentPurposeVersions).values(v);
}

export async function updatePurpose(ex: Executor, workspaceId: string, id: string, set: Partial<PurposeInsert>): Promise<void> {
  await ex.update(consentPurposes).set(set).where(and(eq(consentPurposes.workspaceId, workspaceId), eq(consentPurposes.id, id)));
}

/** The workspace's name and default language (mails and public pages speak it when the person has none). */
export async function findWorkspace(ex: Executor, workspaceId: string): Promise<{ name: string; defaultLanguage: string } | undefined> {
  const [w] = await ex.select({ name: workspaces.name, defaultLanguage: workspaces.defaultLanguage }).from(workspaces).where(eq(workspaces.id, workspaceId));
  return w;
}

/**
 * Serialises changes of one person's consent to one purpose until the end of the transaction: two grants at once
 * must not both read "none" and both send a confirmation mail. An advisory lock, because the state row may not exist yet.
 */
export async function lockConsent(ex: Executor, workspaceId: string, contactId: string, purposeId: string): Promise<void> {
  await ex.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`consent:${workspaceId}:${contactId}:${purposeId}`}, 0))`);
}

export async function findState(ex: Executor, workspaceId: string, contactId: string, purposeId: string): Promise<StateRow | undefined> {
  const [s] = await ex.select().from(consentStates)
    .where(and(eq(consentStates.workspaceId, workspaceId), eq(consentStates.contactId, contactId), eq(consentStates.purposeId, purposeId)));
  return s;
}

/** Sets where a person stands on a purpose (written with the ledger entry it follows from). */
export async function upsertState(ex: Executor, s: StateRow): Promise<void> {
  await ex.insert(consentStates).values(s).onConflictDoUpdate({
    target: [consentStates.workspaceId, consentStates.contactId, consentStates.purposeId],
    set: { status: s.status, recordId: s.recordId, since: s.since },
  });
}

/** Appends to the ledger. There is no update or delete: entries are facts. */
export async function insertRecord(ex: Executor, r: RecordInsert): Promise<RecordRow> {
  const [row] = await ex.insert(consentRecords).values(r).returning();
  return row!;
}

export async function findRecord(ex: Executor, workspaceId: string, id: string): Promise<RecordRow | undefined> {
  const [r] = await ex.select().from(consentRecords).where(and(eq(consentRecords.workspaceId, workspaceId), eq(consentRecords.id, id)));
  return r;
}

/** A person's current status per purpose (only purposes they have a ledger entry for). */
export async function listStates(ex: Executor, workspaceId: string, contactId: string): Promise<(StateRow & { source: string; wordingVersion: number })[]> {
  const list = await ex.select({ s: consentStates, source: consentRecords.source, wordingVersion: consentRecords.wordingVersion }).from(consentStates)
    .innerJoin(consentRecords, and(eq(consentRecords.workspaceId, consentStates.workspaceId), eq(consentRecords.id, consentStates.recordId)))
    .where(and(eq(consentStates.workspaceId, workspaceId), eq(consentStates.contactId, contactId)));
  return list.map((r) => ({ ...r.s, source: r.source, wordingVersion: r.wordingVersion }));
}

/** A person's ledger, newest first, at most `limit` entries. */
export async function listHistory(ex: Executor, workspaceId: string, contactId: string, limit: number): Promise<RecordWithNames[]> {
  const list = await ex.select({ r: consentRecords, purposeKey: consentPurposes.key, actorName: users.name }).from(consentRecords)
    .innerJoin(consentPurposes, and(eq(consentPurposes.workspaceId, consentRecords.workspaceId), eq(consentPurposes.id, consentRecords.purposeId)))
    .leftJoin(users, and(eq(users.workspaceId, consentRecords.workspaceId), eq(users.id, consentRecords.actorId)))
    .where(and(eq(consentRecords.workspaceId, workspaceId), eq(consentRecords.contactId, contactId)))
    .orderBy(desc(consentRecords.at), desc(consentRecords.id))
    .limit(limit);
  return list.map((r) => ({ ...r.r, purposeKey: r.purposeKey, actorName: r.actorName }));
}

/** The status of a person for the purpose with this key; undefined when they have none (or the key is unknown). */
export async function statusByKey(ex: Executor, workspaceId: string, contactId: string, key: string): Promise<string | undefined> {
  const [r] = await rows<{ status: string }>(ex, sql`
    SELECT s.status FROM consent_purposes p
    JOIN consent_states s ON s.workspace_id = p.workspace_id AND s.purpose_id = p.id AND s.contact_id = ${contactId}
    WHERE p.workspace_id = ${workspaceId} AND p.key = ${key}`);
  return r?.status;
}

/** One version of a purpose's wording (the one a person was asked about). */
export async function findVersion(ex: Executor, workspaceId: string, purposeId: string, version: number) {
  const [v] = await ex.select().from(consentPurposeVersions).where(and(
    eq(consentPurposeVersions.workspaceId, workspaceId), eq(consentPurposeVersions.purposeId, purposeId), eq(consentPurposeVersions.version, version)));
  return v;
}

/** How many ledger entries a person has (the merge preview counts them). */
export async function countContactConsents(ex: Executor, workspaceId: string, contactId: string): Promise<number> {
  const [r] = await ex.select({ n: sql<number>`count(*)::int` }).from(consentRecords)
    .where(and(eq(consentRecords.workspaceId, workspaceId), eq(consentRecords.contactId, contactId)));
  return r?.n ?? 0;
}

/**
 * Where a person stands per purpose, computed again from their ledger: the newest entry per purpose decides. After
 * a merge joined two people's ledgers the person's latest decision wins — a later withdrawal by either record stays a
 * withdrawal.
 */
export async function recomputeStates(ex: Executor, workspaceId: string, contactId: string): Promise<void> {
  await ex.delete(consentStates).where(and(eq(consentStates.workspaceId, workspaceId), eq(consentStates.contactId, contactId)));
  await ex.execute(sql`
    INSERT INTO consent_states (workspace_id, contact_id, purpose_id, status, record_id, since)
    SELECT DISTINCT ON (purpose_id) workspace_id, contact_id, purpose_id,
      CASE action WHEN 'request' THEN 'pending' WHEN 'grant' THEN 'granted' ELSE 'withdrawn' END, id, created_at
    FROM consent_records WHERE workspace_id = ${workspaceId} AND contact_id = ${contactId}
    ORDER BY purpose_id, created_at DESC, id DESC`);
}

/** Moves a person's ledger entries to another person (a merge) and recomputes both states; returns the entries moved. */
export async function moveContactConsents(ex: Executor, workspaceId: string, fromId: string, toId: string): Promise<string[]> {
  const moved = await ex.update(consentRecords).set({ contactId: toId })
    .where(and(eq(consentRecords.workspaceId, workspaceId), eq(consentRecords.contactId, fromId)))
    .returning({ id: consentRecords.id });
  if (moved.length) {
    await recomputeStates(ex, workspaceId, fromId);
    await recomputeStates(ex, workspaceId, toId);
  }
  return moved.map((r) => r.id);
}

/** Gives ledger entries moved away by a merge back to the person (merge undone), recomputing both people's states. */
export async function moveConsentsBack(ex: Executor, workspaceId: string, ids: string[], toId: string): Promise<void> {
  if (!ids.length) return;
  // Who holds the entries now (the survivor): their states were computed from these entries too.
  const holders = await ex.selectDistinct({ contactId: consentRecords.contactId }).from(consentRecords)
    .where(and(eq(consentRecords.workspaceId, workspaceId), inArray(consentRecords.id, ids)));
  await ex.update(consentRecords).set({ contactId: toId })
    .where(and(eq(consentRecords.workspaceId, workspaceId), inArray(consentRecords.id, ids)));
  for (const c of new Set([toId, ...holders.map((h) => h.contactId)])) await recomputeStates(ex, workspaceId, c);
}
