import { and, eq, gt, isNotNull, isNull, type SQL } from 'drizzle-orm';
import { contacts } from '../../db/schema.ts';
import type { EventHandler } from '../../events/registry.ts';
import { findCompany } from './companies-repo.ts';
import { contactSearchColumns } from './prepare.ts';

/**
 * Keeps people in step with their company: after a company is renamed, its people's `company_name` and search
 * columns (the company name is part of what a person is found by) are written again; after a company is deleted,
 * its former people lose both. In batches, in a job, so renaming a company of 10,000 people does not hold the
 * request. Idempotent: it writes what the company is now.
 */
export const companyPeopleHandler: EventHandler = {
  name: 'company-people',
  events: ['company.updated', 'company.deleted'],
  async handle(deps, e) {
    const p = e.payload as { before?: { name?: string }; after?: { name?: string } };
    if (e.type === 'company.updated' && p.before?.name === p.after?.name) return;
    const company = e.type === 'company.deleted' ? undefined : await findCompany(deps.db, e.workspaceId, e.subjectId);
    // People of the company; after a delete, the unlinked people that still carry a company name.
    const whose: SQL = company
      ? eq(contacts.companyId, company.id)
      : and(isNull(contacts.companyId), isNotNull(contacts.companyName))!;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const batch = await deps.db.select().from(contacts)
        .where(and(eq(contacts.workspaceId, e.workspaceId), whose, gt(contacts.id, after)))
        .orderBy(contacts.id).limit(500);
      if (!batch.length) return;
      await deps.db.transaction(async (tx) => {
        for (const c of batch) {
          const name = company?.name ?? null;
          await tx.update(contacts).set(contactSearchColumns(c, name))
            .where(and(eq(contacts.workspaceId, e.workspaceId), eq(contacts.id, c.id), whose));
        }
      });
      after = batch[batch.length - 1]!.id;
    }
  },
};
