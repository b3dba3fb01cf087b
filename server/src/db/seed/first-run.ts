import { sql } from 'drizzle-orm';
import type { Deps } from '../../deps.ts';
import { createUser, createWorkspace } from '../../domains/workspace/service.ts';
import { rows } from '../client.ts';
import { seedDemo } from './demo.ts';

/**
 * On an empty database: the admin from PARLEY_ADMIN_EMAIL/PASSWORD, or else the demo workspace.
 * Under an advisory lock on PostgreSQL, so two processes starting together do it once.
 */
export async function firstRun(deps: Deps): Promise<void> {
  await deps.db.transaction(async (tx) => {
    if (deps.database.kind === 'postgres') await tx.execute(sql`SELECT pg_advisory_xact_lock(7243002)`);
    const [r] = await rows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM workspaces`);
    if (r!.n > 0) return;
    const admin = deps.config.admin;
    if (admin) {
      const ws = await createWorkspace(tx, { name: admin.workspace });
      await createUser(tx, { workspaceId: ws.id, email: admin.email, name: admin.email.split('@')[0]!, role: 'admin', password: admin.password });
      deps.log.info(`Created workspace "${ws.name}" with admin ${admin.email}`);
      return;
    }
    if (!deps.config.demo.enabled) return;
    const login = await seedDemo(deps, tx, { contacts: deps.config.demo.contacts });
    // Printed plainly (not only as a log line) so a newcomer sees how to get in.
    console.log(`\n  Parley demo workspace "${login.workspace}" is ready.\n  Sign in at ${deps.config.publicUrl} as ${login.email} with password ${login.password}\n`);
  });
}
