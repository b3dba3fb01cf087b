import { and, desc, eq, lt, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { matchCandidates, users } from '../../db/schema.ts';

export type MatchRow = typeof matchCandidates.$inferSelect;
export type MatchWithNames = MatchRow & { decidedByName: string | null };

export interface MatchProposal {
  subjectType: 'identity' | 'contact';
  subjectId: string;
  contactId: string;
  probability: number;
  explanation: Record<string, unknown>;
}

/**
 * Puts proposals in the review queue. A pair already decided (linked or not-a-match) stays decided: only open ones
 * get the new probability and explanation. Returns how many were new.
 */
export async function proposeMatches(ex: Executor, workspaceId: string, proposals: (MatchProposal & { id: string })[]): Promise<number> {
  if (!proposals.length) return 0;
  const rs = await ex.insert(matchCandidates)
    .values(proposals.map((p) => ({ workspaceId, ...p })))
    .onConflictDoUpdate({
      target: [matchCandidates.workspaceId, matchCandidates.subjectType, matchCandidates.subjectId, matchCandidates.contactId],
      set: { probability: sql`excluded.probability`, explanation: sql`excluded.explanation`, updatedAt: new Date() },
      setWhere: eq(matchCandidates.status, 'open'),
    })
    .returning({ inserted: sql<boolean>`(xmax = 0)` });
  return rs.filter((r) => r.inserted).length;
}

export async function findMatch(ex: Executor, workspaceId: string, id: string, lock = false): Promise<MatchRow | undefined> {
  const q = ex.select().from(matchCandidates).where(and(eq(matchCandidates.workspaceId, workspaceId), eq(matchCandidates.id, id)));
  const [r] = lock ? await q.for('update') : await q;
  return r;
}

export async function decideMatch(ex: Executor, workspaceId: string, id: string, status: 'linked' | 'rejected', by: string | null): Promise<void> {
  await ex.update(matchCandidates).set({ status, decidedBy: by, decidedAt: new Date(), updatedAt: new Date() })
    .where(and(eq(matchCandidates.workspaceId, workspaceId), eq(matchCandidates.id, id)));
}

/** Closes the other open proposals for a subject once it is linked (an identity belongs to one person). */
export async function closeOtherProposals(ex: Executor, workspaceId: string, subjectType: string, subjectId: string, keepId: string, by: string | null): Promise<void> {
  await ex.update(matchCandidates).set({ status: 'rejected', decidedBy: by, decidedAt: new Date(), updatedAt: new Date() })
    .where(and(eq(matchCandidates.workspaceId, workspaceId), eq(matchCandidates.subjectType, subjectType),
      eq(matchCandidates.subjectId, subjectId), eq(matchCandidates.status, 'open'), sql`${matchCandidates.id} <> ${keepId}`));
}

export interface MatchFilter { status: string; subjectType?: string | undefined; contactId?: string | undefined }

/** A page of the queue, most probable first; `after` = (probability, id) of the previous page's last row. */
export async function listMatches(ex: Executor, workspaceId: string, f: MatchFilter, after: { p: number; id: string } | null, limit: number): Promise<MatchWithNames[]> {
  const conds = [eq(matchCandidates.workspaceId, workspaceId), eq(matchCandidates.status, f.status)];
  if (f.subjectType) conds.push(eq(matchCandidates.subjectType, f.subjectType));
  if (f.contactId) conds.push(or(eq(matchCandidates.contactId, f.contactId), and(eq(matchCandidates.subjectType, 'contact'), eq(matchCandidates.subjectId, f.contactId)))!);
  if (after) conds.push(or(lt(matchCandidates.probability, after.p), and(eq(matchCandidates.probability, after.p), lt(matchCandidates.id, after.id)))!);
  const rs = await ex.select({ m: matchCandidates, decidedByName: users.name }).from(matchCandidates)
    .leftJoin(users, and(eq(users.workspaceId, matchCandidates.workspaceId), eq(users.id, matchCandidates.decidedBy)))
    .where(and(...conds)).orderBy(desc(matchCandidates.probability), desc(matchCandidates.id)).limit(limit);
  return rs.map((r) => ({ ...r.m, decidedByName: r.decidedByName }));
}

export async function countOpen(ex: Executor, workspaceId: string): Promise<number> {
  const [r] = await ex.select({ n: sql<number>`count(*)::int` }).from(matchCandidates)
    .where(and(eq(matchCandidates.workspaceId, workspaceId), eq(matchCandidates.status, 'open')));
  return r?.n ?? 0;
}

/** Remembers that an identity (or person) is not this person: a decided pair is never proposed or auto-linked again. */
export async function rememberNotAMatch(ex: Executor, workspaceId: string, subjectType: 'identity' | 'contact', subjectId: string, contactId: string, by: string | null, id: string): Promise<void> {
  await ex.insert(matchCandidates)
    .values({ workspaceId, id, subjectType, subjectId, contactId, probability: 0, status: 'rejected', decidedBy: by, decidedAt: new Date() })
    .onConflictDoUpdate({
      target: [matchCandidates.workspaceId, matchCandidates.subjectType, matchCandidates.subjectId, matchCandidates.contactId],
      set: { status: 'rejected', decidedBy: by, decidedAt: new Date(), updatedAt: new Date() },
    });
}

/** The people this subject was decided not to be. */
export async function rejectedContacts(ex: Executor, workspaceId: string, subjectType: string, subjectId: string): Promise<Set<string>> {
  const rs = await ex.select({ contactId: matchCandidates.contactId }).from(matchCandidates)
    .where(and(eq(matchCandidates.workspaceId, workspaceId), eq(matchCandidates.subjectType, subjectType),
      eq(matchCandidates.subjectId, subjectId), eq(matchCandidates.status, 'rejected')));
  return new Set(rs.map((r) => r.contactId));
}

/**
 * After two people were merged: their own proposal is decided (linked), and the open proposals that name the
 * merged-away person are dropped (the next resolution run proposes what still holds, against the survivor).
 */
export async function settleMerged(ex: Executor, workspaceId: string, survivorId: string, loserId: string, by: string | null): Promise<void> {
  const [a, b] = [survivorId, loserId].sort() as [string, string];
  await ex.update(matchCandidates).set({ status: 'linked', decidedBy: by, decidedAt: new Date(), updatedAt: new Date() })
    .where(and(eq(matchCandidates.workspaceId, workspaceId), eq(matchCandidates.subjectType, 'contact'),
      eq(matchCandidates.subjectId, a), eq(matchCandidates.contactId, b), eq(matchCandidates.status, 'open')));
  await ex.delete(matchCandidates)
    .where(and(eq(matchCandidates.workspaceId, workspaceId), eq(matchCandidates.status, 'open'),
      or(eq(matchCandidates.contactId, loserId), and(eq(matchCandidates.subjectType, 'contact'), eq(matchCandidates.subjectId, loserId)))));
}
