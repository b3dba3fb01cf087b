import { timingSafeEqual } from 'node:crypto';
import type { Deps } from '../deps.ts';
import { resolveApiToken, resolveSession } from '../domains/workspace/service.ts';
import { Forbidden, Unauthorized } from '../lib/errors.ts';
import type { App } from './types.ts';

export const SESSION_COOKIE = 'parley_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Authenticates every /api request: a Bearer API token or the session cookie. Writes made with the cookie
 * must carry the session's CSRF token in `x-csrf-token` (synchronizer token; SameSite=Lax is the second line).
 */
export function registerAuth(app: App, deps: Deps): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('csrfToken', null);
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/')) return;
    const auth = req.headers.authorization;
    if (auth) {
      const m = /^Bearer\s+(\S+)$/i.exec(auth);
      req.actor = m ? await resolveApiToken(deps, m[1]!) : null;
      if (!req.actor) throw new Unauthorized('invalid_token', 'The API token is unknown or revoked');
      return;
    }
    const cookie = req.cookies[SESSION_COOKIE];
    if (cookie) {
      const session = await resolveSession(deps, cookie);
      if (session) {
        req.actor = session.actor;
        req.csrfToken = session.csrfToken;
        if (!SAFE_METHODS.has(req.method) && !sameToken(req.headers['x-csrf-token'], session.csrfToken) && !req.routeOptions.config?.public) {
          throw new Forbidden('csrf_failed', 'Missing or wrong x-csrf-token header');
        }
      }
    }
  });
  app.addHook('preHandler', async (req) => {
    // The browsable API docs are public like the OpenAPI document they show.
    if (req.url.startsWith('/api/') && !req.url.startsWith('/api/docs') && !req.routeOptions.config?.public && !req.actor) throw new Unauthorized();
  });
}

function sameToken(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string' || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}
