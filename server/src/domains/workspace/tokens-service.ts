import type { ApiToken } from '@parley/contracts/settings';
import type { Deps } from '../../deps.ts';
import { emit } from '../../events/emit.ts';
import { NotFound, Validation } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Actor } from '../../policies/actor.ts';
import { authorize } from '../../policies/authorize.ts';
import { presentApiToken } from './presenter.ts';
import * as repo from './repo.ts';
import { newApiTokenSecret } from './service.ts';
import * as tokensRepo from './tokens-repo.ts';
import { forgetCredentials } from './credential-cache.ts';

/** Every API token of the workspace (never a secret or hash). */
export async function listTokens(deps: Deps, actor: Actor): Promise<ApiToken[]> {
  authorize(actor, 'tokens:manage');
  return (await tokensRepo.listTokens(deps.db, actor.workspaceId)).map((t) => presentApiToken(t.token, t.owner));
}

/**
 * Creates an API token acting as a user of the workspace (the creator by default). The secret is returned here
 * once; only its hash is stored.
 */
export async function createToken(deps: Deps, actor: Actor, input: { name: string; userId?: string }): Promise<ApiToken & { secret: string }> {
  authorize(actor, 'tokens:manage');
  const userId = input.userId ?? actor.userId;
  if (!userId) throw new Validation('user_required', 'Name the user the token acts as', { field: 'userId' });
  return deps.db.transaction(async (tx) => {
    const owner = await repo.findUser(tx, actor.workspaceId, userId);
    if (!owner || owner.status !== 'active') throw new Validation('user_not_found', 'The token must act as an active user of this workspace', { field: 'userId' });
    const { secret, hash } = newApiTokenSecret(actor.workspaceId);
    const row = await tokensRepo.insertToken(tx, { workspaceId: actor.workspaceId, id: newId(), userId, name: input.name, tokenHash: hash });
    const token = presentApiToken(row, owner);
    await emit(tx, deps.queue, actor, { type: 'api_token.created', subject: { type: 'api_token', id: row.id }, payload: { after: token } });
    return { ...token, secret };
  });
}

/** Revokes a token: it stops working at once. Revoking a revoked token changes nothing. */
export async function revokeToken(deps: Deps, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'tokens:manage');
  await deps.db.transaction(async (tx) => {
    const found = await tokensRepo.findToken(tx, actor.workspaceId, id);
    if (!found) throw new NotFound('token_not_found', 'No such API token');
    if (found.token.revokedAt) return;
    const row = await tokensRepo.revokeToken(tx, actor.workspaceId, id, new Date());
    await emit(tx, deps.queue, actor, {
      type: 'api_token.revoked', subject: { type: 'api_token', id },
      payload: { before: presentApiToken(found.token, found.owner), after: presentApiToken(row, found.owner) },
    });
  });
  forgetCredentials();
}
