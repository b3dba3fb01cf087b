import { and, asc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { customerAccounts, customerSessions, signOnAttempts, signOnProviders, workspaces } from '../../db/schema.ts';

export type ProviderRow = typeof signOnProviders.$inferSelect;
export type AttemptRow = typeof signOnAttempts.$inferSelect;
export type AccountRow = typeof customerAccounts.$inferSelect;

/** The slug of a workspace (for the addresses shown with its providers). */
export async function workspaceSlug(ex: Executor, workspaceId: string): Promise<string | undefined> {
  return (await ex.select({ slug: workspaces.slug }).from(workspaces).where(eq(workspaces.id, workspaceId)))[0]?.slug;
}

// ---- providers ---------------------------------------------------------------------------------------------------

export async function listProviders(ex: Executor, workspaceId: string, only?: { audience: string; enabled: true }): Promise<ProviderRow[]> {
  const where = [eq(signOnProviders.workspaceId, workspaceId)];
  if (only) where.push(eq(signOnProviders.audience, only.audience), eq(signOnProviders.enabled, true));
  return ex.select().from(signOnProviders).where(and(...where)).orderBy(asc(signOnProviders.createdAt), asc(signOnProviders.id));
}

export async function countProviders(ex: Executor, workspaceId: string): Promise<number> {
  const [r] = await ex.select({ n: sql<number>`count(*)::int` }).from(signOnProviders).where(eq(signOnProviders.workspaceId, workspaceId));
  return Number(r?.n ?? 0);
}

export async function findProvider(ex: Executor, workspaceId: string, id: string): Promise<ProviderRow | undefined> {
  return (await ex.select().from(signOnProviders).where(and(eq(signOnProviders.workspaceId, workspaceId), eq(signOnProviders.id, id))))[0];
}

export async function insertProvider(ex: Executor, row: typeof signOnProviders.$inferInsert): Promise<ProviderRow> {
  return (await ex.insert(signOnProviders).values(row).returning())[0]!;
}

export async function updateProvider(ex: Executor, workspaceId: string, id: string, set: Partial<typeof signOnProviders.$inferInsert>): Promise<ProviderRow | undefined> {
  return (await ex.update(signOnProviders).set(set).where(and(eq(signOnProviders.workspaceId, workspaceId), eq(signOnProviders.id, id))).returning())[0];
}

export async function deleteProvider(ex: Executor, workspaceId: string, id: string): Promise<void> {
  await ex.delete(signOnAttempts).where(and(eq(signOnAttempts.workspaceId, workspaceId), eq(signOnAttempts.providerId, id)));
  await ex.delete(signOnProviders).where(and(eq(signOnProviders.workspaceId, workspaceId), eq(signOnProviders.id, id)));
}

// ---- attempts ----------------------------------------------------------------------------------------------------

/** Stores a new attempt and drops the workspace's expired ones (abandoned sign-ons). */
export async function insertAttempt(ex: Executor, row: typeof signOnAttempts.$inferInsert, now: Date): Promise<void> {
  await ex.delete(signOnAttempts).where(and(eq(signOnAttempts.workspaceId, row.workspaceId), lt(signOnAttempts.expiresAt, now)));
  await ex.insert(signOnAttempts).values(row);
}

/** Takes an unexpired attempt out (delete … returning): a state works once, however many callbacks race for it. */
export async function consumeAttempt(ex: Executor, workspaceId: string, state: string, now: Date): Promise<AttemptRow | undefined> {
  const [row] = await ex.delete(signOnAttempts).where(and(eq(signOnAttempts.workspaceId, workspaceId), eq(signOnAttempts.state, state))).returning();
  return row && row.expiresAt > now ? row : undefined;
}

// ---- identities and people (read-only lookups of this domain's and the contacts' tables) ---------------------------

// ---- customer accounts and sessions ------------------------------------------------------------------------------

export async function findAccount(ex: Executor, workspaceId: string, id: string): Promise<AccountRow | undefined> {
  return (await ex.select().from(customerAccounts).where(and(eq(customerAccounts.workspaceId, workspaceId), eq(customerAccounts.id, id))))[0];
}

export async function findAccountByEmail(ex: Executor, workspaceId: string, email: string): Promise<AccountRow | undefined> {
  return (await ex.select().from(customerAccounts).where(and(eq(customerAccounts.workspaceId, workspaceId), eq(customerAccounts.email, email))))[0];
}

/** The person's account: the one with this e-mail when they have several, else the oldest. */
export async function findAccountOfContact(ex: Executor, workspaceId: string, contactId: string, email: string | null): Promise<AccountRow | undefined> {
  const rows = await ex.select().from(customerAccounts)
    .where(and(eq(customerAccounts.workspaceId, workspaceId), eq(customerAccounts.contactId, contactId)))
    .orderBy(asc(customerAccounts.createdAt), asc(customerAccounts.id));
  return rows.find((r) => r.email === email) ?? rows[0];
}

export async function insertAccount(ex: Executor, row: typeof customerAccounts.$inferInsert): Promise<AccountRow> {
  return (await ex.insert(customerAccounts).values(row).returning())[0]!;
}

export async function updateAccount(ex: Executor, workspaceId: string, id: string, set: Partial<typeof customerAccounts.$inferInsert>): Promise<AccountRow | undefined> {
  return (await ex.update(customerAccounts).set(set).where(and(eq(customerAccounts.workspaceId, workspaceId), eq(customerAccounts.id, id))).returning())[0];
}

export async function insertCustomerSession(ex: Executor, row: typeof customerSessions.$inferInsert): Promise<void> {
  await ex.insert(customerSessions).values(row);
}

/** The unexpired session's account. */
export async function findCustomerSession(ex: Executor, workspaceId: string, tokenHash: string, now: Date): Promise<AccountRow | undefined> {
  return (await ex.select({ account: customerAccounts }).from(customerSessions)
    .innerJoin(customerAccounts, and(eq(customerAccounts.workspaceId, customerSessions.workspaceId), eq(customerAccounts.id, customerSessions.accountId)))
    .where(and(eq(customerSessions.workspaceId, workspaceId), eq(customerSessions.tokenHash, tokenHash), sql`${customerSessions.expiresAt} > ${now}`)))[0]?.account;
}

export async function deleteCustomerSession(ex: Executor, workspaceId: string, tokenHash: string): Promise<void> {
  await ex.delete(customerSessions).where(and(eq(customerSessions.workspaceId, workspaceId), eq(customerSessions.tokenHash, tokenHash)));
}

/** Ends every session of an account (its password was taken away). */
export async function deleteAccountSessions(ex: Executor, workspaceId: string, accountId: string): Promise<void> {
  await ex.delete(customerSessions).where(and(eq(customerSessions.workspaceId, workspaceId), eq(customerSessions.accountId, accountId)));
}

export async function countContactAccounts(ex: Executor, workspaceId: string, contactId: string): Promise<number> {
  const rs = await ex.select({ id: customerAccounts.id }).from(customerAccounts)
    .where(and(eq(customerAccounts.workspaceId, workspaceId), eq(customerAccounts.contactId, contactId)));
  return rs.length;
}

/** Moves a merged-away person's community accounts to the survivor; returns the ids moved. */
export async function moveContactAccounts(ex: Executor, workspaceId: string, fromId: string, toId: string): Promise<string[]> {
  const rs = await ex.update(customerAccounts).set({ contactId: toId })
    .where(and(eq(customerAccounts.workspaceId, workspaceId), eq(customerAccounts.contactId, fromId)))
    .returning({ id: customerAccounts.id });
  return rs.map((r) => r.id);
}

/** Gives accounts moved away by a merge back to the person (the merge was undone). */
export async function moveAccountsBack(ex: Executor, workspaceId: string, ids: string[], toId: string): Promise<void> {
  if (!ids.length) return;
  await ex.update(customerAccounts).set({ contactId: toId })
    .where(and(eq(customerAccounts.workspaceId, workspaceId), inArray(customerAccounts.id, ids)));
}
