import type { Deps } from './deps.ts';
import { contactRoutes } from './domains/contacts/routes.ts';
import { importRoutes } from './domains/contacts/import-routes.ts';
import { exportRoutes } from './domains/contacts/export-routes.ts';
import { mergeRoutes } from './domains/contacts/merge-routes.ts';
import { authRoutes } from './domains/workspace/routes.ts';
import { userRoutes } from './domains/workspace/users-routes.ts';
import { teamRoutes } from './domains/workspace/teams-routes.ts';
import { tokenRoutes } from './domains/workspace/tokens-routes.ts';
import { auditRoutes } from './domains/workspace/audit-routes.ts';
import { customFieldRoutes } from './domains/contacts/custom-fields-routes.ts';
import { webhookRoutes } from './domains/webhooks/routes.ts';
import { searchRoutes } from './domains/search/routes.ts';
import { taskRoutes } from './domains/tasks/routes.ts';
import { consentRoutes } from './domains/identities/consent-routes.ts';
import { identityRoutes } from './domains/identities/routes.ts';
import { privacyRoutes } from './domains/identities/privacy-routes.ts';
import { signOnRoutes } from './domains/identities/sign-on-routes.ts';
import { inboxRoutes } from './domains/inbox/routes.ts';
import type { App } from './http/types.ts';

/** Every domain's routes; a new domain adds one line here. */
export async function domainRoutes(app: App, deps: Deps): Promise<void> {
  await authRoutes(app, deps);
  await exportRoutes(app, deps);
  await contactRoutes(app, deps);
  await mergeRoutes(app, deps);
  await taskRoutes(app, deps);
  await identityRoutes(app, deps);
  await privacyRoutes(app, deps);
  await searchRoutes(app, deps);
  await importRoutes(app, deps);
  await userRoutes(app, deps);
  await teamRoutes(app, deps);
  await tokenRoutes(app, deps);
  await auditRoutes(app, deps);
  await customFieldRoutes(app, deps);
  await webhookRoutes(app, deps);
  await signOnRoutes(app, deps);
  await consentRoutes(app, deps);
  await inboxRoutes(app, deps);
}
