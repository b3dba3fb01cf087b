import { Forbidden, NotFound } from '../lib/errors.ts';
import type { Actor } from './actor.ts';
import { RULES, type Action } from './rules.ts';

/** True when the actor's role allows the action. */
export function can(actor: Actor, action: Action): boolean {
  return actor.role === 'system' || (RULES[action] as readonly string[]).includes(actor.role);
}

/**
 * Throws unless the actor may do the action, on the resource when one is given. A resource of another
 * workspace is reported as not found, so ids of other tenants cannot be probed.
 */
export function authorize(actor: Actor, action: Action, resource?: { workspaceId: string } | null, notFoundCode = 'not_found'): void {
  if (resource && resource.workspaceId !== actor.workspaceId) throw new NotFound(notFoundCode);
  if (!can(actor, action)) throw new Forbidden('forbidden', `Your role may not do ${action}`);
}

/** Every action the actor may do; sent to the web app so it can hide the rest. */
export function abilities(actor: Actor): Action[] {
  return (Object.keys(RULES) as Action[]).filter((a) => can(actor, a));
}
