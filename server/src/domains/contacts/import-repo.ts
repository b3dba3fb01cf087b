import { and, asc, desc, eq, gt } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { importErrors, imports } from '../../db/schema.ts';

export type ImportRowRecord = typeof imports.$inferSelect;

export async function insertImport(ex: Executor, row: typeof imports.$inferInsert): Promise<ImportRowRecord> {
  return (await ex.insert(imports).values(row).returning())[0]!;
}

export async function findImport(ex: Executor, workspaceId: string, id: string): Promise<ImportRowRecord | undefined> {
  return (await ex.select().from(imports).where(and(eq(imports.workspaceId, workspaceId), eq(imports.id, id))))[0];
}

export async function updateImport(ex: Executor, workspaceId: string, id: string, set: Partial<typeof imports.$inferInsert>): Promise<ImportRowRecord | undefined> {
  return (await ex.update(imports).set(set).where(and(eq(imports.workspaceId, workspaceId), eq(imports.id, id))).returning())[0];
}

export async function listImports(ex: Executor, workspaceId: string, limit = 50): Promise<ImportRowRecord[]> {
  return ex.select().from(imports).where(eq(imports.workspaceId, workspaceId)).orderBy(desc(imports.createdAt)).limit(limit);
}

export async function listImportErrors(ex: Executor, workspaceId: string, importId: string, afterLine: number, limit: number) {
  return ex.select({ line: importErrors.line, code: importErrors.code, message: importErrors.message }).from(importErrors)
    .where(and(eq(importErrors.workspaceId, workspaceId), eq(importErrors.importId, importId), gt(importErrors.line, afterLine)))
    .orderBy(asc(importErrors.line)).limit(limit);
}

export async function clearImportErrors(ex: Executor, workspaceId: string, importId: string): Promise<void> {
  await ex.delete(importErrors).where(and(eq(importErrors.workspaceId, workspaceId), eq(importErrors.importId, importId)));
}

export async function insertImportErrors(ex: Executor, workspaceId: string, importId: string, errors: { line: number; code: string; message: string }[]): Promise<void> {
  for (let i = 0; i < errors.length; i += 1000) {
    await ex.insert(importErrors).values(errors.slice(i, i + 1000).map((e) => ({ workspaceId, importId, ...e }))).onConflictDoNothing();
  }
}
