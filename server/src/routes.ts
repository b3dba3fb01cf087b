import type { Deps } from './deps.ts';
import { contactRoutes } from './domains/contacts/routes.ts';
import { authRoutes } from './domains/workspace/routes.ts';
import type { App } from './http/types.ts';

/** Every domain's routes; a new domain adds one line here. */
export async function domainRoutes(app: App, deps: Deps): Promise<void> {
  await authRoutes(app, deps);
  await contactRoutes(app, deps);
}
